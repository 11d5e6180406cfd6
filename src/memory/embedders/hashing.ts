/**
 * The offline hashing embedder, called in process: words, word pairs and character 3-grams hashed
 * into a fixed-size vector (see providers/offline/embedder.ts). No weights, no network, microseconds.
 */
import { offlineEmbed } from '../../providers/offline/embedder.js';
import { OFFLINE_EMBEDDING_MODEL } from '../../providers/offline/offline-provider.js';
import { type Embedder, normalize } from './types.js';

export class HashingEmbedder implements Embedder {
  readonly model: string;

  constructor(readonly dimensions = 384) {
    this.model = `offline/${OFFLINE_EMBEDDING_MODEL}@${dimensions}`;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((text) => normalize(offlineEmbed(text, this.dimensions)));
  }
}

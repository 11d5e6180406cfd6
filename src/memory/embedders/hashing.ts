/**
 * The offline hashing embedder, called in process: words, word pairs and character 3-grams hashed
 * into a fixed-size vector (see providers/offline/embedder.ts). No weights, no network, microseconds.
 * Its vectors must equal the offline provider's `embed` answers (both are stored under one model
 * name), so there is one implementation, the offline provider's, taken from the providers package's
 * public index: memory/ sits above providers/, so that import follows the map, while reaching into a
 * provider's own files, or moving the function up into memory/ (the provider would then import
 * upwards) would not; a new layer below both for one function would be more map than it is worth.
 */
import { OFFLINE_EMBEDDING_MODEL, offlineEmbed } from '../../providers/index.js';
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

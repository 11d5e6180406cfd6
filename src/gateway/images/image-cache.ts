/**
 * The image cache: the same prompt and parameters, sent to the same provider and model, answer with the
 * pictures already made, without an upstream call. In memory, bounded by bytes (`images.cache.max_bytes`).
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ImageRequest, ImageResult } from '../../providers/index.js';
import { canonicalJson } from '../replay/key.js';
import { describeImageRequest } from './image-replay.js';

export class ImageCache {
  private readonly entries: LRUCache<string, ImageResult>;
  private hits = 0;
  private misses = 0;

  constructor(maxBytes: number) {
    this.entries = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (result) =>
        Math.max(
          1,
          result.images.reduce((sum, image) => sum + image.bytes.length, 0),
        ),
    });
  }

  /** The key of a request to one provider and model. */
  static key(provider: string, model: string | undefined, request: ImageRequest): string {
    return createHash('sha256')
      .update(canonicalJson({ provider, model: model ?? null, request: describeImageRequest(request) }))
      .digest('hex');
  }

  get(key: string): ImageResult | undefined {
    const found = this.entries.get(key);
    if (found) this.hits++;
    else this.misses++;
    return found;
  }

  set(key: string, result: ImageResult): void {
    this.entries.set(key, result);
  }

  stats(): Record<string, number> {
    return {
      entries: this.entries.size,
      bytes: this.entries.calculatedSize,
      hits: this.hits,
      misses: this.misses,
    };
  }
}

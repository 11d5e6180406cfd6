/**
 * In-process token buckets: synchronous, no timers. A bucket's tokens are refilled from the time
 * elapsed since it was last touched, when it is touched.
 */
import { LRUCache } from 'lru-cache';
import type { BucketLimit, BucketStats, RateLimitStore, TakeResult } from './types.js';

export interface MemoryTokenBucketsOptions {
  /** Buckets kept at most (default 100,000); the least recently used goes first. */
  maxBuckets?: number;
  /** Clock in milliseconds (default performance.now; tests pass their own). */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  /** Clock reading at which `tokens` was right. */
  at: number;
}

export class MemoryTokenBuckets implements RateLimitStore {
  // Forgetting the least recently used bucket is almost always harmless: unused for a while, it has
  // refilled, and a full bucket is what a forgotten key gets. Only with more than `maxBuckets` keys
  // busy at once would a forgotten bucket grant a fresh burst.
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly now: () => number;

  constructor(options: MemoryTokenBucketsOptions = {}) {
    this.buckets = new LRUCache({ max: options.maxBuckets ?? 100_000 });
    this.now = options.now ?? (() => performance.now());
  }

  take(key: string, amount: number, limit: BucketLimit): TakeResult {
    const bucket = this.refilled(key, limit);
    const need = Math.min(amount, limit.capacity);
    if (bucket.tokens >= need) {
      bucket.tokens -= need;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return { ok: false, retryAfterMs: Math.ceil(((need - bucket.tokens) / limit.refillPerSecond) * 1000) };
  }

  adjust(key: string, delta: number, limit: BucketLimit): void {
    const bucket = this.refilled(key, limit);
    bucket.tokens = Math.min(limit.capacity, Math.max(0, bucket.tokens - delta));
  }

  stats(): BucketStats {
    return { buckets: this.buckets.size, errors: 0 };
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }

  /** The key's bucket as of now (created full). */
  private refilled(key: string, limit: BucketLimit): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(key);
    if (bucket === undefined) {
      const fresh = { tokens: limit.capacity, at: now };
      this.buckets.set(key, fresh);
      return fresh;
    }
    // max(0, ...): a clock read earlier than the bucket's (never with performance.now) must not drain it.
    const elapsedMs = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(limit.capacity, bucket.tokens + (elapsedMs / 1000) * limit.refillPerSecond);
    bucket.at = now;
    return bucket;
  }
}

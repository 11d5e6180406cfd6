/**
 * The image rate limit: `images.per_minute` pictures a minute (default 10) for the instance, or for every
 * instance together with REDIS_URL. An API client over it gets 429 with Retry-After at once; Loremaster's
 * own background jobs wait for the bucket (up to `waitMs`, 20 s: well inside a queue task's lease, so a
 * waiting job is not handed to a second worker) before giving up with the same error, which the job's
 * task retries later with backoff.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../config/index.js';
import { GatewayError } from '../errors.js';
import { RedisTokenBuckets } from '../limits/redis-token-bucket.js';
import { MemoryTokenBuckets } from '../limits/token-bucket.js';
import { perMinute, type RateLimitStore } from '../limits/types.js';

const KEY = 'images:all';

export class ImageLimit {
  private readonly buckets: RateLimitStore;
  private limited = 0;

  constructor(
    private readonly perMinuteImages: number,
    options: { redis: Redis | undefined; prefix: string; logger: Logger; waitMs?: number },
  ) {
    this.buckets = options.redis
      ? new RedisTokenBuckets(options.redis, { prefix: options.prefix, logger: options.logger })
      : new MemoryTokenBuckets();
    this.waitMs = options.waitMs ?? 20_000;
  }

  private readonly waitMs: number;

  async take(images: number, client: boolean, signal: AbortSignal | undefined): Promise<void> {
    const limit = perMinute(this.perMinuteImages);
    const deadline = performance.now() + this.waitMs;
    for (;;) {
      const taken = await this.buckets.take(KEY, Math.min(images, limit.capacity), limit);
      if (taken.ok) return;
      if (client || performance.now() + taken.retryAfterMs > deadline) {
        this.limited++;
        const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
        throw new GatewayError(
          'rate_limited',
          `Image rate limit reached (${this.perMinuteImages} images per minute); retry in ${seconds} s`,
          { retryAfterSeconds: seconds },
        );
      }
      await sleep(taken.retryAfterMs, signal);
    }
  }

  stats(): Record<string, number> {
    return { per_minute: this.perMinuteImages, rate_limited: this.limited };
  }

  close(): Promise<void> {
    return this.buckets.close();
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

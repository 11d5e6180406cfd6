/** Token buckets for the rate limits: requests and tokens per minute, per provider, model or API key. */

/** A bucket holds up to `capacity` tokens and refills continuously at `refillPerSecond` (both > 0). */
export interface BucketLimit {
  capacity: number;
  refillPerSecond: number;
}

export type TakeResult =
  /** `remaining`: whole tokens left after the take. */
  | { ok: true; remaining: number }
  /** `retryAfterMs`: when the bucket will hold enough, if nobody else takes in between. */
  | { ok: false; retryAfterMs: number };

export interface BucketStats {
  /** Buckets held; null where this instance cannot know it (Redis). */
  buckets: number | null;
  /** Store operations that failed (each one allowed: the limits fail open). */
  errors: number;
}

/**
 * A bucket is created full on first use, so a key never seen and a bucket idle long enough to
 * refill are the same thing: stores may forget idle buckets.
 *
 * The memory store answers synchronously (the limiter runs on every call); Redis needs a round trip.
 */
export interface RateLimitStore {
  /**
   * Takes `amount` tokens if the bucket holds them, else takes nothing. An amount over the capacity
   * is capped to it (it waits for a full bucket and empties it) rather than refused forever.
   */
  take(key: string, amount: number, limit: BucketLimit): TakeResult | Promise<TakeResult>;
  /**
   * After a call, charges (`delta` > 0) or gives back (`delta` < 0) the difference between the tokens
   * estimated at `take` and the real usage; the bucket stays within 0 and its capacity.
   */
  adjust(key: string, delta: number, limit: BucketLimit): void | Promise<void>;
  stats(): BucketStats;
  close(): Promise<void>;
}

/** `n` per minute with continuous refill: a burst of up to `n`, then one every 60/n seconds. */
export function perMinute(n: number): BucketLimit {
  if (!(n > 0)) throw new RangeError(`A rate must be positive, got ${n} per minute`);
  return { capacity: n, refillPerSecond: n / 60 };
}

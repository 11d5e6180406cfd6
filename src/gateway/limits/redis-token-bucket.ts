/**
 * Token buckets shared by every instance through Redis (REDIS_URL), with the memory store's
 * semantics. One Lua script reads, refills and takes atomically, so parallel takes from any number
 * of instances never grant more than the bucket holds.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../config/index.js';
import { FAILED, RedisGuard } from '../redis-guard.js';
import type { BucketLimit, BucketStats, RateLimitStore, TakeResult } from './types.js';

export interface RedisTokenBucketsOptions {
  /** Key prefix (config `gateway.limits.redis_prefix`). */
  prefix: string;
  logger: Logger;
  /** Deadline of one script run; past it the call is allowed. Default 50 ms. */
  timeoutMs?: number;
}

// The clock is Redis' own (TIME), not the caller's: instances whose clocks disagree still agree on
// how much a bucket has refilled. A bucket expires (PEXPIRE) when it would be full again, since a
// full bucket and a missing one are the same: idle buckets take no memory.
// Lua numbers returned to Redis are truncated to integers, hence the floor and ceil.
const SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end -- Redis < 7: TIME before a write
local capacity = tonumber(ARGV[3])
local perMs = tonumber(ARGV[4]) / 1000
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = capacity
if state[1] then
  tokens = math.min(capacity, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * perMs)
end
local amount = tonumber(ARGV[2])
if ARGV[1] == 'take' then
  amount = math.min(amount, capacity)
  if tokens < amount then return {0, math.ceil((amount - tokens) / perMs)} end
  tokens = tokens - amount
else
  tokens = math.min(capacity, math.max(0, tokens - amount))
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / perMs) + 1)
return {1, math.floor(tokens)}
`;

const COMMAND = 'loremasterTokenBucket';

interface BucketCommand {
  [COMMAND](
    key: string,
    mode: 'take' | 'adjust',
    amount: number,
    capacity: number,
    refillPerSecond: number,
  ): Promise<[ok: 0 | 1, value: number]>;
}

export class RedisTokenBuckets implements RateLimitStore {
  private readonly guard: RedisGuard;
  private readonly prefix: string;

  /** The client belongs to the caller (shared with the cache and pub/sub): close() leaves it open. */
  constructor(redis: Redis, options: RedisTokenBucketsOptions) {
    this.prefix = options.prefix;
    // defineCommand runs the script by its SHA (EVALSHA) and loads it again if Redis lost it.
    redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: SCRIPT });
    // Failing open: a Redis outage must not take every model call down with it. For the length of
    // the outage the limits are not enforced across instances; the providers' own limits (429,
    // which resilience retries with backoff) and the budgets still stand.
    this.guard = new RedisGuard(redis, {
      logger: options.logger,
      failureMessage: 'Redis rate limits unavailable; allowing calls (fail open)',
      timeoutMs: options.timeoutMs ?? 50,
    });
  }

  async take(key: string, amount: number, limit: BucketLimit): Promise<TakeResult> {
    const reply = await this.run(key, 'take', amount, limit);
    // When Redis failed, how much is left is unknown: reported as a full bucket.
    if (reply === FAILED) return { ok: true, remaining: Math.floor(limit.capacity) };
    return reply[0] === 1 ? { ok: true, remaining: reply[1] } : { ok: false, retryAfterMs: reply[1] };
  }

  async adjust(key: string, delta: number, limit: BucketLimit): Promise<void> {
    await this.run(key, 'adjust', delta, limit);
  }

  stats(): BucketStats {
    return { buckets: null, errors: this.guard.errors };
  }

  async close(): Promise<void> {}

  private run(key: string, mode: 'take' | 'adjust', amount: number, limit: BucketLimit) {
    return this.guard.run('EVALSHA token bucket', (redis) =>
      (redis as Redis & BucketCommand)[COMMAND](
        this.prefix + key,
        mode,
        amount,
        limit.capacity,
        limit.refillPerSecond,
      ),
    );
  }
}

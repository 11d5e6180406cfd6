/**
 * The response cache shared by every instance through Redis (REDIS_URL): JSON values under a
 * prefix, expiring by Redis' own TTL (SET ... PX). Redis failing or slow is a miss, never a failed
 * or stalled model call (see RedisGuard).
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../config/index.js';
import { FAILED, RedisGuard } from '../redis-guard.js';
import { deleteByPrefix } from '../redis-keys.js';
import { type CachedAnswer, type CacheStats, type CacheStore, hitRate } from './types.js';

export interface RedisCacheOptions {
  /** Key prefix (config `gateway.cache.redis_prefix`). */
  prefix: string;
  logger: Logger;
  /** Deadline of one GET or SET; past it the lookup is a miss. Default 50 ms. */
  timeoutMs?: number;
}

/**
 * Version of the stored value's shape, part of every key: instances of two Loremaster versions
 * sharing one Redis (a rolling upgrade) never read each other's values.
 */
const FORMAT = 'v1:';

/** Clearing scans the whole keyspace: it gets longer than a lookup, but still a deadline. */
const CLEAR_TIMEOUT_MS = 30_000;

export class RedisCacheStore implements CacheStore {
  private readonly guard: RedisGuard;
  private readonly prefix: string;
  private hits = 0;
  private misses = 0;

  /** The client belongs to the caller (it is shared with the limits and pub/sub): close() leaves it open. */
  constructor(redis: Redis, options: RedisCacheOptions) {
    this.prefix = options.prefix + FORMAT;
    this.guard = new RedisGuard(redis, {
      logger: options.logger,
      failureMessage: 'Redis response cache unavailable; answering as a miss',
      timeoutMs: options.timeoutMs ?? 50,
    });
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    const raw = await this.guard.run('GET', (redis) => redis.get(this.prefix + key));
    const answer = raw === FAILED || raw === null ? undefined : this.parse(raw);
    if (answer === undefined) this.misses++;
    else this.hits++;
    return answer;
  }

  async set(key: string, value: CachedAnswer, ttlMs: number): Promise<void> {
    await this.guard.run('SET', (redis) => redis.set(this.prefix + key, JSON.stringify(value), 'PX', ttlMs));
  }

  async delete(key: string): Promise<void> {
    await this.guard.run('DEL', (redis) => redis.del(this.prefix + key));
  }

  async clear(): Promise<void> {
    await this.guard.run('SCAN+UNLINK', (redis) => deleteByPrefix(redis, this.prefix), CLEAR_TIMEOUT_MS);
  }

  stats(): CacheStats {
    // Entries, bytes, evictions and expiries live in Redis, shared by all instances, and counting
    // them per prefix would need a SCAN: this instance reports what it sees itself.
    return {
      hits: this.hits,
      misses: this.misses,
      hitRate: hitRate(this.hits, this.misses),
      entries: null,
      bytes: null,
      evictions: null,
      expired: null,
      errors: this.guard.errors,
    };
  }

  async close(): Promise<void> {}

  /** A value that is not valid JSON of the expected shape counts as an error and a miss. */
  private parse(raw: string): CachedAnswer | undefined {
    try {
      const value = JSON.parse(raw) as Partial<CachedAnswer> | null;
      if (value?.kind === 'chat' && typeof value.result?.text === 'string') return value as CachedAnswer;
      if (value?.kind === 'embed' && Array.isArray(value.result?.embeddings)) return value as CachedAnswer;
    } catch {
      // fall through: counted below
    }
    this.guard.errors++;
    return undefined;
  }
}

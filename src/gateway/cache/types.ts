/** The response cache's storage: in process (LRU) or shared by every instance (Redis). */
import type { ChatResult, EmbedResult } from '../../vocabulary/index.js';

export type CachedAnswer = { kind: 'chat'; result: ChatResult } | { kind: 'embed'; result: EmbedResult };

export interface CacheStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses); 0 before the first lookup. */
  hitRate: number;
  /** null where this instance cannot know it (a store shared through Redis). */
  entries: number | null;
  /** Estimated memory held by the entries; null where unknown (Redis). */
  bytes: number | null;
  /** Entries pushed out to make room (LRU); null where the store does not see it (Redis). */
  evictions: number | null;
  /** Entries dropped because their TTL passed; null where unknown (Redis). */
  expired: number | null;
  /** Failed or timed-out store operations (each answered as a miss). */
  errors: number;
}

/**
 * Every method resolves, never rejects: a store that fails answers a miss and counts an error,
 * because a cache must never fail a model call. The methods are async even in memory: the
 * middleware's handlers are async anyway, so a synchronous `get` would only save one microtask
 * (measured: well under a microsecond) at the price of a branch in every caller.
 */
export interface CacheStore {
  get(key: string): Promise<CachedAnswer | undefined>;
  set(key: string, value: CachedAnswer, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Drops every entry of this store (its prefix only, in Redis). */
  clear(): Promise<void>;
  stats(): CacheStats;
  close(): Promise<void>;
}

export function hitRate(hits: number, misses: number): number {
  const lookups = hits + misses;
  return lookups === 0 ? 0 : hits / lookups;
}

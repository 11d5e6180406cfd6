/** The in-process response cache: an LRU bounded by entries and by bytes, with a TTL per entry. */
import { LRUCache } from 'lru-cache';
import type { ChatResult, EmbedResult } from '../../vocabulary/index.js';
import { type CachedAnswer, type CacheStats, type CacheStore, hitRate } from './types.js';

export interface MemoryCacheOptions {
  maxEntries: number;
  /** Bound on the estimated memory of all entries. */
  maxBytes: number;
}

interface Entry {
  answer: CachedAnswer;
  /** performance.now() past which the entry is stale. */
  expiresAt: number;
}

export class MemoryCacheStore implements CacheStore {
  private readonly lru: LRUCache<string, Entry>;
  private hits = 0;
  private misses = 0;
  private evictions = 0;
  private expired = 0;

  constructor(options: MemoryCacheOptions) {
    this.lru = new LRUCache<string, Entry>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (entry, key) => estimateBytes(entry.answer) + key.length,
      dispose: (entry, _key, reason) => {
        // lru-cache only notices a stale entry when it is read or is next in line for eviction;
        // one pushed out after its TTL had passed counts as expired, not as a lack of room.
        if (reason === 'expire' || (reason === 'evict' && entry.expiresAt <= performance.now()))
          this.expired++;
        else if (reason === 'evict') this.evictions++;
      },
    });
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    const entry = this.lru.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return copy(entry.answer);
  }

  /** An answer larger than the whole byte bound is not stored. */
  async set(key: string, value: CachedAnswer, ttlMs: number): Promise<void> {
    this.lru.set(key, { answer: copy(value), expiresAt: performance.now() + ttlMs }, { ttl: ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
  }

  async clear(): Promise<void> {
    this.lru.clear();
  }

  stats(): CacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      hitRate: hitRate(this.hits, this.misses),
      entries: this.lru.size,
      bytes: this.lru.calculatedSize,
      evictions: this.evictions,
      expired: this.expired,
      errors: 0,
    };
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}

/**
 * Copies the mutable parts (usage, vectors) in and out, so a caller that changes what it was given
 * cannot change the answer the next caller gets. Strings are immutable and shared.
 */
function copy(answer: CachedAnswer): CachedAnswer {
  if (answer.kind === 'chat') return { kind: 'chat', result: copyChat(answer.result) };
  return { kind: 'embed', result: copyEmbed(answer.result) };
}

function copyChat(result: ChatResult): ChatResult {
  return { ...result, usage: { ...result.usage } };
}

function copyEmbed(result: EmbedResult): EmbedResult {
  return {
    ...result,
    usage: { ...result.usage },
    embeddings: result.embeddings.map((vector) => vector.slice()),
  };
}

/** Rough heap footprint: two bytes per string character, eight per vector number, plus object overhead. */
function estimateBytes(answer: CachedAnswer): number {
  const { result } = answer;
  let bytes = 200 + 2 * (result.model.length + result.provider.length);
  if (answer.kind === 'chat') return bytes + 2 * answer.result.text.length;
  for (const vector of answer.result.embeddings) bytes += 32 + 8 * vector.length;
  return bytes;
}

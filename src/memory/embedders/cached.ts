/**
 * Never embed the same text twice: vectors are cached by (model, SHA-256 of the text), in memory
 * (LRU) and in the database (`embedding_cache`), and duplicate texts within one batch are sent once.
 */
import { LRUCache } from 'lru-cache';
import { contentHash } from '../../store/repositories/embeddings.js';
import type { EmbeddingCacheRepository } from '../../store/repositories/memory-documents.js';
import type { Embedder, EmbedQueryOptions } from './types.js';

export interface CacheStats {
  hits: number;
  misses: number;
  embedded: number;
}

export class CachedEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  readonly stats: CacheStats = { hits: 0, misses: 0, embedded: 0 };
  private readonly memory: LRUCache<string, Float32Array>;
  private readonly inflight = new Map<string, Promise<Float32Array>>();

  constructor(
    readonly inner: Embedder,
    private readonly stored?: EmbeddingCacheRepository,
    memoryEntries = 10_000,
  ) {
    this.model = inner.model;
    this.dimensions = inner.dimensions;
    this.memory = new LRUCache({ max: memoryEntries });
  }

  /**
   * A search query. A player's query is sent to the model at once, before any await, so it is
   * embedded (in the neural thread) while the caller goes on with the rest of its search: only the
   * in-memory cache is looked at first, and the database write happens off the request path (a write
   * per query would cost more than the hashing embedder itself; a failed write only loses the cache).
   * A background query (`background: true`) is in no hurry and looks in the database too.
   */
  async embedQuery(text: string, options: EmbedQueryOptions = {}): Promise<Float32Array> {
    const hash = contentHash(text);
    const cached =
      this.memory.get(hash) ??
      (options.background ? (await this.stored?.getMany(this.model, [hash]))?.get(hash) : undefined);
    if (cached) {
      this.stats.hits += 1;
      this.memory.set(hash, cached);
      return cached;
    }
    this.stats.misses += 1;
    // The same text asked again while it is being embedded (two analyses of one turn) waits for it.
    const running = this.inflight.get(hash);
    if (running) return running;
    const embedding = (async () => {
      const vector = (
        this.inner.embedQuery
          ? await this.inner.embedQuery(text, options)
          : (await this.inner.embed([text]))[0]
      ) as Float32Array;
      this.stats.embedded += 1;
      this.memory.set(hash, vector);
      // Stored for the analysis searches of other processes, after the turn that waits for this
      // vector has gone on (a write of 0.1–0.5 ms nobody waits for).
      const stored = this.stored;
      if (stored) setImmediate(() => stored.putMany(this.model, [{ hash, vector }]).catch(() => {}));
      return vector;
    })();
    this.inflight.set(hash, embedding);
    embedding.then(
      () => this.inflight.delete(hash),
      () => this.inflight.delete(hash),
    );
    return embedding;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const hashes = texts.map(contentHash);
    const found = new Map<string, Float32Array>();
    for (const hash of hashes) {
      const vector = this.memory.get(hash);
      if (vector) found.set(hash, vector);
    }
    let missing = [...new Set(hashes.filter((hash) => !found.has(hash)))];
    if (missing.length > 0 && this.stored) {
      for (const [hash, vector] of await this.stored.getMany(this.model, missing)) {
        found.set(hash, vector);
        this.memory.set(hash, vector);
      }
      missing = missing.filter((hash) => !found.has(hash));
    }
    if (missing.length > 0) {
      const textOf = new Map(hashes.map((hash, index) => [hash, texts[index] as string]));
      const vectors = await this.inner.embed(missing.map((hash) => textOf.get(hash) as string));
      this.stats.embedded += missing.length;
      const entries = missing.map((hash, index) => ({ hash, vector: vectors[index] as Float32Array }));
      await this.stored?.putMany(this.model, entries);
      for (const { hash, vector } of entries) {
        found.set(hash, vector);
        this.memory.set(hash, vector);
      }
    }
    const missed = new Set(missing);
    return hashes.map((hash) => {
      if (missed.has(hash)) this.stats.misses += 1;
      else this.stats.hits += 1;
      return found.get(hash) as Float32Array;
    });
  }
}

/**
 * Keeps the vector index in step with the database, which is the source of truth.
 *
 * Every write goes database first: the embedding row commits, then the index is updated. If the index
 * update fails (half applied, or not at all), the "vector rollback" brings the index back to match
 * the database for the keys involved: each key gets the stored vector, or is removed when the
 * database has none. If even that fails, the whole index is rebuilt from the stored embeddings.
 * Index writes are serialised, so a rebuild never interleaves with an update.
 *
 * Several instances (servers and workers on one PostgreSQL) each keep their own HNSW index, and the
 * database stays the one truth they share: every embedding write also records the changed keys in the
 * vector change log (numbered in commit order, in the same transaction), and each instance follows the
 * log every `followMs`, bringing the changed keys of its index to what the database holds. An instance
 * that fell behind what the log still keeps rebuilds from the embeddings. With pgvector the index is in
 * the database and there is nothing to follow.
 */
import { existsSync } from 'node:fs';
import type { Store } from '../store/index.js';
import { MemoryDocumentRepository } from '../store/repositories/memory-documents.js';
import { DOCUMENT_OWNER, embeddingText, vectorMeta } from './documents.js';
import type { Embedder } from './embedders/types.js';
import { HnswIndex, type HnswOptions } from './vectors/hnsw.js';
import type { PersistentIndex, VectorIndex, VectorItem } from './vectors/types.js';

export interface RebuildProgress {
  done: number;
  total: number;
}

export interface VectorSyncOptions {
  store: Store;
  embedder: Embedder;
  /** Where the index file lives; undefined keeps it in memory only (PostgreSQL without a data dir, tests). */
  indexPath?: string;
  hnsw?: Omit<HnswOptions, 'dimensions'>;
  /** An index inside the database (pgvector) instead of the embedded HNSW one. */
  persistent?: PersistentIndex;
  /** Wraps the real index (tests inject faults through it). */
  wrapIndex?: (index: VectorIndex) => VectorIndex;
  onRollback?: (info: { keys: string[]; error: unknown; rebuilt: boolean }) => void;
  /**
   * How often the index follows the vector change log (the other instances' writes); 0 never. Default:
   * 1 s on PostgreSQL (several instances share it), 0 on SQLite.
   */
  followMs?: number;
  /** Told about a failed follow (the next one tries again). */
  onFollowError?: (error: unknown) => void;
}

/** Changes read per follow query. */
const FOLLOW_PAGE = 500;
/** The log keeps a day of changes; an instance down longer rebuilds its index when it comes back. */
const LOG_RETENTION_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;
const OWN_CHANGES_MAX = 10_000;

export class VectorSync {
  readonly store: Store;
  readonly embedder: Embedder;
  readonly documents: MemoryDocumentRepository;
  /** The real index: the embedded HNSW graph, or the persistent one. */
  private base: VectorIndex;
  private active: VectorIndex;
  private queue: Promise<unknown> = Promise.resolve();
  readonly rollbacks = { count: 0, rebuilds: 0 };
  /** The last change of the log this index holds (its own writes and the ones it followed). */
  private appliedSeq = 0;
  /** Changes this instance wrote itself and so already holds (skipped when following). */
  private readonly ownChanges = new Set<number>();
  private followTimer: NodeJS.Timeout | undefined;
  private lastPrune = 0;
  readonly following = { applied: 0, rebuilds: 0 };

  constructor(private readonly options: VectorSyncOptions) {
    this.store = options.store;
    this.embedder = options.embedder;
    this.documents = new MemoryDocumentRepository(options.store.db);
    this.base = options.persistent ?? this.emptyIndex();
    this.active = this.wrap(this.base);
  }

  get index(): VectorIndex {
    return this.active;
  }

  /** Loads the saved index if it matches the database, else rebuilds it from the stored embeddings. */
  async open(onProgress?: (progress: RebuildProgress) => void): Promise<'loaded' | 'rebuilt'> {
    const opened = await this.openIndex(onProgress);
    const followMs = this.options.followMs ?? (this.store.backend === 'postgres' ? 1_000 : 0);
    if (followMs > 0 && !this.options.persistent) this.startFollowing(followMs);
    return opened;
  }

  private async openIndex(onProgress?: (progress: RebuildProgress) => void): Promise<'loaded' | 'rebuilt'> {
    // Read before the index is loaded: changes after it are applied again by the follower (harmless).
    const head = await this.store.vectorChanges.head();
    this.appliedSeq = head.seq;
    const fingerprint = await this.store.embeddings.fingerprint(this.embedder.model);
    const persistent = this.options.persistent;
    if (persistent) {
      await persistent.open();
      if (persistent.size() === Number(fingerprint.split(':')[0])) return 'loaded';
    } else if (this.options.indexPath) {
      const loaded = await HnswIndex.load(this.options.indexPath, this.hnswOptions());
      if (loaded && loaded.fingerprint === fingerprint) {
        this.base = loaded;
        this.active = this.wrap(loaded);
        return 'loaded';
      }
    }
    await this.rebuild(onProgress);
    return 'rebuilt';
  }

  /** Builds a fresh index from the database, then swaps it in (searches see the old one meanwhile). */
  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<number> {
    return this.serial(() => this.rebuildNow(onProgress));
  }

  /**
   * Embeds documents (cached: unchanged text costs nothing), writes their embeddings to the database,
   * then updates the index; an index failure is rolled back to the database's state.
   */
  async indexDocuments(ids: readonly string[]): Promise<number> {
    const documents = await this.documents.getMany(ids);
    if (documents.length === 0) return 0;
    const texts = documents.map(embeddingText);
    const vectors = await this.embedder.embed(texts);
    const items = documents.map((document, index) => ({
      key: document.id,
      vector: vectors[index] as Float32Array,
      meta: vectorMeta(document),
    }));
    // Database then index, in one serial section: concurrent writers cannot reorder the two.
    await this.writeThenIndex(
      items.map((item) => item.key),
      async () => {
        const last = await this.store.transaction(async (tx) => {
          for (const [index, document] of documents.entries())
            await tx.embeddings.upsert({
              ownerType: DOCUMENT_OWNER,
              ownerId: document.id,
              model: this.embedder.model,
              vector: vectors[index] as Float32Array,
              text: texts[index] as string,
            });
          return tx.vectorChanges.record(
            documents.map((document) => ({
              ownerType: DOCUMENT_OWNER,
              ownerId: document.id,
              model: this.embedder.model,
            })),
          );
        });
        this.noteOwn(documents.length, last);
      },
      () => this.active.upsert(items),
    );
    return documents.length;
  }

  /** Deletes a document's embeddings (database first) and its vector. */
  async removeDocuments(ids: readonly string[]): Promise<void> {
    await this.writeThenIndex(
      [...ids],
      async () => {
        const last = await this.store.transaction(async (tx) => {
          for (const id of ids) await tx.embeddings.delete(DOCUMENT_OWNER, id);
          return tx.vectorChanges.record(
            ids.map((id) => ({ ownerType: DOCUMENT_OWNER, ownerId: id, model: this.embedder.model })),
          );
        });
        this.noteOwn(ids.length, last);
      },
      () => this.active.remove(ids),
    );
  }

  /** Brings the given keys of the index back to what the database holds. */
  reconcile(keys: readonly string[]): Promise<void> {
    return this.serial(() => this.reconcileNow(keys));
  }

  async save(): Promise<void> {
    await this.serial(() => this.saveNow());
  }

  /**
   * The database write commits first (if it fails, the index is not touched); then the index update.
   * If that fails, the vector rollback: the keys are reconciled with the database, or, if even that
   * fails, the index is rebuilt from the database.
   */
  private writeThenIndex(keys: string[], write: () => Promise<unknown>, update: () => Promise<void>) {
    return this.serial(async () => {
      await write();
      try {
        await update();
      } catch (error) {
        this.rollbacks.count += 1;
        let rebuilt = false;
        try {
          await this.reconcileNow(keys);
        } catch {
          rebuilt = true;
          this.rollbacks.rebuilds += 1;
          await this.rebuildNow();
        }
        this.options.onRollback?.({ keys, error, rebuilt });
      }
    });
  }

  private async reconcileNow(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const stored = await this.store.embeddings.get(DOCUMENT_OWNER, key, this.embedder.model);
      const document = stored && (await this.documents.get(key));
      // The real index, not the wrapper: the rollback must not go through what just failed.
      if (stored && document)
        await this.base.upsert([{ key, vector: stored.vector, meta: vectorMeta(document) }]);
      else await this.base.remove([key]);
    }
  }

  private async rebuildNow(onProgress?: (progress: RebuildProgress) => void): Promise<number> {
    const model = this.embedder.model;
    // Changes after this number are followed again once the rebuilt index is in place (harmless).
    const head = await this.store.vectorChanges.head();
    const fingerprint = await this.store.embeddings.fingerprint(model);
    const total = Number(fingerprint.split(':')[0]);
    const persistent = this.options.persistent;
    if (persistent) await persistent.clear();
    const next = persistent ?? this.emptyIndex(Math.max(1_024, total));
    let afterId: number | undefined;
    let done = 0;
    onProgress?.({ done, total });
    for (;;) {
      const page = await this.store.embeddings.page(model, {
        limit: 1_000,
        ...(afterId !== undefined && { afterId }),
      });
      if (page.length === 0) break;
      afterId = page.at(-1)?.id;
      const owned = page.filter((row) => row.ownerType === DOCUMENT_OWNER);
      const documents = new Map(
        (await this.documents.getMany(owned.map((row) => row.ownerId))).map((doc) => [doc.id, doc]),
      );
      const items: VectorItem[] = [];
      for (const row of owned) {
        const document = documents.get(row.ownerId);
        if (document) items.push({ key: row.ownerId, vector: row.vector, meta: vectorMeta(document) });
      }
      await next.upsert(items);
      done += page.length;
      onProgress?.({ done, total });
    }
    if (next instanceof HnswIndex) next.fingerprint = fingerprint;
    this.base = next;
    this.active = this.wrap(next);
    this.appliedSeq = head.seq;
    this.ownChanges.clear();
    await this.saveNow();
    return next.size();
  }

  /** Follows the vector change log every `intervalMs` (see the header). */
  startFollowing(intervalMs: number): void {
    this.stopFollowing();
    const tick = () => {
      this.follow()
        .catch((error: unknown) => this.options.onFollowError?.(error))
        .finally(() => {
          if (this.followTimer) this.followTimer = setTimeout(tick, intervalMs).unref();
        });
    };
    this.followTimer = setTimeout(tick, intervalMs).unref();
  }

  stopFollowing(): void {
    if (this.followTimer) clearTimeout(this.followTimer);
    this.followTimer = undefined;
  }

  /**
   * Brings the index up to the log now: each key another instance changed gets what the database
   * holds; behind what the log keeps, a rebuild. Returns the keys applied.
   */
  follow(): Promise<number> {
    return this.serial(async () => {
      const changes = this.store.vectorChanges;
      const head = await changes.head();
      if (head.seq <= this.appliedSeq) return 0;
      if (this.appliedSeq + 1 < head.prunedBelow) {
        this.following.rebuilds += 1;
        await this.rebuildNow();
        return 0;
      }
      let applied = 0;
      for (;;) {
        const page = await changes.after(this.appliedSeq, this.embedder.model, FOLLOW_PAGE);
        if (page.length === 0) break;
        const keys = new Set<string>();
        for (const change of page) {
          if (this.ownChanges.delete(change.seq)) continue;
          if (change.ownerType === DOCUMENT_OWNER) keys.add(change.ownerId);
        }
        await this.reconcileNow([...keys]);
        applied += keys.size;
        this.appliedSeq = page.at(-1)?.seq ?? this.appliedSeq;
        if (page.length < FOLLOW_PAGE) break;
      }
      // Other models' changes (or none after ours): nothing of this model up to the head.
      this.appliedSeq = Math.max(this.appliedSeq, head.seq);
      this.following.applied += applied;
      await this.pruneLog();
      return applied;
    });
  }

  private async pruneLog(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.store.vectorChanges.prune(new Date(Date.now() - LOG_RETENTION_MS).toISOString());
  }

  /** Remembers the numbers of this instance's own changes (its index already holds them). */
  private noteOwn(count: number, last: number | undefined): void {
    if (last === undefined) return;
    // A follower forgets them as it reads them; an instance that never follows would only collect
    // them: bounded (forgetting costs a harmless re-apply at most).
    if (this.ownChanges.size > OWN_CHANGES_MAX) this.ownChanges.clear();
    for (let seq = last - count + 1; seq <= last; seq++) this.ownChanges.add(seq);
  }

  private async saveNow(): Promise<void> {
    if (!this.options.indexPath || !(this.base instanceof HnswIndex)) return;
    // Nothing to keep: an empty index is rebuilt in no time (and leaves no file per empty database).
    if (this.base.size() === 0 && !existsSync(this.options.indexPath)) return;
    this.base.fingerprint = await this.store.embeddings.fingerprint(this.embedder.model);
    await this.base.save(this.options.indexPath);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  private hnswOptions(): HnswOptions {
    return { dimensions: this.embedder.dimensions, ...this.options.hnsw };
  }

  private emptyIndex(capacity?: number): HnswIndex {
    return new HnswIndex({
      ...this.hnswOptions(),
      ...(capacity !== undefined && { initialCapacity: capacity }),
    });
  }

  private wrap(index: VectorIndex): VectorIndex {
    return this.options.wrapIndex ? this.options.wrapIndex(index) : index;
  }
}

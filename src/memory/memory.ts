/**
 * Memory: a world's searchable documents, their embeddings, the vector index and hybrid retrieval,
 * put together from the config. The API, the CLI and the narrative layer use this, not the parts.
 */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Settings } from '../config/index.js';
import type { Gateway } from '../gateway/index.js';
import type { MaintenanceQueue } from '../jobs/types.js';
import type { Store } from '../store/index.js';
import {
  EmbeddingCacheRepository,
  type MemoryDocument,
  type MemoryDocumentInput,
  MemoryDocumentRepository,
} from '../store/repositories/memory-documents.js';
import { PgVectorIndex, pgvectorAvailable } from '../store/search/pgvector.js';
import { newId } from '../store/util.js';
import { DOCUMENT_OWNER } from './documents.js';
import { CachedEmbedder, type Embedder, embedderFor } from './embedders/index.js';
import {
  HybridRetriever,
  type HybridRetrieverOptions,
  type RetrievalAnswer,
  type RetrievalQuery,
} from './retrieval/hybrid.js';
import { ModelQueryExpander } from './retrieval/query.js';
import { ModelReranker } from './retrieval/rerank.js';
import { importanceHeuristic, type MemoryScoring, type ScoredMemory, scoreMemories } from './scoring.js';
import { type RebuildProgress, VectorSync, type VectorSyncOptions } from './vector-sync.js';
import { HnswIndex } from './vectors/hnsw.js';
import { enqueueEmbedding } from './worker.js';

export interface MemoryOptions {
  store: Store;
  settings: Settings;
  gateway?: Pick<Gateway, 'embed' | 'complete'>;
  /** Use this embedder instead of the role's (benches, tests). */
  embedder?: Embedder;
  /** Where index files go; default beside the SQLite database (`data/vectors/`). */
  indexDirectory?: string | null;
  sync?: Partial<VectorSyncOptions>;
  /**
   * `auto` (default): pgvector when the store is PostgreSQL with the `vector` extension, else the
   * embedded HNSW index.
   */
  vectorIndex?: 'auto' | 'hnsw' | 'pgvector';
  /** A model reranker or query expander (default: the local reranker, offline expansion only). */
  retrieval?: Pick<HybridRetrieverOptions, 'reranker' | 'expander' | 'weights'>;
  /** Memory scoring weights and decay (Generative Agents). */
  scoring?: MemoryScoring;
  /** The maintenance queue `put({queue: true})` sends EMBED_DOCUMENTS tasks to (default: the table queue). */
  queue?: Pick<MaintenanceQueue, 'enqueue'>;
}

export interface RecallQuery {
  worldId: string;
  q: string;
  /** The game's clock now, in game hours (recency decays from each memory's game hour). */
  gameHour: number;
  k?: number;
  sessionId?: string;
}

export type DocumentInput = Partial<Omit<MemoryDocumentInput, 'worldId' | 'title' | 'body'>> &
  Pick<MemoryDocumentInput, 'worldId' | 'title' | 'body'>;

export class Memory {
  sync: VectorSync;
  retriever: HybridRetriever;
  readonly embedder: CachedEmbedder;

  constructor(readonly options: MemoryOptions) {
    const inner = options.embedder ?? embedderFor(options.settings, options.gateway);
    this.embedder = new CachedEmbedder(inner, new EmbeddingCacheRepository(options.store.db));
    const directory =
      options.indexDirectory === null
        ? undefined
        : (options.indexDirectory ?? defaultIndexDirectory(options.settings));
    this.sync = new VectorSync({
      store: options.store,
      embedder: this.embedder,
      ...(directory && { indexPath: indexPathFor(directory, this.embedder.model) }),
      ...options.sync,
    });
    options.retrieval ??= retrievalFromSettings(options);
    this.retriever = new HybridRetriever({ sync: this.sync, ...options.retrieval });
  }

  /** Chooses the index (pgvector or HNSW), then loads it or rebuilds it from the database. */
  async open(onProgress?: (progress: RebuildProgress) => void): Promise<'loaded' | 'rebuilt'> {
    const choice = this.options.vectorIndex ?? 'auto';
    const store = this.options.store;
    if (choice !== 'hnsw' && store.backend === 'postgres' && (await pgvectorAvailable(store.db))) {
      const persistent = new PgVectorIndex(store.db, this.embedder.model, this.embedder.dimensions);
      this.sync = new VectorSync({ store, embedder: this.embedder, ...this.options.sync, persistent });
      this.retriever = new HybridRetriever({ sync: this.sync, ...this.options.retrieval });
    } else if (choice === 'pgvector') {
      throw new Error('vectorIndex pgvector: the database has no pgvector extension');
    }
    return this.sync.open(onProgress);
  }

  /**
   * Loads the embedding model now (a neural embedder loads its weights on first use, ~0.3 s), so the
   * first player's turn does not pay for it. Nothing is stored.
   */
  async warmUp(): Promise<void> {
    await this.embedder.inner.embed(['Loremaster is ready.']);
  }

  /** Which index answers vector searches. */
  get indexKind(): 'hnsw' | 'pgvector' {
    return this.sync.index instanceof HnswIndex ? 'hnsw' : 'pgvector';
  }

  /**
   * Stores documents and, by default, embeds and indexes them now; with `queue: true` the embedding
   * is left to the embedding worker (an EMBED_DOCUMENTS task), so the caller never waits for a model.
   */
  async put(inputs: readonly DocumentInput[], options: { queue?: boolean } = {}): Promise<string[]> {
    const ids: string[] = [];
    // One transaction: the documents of a batch land together or not at all.
    await this.options.store.db.transaction().execute(async (trx) => {
      const documents = new MemoryDocumentRepository(trx);
      for (const input of inputs) {
        const document = await documents.upsert({
          id: input.id ?? newId(),
          worldId: input.worldId,
          sessionId: input.sessionId ?? null,
          source: input.source ?? 'lore',
          kind: input.kind ?? 'note',
          title: input.title,
          aliases: input.aliases ?? [],
          body: input.body,
          tags: input.tags ?? [],
          importance: input.importance ?? importanceHeuristic(`${input.title}. ${input.body}`),
          gameHour: input.gameHour ?? null,
        });
        ids.push(document.id);
      }
    });
    if (options.queue) {
      for (let index = 0; index < ids.length; index += 500) {
        const documentIds = ids.slice(index, index + 500);
        if (this.options.queue)
          await this.options.queue.enqueue([{ type: 'EMBED_DOCUMENTS', data: { documentIds } }]);
        else await enqueueEmbedding(this.options.store, documentIds);
      }
    } else {
      for (let index = 0; index < ids.length; index += 256)
        await this.sync.indexDocuments(ids.slice(index, index + 256));
    }
    return ids;
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.sync.documents.delete(id);
    await this.sync.removeDocuments(ids);
  }

  search(query: RetrievalQuery): Promise<RetrievalAnswer> {
    return this.retriever.search(query);
  }

  /**
   * Dynamic memories for a query, scored as in Generative Agents: candidates from hybrid retrieval
   * (memories only), then recency × importance × relevance, each normalised, weighted by `scoring`.
   */
  async recall(query: RecallQuery): Promise<Array<ScoredMemory & { document: MemoryDocument }>> {
    const k = query.k ?? 10;
    const candidates = await this.search({
      worldId: query.worldId,
      q: query.q,
      k: 100,
      rerank: false,
      ...(query.sessionId && { sessionId: query.sessionId }),
    });
    const ids = candidates.results.filter((result) => result.source === 'memory').map((result) => result.id);
    const documents = new Map(
      (await this.sync.documents.getMany(ids)).map((document) => [document.id, document]),
    );
    const scorable = [];
    for (const id of ids) {
      const stored = await this.options.store.embeddings.get(DOCUMENT_OWNER, id, this.embedder.model);
      const document = documents.get(id);
      if (stored && document)
        scorable.push({
          id,
          importance: document.importance,
          gameHour: document.gameHour ?? query.gameHour,
          vector: stored.vector,
        });
    }
    if (scorable.length === 0) return [];
    const [vector] = await this.embedder.embed([query.q]);
    return scoreMemories(
      scorable,
      { vector: vector as Float32Array, gameHour: query.gameHour },
      this.options.scoring,
    )
      .slice(0, k)
      .map((scored) => ({ ...scored, document: documents.get(scored.id) as MemoryDocument }));
  }

  /** Saves the index file (the next start loads it instead of rebuilding) and stops the embedder's thread. */
  async close(): Promise<void> {
    this.sync.stopFollowing();
    await this.sync.save();
    await (this.embedder.inner as { close?: () => Promise<void> }).close?.();
  }
}

/**
 * Beside the SQLite file; for PostgreSQL under the same data folder, in a folder per database (the URL
 * hashed, password left out), so two databases never share an index file.
 */
function defaultIndexDirectory(settings: Settings): string {
  const base = dirname(settings.database.sqlite_path);
  const url = settings.database.url;
  if (!url) return base;
  const parsed = new URL(url);
  parsed.password = '';
  return join(base, `pg-${createHash('sha256').update(parsed.toString()).digest('hex').slice(0, 12)}`);
}

function indexPathFor(directory: string, model: string): string {
  return join(directory, 'vectors', `${model.replace(/[^a-zA-Z0-9._-]+/g, '_')}.hnsw`);
}

/** The model query expander and reranker that `memory.*_model` in config asks for, if any. */
function retrievalFromSettings(options: MemoryOptions): MemoryOptions['retrieval'] {
  const { query_expansion_model: expandModel, rerank_model: rerankModel } = options.settings.memory;
  if (!options.gateway) return {};
  return {
    ...(expandModel && { expander: new ModelQueryExpander(options.gateway, expandModel) }),
    ...(rerankModel && { reranker: new ModelReranker(options.gateway, rerankModel) }),
  };
}

/**
 * Hybrid retrieval over a world's memory documents: query transformation → lexical search (FTS) and
 * vector search (the index) → reciprocal rank fusion → rerank. Filters (world, kinds, tags, session)
 * apply inside both searches, so k results are k results that pass. Every result says which searches
 * found it and with which scores and ranks.
 */
import type { MemoryDocument } from '../../store/repositories/memory-documents.js';
import { searchLore } from '../../store/search/lore.js';
import { factDocumentId, REMOVED_SOURCE, sessionDocumentId } from '../documents.js';
import type { VectorSync } from '../vector-sync.js';
import { expandWithNames, type ModelQueryExpander } from './query.js';
import { LocalReranker, type Reranker } from './rerank.js';
import { type Fused, reciprocalRankFusion } from './rrf.js';
import { WorldNames } from './world-names.js';

/** The most facts a `knownBy` search looks through (a character's newest). */
const KNOWN_FACTS_SEARCHED = 2_000;

export type RetrievalMode = 'hybrid' | 'lexical' | 'vector';

export interface RetrievalQuery {
  worldId: string;
  q: string;
  k?: number;
  kinds?: string[];
  tags?: string[];
  sessionId?: string;
  /**
   * Only what this character (an entity id) knows in `sessionId`: the facts it saw, heard or was told
   * (the witnesses of the session's recorded facts).
   */
  knownBy?: string;
  mode?: RetrievalMode;
  /** Default true: the local (or model) reranker orders the fused candidates. */
  rerank?: boolean;
  /** Default true: expand the query with the entity names and aliases it mentions. */
  expand?: boolean;
  /** A search no player waits for (a turn's analysis): its query is never embedded before a player's. */
  background?: boolean;
}

export interface RetrievalResult {
  id: string;
  title: string;
  kind: string;
  source: string;
  tags: string[];
  text: string;
  /** Which searches found it. */
  foundBy: 'lexical' | 'vector' | 'both';
  /** Why, in words: the searches, their ranks, the names that matched. */
  reasons: string[];
  scores: {
    lexical: number | null;
    lexicalRank: number | null;
    vector: number | null;
    vectorRank: number | null;
    fused: number;
    rerank: number | null;
    final: number;
  };
}

export interface RetrievalAnswer {
  results: RetrievalResult[];
  query: { original: string; expansion: string[]; mentioned: string[] };
  timings: { totalMs: number };
}

export interface HybridRetrieverOptions {
  sync: VectorSync;
  reranker?: Reranker;
  expander?: ModelQueryExpander;
  /** Candidates fetched from each search per result asked (k × this, at least 40). */
  candidateFactor?: number;
  /** Weighted RRF: how much each list counts (default 1 each). */
  weights?: { lexical?: number; vector?: number };
}

export class HybridRetriever {
  private readonly sync: VectorSync;
  private readonly reranker: Reranker;
  private readonly names: WorldNames;

  constructor(private readonly options: HybridRetrieverOptions) {
    this.sync = options.sync;
    this.reranker = options.reranker ?? new LocalReranker();
    this.names = new WorldNames(options.sync.documents);
  }

  async search(query: RetrievalQuery): Promise<RetrievalAnswer> {
    const started = performance.now();
    const k = Math.min(Math.max(query.k ?? 10, 1), 100);
    const mode = query.mode ?? 'hybrid';
    const candidates = Math.max(40, k * (this.options.candidateFactor ?? 4));
    let transformed =
      query.expand === false
        ? expandWithNames(query.q, [])
        : (await this.names.index(query.worldId)).expand(query.q);
    if (this.options.expander && query.expand !== false)
      transformed = await this.options.expander.expand(transformed);
    // The query's vector is asked for first: the embedder works on it (the neural one in its own
    // thread) while the filters are read and the lexical search runs here.
    const queryVector =
      mode === 'lexical' ? undefined : this.embedQuery(transformed.vectorText, query.background === true);
    queryVector?.catch(() => {}); // awaited below; a failure before that must not go unhandled
    const filter = {
      worldId: query.worldId,
      ...(query.kinds?.length && { kinds: query.kinds }),
      ...(query.tags?.length && { tags: query.tags }),
      ...(query.sessionId && { sessionId: query.sessionId }),
      ...(query.knownBy !== undefined && { keys: await this.knownBy(query.knownBy, query.sessionId) }),
    };
    const [lexical, vector] = await Promise.all([
      mode === 'vector'
        ? []
        : searchLore(this.sync.store.db, this.sync.store.backend, {
            ...filter,
            ...(filter.keys && { ids: filter.keys }),
            words: transformed.lexicalWords,
            limit: candidates,
          }),
      queryVector ? queryVector.then((vectorOf) => this.sync.index.search(vectorOf, candidates, filter)) : [],
    ]);
    const lexicalScore = new Map(lexical.map((hit) => [hit.documentId, hit.score]));
    const vectorScore = new Map(vector.map((hit) => [hit.key, hit.score]));
    const fused = reciprocalRankFusion(
      { lexical: lexical.map((hit) => hit.documentId), vector: vector.map((hit) => hit.key) },
      undefined,
      { lexical: this.options.weights?.lexical ?? 1, vector: this.options.weights?.vector ?? 1 },
    );
    let pool = fused.slice(0, Math.max(k * 3, 30));
    const documents = new Map(
      (await this.sync.documents.getMany(pool.map((entry) => entry.key))).map((doc) => [doc.id, doc]),
    );
    if (query.sessionId) pool = await this.sessionView(pool, documents, query.sessionId);
    const mentioned = new Map(transformed.mentioned.map((entity) => [entity.id, entity.matched]));
    const present = pool.filter((entry) => documents.has(entry.key));
    const rerankScores =
      query.rerank === false
        ? undefined
        : await this.reranker.rerank(
            query.q,
            present.map((entry) => ({
              document: documents.get(entry.key) as MemoryDocument,
              fused: entry.score,
              mentioned: mentioned.has(entry.key),
            })),
          );
    const results = present.map((entry, index): RetrievalResult => {
      const document = documents.get(entry.key) as MemoryDocument;
      const lexicalRank = entry.ranks.lexical ?? null;
      const vectorRank = entry.ranks.vector ?? null;
      const rerank = rerankScores?.[index] ?? null;
      const reasons: string[] = [];
      if (lexicalRank !== null) reasons.push(`lexical: matched words of the query (rank ${lexicalRank})`);
      if (vectorRank !== null)
        reasons.push(
          `vector: similar in meaning, cosine ${(vectorScore.get(entry.key) ?? 0).toFixed(3)} (rank ${vectorRank})`,
        );
      const name = mentioned.get(entry.key);
      if (name) reasons.push(`query names "${name}"`);
      if (rerank !== null) reasons.push(`reranked by the ${this.reranker.name} scorer`);
      return {
        id: document.id,
        title: document.title,
        kind: document.kind,
        source: document.source,
        tags: document.tags,
        text: document.body,
        foundBy:
          lexicalRank !== null && vectorRank !== null ? 'both' : lexicalRank !== null ? 'lexical' : 'vector',
        reasons,
        scores: {
          lexical: lexicalScore.get(entry.key) ?? null,
          lexicalRank,
          vector: vectorScore.get(entry.key) ?? null,
          vectorRank,
          fused: entry.score,
          rerank,
          final: rerank ?? entry.score,
        },
      };
    });
    results.sort((a, b) => b.scores.final - a.scores.final || a.id.localeCompare(b.id));
    return {
      results: results.slice(0, k),
      query: {
        original: query.q,
        expansion: transformed.expansion,
        mentioned: transformed.mentioned.map((entity) => entity.title),
      },
      timings: { totalMs: Math.round((performance.now() - started) * 100) / 100 },
    };
  }

  /** The documents of the facts a character knows in a session (bounded: the newest first). */
  private async knownBy(entityId: string, sessionId: string | undefined): Promise<Set<string>> {
    const facts = await this.sync.store.knowledge.knownBy(entityId, sessionId ?? null, {
      limit: KNOWN_FACTS_SEARCHED,
    });
    return new Set(facts.map((fact) => factDocumentId(fact.factId)));
  }

  private async embedQuery(text: string, background: boolean): Promise<Float32Array> {
    const embedder = this.sync.embedder;
    if (embedder.embedQuery) return embedder.embedQuery(text, { background });
    const [vector] = await embedder.embed([text]);
    return vector as Float32Array;
  }

  /**
   * A session sees its own version of a subject instead of canon's: a document `<id>@<session>` (see
   * `sessionDocumentId`) stands in for the document `<id>`, at the better of the two places, so a
   * session never gets both, nor the canon text its play-through has changed.
   */
  private async sessionView(
    pool: Fused[],
    documents: Map<string, MemoryDocument>,
    sessionId: string,
  ): Promise<Fused[]> {
    const wanted = pool
      .filter((entry) => documents.get(entry.key)?.sessionId === null)
      .map((entry) => sessionDocumentId(entry.key, sessionId))
      .filter((id) => !documents.has(id));
    for (const document of await this.sync.documents.getMany(wanted)) documents.set(document.id, document);
    const seen = new Set<string>();
    const out: Fused[] = [];
    for (const entry of pool) {
      const document = documents.get(entry.key);
      const suffix = `@${sessionId}`;
      const subject =
        document?.sessionId === sessionId && entry.key.endsWith(suffix)
          ? entry.key.slice(0, -suffix.length)
          : entry.key;
      if (seen.has(subject)) continue;
      seen.add(subject);
      const overlay = sessionDocumentId(subject, sessionId);
      if (documents.get(overlay)?.source === REMOVED_SOURCE) continue;
      out.push(documents.has(overlay) && overlay !== entry.key ? { ...entry, key: overlay } : entry);
    }
    return out;
  }

  /** Re-reads a world's names now (after a bulk import; searches otherwise refresh them by themselves). */
  reloadNames(worldId: string): Promise<void> {
    return this.names.reload(worldId);
  }
}

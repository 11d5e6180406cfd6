/** The vector index interface: the embedded HNSW index and pgvector both answer it. */

/** What filtered search can filter on, kept beside each vector. */
export interface VectorMeta {
  worldId: string;
  kind: string;
  tags: readonly string[];
  /** null: canon, visible to every session. */
  sessionId: string | null;
}

export interface VectorFilter {
  worldId?: string;
  kinds?: readonly string[];
  /** Any of these tags. */
  tags?: readonly string[];
  /** Canon plus this session's own documents; without it, canon only. */
  sessionId?: string;
  /** Search canon and every session (maintenance, benches). */
  allSessions?: boolean;
  /**
   * Only these keys (what one character knows). Without it, documents of kind `fact` are left out
   * unless `kinds` names them: a session's recorded facts are searched on purpose, never by the way.
   */
  keys?: ReadonlySet<string>;
}

/** The kind of the documents that hold a recorded fact (see `factDocumentId`). */
export const FACT_KIND = 'fact';

export interface VectorItem {
  key: string;
  vector: Float32Array;
  meta: VectorMeta;
}

export interface VectorHit {
  key: string;
  /** Cosine similarity, -1..1 (vectors are unit length). */
  score: number;
}

export interface VectorIndex {
  readonly dimensions: number;
  /** Live vectors (deleted ones not counted). */
  size(): number;
  has(key: string): boolean;
  /** Adds, or replaces the vector and metadata of a key already present. */
  upsert(items: readonly VectorItem[]): Promise<void>;
  remove(keys: readonly string[]): Promise<void>;
  search(vector: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]>;
  /** The stored vector of a key (for checks and exact reranking). */
  get(key: string): Float32Array | undefined;
}

export function matches(meta: VectorMeta, filter: VectorFilter | undefined, key?: string): boolean {
  if (!filter) return true;
  if (filter.keys) {
    if (key === undefined || !filter.keys.has(key)) return false;
  } else if (meta.kind === FACT_KIND && !filter.kinds?.includes(FACT_KIND)) return false;
  if (filter.worldId !== undefined && meta.worldId !== filter.worldId) return false;
  if (filter.kinds?.length && !filter.kinds.includes(meta.kind)) return false;
  if (filter.tags?.length && !filter.tags.some((tag) => meta.tags.includes(tag.toLowerCase()))) return false;
  if (!filter.allSessions && meta.sessionId !== null && meta.sessionId !== filter.sessionId) return false;
  return true;
}

/** An index that lives in the database itself (pgvector): it persists its own writes. */
export interface PersistentIndex extends VectorIndex {
  /** Prepares its storage and reads what it holds. */
  open(): Promise<void>;
  /** Removes every vector (before a rebuild). */
  clear(): Promise<void>;
}

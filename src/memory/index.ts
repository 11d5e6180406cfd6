export { FACT_SOURCE, factDocumentId } from './documents.js';
export { EmbedBatcher } from './embed-batcher.js';
export * from './embedders/index.js';
export { type DocumentInput, Memory, type MemoryOptions, type RecallQuery } from './memory.js';
export {
  HybridRetriever,
  type RetrievalAnswer,
  type RetrievalMode,
  type RetrievalQuery,
  type RetrievalResult,
} from './retrieval/hybrid.js';
export { expandWithNames, ModelQueryExpander } from './retrieval/query.js';
export { LocalReranker, ModelReranker, type Reranker } from './retrieval/rerank.js';
export { reciprocalRankFusion } from './retrieval/rrf.js';
export {
  importanceHeuristic,
  type MemoryScoring,
  memoryScoringSchema,
  minMax,
  parseImportance,
  rateImportance,
  scoreMemories,
} from './scoring.js';
export { VectorSync } from './vector-sync.js';
export { HnswIndex } from './vectors/hnsw.js';
export {
  FACT_KIND,
  type VectorFilter,
  type VectorHit,
  type VectorIndex,
  type VectorItem,
  type VectorMeta,
} from './vectors/types.js';
export {
  EMBEDDING_TASK,
  embedDocuments,
  enqueueEmbedding,
  processEmbeddingTasks,
} from './worker.js';

/** The text of a memory document that gets embedded, and its filter metadata. */
import type { MemoryDocument } from '../store/repositories/memory-documents.js';
import type { VectorMeta } from './vectors/types.js';

export const DOCUMENT_OWNER = 'memory_document';

export function embeddingText(document: Pick<MemoryDocument, 'title' | 'aliases' | 'body'>): string {
  const aliases = document.aliases.length > 0 ? ` (${document.aliases.join(', ')})` : '';
  return `${document.title}${aliases}. ${document.body}`;
}

export function vectorMeta(document: MemoryDocument): VectorMeta {
  return {
    worldId: document.worldId,
    kind: document.kind,
    tags: document.tags,
    sessionId: document.sessionId,
  };
}

/**
 * The id of a session's own version of a document (an entity as one play-through changed it): it
 * stands in for the document `id` in that session's searches.
 */
export function sessionDocumentId(id: string, sessionId: string): string {
  return `${id}@${sessionId}`;
}

/**
 * The source of a session's document that hides a canon subject from that session (an entity the
 * session deleted from its own view): the session's searches leave the subject out.
 */
export const REMOVED_SOURCE = 'removed';

/** The source of a fact a turn recorded (kind `fact`): searched only on purpose (`knownBy`). */
export const FACT_SOURCE = 'fact';

/** The document of a recorded fact (`facts.id`), so what a character knows is searchable. */
export function factDocumentId(factId: number): string {
  return `fact_${factId}`;
}

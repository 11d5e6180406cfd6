/**
 * Full-text search over messages and conversation titles. The query language is the same on both
 * backends (every word must match; punctuation and operators are ignored), only the engine differs:
 * FTS5 with bm25 on SQLite, tsvector with ts_rank_cd on PostgreSQL (see the two modules beside this).
 */
import type { Kysely } from 'kysely';
import type { Backend } from '../connect.js';
import type { Database } from '../schema.js';
import { searchPostgres } from './postgres.js';
import { searchSqlite } from './sqlite.js';
import { MARK_END, MARK_START, type SearchHit, type SearchQuery } from './types.js';

export { MARK_END, MARK_START, type SearchHit, type SearchQuery } from './types.js';

/** The words of a query, at most 16 (a bounded query costs bounded work). */
export function queryWords(text: string): string[] {
  return (text.normalize('NFKC').match(/[\p{L}\p{N}_]+/gu) ?? []).slice(0, 16);
}

export function toHtmlSnippet(raw: string): string {
  const escaped = raw
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
  return escaped.replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

export async function searchConversations(
  db: Kysely<Database>,
  backend: Backend,
  query: SearchQuery,
): Promise<SearchHit[]> {
  const words = queryWords(query.text);
  if (words.length === 0) return [];
  const hits =
    backend === 'sqlite' ? await searchSqlite(db, words, query) : await searchPostgres(db, words, query);
  return hits
    .map((hit) => ({ ...hit, snippet: toHtmlSnippet(hit.snippet) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, query.limit);
}

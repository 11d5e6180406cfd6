/** FTS5 search (SQLite): bm25 ranking, `snippet()` / `highlight()` for the text around a hit. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import { MARK_END, MARK_START, type SearchHit, type SearchQuery } from './types.js';

interface Row {
  conversation_id: string;
  message_id: number | null;
  role: string | null;
  title: string | null;
  snippet: string;
  score: number;
  created_at: string;
}

export async function searchSqlite(
  db: Kysely<Database>,
  words: string[],
  query: SearchQuery,
): Promise<SearchHit[]> {
  // Each word quoted: FTS5 operators and syntax in user input are taken as plain words.
  const match = words.map((word) => `"${word.replaceAll('"', '""')}"`).join(' ');
  const archived = query.includeArchived ? sql`1 = 1` : sql`c.archived_at is null`;
  const messages = await sql<Row>`
    select m.conversation_id, m.id as message_id, m.role, c.title, m.created_at,
      snippet(messages_fts, 0, ${MARK_START}, ${MARK_END}, '…', 24) as snippet,
      -bm25(messages_fts) as score
    from messages_fts
    join messages m on m.id = messages_fts.rowid
    join conversations c on c.id = m.conversation_id
    where messages_fts match ${match} and ${archived}
    order by bm25(messages_fts)
    limit ${query.limit}`.execute(db);
  const titles = await sql<Row>`
    select c.id as conversation_id, null as message_id, null as role, c.title, c.created_at,
      highlight(conversations_fts, 1, ${MARK_START}, ${MARK_END}) as snippet,
      -bm25(conversations_fts) as score
    from conversations_fts
    join conversations c on c.id = conversations_fts.conversation_id
    where conversations_fts match ${match} and ${archived}
    order by bm25(conversations_fts)
    limit ${query.limit}`.execute(db);
  return [...messages.rows, ...titles.rows].map(toHit);
}

function toHit(row: Row): SearchHit {
  return {
    conversationId: row.conversation_id,
    messageId: row.message_id === null ? null : Number(row.message_id),
    role: row.role,
    title: row.title,
    snippet: row.snippet,
    score: Number(row.score),
    createdAt: row.created_at,
  };
}

/**
 * tsvector search (PostgreSQL): `to_tsvector('english', …)` matches the GIN expression indexes of
 * migration 0002; ranked by ts_rank_cd; `ts_headline` (costly) runs only on the rows returned.
 */
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

const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`;

export async function searchPostgres(
  db: Kysely<Database>,
  words: string[],
  query: SearchQuery,
): Promise<SearchHit[]> {
  // plainto_tsquery: every word must match, operators in user input are plain words.
  const tsquery = sql`plainto_tsquery('english', ${words.join(' ')})`;
  const archived = query.includeArchived ? sql`true` : sql`c.archived_at is null`;
  const messages = await sql<Row>`
    select hit.conversation_id, hit.message_id, hit.role, hit.title, hit.created_at, hit.score,
      ts_headline('english', hit.content, ${tsquery}, ${HEADLINE}) as snippet
    from (
      select m.conversation_id, m.id as message_id, m.role, c.title, m.created_at, m.content,
        ts_rank_cd(to_tsvector('english', m.content), ${tsquery}) as score
      from messages m
      join conversations c on c.id = m.conversation_id
      where to_tsvector('english', m.content) @@ ${tsquery} and ${archived}
      order by score desc, m.id desc
      limit ${query.limit}
    ) hit`.execute(db);
  const titles = await sql<Row>`
    select c.id as conversation_id, null as message_id, null as role, c.title, c.created_at,
      ts_rank_cd(to_tsvector('english', coalesce(c.title, '')), ${tsquery}) as score,
      ts_headline('english', c.title, ${tsquery}, ${`StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`}) as snippet
    from conversations c
    where to_tsvector('english', coalesce(c.title, '')) @@ ${tsquery} and ${archived}
    order by score desc
    limit ${query.limit}`.execute(db);
  return [...messages.rows, ...titles.rows].map((row) => ({
    conversationId: row.conversation_id,
    messageId: row.message_id === null ? null : Number(row.message_id),
    role: row.role,
    title: row.title,
    snippet: row.snippet,
    score: Number(row.score),
    createdAt: row.created_at,
  }));
}

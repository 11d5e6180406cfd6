/**
 * Full-text search over messages and conversation titles: FTS5 on SQLite (kept in step by triggers),
 * expression GIN indexes over `to_tsvector` on PostgreSQL. Existing rows are indexed here too, so an
 * upgraded database finds what it held before the upgrade.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Backend } from '../connect.js';

export function search(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (backend === 'postgres') {
        await sql`create index messages_search on messages using gin (to_tsvector('english', content))`.execute(
          db,
        );
        await sql`create index conversations_search on conversations using gin (to_tsvector('english', coalesce(title, '')))`.execute(
          db,
        );
        return;
      }
      const statements = [
        // External content: the text lives once, in `messages`; the index refers to it by rowid (= id).
        `create virtual table messages_fts using fts5(content, content='messages', content_rowid='id', tokenize='porter unicode61')`,
        `create trigger messages_fts_insert after insert on messages begin
           insert into messages_fts(rowid, content) values (new.id, new.content);
         end`,
        `create trigger messages_fts_delete after delete on messages begin
           insert into messages_fts(messages_fts, rowid, content) values ('delete', old.id, old.content);
         end`,
        `create trigger messages_fts_update after update of content on messages begin
           insert into messages_fts(messages_fts, rowid, content) values ('delete', old.id, old.content);
           insert into messages_fts(rowid, content) values (new.id, new.content);
         end`,
        `insert into messages_fts(messages_fts) values ('rebuild')`,
        // Conversations have text ids (their rowid may change on VACUUM), so their index holds the id.
        `create virtual table conversations_fts using fts5(conversation_id unindexed, title, tokenize='porter unicode61')`,
        `create trigger conversations_fts_insert after insert on conversations when new.title is not null begin
           insert into conversations_fts(conversation_id, title) values (new.id, new.title);
         end`,
        `create trigger conversations_fts_update after update of title on conversations begin
           delete from conversations_fts where conversation_id = old.id;
           insert into conversations_fts(conversation_id, title) select new.id, new.title where new.title is not null;
         end`,
        `create trigger conversations_fts_delete after delete on conversations begin
           delete from conversations_fts where conversation_id = old.id;
         end`,
        `insert into conversations_fts(conversation_id, title) select id, title from conversations where title is not null`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}

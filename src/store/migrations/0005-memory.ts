/**
 * Memory: the searchable documents of a world (lore entries, entities' text, dynamic memories) and
 * the embedding cache. Additive only: two new tables and a full-text index over the first (FTS5 kept
 * in step by triggers on SQLite, an expression GIN index on PostgreSQL).
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Backend } from '../connect.js';
import { blob, double } from './columns.js';

export function memory(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('memory_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('world_id', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text')
        /** lore | entity | memory */
        .addColumn('source', 'text', (c) => c.notNull())
        /** The entity type (character, place, item, quest, faction, note) or the memory's kind. */
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        /** Other names of the subject, space separated (searched like the title). */
        .addColumn('aliases', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('body', 'text', (c) => c.notNull())
        /** JSON array of lower-case tags. */
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('importance', 'integer', (c) => c.notNull().defaultTo(5))
        /** In-game time the memory was made, in game hours (recency decays per game hour). */
        .addColumn('game_hour', double(backend))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('memory_documents_world_kind')
        .on('memory_documents')
        .columns(['world_id', 'kind'])
        .execute();

      await db.schema
        .createTable('embedding_cache')
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('dimensions', 'integer', (c) => c.notNull())
        .addColumn('vector', blob(backend), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('embedding_cache_pk', ['model', 'content_hash'])
        .execute();

      if (backend === 'postgres') {
        await sql`create index memory_documents_search on memory_documents using gin (to_tsvector('english', title || ' ' || aliases || ' ' || body))`.execute(
          db,
        );
        return;
      }
      const statements = [
        // Text ids: the index holds the id (rowids may change on VACUUM), as conversations_fts does.
        `create virtual table memory_fts using fts5(document_id unindexed, title, aliases, body, tokenize='porter unicode61')`,
        `create trigger memory_fts_insert after insert on memory_documents begin
           insert into memory_fts(document_id, title, aliases, body) values (new.id, new.title, new.aliases, new.body);
         end`,
        `create trigger memory_fts_update after update of title, aliases, body on memory_documents begin
           delete from memory_fts where document_id = old.id;
           insert into memory_fts(document_id, title, aliases, body) values (new.id, new.title, new.aliases, new.body);
         end`,
        `create trigger memory_fts_delete after delete on memory_documents begin
           delete from memory_fts where document_id = old.id;
         end`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}

/**
 * The memory full-text index (SQLite) addressed by a stable integer key. Before, every change to a
 * document deleted its old text with `where document_id = ?` on an unindexed FTS5 column, which FTS5
 * answers by reading the whole index: one note rewrite in a world of 10,000 entities read all 10,000.
 *
 * Now each document has a `search_rowid` (a column, so a VACUUM that renumbers rowids leaves it as it
 * is; unique, assigned as max + 1 at insert) and its text sits in `memory_fts` under that rowid:
 * updates and deletes address one row, and searches join on the indexed column. PostgreSQL searches
 * an expression index and has nothing to change.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Backend } from '../connect.js';

const TRIGGERS = ['memory_fts_insert', 'memory_fts_update', 'memory_fts_delete'];

export function memoryFtsRowid(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (backend !== 'sqlite') return;
      const statements = [
        ...TRIGGERS.map((name) => `drop trigger if exists ${name}`),
        'drop table if exists memory_fts',
        'alter table memory_documents add column search_rowid integer',
        'update memory_documents set search_rowid = rowid',
        'create unique index memory_documents_search_rowid on memory_documents(search_rowid)',
        `create virtual table memory_fts using fts5(title, aliases, body, tokenize='porter unicode61')`,
        `insert into memory_fts(rowid, title, aliases, body)
           select search_rowid, title, aliases, body from memory_documents`,
        `create trigger memory_fts_insert after insert on memory_documents begin
           update memory_documents
             set search_rowid = (select coalesce(max(search_rowid), 0) + 1 from memory_documents)
             where id = new.id;
           insert into memory_fts(rowid, title, aliases, body)
             select search_rowid, new.title, new.aliases, new.body from memory_documents where id = new.id;
         end`,
        `create trigger memory_fts_update after update of title, aliases, body on memory_documents begin
           delete from memory_fts where rowid = old.search_rowid;
           insert into memory_fts(rowid, title, aliases, body) values (old.search_rowid, new.title, new.aliases, new.body);
         end`,
        `create trigger memory_fts_delete after delete on memory_documents begin
           delete from memory_fts where rowid = old.search_rowid;
         end`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (backend !== 'sqlite') return;
      const statements = [
        ...TRIGGERS.map((name) => `drop trigger if exists ${name}`),
        'drop table if exists memory_fts',
        'drop index if exists memory_documents_search_rowid',
        'alter table memory_documents drop column search_rowid',
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
        'insert into memory_fts(document_id, title, aliases, body) select id, title, aliases, body from memory_documents',
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}

/**
 * The vector change log (issue 15): every instance that keeps an in-process HNSW index follows it to
 * stay current with the embeddings other instances and workers write. Additive only:
 * - `vector_changes`: one row per embedding written or deleted, numbered by `seq` in commit order.
 * - `vector_change_head`: one row holding the last number given out (taken under its row lock inside
 *   the writing transaction, so numbers are handed out in commit order and a follower reading "after
 *   n" never skips a change that commits late) and `pruned_below`: changes under it were forgotten, a
 *   follower that had not read them rebuilds its index from the embeddings instead.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Backend } from '../connect.js';

export function vectorChanges(backend: Backend): Migration {
  const bigint = backend === 'sqlite' ? 'integer' : 'bigint';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('vector_changes')
        .addColumn('seq', bigint, (column) => column.primaryKey())
        .addColumn('owner_type', 'text', (column) => column.notNull())
        .addColumn('owner_id', 'text', (column) => column.notNull())
        .addColumn('model', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('vector_change_head')
        .addColumn('id', 'integer', (column) => column.primaryKey())
        .addColumn('seq', bigint, (column) => column.notNull())
        .addColumn('pruned_below', bigint, (column) => column.notNull())
        .execute();
      await sql`insert into vector_change_head (id, seq, pruned_below) values (1, 0, 0)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('vector_change_head').execute();
      await db.schema.dropTable('vector_changes').execute();
    },
  };
}

/**
 * pg-boss runs its SQL through a `Db` (`executeSql(text, values)`). This one runs it on a Kysely
 * handle: the queue's pool, or a caller's transaction, so jobs sent with it commit or roll back with
 * the caller's own writes.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Database } from '../schema.js';

export function pgBossDb(db: Kysely<Database>): PgBoss.Db {
  return {
    async executeSql(text: string, values?: readonly unknown[]) {
      // pg-boss sends its schema setup and maintenance as multi-statement text without values; no
      // parameters keeps pg on the simple protocol, which runs such text as one script.
      const result = await db.executeQuery(CompiledQuery.raw(text, values ? [...values] : []));
      return { rows: [...result.rows] };
    },
  };
}

/**
 * pg-boss runs its SQL through a `Db` (`executeSql(text, values)`). This one runs it on a Kysely
 * handle: the queue's pool, or a caller's transaction, so jobs sent with it commit or roll back with
 * the caller's own writes.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Database } from '../schema.js';

const ROLLBACK = CompiledQuery.raw('rollback');

export function pgBossDb(db: Kysely<Database>): PgBoss.Db {
  return {
    async executeSql(text: string, values?: readonly unknown[]) {
      // pg-boss sends its schema setup and maintenance as multi-statement text without values; no
      // parameters keeps pg on the simple protocol, which runs such text as one script.
      const query = CompiledQuery.raw(text, values ? [...values] : []);
      if (db.isTransaction) return { rows: [...(await db.executeQuery(query)).rows] };
      return db.connection().execute(async (connection) => {
        try {
          return { rows: [...(await connection.executeQuery(query)).rows] };
        } catch (error) {
          // A script (`BEGIN; …; COMMIT`) that failed midway leaves its connection inside an aborted
          // transaction; end it before the connection goes back to the pool for other queries.
          await connection.executeQuery(ROLLBACK).catch(() => {});
          throw error;
        }
      });
    },
  };
}

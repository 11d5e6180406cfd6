/**
 * Kysely over PGlite (PostgreSQL in WASM) with the real pgvector extension: the machine's PostgreSQL
 * has no pgvector, so the pgvector code path is tested here. PGlite is one connection; Kysely's
 * PostgreSQL dialect gets it through a minimal pool.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { Kysely, PostgresDialect } from 'kysely';

export async function openPglite(): Promise<{ db: Kysely<unknown>; close(): Promise<void> }> {
  const pg = await PGlite.create({ extensions: { vector } });
  const client = {
    async query(text: string, parameters: unknown[]) {
      const result = await pg.query(text, parameters);
      const command = text.trimStart().split(/\s+/, 1)[0]?.toUpperCase();
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command };
    },
    release() {},
  };
  const pool = { connect: async () => client, end: async () => {} };
  // biome-ignore lint/suspicious/noExplicitAny: the dialect's pool type is pg's; PGlite answers its subset.
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: pool as any }) });
  return {
    db,
    async close() {
      await db.destroy();
      await pg.close();
    },
  };
}

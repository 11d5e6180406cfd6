/**
 * A PostgreSQL connection cut while it is checked out (inside a transaction, between two queries)
 * fails that transaction and nothing else: the process lives on (no unhandled 'error' from the
 * driver's client) and the pool serves the next query on a fresh connection. PostgreSQL restarting
 * used to kill every worker process this way, leaving their claimed tasks with nobody to finish them.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, connectPostgres } from '../../src/store/connect.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a PostgreSQL connection lost mid-transaction', () => {
  let database: TestDatabase;
  let connection: Connection;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    database = await createTestDatabase();
    connection = connectPostgres(database.url, { pool_max: 3, statement_timeout_ms: 10_000 });
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await connection?.close();
    await database?.drop();
  });

  it('fails its transaction, keeps the process alive, and the pool recovers', async () => {
    const transaction = connection.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      // Cut by the server (as a restart does: 57P01) while this client waits between queries.
      await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(connection.db);
      await sleep(300);
      await sql`select 1`.execute(trx);
    });
    await expect(transaction).rejects.toThrow();
    expect(uncaught).toEqual([]);
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(connection.db);
    expect(rows[0]?.one).toBe(1);
  });
});

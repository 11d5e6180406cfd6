/**
 * Which errors mean "the database cannot be reached now" (answered 503, retried) rather than a bad
 * query: checked against real failures of the pg driver (a closed port, a database shutting down).
 */
import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from '../../src/store/index.js';
import { ADMIN_URL } from '../support/postgres.js';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

describe('isStoreUnavailable', () => {
  it('is true for a refused connection and a terminated one', async () => {
    const refused = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/x`,
    });
    const error = await refused.connect().catch((caught: unknown) => caught);
    expect(isStoreUnavailable(error)).toBe(true);
    expect(isStoreUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(
      true,
    );
    expect(isStoreUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isStoreUnavailable(new Error('wrapped', { cause: { code: 'ECONNRESET' } }))).toBe(true);
  });

  it('is false for a bad query and for anything else', async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      const error = await client.query('select * from no_such_table').catch((caught: unknown) => caught);
      expect(isStoreUnavailable(error)).toBe(false);
    } finally {
      await client.end();
    }
    expect(isStoreUnavailable(new Error('boom'))).toBe(false);
    expect(isStoreUnavailable(undefined)).toBe(false);
    expect(isStoreUnavailable('ECONNREFUSED')).toBe(false);
  });
});

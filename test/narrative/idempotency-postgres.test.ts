/**
 * `Idempotency-Key` on turns over HTTP and WebSocket, on a real PostgreSQL (the suite:
 * idempotency-suite.ts). PostgreSQL unreachable: the suite fails, it never skips.
 */
import { startLoremaster } from '../support/loremaster.js';
import { createTestDatabase } from '../support/postgres.js';
import { idempotencySuite } from './idempotency-suite.js';

idempotencySuite('PostgreSQL', async (options) => {
  // A database of its own, dropped once the server has stopped.
  const database = await createTestDatabase();
  const server = await startLoremaster({ ...options, env: { ...options.env, DATABASE_URL: database.url } });
  return {
    ...server,
    stop: async () => {
      try {
        await server.stop();
      } finally {
        await database.drop();
      }
    },
  };
});

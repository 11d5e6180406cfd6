/** The call log over HTTP on a real PostgreSQL (the suite: calls-suite.ts). */
import { startLoremaster } from '../support/loremaster.js';
import { createTestDatabase } from '../support/postgres.js';
import { callLogSuite } from './calls-suite.js';

callLogSuite('PostgreSQL', async (options) => {
  // Each server on a database of its own, dropped once the server has stopped.
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

/**
 * Starts a real Loremaster server on an ephemeral port for a test. Its SQLite database is a file in a
 * temp dir of its own, removed on stop (with `DATABASE_URL` in `env`, PostgreSQL is used instead).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, type Logger, loadConfig } from '../../src/config/index.js';

export interface TestServer extends RunningServer {
  stop(): Promise<void>;
}

export async function startLoremaster(
  options: { env?: Record<string, string>; config?: Record<string, unknown>; logger?: Logger } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'loremaster-test-'));
  let file: string | undefined;
  if (options.config) {
    file = join(dir, 'loremaster.yaml');
    writeFileSync(file, stringify(options.config));
  }
  const config = loadConfig({
    env: options.env ?? {},
    ...(file !== undefined && { file }),
    overrides: {
      'server.port': 0,
      'database.sqlite_path': join(dir, 'loremaster.db'),
      // The embedder's weights load while the server starts (under the setup's long timeout), not in
      // the first test that embeds a text; an idle production server loads them lazily.
      'memory.warm_up_embedder': true,
    },
  });
  let server: RunningServer;
  try {
    server = await startServer(config, options.logger ?? createLogger('silent'));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...server,
    stop: async () => {
      try {
        await server.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

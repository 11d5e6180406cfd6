/** Starts a real Loremaster server on an ephemeral port for a test. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';

export interface TestServer extends RunningServer {
  stop(): Promise<void>;
}

export async function startLoremaster(
  options: { env?: Record<string, string>; config?: Record<string, unknown> } = {},
): Promise<TestServer> {
  let dir: string | undefined;
  let file: string | undefined;
  if (options.config) {
    dir = mkdtempSync(join(tmpdir(), 'loremaster-test-'));
    file = join(dir, 'loremaster.yaml');
    writeFileSync(file, stringify(options.config));
  }
  const config = loadConfig({
    env: options.env ?? {},
    ...(file !== undefined && { file }),
    overrides: { 'server.port': 0 },
  });
  const server = await startServer(config, createLogger('silent'));
  return {
    ...server,
    stop: async () => {
      await server.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The two backends every store suite runs on: SQLite in a temp file, and PostgreSQL in a database of
 * its own created for the run (and dropped after). PostgreSQL being down fails the suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseConfig, databaseConfigSchema } from '../../src/config/store-schema.js';
import { type OpenStoreOptions, openStore, type Store } from '../../src/store/index.js';
import { createTestDatabase } from '../support/postgres.js';

export interface BackendUnderTest {
  config: DatabaseConfig;
  /** A store on this backend, migrated; closed by `teardown`. */
  open(overrides?: Partial<DatabaseConfig>, options?: OpenStoreOptions): Promise<Store>;
  teardown(): Promise<void>;
}

export type BackendName = 'sqlite' | 'postgres';
export const BACKENDS: BackendName[] = ['sqlite', 'postgres'];

export async function setUpBackend(name: BackendName): Promise<BackendUnderTest> {
  let config: DatabaseConfig;
  let cleanup: () => Promise<void>;
  if (name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'loremaster-store-'));
    config = databaseConfigSchema.parse({ sqlite_path: join(dir, 'loremaster.db') });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const database = await createTestDatabase();
    config = databaseConfigSchema.parse({ url: database.url, pool_max: 4 });
    cleanup = database.drop;
  }
  const opened: Store[] = [];
  return {
    config,
    async open(overrides = {}, options = {}) {
      const store = await openStore({ ...config, ...overrides }, options);
      opened.push(store);
      return store;
    },
    async teardown() {
      for (const store of opened) await store.close();
      await cleanup();
    },
  };
}

/**
 * Upgrading a database: a release may bring a migration numbered below one the database already has
 * (each part of Loremaster numbers in a block of its own). It is applied, not refused.
 */

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { BACKENDS, type BackendUnderTest, setUpBackend } from './backends.js';

describe.each(BACKENDS)('migration order on %s', (backend) => {
  let db: BackendUnderTest;

  beforeAll(async () => {
    db = await setUpBackend(backend);
  }, 60_000);
  afterAll(async () => db?.teardown());

  it('applies a new migration that sorts before ones already applied', async () => {
    const first: Store = await db.open();
    // The database as a release without 0035 left it: 0040 and later applied, 0035 never.
    await sql`drop table llm_batch_items`.execute(first.db);
    await sql`drop table llm_batches`.execute(first.db);
    await sql`delete from loremaster_migrations where name = '0035_batches'`.execute(first.db);
    await first.close();

    const upgraded = await db.open();
    expect(upgraded.migrations?.applied).toEqual(['0035_batches']);
    expect(await upgraded.batches.get('nothing')).toBeUndefined();
  });
});

/**
 * The vector index shared across instances without pgvector: two instances on one PostgreSQL
 * database, each with its own in-process HNSW index, each following the vector change log. What one
 * instance embeds or removes, the other finds (or stops finding) after a follow; an instance behind
 * what the log still keeps rebuilds. PostgreSQL being down fails the suite.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { HashingEmbedder, Memory } from '../../src/memory/index.js';
import type { Store } from '../../src/store/index.js';
import { type BackendUnderTest, setUpBackend } from '../store/backends.js';

const settings = loadConfig({ env: {} }).settings;
const WORLD = 'w-follow';

describe('vector index followed across instances (PostgreSQL, HNSW in each instance)', () => {
  let backend: BackendUnderTest;
  let storeA: Store;
  let storeB: Store;
  let a: Memory;
  let b: Memory;

  beforeAll(async () => {
    backend = await setUpBackend('postgres');
    storeA = await backend.open();
    storeB = await backend.open();
    const instance = (store: Store) =>
      new Memory({
        store,
        settings,
        embedder: new HashingEmbedder(64),
        indexDirectory: null,
        vectorIndex: 'hnsw',
        // Followed by hand below (`follow()`), so every step is deterministic; the timer is tested last.
        sync: { followMs: 0 },
      });
    a = instance(storeA);
    b = instance(storeB);
    await a.open();
    await b.open();
  }, 30_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await backend?.teardown();
  });

  const search = async (memory: Memory, text: string) => {
    const [vector] = await memory.embedder.embed([text]);
    return (await memory.sync.index.search(vector as Float32Array, 3, { worldId: WORLD })).map(
      (hit) => hit.key,
    );
  };

  it('finds on B what A embedded, once B follows the log', async () => {
    await a.put([
      { id: 'tower', worldId: WORLD, kind: 'place', title: 'The drowned tower', body: 'Salt and bells.' },
    ]);
    expect(a.sync.index.has('tower')).toBe(true);
    expect(b.sync.index.has('tower')).toBe(false);
    expect(await b.sync.follow()).toBe(1);
    expect(b.sync.index.has('tower')).toBe(true);
    expect(await search(b, 'The drowned tower Salt and bells.')).toContain('tower');
    // A's own change is in A's index already: following it again applies nothing.
    expect(await a.sync.follow()).toBe(0);
    expect(await b.sync.follow()).toBe(0);
  });

  it("forgets on B what A removed, and takes A's newer text", async () => {
    await a.put([
      { id: 'mill', worldId: WORLD, kind: 'place', title: 'The old mill', body: 'Flour dust.' },
      { id: 'tower', worldId: WORLD, kind: 'place', title: 'The risen tower', body: 'Dry stone now.' },
    ]);
    await a.remove(['mill']);
    expect(await b.sync.follow()).toBe(2);
    expect(b.sync.index.has('mill')).toBe(false);
    expect(b.sync.index.has('tower')).toBe(true);
    expect((await search(b, 'The risen tower Dry stone now.'))[0]).toBe('tower');
  });

  it('writes from both sides meet: each follows the other', async () => {
    await b.put([{ id: 'gate', worldId: WORLD, kind: 'place', title: 'The rusted gate', body: 'Karsk.' }]);
    await a.put([{ id: 'well', worldId: WORLD, kind: 'place', title: 'The dry well', body: 'Echoes.' }]);
    await a.sync.follow();
    await b.sync.follow();
    for (const memory of [a, b])
      expect(['tower', 'gate', 'well'].map((key) => memory.sync.index.has(key))).toEqual([true, true, true]);
  });

  it('rebuilds an instance that is behind what the log still keeps', async () => {
    await a.put([{ id: 'bridge', worldId: WORLD, kind: 'place', title: 'The long bridge', body: 'Fog.' }]);
    // Everything recorded so far is forgotten (as after a day): B cannot follow change by change.
    await sql`update vector_changes set created_at = '2000-01-01T00:00:00.000Z'`.execute(storeA.db);
    expect(await storeA.vectorChanges.prune(new Date().toISOString())).toBeGreaterThan(0);
    const rebuilds = b.sync.following.rebuilds;
    await b.sync.follow();
    expect(b.sync.following.rebuilds).toBe(rebuilds + 1);
    expect(b.sync.index.has('bridge')).toBe(true);
    expect(b.sync.index.size()).toBe(a.sync.index.size());
  });

  it('follows on its own timer when asked to (the default on PostgreSQL)', async () => {
    b.sync.startFollowing(50);
    await a.put([{ id: 'shrine', worldId: WORLD, kind: 'place', title: 'The moss shrine', body: 'Quiet.' }]);
    const deadline = Date.now() + 10_000;
    while (!b.sync.index.has('shrine') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    b.sync.stopFollowing();
    expect(b.sync.index.has('shrine')).toBe(true);
  });
});

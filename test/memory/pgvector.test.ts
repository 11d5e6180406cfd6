import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { databaseConfigSchema } from '../../src/config/store-schema.js';
import { HashingEmbedder, Memory, normalize } from '../../src/memory/index.js';
import { migrateToLatest, Store } from '../../src/store/index.js';
import type { Database } from '../../src/store/schema.js';
import { PgVectorIndex, pgvectorAvailable } from '../../src/store/search/pgvector.js';
import { openPglite } from './pglite.js';

function unit(seed: number, dimensions = 16): Float32Array {
  let state = seed * 2654435761;
  return normalize(
    Array.from({ length: dimensions }, () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32 - 0.5;
    }),
  );
}

const meta = (
  over: Partial<{ worldId: string; kind: string; tags: string[]; sessionId: string | null }> = {},
) => ({
  worldId: 'w1',
  kind: 'place',
  tags: [] as string[],
  sessionId: null,
  ...over,
});

describe('pgvector index (PGlite with the real pgvector extension)', () => {
  let pg: Awaited<ReturnType<typeof openPglite>>;
  beforeAll(async () => {
    pg = await openPglite();
  }, 60_000);
  afterAll(async () => {
    await pg?.close();
  });

  it('detects the extension', async () => {
    expect(await pgvectorAvailable(pg.db)).toBe(true);
  });

  it('adds, updates, deletes and finds the nearest with filters', async () => {
    const index = new PgVectorIndex(pg.db, 'test-model', 16);
    await index.open();
    await index.upsert([
      ...Array.from({ length: 30 }, (_, n) => ({
        key: `place${n}`,
        vector: unit(n + 1),
        meta: meta({ tags: n % 2 ? ['Coast'] : [] }),
      })),
      ...Array.from({ length: 30 }, (_, n) => ({
        key: `npc${n}`,
        vector: unit(n + 100),
        meta: meta({ kind: 'character' }),
      })),
      { key: 'far', vector: unit(500), meta: meta({ worldId: 'w2' }) },
      { key: 'secret', vector: unit(600), meta: meta({ sessionId: 's1' }) },
    ]);
    expect(index.size()).toBe(62);
    const [nearest] = await index.search(unit(5), 1, { worldId: 'w1' });
    expect(nearest).toMatchObject({ key: 'place4' });
    expect(nearest!.score).toBeCloseTo(1, 4);

    const npcs = await index.search(unit(5), 5, { worldId: 'w1', kinds: ['character'] });
    expect(npcs).toHaveLength(5);
    expect(npcs.every((hit) => hit.key.startsWith('npc'))).toBe(true);
    const coast = await index.search(unit(5), 50, { worldId: 'w1', tags: ['coast'] });
    expect(coast).toHaveLength(15);
    expect((await index.search(unit(500), 1, { worldId: 'w1' }))[0]!.key).not.toBe('far');
    expect((await index.search(unit(600), 1, { worldId: 'w1', sessionId: 's1' }))[0]!.key).toBe('secret');
    expect((await index.search(unit(600), 1, { worldId: 'w1' }))[0]!.key).not.toBe('secret');

    await index.upsert([{ key: 'place4', vector: unit(9_999), meta: meta() }]);
    expect((await index.search(unit(9_999), 1, { worldId: 'w1' }))[0]!.key).toBe('place4');
    expect(Array.from((await index.vector('place4'))!).map((v) => v.toFixed(4))).toEqual(
      Array.from(unit(9_999)).map((v) => v.toFixed(4)),
    );
    await index.remove(['place4']);
    expect(index.has('place4')).toBe(false);
    expect((await index.search(unit(9_999), 60, { worldId: 'w1' })).map((hit) => hit.key)).not.toContain(
      'place4',
    );

    // A second handle on the same table sees what is stored (the database holds the index).
    const again = new PgVectorIndex(pg.db, 'test-model', 16);
    await again.open();
    expect(again.size()).toBe(61);
    // Other models share the table but never each other's rows.
    const other = new PgVectorIndex(pg.db, 'other-model', 16);
    await other.open();
    expect(other.size()).toBe(0);
    expect(await other.search(unit(5), 5)).toEqual([]);
  });

  it('ranks real embeddings by meaning (hashing embedder, 384 dimensions)', async () => {
    const embedder = new HashingEmbedder(384);
    const texts = ['the drowned bell of Eldhollow', 'bread and barley', 'a sword forged in dragonfire'];
    const vectors = await embedder.embed(texts);
    const index = new PgVectorIndex(pg.db, embedder.model, 384);
    await index.open();
    await index.upsert(texts.map((text, n) => ({ key: text, vector: vectors[n]!, meta: meta() })));
    const [query] = await embedder.embed(['which bell drowned?']);
    expect((await index.search(query!, 1, { worldId: 'w1' }))[0]!.key).toBe('the drowned bell of Eldhollow');
  });
});

describe('memory on PostgreSQL with pgvector (PGlite): the same migrations, search and vector rollback', () => {
  let pg: Awaited<ReturnType<typeof openPglite>>;
  let store: Store;
  beforeAll(async () => {
    pg = await openPglite();
    const connection = {
      db: pg.db as unknown as Kysely<Database>,
      backend: 'postgres' as const,
      sqlite: undefined,
      location: 'pglite (in memory)',
      close: () => pg.close(),
    };
    await migrateToLatest(connection);
    store = new Store(connection, databaseConfigSchema.parse({}));
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  it('indexes into pgvector, finds with hybrid search, and rolls a failed index write back to the database', async () => {
    let failNext = false;
    const memory = new Memory({
      store,
      settings: loadConfig({ env: {} }).settings,
      embedder: new HashingEmbedder(64),
      indexDirectory: null,
      sync: {
        // The real pgvector index, whose next write fails after writing a wrong vector.
        wrapIndex: (index) => ({
          dimensions: index.dimensions,
          size: () => index.size(),
          has: (key) => index.has(key),
          get: (key) => index.get(key),
          search: (vector, k, filter) => index.search(vector, k, filter),
          remove: (keys) => index.remove(keys),
          async upsert(items) {
            if (!failNext) return index.upsert(items);
            failNext = false;
            await index.upsert(items.map((item) => ({ ...item, vector: item.vector.map((v) => -v) })));
            throw new Error('pgvector write failed half-way');
          },
        }),
      },
    });
    // An empty database and an empty pgvector table already agree: nothing to rebuild.
    expect(await memory.open()).toBe('loaded');
    expect(memory.indexKind).toBe('pgvector');
    await memory.put([
      {
        id: 'bell',
        worldId: 'w',
        kind: 'item',
        title: 'The drowned bell',
        body: 'A bronze bell lost in the lake.',
      },
      {
        id: 'inn',
        worldId: 'w',
        kind: 'place',
        title: 'The Gilded Stag',
        body: 'An inn by the north road.',
        aliases: ['the inn'],
      },
    ]);
    const answer = await memory.search({ worldId: 'w', q: 'where is the bronze bell?', k: 2 });
    expect(answer.results[0]).toMatchObject({ id: 'bell', foundBy: 'both' });

    failNext = true;
    await memory.put([
      {
        id: 'bell',
        worldId: 'w',
        kind: 'item',
        title: 'The drowned bell',
        body: 'Raised from the lake by divers.',
      },
    ]);
    expect(memory.sync.rollbacks.count).toBe(1);
    const stored = await store.embeddings.get('memory_document', 'bell', memory.embedder.model);
    const persistent = new PgVectorIndex(pg.db, memory.embedder.model, 64);
    const indexed = await persistent.vector('bell');
    expect(Array.from(indexed!).map((v) => v.toFixed(4))).toEqual(
      Array.from(stored!.vector).map((v) => v.toFixed(4)),
    );

    // A restart finds the vectors already in the database: nothing to rebuild.
    const again = new Memory({
      store,
      settings: loadConfig({ env: {} }).settings,
      embedder: new HashingEmbedder(64),
    });
    expect(await again.open()).toBe('loaded');
    expect(again.sync.index.size()).toBe(2);
  });
});

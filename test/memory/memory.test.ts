import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  enqueueEmbedding,
  HashingEmbedder,
  Memory,
  processEmbeddingTasks,
  type VectorFilter,
  type VectorIndex,
  type VectorItem,
} from '../../src/memory/index.js';
import type { Store } from '../../src/store/index.js';
import { BACKENDS, type BackendUnderTest, setUpBackend } from '../store/backends.js';

/**
 * The real index with a fault switch: the next write fails half-way (an update writes a wrong vector
 * then throws; a delete throws before deleting), as a crash or a native error would leave it.
 */
class FaultyIndex implements VectorIndex {
  failNext = false;
  constructor(readonly real: VectorIndex) {}
  get dimensions() {
    return this.real.dimensions;
  }
  size() {
    return this.real.size();
  }
  has(key: string) {
    return this.real.has(key);
  }
  get(key: string) {
    return this.real.get(key);
  }
  search(vector: Float32Array, k: number, filter?: VectorFilter) {
    return this.real.search(vector, k, filter);
  }
  async upsert(items: readonly VectorItem[]) {
    if (!this.failNext) return this.real.upsert(items);
    this.failNext = false;
    const [first] = items;
    if (first) await this.real.upsert([{ ...first, vector: first.vector.map((v) => -v) }]);
    throw new Error('index write failed half-way');
  }
  async remove(keys: readonly string[]) {
    if (!this.failNext) return this.real.remove(keys);
    this.failNext = false;
    throw new Error('index delete failed');
  }
}

const settings = loadConfig({ env: {} }).settings;

describe.each(BACKENDS)('memory on %s', (backend) => {
  let db: BackendUnderTest;
  let store: Store;
  let dir: string;
  const world = 'world-eldhollow';

  beforeAll(async () => {
    db = await setUpBackend(backend);
    store = await db.open();
    dir = mkdtempSync(join(tmpdir(), 'loremaster-memory-'));
  });
  afterAll(async () => {
    await db?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  function memory(options: { faulty?: (index: FaultyIndex) => void; indexDirectory?: string | null } = {}) {
    return new Memory({
      store,
      settings,
      embedder: new HashingEmbedder(64),
      indexDirectory: options.indexDirectory === undefined ? dir : options.indexDirectory,
      sync: options.faulty
        ? {
            wrapIndex: (index) => {
              const faulty = new FaultyIndex(index);
              options.faulty?.(faulty);
              return faulty;
            },
          }
        : {},
    });
  }

  it('the vector rollback: an index update that fails is brought back to match the database', async () => {
    let faulty: FaultyIndex | undefined;
    const mem = memory({ faulty: (index) => (faulty = index), indexDirectory: null });
    await mem.open();
    await mem.put([
      {
        id: 'bell',
        worldId: world,
        kind: 'item',
        title: 'The drowned bell',
        body: 'A bronze bell lost in the lake.',
      },
      {
        id: 'inn',
        worldId: world,
        kind: 'place',
        title: 'The Gilded Stag',
        body: 'An inn by the north road.',
      },
    ]);
    const before = mem.sync.index.get('bell')!;

    // Update whose index write fails half-way: the database holds the new vector, so must the index.
    faulty!.failNext = true;
    await mem.put([
      {
        id: 'bell',
        worldId: world,
        kind: 'item',
        title: 'The drowned bell',
        body: 'The bell was raised from the lake by divers.',
      },
    ]);
    const stored = await store.embeddings.get('memory_document', 'bell', mem.embedder.model);
    const indexed = mem.sync.index.get('bell')!;
    expect(Array.from(indexed).map((v) => v.toFixed(5))).toEqual(
      Array.from(stored!.vector).map((v) => v.toFixed(5)),
    );
    expect(Array.from(indexed)).not.toEqual(Array.from(before));
    expect(mem.sync.rollbacks.count).toBe(1);

    // Delete whose index write fails: the database has no vector any more, so the index drops it.
    faulty!.failNext = true;
    await mem.remove(['inn']);
    expect(await store.embeddings.get('memory_document', 'inn', mem.embedder.model)).toBeUndefined();
    expect(mem.sync.index.has('inn')).toBe(false);
    expect(mem.sync.rollbacks.count).toBe(2);

    // And every key of the index is exactly the database's.
    const owners = (await store.embeddings.page(mem.embedder.model, { limit: 100 }))
      .map((row) => row.ownerId)
      .sort();
    expect(owners).toEqual(['bell']);
    expect(mem.sync.index.size()).toBe(1);
    await mem.remove(['bell']);
  });

  it('saves the index beside the database, loads it when current, rebuilds it when missing or stale', async () => {
    const first = memory();
    expect(await first.open()).toBe('rebuilt');
    await first.put([
      {
        id: 'ferry',
        worldId: world,
        kind: 'character',
        title: 'Old Tam the ferryman',
        body: 'Rows travellers across the Karsk.',
      },
    ]);
    await first.close();
    const second = memory();
    expect(await second.open()).toBe('loaded');
    expect(second.sync.index.has('ferry')).toBe(true);

    // Another process writes an embedding but never saves this file: the file is stale.
    const other = memory({ indexDirectory: null });
    await other.open();
    await other.put([
      { id: 'gate', worldId: world, kind: 'place', title: 'The rusted gate', body: 'The gate of Karsk.' },
    ]);
    const third = memory();
    const progress: number[] = [];
    expect(await third.open((p) => progress.push(p.done))).toBe('rebuilt');
    expect(third.sync.index.has('gate')).toBe(true);
    expect(progress.at(-1)).toBeGreaterThanOrEqual(2);
    await third.remove(['ferry', 'gate']);
  });

  it('hybrid search: fused lexical and vector results with reasons, scores and filters', async () => {
    const mem = memory({ indexDirectory: null });
    await mem.open();
    await mem.put([
      {
        id: 'mira',
        worldId: world,
        kind: 'character',
        title: 'Mira Thornwood',
        aliases: ['the innkeeper'],
        body: 'Keeps the Gilded Stag. She hid the drowned bell under her cellar.',
        tags: ['eldhollow'],
      },
      {
        id: 'stag',
        worldId: world,
        kind: 'place',
        title: 'The Gilded Stag',
        body: 'An inn with a deep cellar.',
        tags: ['eldhollow'],
      },
      {
        id: 'lake',
        worldId: world,
        kind: 'place',
        title: 'Black Lake',
        body: 'Cold water where the bell sank.',
        tags: ['wilds'],
      },
      {
        id: 'elsewhere',
        worldId: 'another-world',
        kind: 'character',
        title: 'Mira of Vhal',
        body: 'A different Mira, a bell maker.',
      },
    ]);
    const answer = await mem.search({ worldId: world, q: 'Where did the innkeeper hide the bell?', k: 3 });
    expect(answer.results[0]!.id).toBe('mira');
    const top = answer.results[0]!;
    expect(top.foundBy).toBe('both');
    expect(top.reasons.join(' ')).toMatch(/lexical.*vector.*innkeeper/s);
    expect(top.scores.lexicalRank).toBe(1);
    expect(top.scores.vector).toBeGreaterThan(0);
    expect(top.scores.fused).toBeGreaterThan(0);
    expect(answer.query.mentioned).toEqual(['Mira Thornwood']);
    expect(answer.query.expansion).toEqual(expect.arrayContaining(['mira', 'thornwood']));
    expect(answer.results.map((r) => r.id)).not.toContain('elsewhere');

    const places = await mem.search({ worldId: world, q: 'bell', kinds: ['place'], k: 5 });
    expect(places.results.map((r) => r.id).sort()).toEqual(['lake', 'stag']);
    expect(places.results.every((r) => r.kind === 'place')).toBe(true);
    const wilds = await mem.search({ worldId: world, q: 'bell', tags: ['wilds'], k: 5 });
    expect(wilds.results.map((r) => r.id)).toEqual(['lake']);

    const lexical = await mem.search({ worldId: world, q: 'cellar', mode: 'lexical' });
    expect(lexical.results.every((r) => r.foundBy === 'lexical')).toBe(true);
    const vector = await mem.search({ worldId: world, q: 'cellar', mode: 'vector' });
    expect(vector.results.every((r) => r.foundBy === 'vector')).toBe(true);
    await mem.remove(['mira', 'stag', 'lake', 'elsewhere']);
  });

  it('recall scores dynamic memories by recency, importance and relevance (weights configurable)', async () => {
    const put = async (mem: Memory) =>
      mem.put([
        {
          id: 'm-old',
          worldId: world,
          source: 'memory',
          kind: 'event',
          title: 'Bell',
          body: 'The party heard the drowned bell ring at the lake.',
          importance: 9,
          gameHour: 0,
        },
        {
          id: 'm-new',
          worldId: world,
          source: 'memory',
          kind: 'event',
          title: 'Bell',
          body: 'The party heard a bell ring at the lake shore.',
          importance: 2,
          gameHour: 99,
        },
        {
          id: 'lore',
          worldId: world,
          source: 'lore',
          kind: 'item',
          title: 'Bell lore',
          body: 'The drowned bell rings at the lake.',
        },
      ]);
    const recencyOnly = new Memory({
      store,
      settings,
      embedder: new HashingEmbedder(64),
      indexDirectory: null,
      scoring: { weights: { recency: 1, importance: 0, relevance: 0 }, decay_per_hour: 0.99 },
    });
    await recencyOnly.open();
    await put(recencyOnly);
    const recent = await recencyOnly.recall({ worldId: world, q: 'the bell at the lake', gameHour: 100 });
    expect(recent.map((m) => m.id)).toEqual(['m-new', 'm-old']);
    expect(recent[0]!.raw.recency).toBeCloseTo(0.99, 6);
    expect(recent[1]!.raw.recency).toBeCloseTo(0.99 ** 100, 6);

    const importanceOnly = new Memory({
      store,
      settings,
      embedder: new HashingEmbedder(64),
      indexDirectory: null,
      scoring: { weights: { recency: 0, importance: 1, relevance: 0 }, decay_per_hour: 0.99 },
    });
    await importanceOnly.open();
    const important = await importanceOnly.recall({
      worldId: world,
      q: 'the bell at the lake',
      gameHour: 100,
      k: 1,
    });
    expect(important.map((m) => m.id)).toEqual(['m-old']);
    expect(important[0]!.document.importance).toBe(9);
    await importanceOnly.remove(['m-old', 'm-new', 'lore']);
  });

  it('the embedding worker consumes EMBED_DOCUMENTS tasks from the maintenance queue', async () => {
    const mem = memory({ indexDirectory: null });
    await mem.open();
    await mem.put(
      [
        {
          id: 'oath',
          worldId: world,
          kind: 'note',
          title: 'The oath of the ferrymen',
          body: 'Never row at night.',
        },
      ],
      { queue: true },
    );
    expect(mem.sync.index.has('oath')).toBe(false);
    const pass = await processEmbeddingTasks(mem.sync, { owner: 'test-worker' });
    expect(pass).toMatchObject({ claimed: 1, completed: 1, embedded: 1, failed: 0 });
    expect(mem.sync.index.has('oath')).toBe(true);

    // Deleted meanwhile: the same task kind removes its vector (idempotent: run twice, same end).
    await mem.sync.documents.delete('oath');
    const task = await enqueueEmbedding(store, ['oath']);
    await enqueueEmbedding(store, ['oath']);
    const removal = await processEmbeddingTasks(mem.sync, { owner: 'test-worker' });
    expect(removal).toMatchObject({ claimed: 2, completed: 2, removed: 2 });
    expect(mem.sync.index.has('oath')).toBe(false);
    expect((await store.maintenance.get(task.id))?.status).toBe('completed');

    // A malformed task fails (and is retried later), never crashes the worker.
    await store.maintenance.enqueue({ taskType: 'EMBED_DOCUMENTS', taskData: { wrong: true } });
    const bad = await processEmbeddingTasks(mem.sync, { owner: 'test-worker' });
    expect(bad).toMatchObject({ claimed: 1, failed: 1 });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HashingEmbedder,
  HnswIndex,
  normalize,
  type VectorFilter,
  type VectorIndex,
  type VectorItem,
} from '../../src/memory/index.js';
import { matches } from '../../src/memory/vectors/types.js';

function unit(seed: number, dimensions = 16): Float32Array {
  let state = seed * 2654435761;
  return normalize(
    Array.from({ length: dimensions }, () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32 - 0.5;
    }),
  );
}

function item(key: string, seed: number, meta: Partial<VectorItem['meta']> = {}): VectorItem {
  return {
    key,
    vector: unit(seed),
    meta: { worldId: 'w1', kind: 'place', tags: [], sessionId: null, ...meta },
  };
}

describe('embedded HNSW index', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'loremaster-hnsw-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds, updates, deletes and finds the nearest', async () => {
    const index = new HnswIndex({ dimensions: 16, initialCapacity: 16 });
    await index.upsert(Array.from({ length: 100 }, (_, n) => item(`k${n}`, n + 1)));
    expect(index.size()).toBe(100);
    const [hit] = await index.search(unit(42), 1);
    expect(hit).toMatchObject({ key: 'k41' });
    expect(hit!.score).toBeCloseTo(1, 4);

    // Update: k41 moves to another vector; the old one no longer finds it first.
    await index.upsert([item('k41', 5000)]);
    expect((await index.search(unit(5000), 1))[0]!.key).toBe('k41');
    expect((await index.search(unit(42), 1))[0]!.key).not.toBe('k41');
    expect(index.size()).toBe(100);

    await index.remove(['k41', 'missing']);
    expect(index.size()).toBe(99);
    expect(index.has('k41')).toBe(false);
    const all = await index.search(unit(5000), 99);
    expect(all.map((h) => h.key)).not.toContain('k41');
    expect(all).toHaveLength(99);
  });

  it('filters by world, kind, tags and session, both exactly and through the graph', async () => {
    for (const exactBelow of [0, 10_000]) {
      const index = new HnswIndex({ dimensions: 16, exactBelow });
      await index.upsert([
        ...Array.from({ length: 60 }, (_, n) =>
          item(`place${n}`, n + 1, { kind: 'place', tags: n % 2 ? ['coast'] : [] }),
        ),
        ...Array.from({ length: 60 }, (_, n) => item(`npc${n}`, n + 100, { kind: 'character' })),
        ...Array.from({ length: 30 }, (_, n) => item(`other${n}`, n + 200, { worldId: 'w2' })),
        item('secret', 300, { sessionId: 's1' }),
      ]);
      const q = unit(7);
      const characters = await index.search(q, 10, { worldId: 'w1', kinds: ['character'] });
      expect(characters).toHaveLength(10);
      expect(characters.every((h) => h.key.startsWith('npc'))).toBe(true);
      const coast = await index.search(q, 100, { worldId: 'w1', tags: ['Coast'] });
      expect(coast).toHaveLength(30);
      expect(coast.every((h) => Number(h.key.slice(5)) % 2 === 1)).toBe(true);
      const w2 = await index.search(q, 5, { worldId: 'w2' });
      expect(w2.every((h) => h.key.startsWith('other'))).toBe(true);
      // A session's own document is seen by that session only.
      expect((await index.search(unit(300), 1, { worldId: 'w1', sessionId: 's1' }))[0]!.key).toBe('secret');
      expect((await index.search(unit(300), 1, { worldId: 'w1' }))[0]!.key).not.toBe('secret');
    }
  });

  it('keeps what passes each filter current through every write (search matches a brute-force filter)', () => {
    // The index keeps the labels that pass a filter from one search to the next; random writes between
    // searches (new keys, moves between worlds, sessions and canon, removals) must leave every search
    // answering exactly what passes. Exact search (exactBelow above the size) shows the whole set;
    // the graph path (exactBelow 0) must return only keys that pass.
    const meta = fc.record({
      worldId: fc.constantFrom('w1', 'w2'),
      kind: fc.constantFrom('place', 'character', 'fact'),
      tags: fc.subarray(['dark', 'holy']),
      sessionId: fc.constantFrom(null, null, 's1', 's2'),
    });
    const filter: fc.Arbitrary<VectorFilter> = fc.record(
      {
        worldId: fc.constantFrom('w1', 'w2'),
        kinds: fc.subarray(['place', 'character', 'fact'], { minLength: 1 }),
        tags: fc.subarray(['dark', 'holy'], { minLength: 1 }),
        sessionId: fc.constantFrom('s1', 's2'),
        allSessions: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    const step = fc.oneof(
      fc.record({ op: fc.constant('upsert' as const), key: fc.integer({ min: 0, max: 40 }), meta }),
      fc.record({ op: fc.constant('remove' as const), key: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ op: fc.constant('search' as const), filter }),
    );
    return fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 80 }),
        fc.boolean(),
        async (steps, viaGraph) => {
          const index = new HnswIndex({
            dimensions: 16,
            initialCapacity: 16,
            exactBelow: viaGraph ? 0 : 1_000,
          });
          const mirror = new Map<string, VectorItem['meta']>();
          for (const [n, next] of steps.entries()) {
            if (next.op === 'upsert') {
              const written = item(`k${next.key}`, n + 1, next.meta);
              await index.upsert([written]);
              mirror.set(written.key, written.meta);
            } else if (next.op === 'remove') {
              await index.remove([`k${next.key}`]);
              mirror.delete(`k${next.key}`);
            } else {
              const expected = [...mirror].filter(([, m]) => matches(m, next.filter)).map(([key]) => key);
              const hits = await index.search(unit(n + 1000), 100, next.filter);
              const found = hits.map((hit) => hit.key);
              for (const key of found) expect(expected).toContain(key);
              if (!viaGraph) expect(found.sort()).toEqual(expected.sort());
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('forgets a removed vector in what passes a filter (a stale count would skip the filter)', async () => {
    const index = new HnswIndex({ dimensions: 16, initialCapacity: 16, exactBelow: 0 });
    await index.upsert([item('a', 1), item('b', 2), item('c', 3, { worldId: 'w2' })]);
    expect((await index.search(unit(1), 10, { worldId: 'w1' })).map((hit) => hit.key).sort()).toEqual([
      'a',
      'b',
    ]);
    await index.remove(['b']);
    // Two vectors are left and one passes: counting the removed one would make it look like all pass.
    expect((await index.search(unit(1), 10, { worldId: 'w1' })).map((hit) => hit.key)).toEqual(['a']);
  });

  it('grows past its capacity, saves beside the database and loads back identical', async () => {
    const index = new HnswIndex({ dimensions: 16, initialCapacity: 16 });
    await index.upsert(Array.from({ length: 500 }, (_, n) => item(`k${n}`, n + 1)));
    await index.remove(['k3']);
    index.fingerprint = '499:x';
    const path = join(dir, 'vectors', 'test.hnsw');
    await index.save(path);
    const loaded = await HnswIndex.load(path, { dimensions: 16 });
    expect(loaded).toBeDefined();
    expect(loaded!.size()).toBe(499);
    expect(loaded!.fingerprint).toBe('499:x');
    expect(loaded!.has('k3')).toBe(false);
    const q = unit(77);
    expect((await loaded!.search(q, 5)).map((h) => h.key)).toEqual(
      (await index.search(q, 5)).map((h) => h.key),
    );
    // Other dimensions or a damaged file: not loaded (the caller rebuilds).
    expect(await HnswIndex.load(path, { dimensions: 32 })).toBeUndefined();
    expect(await HnswIndex.load(join(dir, 'nothing.hnsw'), { dimensions: 16 })).toBeUndefined();
  });

  it('finds meaning with real embeddings: the hashing embedder through the index', async () => {
    const embedder = new HashingEmbedder(384);
    const texts = [
      'the drowned bell of Eldhollow',
      'bread and barley',
      'a sword forged in dragonfire',
      'the ferryman of Karsk',
    ];
    const vectors = await embedder.embed(texts);
    const index: VectorIndex = new HnswIndex({ dimensions: 384 });
    await index.upsert(
      texts.map((text, n) => ({
        key: text,
        vector: vectors[n]!,
        meta: { worldId: 'w', kind: 'note', tags: [], sessionId: null },
      })),
    );
    const [query] = await embedder.embed(['which bell drowned?']);
    expect((await index.search(query!, 1, { worldId: 'w' }))[0]!.key).toBe('the drowned bell of Eldhollow');
  });
});

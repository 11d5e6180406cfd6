/** The per-world name index: the same expansion as before, kept current entity by entity. */
import { describe, expect, it } from 'vitest';
import { NameIndex } from '../../src/memory/retrieval/names.js';
import { WorldNames } from '../../src/memory/retrieval/world-names.js';

const mira = { id: 'mira', title: 'Mira Thornwood', aliases: ['the Innkeeper'] };
const mill = { id: 'mill', title: 'The Old Mill', aliases: [] };
const oldBell = { id: 'bell', title: 'The Old Bell', aliases: [] };

describe('NameIndex', () => {
  it('finds names said whole or by a distinctive word, in the order entities were added', () => {
    const index = NameIndex.from([mira, mill, oldBell]);
    const q = index.expand('What does the innkeeper hear at the old mill?');
    expect(q.mentioned).toEqual([
      { id: 'mira', title: 'Mira Thornwood', matched: 'the Innkeeper' },
      { id: 'mill', title: 'The Old Mill', matched: 'The Old Mill' },
    ]);
    expect(q.expansion).toEqual(['mira', 'thornwood']);
    expect(index.expand('Is Thornwood honest?').mentioned.map((m) => m.id)).toEqual(['mira']);
    // "old" is in two names: it identifies neither.
    expect(index.expand('Who is old?').mentioned).toEqual([]);
  });

  it('replaces and removes an entity’s names', () => {
    const index = NameIndex.from([mira, mill]);
    index.put({ ...mira, aliases: ['the Widow'] });
    expect(index.expand('the innkeeper').mentioned).toEqual([]);
    expect(index.expand('the widow').mentioned.map((m) => m.id)).toEqual(['mira']);
    index.remove('mill');
    expect(index.size).toBe(1);
    expect(index.expand('the old mill').mentioned).toEqual([]);
  });
});

describe('WorldNames', () => {
  it('builds a world once, then reads only new writes in the background', async () => {
    const calls: string[] = [];
    let rows = [{ ...mira, updatedAt: '2026-01-01T00:00:00.000Z' }];
    const documents = {
      async namesSince(_world: string, since: string) {
        calls.push(since);
        const fresh = rows.filter((row) => row.updatedAt >= since);
        return {
          names: fresh,
          newest: [since, ...fresh.map((row) => row.updatedAt)].sort().at(-1) as string,
          count: rows.length,
        };
      },
    };
    const names = new WorldNames(documents, 0);
    expect((await names.index('w')).expand('Thornwood').mentioned).toHaveLength(1);
    rows = [...rows, { ...mill, updatedAt: '2026-01-02T00:00:00.000Z' }];
    await names.index('w'); // starts the refresh
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await names.index('w')).expand('the old mill').mentioned.map((m) => m.id)).toEqual(['mill']);
    expect(calls.slice(0, 2)).toEqual(['1970-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    // A delete (fewer rows than indexed) rebuilds the world.
    rows = rows.filter((row) => row.id !== 'mira');
    await names.index('w');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await names.index('w')).has('mira')).toBe(false);
  });
});

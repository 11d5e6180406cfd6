/** Embedding tasks claimed together are embedded as one batch; a failure fails each of them. */
import { describe, expect, it } from 'vitest';
import { EmbedBatcher } from '../../src/memory/embed-batcher.js';
import type { VectorSync } from '../../src/memory/vector-sync.js';

function fakeSync(fail = false) {
  const batches: string[][] = [];
  const removed: string[][] = [];
  const sync = {
    documents: {
      getMany: async (ids: string[]) => ids.filter((id) => !id.startsWith('gone')).map((id) => ({ id })),
    },
    indexDocuments: async (ids: string[]) => {
      if (fail) throw new Error('embedder down');
      batches.push(ids);
      return ids.length;
    },
    removeDocuments: async (ids: string[]) => {
      removed.push([...ids]);
    },
  } as unknown as VectorSync;
  return { sync, batches, removed };
}

describe('EmbedBatcher', () => {
  it('embeds the documents of tasks handled in the same tick in one call', async () => {
    const { sync, batches, removed } = fakeSync();
    const batcher = new EmbedBatcher(sync);
    await Promise.all([
      batcher.embed({ documentIds: ['a', 'b'] }),
      batcher.embed({ documentIds: ['b', 'c'] }),
      batcher.embed({ documentIds: ['gone-1'] }),
    ]);
    expect(batches).toEqual([['a', 'b', 'c']]);
    expect(removed).toEqual([['gone-1']]);
    await batcher.embed({ documentIds: ['d'] });
    expect(batches).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('splits at the batch size and fails every task of a failed batch', async () => {
    const { sync, batches } = fakeSync();
    const batcher = new EmbedBatcher(sync, 2);
    await Promise.all([batcher.embed({ documentIds: ['a', 'b'] }), batcher.embed({ documentIds: ['c'] })]);
    expect(batches).toEqual([['a', 'b'], ['c']]);
    const failing = new EmbedBatcher(fakeSync(true).sync);
    const results = await Promise.allSettled([
      failing.embed({ documentIds: ['x'] }),
      failing.embed({ documentIds: ['y'] }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(() => failing.embed({ documentIds: [] })).toThrow();
  });
});

/**
 * The store of OpenAI Responses API answers, on SQLite and PostgreSQL: a response is read back only by
 * its owner and only until it expires, deleted once, and expired ones are swept in bounded batches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { BACKENDS, type BackendUnderTest, setUpBackend } from './backends.js';

describe.each(BACKENDS)('stored responses on %s', (backendName) => {
  let backend: BackendUnderTest;
  let store: Store;

  beforeAll(async () => {
    backend = await setUpBackend(backendName);
    store = await backend.open();
  });
  afterAll(async () => {
    await backend?.teardown();
  });

  const record = (id: string, owner: string, expiresAt: string) => ({
    id,
    owner,
    createdAt: '2026-12-04T10:00:00.000Z',
    expiresAt,
    history: [{ role: 'user', content: `said in ${id}` }],
    inputItems: [{ id: `msg_${id}`, type: 'message' }],
    response: { id, object: 'response', output: [] },
  });

  it('reads a response back for its owner only, until it expires', async () => {
    await store.storedResponses.save(record('resp_a', 'key-1', '2026-12-05T10:00:00.000Z'));
    const before = '2026-12-05T09:59:59.000Z';
    const found = await store.storedResponses.get('resp_a', 'key-1', before);
    expect(found).toMatchObject({
      id: 'resp_a',
      owner: 'key-1',
      history: [{ role: 'user', content: 'said in resp_a' }],
      inputItems: [{ id: 'msg_resp_a', type: 'message' }],
      response: { id: 'resp_a', object: 'response' },
    });
    expect(await store.storedResponses.get('resp_a', 'key-2', before)).toBeUndefined();
    expect(await store.storedResponses.get('resp_a', 'key-1', '2026-12-05T10:00:00.000Z')).toBeUndefined();
  });

  it('deletes a response once, and only for its owner', async () => {
    await store.storedResponses.save(record('resp_b', 'key-1', '2026-12-05T10:00:00.000Z'));
    expect(await store.storedResponses.delete('resp_b', 'key-2')).toBe(false);
    expect(await store.storedResponses.delete('resp_b', 'key-1')).toBe(true);
    expect(await store.storedResponses.delete('resp_b', 'key-1')).toBe(false);
  });

  it('sweeps expired responses in bounded batches and keeps the rest', async () => {
    for (let i = 0; i < 5; i += 1)
      await store.storedResponses.save(record(`resp_old${i}`, 'key-1', '2026-12-01T00:00:00.000Z'));
    await store.storedResponses.save(record('resp_live', 'key-1', '2030-01-01T00:00:00.000Z'));
    const at = '2026-12-04T00:00:00.000Z';
    expect(await store.storedResponses.deleteExpired(at, 3)).toBe(3);
    expect(await store.storedResponses.deleteExpired(at, 3)).toBe(2);
    expect(await store.storedResponses.deleteExpired(at, 3)).toBe(0);
    expect(await store.storedResponses.get('resp_live', 'key-1', at)).toBeDefined();
  });
});

/**
 * Backpressure: a session whose recent turns wait for analysis past `narrative.max_unanalysed_turns`
 * makes its next turn wait (bounded by `narrative.backpressure_wait_ms`), then refuses it with a 429
 * naming the backlog, so many players at once cannot grow the maintenance queue without bound. Other
 * sessions play on. (Workers off here: nothing analyses, so the backlog stays.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { call } from './support.js';

describe('backpressure on a session whose analyses fall behind', () => {
  let server: TestServer;
  let worldId: string;

  beforeAll(async () => {
    server = await startLoremaster({
      config: {
        narrative: { workers_in_serve: false, max_unanalysed_turns: 2, backpressure_wait_ms: 300 },
        roles: { embedding: { provider: 'offline', model: 'hashing' } },
      },
    });
    worldId = (await call(server.url, 'POST', '/worlds', { name: 'Saltmarsh' })).body.id;
  });

  afterAll(async () => server?.stop());

  it('answers turns until the backlog bound, then a 429 with Retry-After; another session plays on', async () => {
    const session = (await call(server.url, 'POST', `/worlds/${worldId}/sessions`, {})).body.id;
    for (const input of ['I look around.', 'I wait by the door.'])
      expect((await call(server.url, 'POST', `/sessions/${session}/turns`, { input })).status).toBe(201);
    const response = await fetch(`${server.url}/sessions/${session}/turns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'I knock.' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    const body = (await response.json()) as { error: { type: string; code: string; message: string } };
    expect(body.error).toMatchObject({ type: 'rate_limit_error', code: 'analysis_backlog' });
    expect(body.error.message).toContain('2 turns waiting for analysis');
    // The refused turn was not written.
    expect((await call(server.url, 'GET', `/sessions/${session}`)).body.turn_count).toBe(2);

    const other = (await call(server.url, 'POST', `/worlds/${worldId}/sessions`, {})).body.id;
    expect(
      (await call(server.url, 'POST', `/sessions/${other}/turns`, { input: 'I look around.' })).status,
    ).toBe(201);
  });
});

describe('backpressure on the embedding backlog', () => {
  let server: TestServer;
  let worldId: string;

  beforeAll(async () => {
    server = await startLoremaster({
      config: {
        narrative: {
          workers_in_serve: false,
          max_unanalysed_turns: 0,
          max_pending_embeddings: 2,
          backpressure_wait_ms: 300,
        },
        roles: { embedding: { provider: 'offline', model: 'hashing' } },
      },
    });
    worldId = (await call(server.url, 'POST', '/worlds', { name: 'Saltmarsh' })).body.id;
  });

  afterAll(async () => server?.stop());

  it('plays while fewer embedding tasks wait than the bound, then a 429 for every session', async () => {
    const session = (await call(server.url, 'POST', `/worlds/${worldId}/sessions`, {})).body.id;
    const entity = (name: string) =>
      call(server.url, 'POST', `/worlds/${worldId}/entities`, { type: 'character', name });
    // Each new entity queues its embedding; nothing embeds here (workers off).
    expect((await entity('Old Hesk')).status).toBe(201);
    expect(
      (await call(server.url, 'POST', `/sessions/${session}/turns`, { input: 'I look around.' })).status,
    ).toBe(201);
    expect((await entity('Garran Holt')).status).toBe(201);
    // The backlog a turn checks is read at most every 250 ms.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const other = (await call(server.url, 'POST', `/worlds/${worldId}/sessions`, {})).body.id;
    const response = await fetch(`${server.url}/sessions/${other}/turns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'I knock.' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    const body = (await response.json()) as { error: { type: string; code: string; message: string } };
    expect(body.error).toMatchObject({ type: 'rate_limit_error', code: 'embedding_backlog' });
    expect(body.error.message).toContain('2 embedding tasks are waiting');
    expect((await call(server.url, 'GET', `/sessions/${other}`)).body.turn_count).toBe(0);
  });
});

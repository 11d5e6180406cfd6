/**
 * A query parameter a route does not take is a 400 naming it, not silently ignored: the parameters a
 * route takes work as before, and the wire routes under /v1 keep accepting their SDKs' own parameters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../narrative/support.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

let server: TestServer;
let worldId: string;

beforeAll(async () => {
  server = await startLoremaster();
  const world = await call(server.url, 'POST', '/worlds', { name: 'Karsk' });
  expect(world.status).toBe(201);
  worldId = world.body.id;
}, 60_000);
afterAll(() => server?.stop());

describe('query parameters', () => {
  it('a parameter the route does not take is refused, naming it, and nothing is written', async () => {
    const refused = await call(server.url, 'POST', `/worlds/${worldId}/entities?session_id=s-1`, {
      type: 'character',
      name: 'Garran Holt',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ param: 'session_id', code: 'invalid_request' });
    expect(refused.body.error.message).toMatch(/session_id: unknown query parameter/);
    const listed = await call(server.url, 'GET', `/worlds/${worldId}/entities`);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toMatch(/Garran Holt/);
  });

  it('a misspelt parameter next to real ones is refused; the real ones alone work', async () => {
    const refused = await call(server.url, 'GET', `/worlds/${worldId}/entities?type=character&limt=5`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.param).toBe('limt');
    expect(refused.body.error.message).toMatch(/takes .*limit/);
    const ok = await call(server.url, 'GET', `/worlds/${worldId}/entities?type=character&limit=5`);
    expect(ok.status).toBe(200);
  });

  it('a route that takes no parameters says so', async () => {
    const refused = await call(server.url, 'GET', `/worlds/${worldId}?verbose=1`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/verbose: unknown query parameter \(it takes none\)/);
  });

  it("the wire routes keep their SDKs' own parameters (Anthropic's ?beta=true)", async () => {
    const response = await fetch(`${server.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'offline',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'Hello' }],
      }),
    });
    expect(response.status).toBe(200);
  });
});

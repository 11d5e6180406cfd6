/**
 * Scopes: every registered route, called with no key and with a key of every scope, answers 401 /
 * 403 / allowed as its declared scope says (admin ⊃ game ⊃ read ⊃ public). Keys come from
 * `LOREMASTER_API_KEYS` (`key:scope`, a bare key is admin) and from the store (`keys create`).
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyScope, type RouteScope, requireRouteScopes, scopeAllows } from '../../src/api/scopes.js';
import { parseApiKeyGrant } from '../../src/config/index.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

const KEYS: Record<KeyScope, string> = { admin: 'key-admin', game: 'key-game', read: 'key-read' };

let server: TestServer;
beforeAll(async () => {
  // The admin key has no scope: a key set before scopes existed stays an admin key.
  server = await startLoremaster({
    env: { LOREMASTER_API_KEYS: `${KEYS.admin}, ${KEYS.game}:game,${KEYS.read}:read` },
  });
}, 120_000);
afterAll(() => server.stop());

/** A concrete URL for a route: every parameter filled with an id that exists nowhere. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, 'no-such-id').replace(/\*$/, 'no-such-model');
}

async function call(method: string, url: string, key?: string): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  if (hasBody) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${concrete(url)}`, {
    method,
    headers,
    // An empty object: enough to pass auth and stop at validation, so nothing real is started.
    ...(hasBody && { body: '{}' }),
  });
  return { status: response.status, body: await response.text() };
}

/** Calls until the answer has `wanted` status (bounded: a minute at most), then returns the last status. */
async function statusOnceSettled(method: string, url: string, key: string, wanted: number): Promise<number> {
  let status = (await call(method, url, key)).status;
  for (let attempt = 0; attempt < 240 && status !== wanted; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    status = (await call(method, url, key)).status;
  }
  return status;
}

function expected(route: RouteScope, key: KeyScope | undefined): 401 | 403 | 'allowed' {
  if (route === 'public') return 'allowed';
  if (key === undefined) return 401;
  return scopeAllows(key, route) ? 'allowed' : 403;
}

describe('every route, every scope', () => {
  it('answers 401 without a key, 403 below its scope, and lets the right keys through', async () => {
    const routes = server.app.registeredRoutes;
    // The table covers the whole API (a route missing from it would not be tested).
    expect(routes.length).toBeGreaterThan(50);
    const scopes = new Set(routes.map((route) => route.scope));
    expect([...scopes].sort()).toEqual(['admin', 'game', 'public', 'read']);
    const failures: string[] = [];
    for (const route of routes) {
      for (const key of [undefined, 'read', 'game', 'admin'] as const) {
        const { status, body } = await call(route.method, route.url, key && KEYS[key]);
        const want = expected(route.scope, key);
        const got = status === 401 || status === 403 ? status : 'allowed';
        if (got !== want)
          failures.push(`${route.method} ${route.url} (${route.scope}) key ${key ?? 'none'}: ${status}`);
        if ((status === 401 || status === 403) && route.method !== 'HEAD') {
          // Ollama's routes answer in its shape, `{error: message}`, KoboldCpp's in `{detail: {msg}}`;
          // every other route in OpenAI's.
          const parsed = JSON.parse(body) as {
            error?: string | { type: string; message: string };
            detail?: { msg: string };
          };
          const error = parsed.error;
          const message = parsed.detail
            ? parsed.detail.msg
            : typeof error === 'string'
              ? error
              : error?.message;
          expect(message).toBeTruthy();
          if (status === 403) expect(message).toContain(`needs scope "${route.scope}"`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('answers 403 in Anthropic’s shape on /v1/messages', async () => {
    const { status, body } = await call('POST', '/v1/messages', KEYS.read);
    expect(status).toBe(403);
    expect(JSON.parse(body)).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
  });

  it('declares the scopes the API promises for its main routes', () => {
    const scopeOf = (method: string, url: string) =>
      server.app.registeredRoutes.find((route) => route.method === method && route.url === url)?.scope;
    expect(scopeOf('GET', '/health/live')).toBe('public');
    expect(scopeOf('GET', '/health/ready')).toBe('public');
    expect(scopeOf('GET', '/openapi.json')).toBe('public');
    expect(scopeOf('GET', '/docs')).toBe('public');
    expect(scopeOf('POST', '/v1/chat/completions')).toBe('game');
    expect(scopeOf('POST', '/sessions/:id/turns')).toBe('game');
    expect(scopeOf('GET', '/worlds')).toBe('read');
    expect(scopeOf('POST', '/llm/prompts')).toBe('admin');
    expect(scopeOf('POST', '/maintenance/trigger-analysis')).toBe('admin');
    expect(scopeOf('POST', '/worlds/import')).toBe('admin');
  });
});

describe('keys', () => {
  it('reads `key:scope`; a bare key, or one whose suffix is no scope, is admin', () => {
    expect(parseApiKeyGrant('abc:game')).toEqual({ key: 'abc', scope: 'game' });
    expect(parseApiKeyGrant('abc:read')).toEqual({ key: 'abc', scope: 'read' });
    expect(parseApiKeyGrant('abc')).toEqual({ key: 'abc', scope: 'admin' });
    expect(parseApiKeyGrant('a:b:c')).toEqual({ key: 'a:b:c', scope: 'admin' });
  });

  it('takes a stored key at once, with its scope, and refuses it once revoked', async () => {
    const { key, apiKey } = await server.store.apiKeys.create({ name: 'unity client', scopes: ['read'] });
    // A new key is found when it is first presented (an unknown key reloads the stored keys, at most
    // once a second); a revoked one stops working at the next reload (every few seconds).
    expect(await statusOnceSettled('GET', '/worlds', key, 200)).toBe(200);
    expect((await call('POST', '/worlds', key)).status).toBe(403);
    expect(await server.store.apiKeys.revoke(apiKey.id)).toBe(true);
    expect(await statusOnceSettled('GET', '/worlds', key, 401)).toBe(401);
    const listed = (await server.store.apiKeys.list()).find((entry) => entry.id === apiKey.id);
    expect(listed?.lastUsedAt).not.toBeNull();
  }, 120_000);

  it("enforces a stored key's own rate limit and budget, under that key only", async () => {
    const chat = async (key: string) => {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'offline', messages: [{ role: 'user', content: 'Hello' }] }),
      });
      return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
    };
    const limited = await server.store.apiKeys.create({ name: 'slow', scopes: ['game'], limits: { rpm: 2 } });
    const budgeted = await server.store.apiKeys.create({
      name: 'frugal',
      scopes: ['game'],
      budget: { unit: 'tokens', limit: 1, period: 'day' },
    });
    expect(await statusOnceSettled('GET', '/worlds', limited.key, 200)).toBe(200);
    expect(await statusOnceSettled('GET', '/worlds', budgeted.key, 200)).toBe(200);

    const answers = [await chat(limited.key), await chat(limited.key), await chat(limited.key)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(answers[2]!.body.error?.code).toBe('rate_limited');

    expect((await chat(budgeted.key)).status).toBe(200);
    const spent = await chat(budgeted.key);
    expect(spent.status).toBe(429);
    expect(spent.body.error?.code).toBe('budget_exceeded');
    // Other keys are not touched by either.
    expect((await chat(KEYS.game)).status).toBe(200);
  }, 120_000);

  it('answers the probes without a key, and says nothing of providers', async () => {
    const live = await call('GET', '/health/live');
    expect(live.status).toBe(200);
    const ready = await call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', checks: { store: 'ok', migrations: 'ok' } });
    expect(ready.body).not.toMatch(/provider|offline|error/);
    expect((await call('GET', '/health')).status).toBe(401);
  });
});

describe('a route without a scope', () => {
  it('stops the server from starting', async () => {
    const app = Fastify();
    requireRouteScopes(app);
    app.get('/scoped', { config: { scope: 'read' } }, async () => ({}));
    expect(() => app.get('/forgotten', async () => ({}))).toThrow(/GET \/forgotten declares no scope/);
    expect(() => app.get('/typo', { config: { scope: 'everyone' as RouteScope } }, async () => ({}))).toThrow(
      /declares no scope/,
    );
    await app.close();
  });
});

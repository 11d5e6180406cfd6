/**
 * No template can stall the server: hostile templates (the issue's `find_exp` over ten million numbers,
 * and more that loop inside one filter, where liquidjs's own time limit never looks) are stopped at the
 * render deadline in a render thread, while /health keeps answering; a version that stops with its own
 * sample cannot become active, so a hostile narrator cannot stall every turn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

/** A hostile render ends its render thread (twice: a render stopped by time is tried again), and a
 * new thread starts from TypeScript sources here, which takes seconds on a busy machine. */
const HOSTILE_TEST_MS = 120_000;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Json = Record<string, any>;

async function call(server: TestServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as Json };
}

const HOSTILE = {
  find_exp: '{{ (1..9999999) | find_exp: "x", "x == 0" }}',
  where_exp: '{{ (1..9999999) | where_exp: "x", "x == 0" | size }}',
  sort: '{{ (1..9999999) | reverse | sort | first }}',
  map_join: '{% assign r = (1..9999999) %}{{ r | join: "," | size }}',
  nested_loops:
    '{% for i in (1..100000) %}{% for j in (1..100000) %}{% if i == 0 %}x{% endif %}{% endfor %}{% endfor %}',
};

describe('hostile templates', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startLoremaster();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(
    "cannot be activated: the issue's template is refused when saved active, nothing is written",
    async () => {
      const stall = await call(server, 'POST', '/llm/prompts', { name: 'stall', user: HOSTILE.find_exp });
      expect(stall.status).toBe(400);
      expect(stall.json.error.code).toBe('template_limit');
      expect(stall.json.error.message).toMatch(/longer than 250 ms|memory/);
      expect((await call(server, 'GET', '/llm/prompts/stall')).status).toBe(404);

      const narrator = (await call(server, 'GET', '/llm/prompts/narrator')).json;
      const hostileNarrator = await call(server, 'POST', '/llm/prompts', {
        name: 'narrator',
        user: HOSTILE.find_exp,
      });
      expect(hostileNarrator.status).toBe(400);
      const saved = await call(server, 'POST', '/llm/prompts', {
        name: 'narrator',
        user: HOSTILE.find_exp,
        activate: false,
      });
      expect(saved.status).toBe(201);
      const activate = await call(server, 'POST', '/llm/prompts/narrator/activate', {
        version: saved.json.version.version,
      });
      expect(activate.status).toBe(400);
      expect(activate.json.error.code).toBe('template_limit');
      expect((await call(server, 'GET', '/llm/prompts/narrator')).json.active_version).toBe(
        narrator.active_version,
      );
    },
    HOSTILE_TEST_MS,
  );

  it.each(Object.entries(HOSTILE))(
    '%s is stopped at the deadline while /health keeps answering',
    async (name, user) => {
      const saved = await call(server, 'POST', '/llm/prompts', {
        name: `hostile_${name}`,
        user,
        activate: false,
      });
      expect(saved.status).toBe(201);
      let rendering = true;
      const started = performance.now();
      const render = call(server, 'POST', `/llm/prompts/hostile_${name}/render`, {
        version: saved.json.version.version,
      }).finally(() => {
        rendering = false;
      });
      const health: number[] = [];
      while (rendering) {
        const asked = performance.now();
        const response = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(30_000) });
        await response.text();
        // Only answers given while the render was still running show the server was not held.
        if (rendering) health.push(performance.now() - asked);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const rendered = await render;
      const elapsed = performance.now() - started;
      expect(rendered.status).toBe(400);
      expect(rendered.json.error.code).toBe('template_limit');
      // A stalled main thread answers no /health at all until the render ends.
      expect(health.length, `render took ${elapsed.toFixed(0)} ms`).toBeGreaterThanOrEqual(3);
      health.sort((a, b) => a - b);
      expect(health[Math.floor(health.length / 2)]!).toBeLessThan(50);
    },
    HOSTILE_TEST_MS,
  );

  it('leave the server healthy: renders and turns still work', async () => {
    const ok = await call(server, 'POST', '/llm/prompts/narrator/render', { sample: true });
    expect(ok.status).toBe(200);
    expect(ok.json.messages.at(-1).content.length).toBeGreaterThan(10);
    expect((await call(server, 'GET', '/health')).status).toBe(200);
  });
});

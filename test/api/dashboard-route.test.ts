/**
 * The dashboard's static route over HTTP: the page at `/` and its bundled files (dist/dashboard, built
 * by `npm run build`), public even with keys set while the API behind them is not; bad file names are
 * refused in the error shape; a server whose dashboard is not built says how to build it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_DIR, dashboardRoutes } from '../../src/api/dashboard.js';
import { registerErrorHandlers } from '../../src/api/errors.js';
import { registerSchemaCompilers } from '../../src/api/schema-compilers.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

const KEY = 'lm-dashboard-route-key';

async function errorOf(response: Response): Promise<{ type: string; code: string | null; message: string }> {
  return ((await response.json()) as { error: { type: string; code: string | null; message: string } }).error;
}
let server: TestServer;

beforeAll(async () => {
  server = await startLoremaster({ env: { LOREMASTER_API_KEYS: `${KEY}:read` } });
});
afterAll(async () => server?.stop());

describe('the dashboard route', () => {
  it('serves the page and its files without a key, while the API needs one', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status, 'run `npm run build` first').toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    const script = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();

    const bundle = await fetch(`${server.url}${script}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(bundle.headers.get('cache-control')).toContain('immutable');
    const code = await bundle.text();
    expect(code.length).toBeGreaterThan(1_000);
    // No key is baked into the bundle, and it loads nothing from another host.
    expect(code).not.toContain(KEY);
    expect(code).not.toMatch(/https?:\/\/(?:cdn|unpkg|esm\.sh|jsdelivr)/);

    const api = await fetch(`${server.url}/worlds`);
    expect(api.status).toBe(401);
    expect((await errorOf(api)).code).toBe('invalid_api_key');
  });

  it('refuses names that are not files of the bundle, in the error shape', async () => {
    const traversal = await fetch(`${server.url}/dashboard/assets/..%2F..%2Fpackage.json`);
    expect(traversal.status).toBe(400);
    expect((await errorOf(traversal)).type).toBe('invalid_request_error');
    const missing = await fetch(`${server.url}/dashboard/assets/nothing-here.js`);
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ type: 'not_found_error', code: 'not_found' });
  });

  it('every file of the built bundle is served', async () => {
    for (const file of readdirSync(join(DASHBOARD_DIR, 'assets'))) {
      const response = await fetch(`${server.url}/dashboard/assets/${file}`);
      expect(response.status, file).toBe(200);
      await response.arrayBuffer();
    }
  });

  it('says how to build the dashboard when it is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'loremaster-no-dashboard-'));
    const app = Fastify();
    registerErrorHandlers(app, { values: {}, apiKeys: [], apiKeyGrants: [] });
    registerSchemaCompilers(app);
    app.addHook('onRoute', (route) => {
      route.config = { ...route.config, scope: 'public' };
    });
    dashboardRoutes(app, empty);
    try {
      const response = await app.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatchObject({ code: 'dashboard_not_built', type: 'not_found_error' });
      expect(response.json().error.message).toContain('npm run build');
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

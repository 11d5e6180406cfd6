/**
 * The image limit (`images.per_minute`) for the two kinds of caller: an HTTP client waiting on a picture
 * (`async: false`) is told 429 with Retry-After at once; a background job waits for the bucket to refill
 * and then draws, on its first attempt.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { call } from '../narrative/support.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-images-limit-'));
let server: RunningServer;

beforeAll(async () => {
  const config = loadConfig({
    env: {},
    overrides: {
      'server.port': 0,
      'database.sqlite_path': join(dir, 'loremaster.db'),
      'narrative.workers_in_serve': true,
      'narrative.worker_idle_ms': 50,
      // Six a minute: one picture every ten seconds once the burst is spent.
      'images.per_minute': 6,
    },
  });
  server = await startServer(config, createLogger('silent'));
}, 60_000);

afterAll(async () => {
  await server?.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

it('refuses a waiting client over the limit, and lets a job wait its turn', async () => {
  const world = await call(server.url, 'POST', '/worlds', { name: 'Lowmarsh' });
  const npc = await call(server.url, 'POST', `/worlds/${world.body.id}/entities`, {
    type: 'character',
    name: 'Tobin Reed',
  });
  // The burst: six pictures.
  for (const n of [4, 2]) {
    const spent = await call(server.url, 'POST', '/v1/images/generations', {
      prompt: `Map of the marsh, part ${n}`,
      n,
      size: '64x64',
    });
    expect(spent.status, JSON.stringify(spent.body)).toBe(200);
  }
  const refused = await fetch(`${server.url}/content/images`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entity_id: npc.body.id, async: false, size: '64x64' }),
  });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

  const queued = await call(server.url, 'POST', '/content/images', { entity_id: npc.body.id, size: '64x64' });
  expect(queued.status).toBe(202);
  const started = Date.now();
  let job = queued.body;
  while (job.status !== 'succeeded' && job.status !== 'failed' && Date.now() - started < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    job = (await call(server.url, 'GET', `/jobs/${queued.body.id}`)).body;
  }
  expect(job.status, JSON.stringify(job)).toBe('succeeded');
  expect(job.attempts).toBe(1);
  // It waited for the bucket (about ten seconds), not failed and retried.
  expect(Date.now() - started).toBeGreaterThan(3_000);
}, 90_000);

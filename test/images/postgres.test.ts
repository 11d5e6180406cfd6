/**
 * Pictures on PostgreSQL: the `images` table and a /content/images job through pg-boss (the queue
 * PostgreSQL uses), on a database of the test's own: the job completes, the entity links the picture, the
 * same picture drawn again is one stored picture, and /images/{id} serves it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { call } from '../narrative/support.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-images-pg-'));
let database: TestDatabase;
let server: RunningServer;

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({
    env: { DATABASE_URL: database.url },
    overrides: {
      'server.port': 0,
      'images.dir': join(dir, 'images'),
      'narrative.workers_in_serve': true,
      'narrative.worker_idle_ms': 50,
    },
  });
  server = await startServer(config, createLogger('silent'));
}, 120_000);

afterAll(async () => {
  await server?.close().catch(() => {});
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

it('draws a picture job through pg-boss and links it from the entity', async () => {
  const world = await call(server.url, 'POST', '/worlds', { name: 'Greyhaven' });
  const place = await call(server.url, 'POST', `/worlds/${world.body.id}/entities`, {
    type: 'location',
    name: 'The Drowned Abbey',
    description: 'A flooded abbey on a tidal island.',
  });
  const queued = await call(server.url, 'POST', '/content/images', {
    entity_id: place.body.id,
    size: '96x96',
  });
  expect(queued.status, JSON.stringify(queued.body)).toBe(202);
  const deadline = Date.now() + 90_000;
  let job = queued.body;
  while (job.status !== 'succeeded' && job.status !== 'failed' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    job = (await call(server.url, 'GET', `/jobs/${queued.body.id}`)).body;
  }
  expect(job.status, JSON.stringify(job)).toBe('succeeded');
  expect(job.result.kind).toBe('map');
  const id = job.result.image.id;
  const entity = (await call(server.url, 'GET', `/worlds/${world.body.id}/entities/${place.body.id}`)).body;
  expect(entity.attributes.image_id).toBe(id);

  // The same picture again (async: false): the same id, one stored picture, the record kept.
  const again = await call(server.url, 'POST', '/content/images', {
    entity_id: place.body.id,
    size: '96x96',
    async: false,
  });
  expect(again.status, JSON.stringify(again.body)).toBe(200);
  expect(again.body.image.id).toBe(id);
  const served = await fetch(`${server.url}/images/${id}`);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('image/png');
}, 150_000);

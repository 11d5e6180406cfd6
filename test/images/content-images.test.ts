/**
 * POST /content/images: a picture of an entity as a background job. A job queued by a server that runs
 * no workers is drawn by the next server on the same database (its task is in the maintenance queue);
 * the entity gets a version linking the picture, /images/{id} serves it, `image_generated` and
 * `content_job_completed` are published. Then: the theme's art style reaches the prompt, `async: false`
 * answers at once, a stored picture is restyled (image-to-image), and bad ids are 404s.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { call } from '../narrative/support.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-content-images-'));
const servers: RunningServer[] = [];

async function start(workers: boolean): Promise<RunningServer> {
  const config = loadConfig({
    env: {},
    overrides: {
      'server.port': 0,
      'database.sqlite_path': join(dir, 'loremaster.db'),
      'narrative.workers_in_serve': workers,
      'narrative.worker_idle_ms': 50,
    },
  });
  const server = await startServer(config, createLogger('silent'));
  servers.push(server);
  return server;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function finished(base: string, jobId: string) {
  const deadline = Date.now() + 60_000;
  let job = (await call(base, 'GET', `/jobs/${jobId}`)).body;
  while (job.status !== 'succeeded' && job.status !== 'failed' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = (await call(base, 'GET', `/jobs/${jobId}`)).body;
  }
  return job;
}

afterAll(async () => {
  for (const server of servers) await server.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

it('a picture job queued before a restart is drawn after it and linked from the entity', async () => {
  const first = await start(false);
  const world = await call(first.url, 'POST', '/worlds', { name: 'Fenwatch' });
  const theme = await call(first.url, 'POST', '/themes', {
    name: 'Fen Gothic',
    art_style: 'woodcut print, muted greens',
  });
  await call(first.url, 'POST', `/themes/${theme.body.id}/attach`, { world_id: world.body.id });
  const npc = await call(first.url, 'POST', `/worlds/${world.body.id}/entities`, {
    type: 'character',
    name: 'Maeve Rusk',
    description: 'A grey-eyed ferrywoman with a scar across her chin.',
    attributes: { occupation: 'ferrywoman' },
  });
  expect(npc.status, JSON.stringify(npc.body)).toBe(201);
  const queued = await call(first.url, 'POST', '/content/images', {
    entity_id: npc.body.id,
    size: '128x128',
  });
  expect(queued.status, JSON.stringify(queued.body)).toBe(202);
  expect(queued.body).toMatchObject({
    object: 'content.job',
    type: 'image',
    status: 'queued',
    world_id: world.body.id,
  });
  await first.close();

  const second = await start(true);
  const job = await finished(second.url, queued.body.id);
  expect(job.status, JSON.stringify(job)).toBe('succeeded');
  expect(job.result).toMatchObject({
    object: 'content.image',
    kind: 'portrait',
    provider: 'offline',
    entity: { id: npc.body.id, version: 2 },
  });
  expect(job.result.prompt).toContain('Portrait of Maeve Rusk: A grey-eyed ferrywoman');
  expect(job.result.prompt).toContain('Art style: woodcut print, muted greens');

  const imageId = job.result.image.id;
  const entity = (await call(second.url, 'GET', `/worlds/${world.body.id}/entities/${npc.body.id}`)).body;
  expect(entity.version).toBe(2);
  expect(entity.changed_by).toBe('content:images');
  expect(entity.attributes).toMatchObject({
    occupation: 'ferrywoman',
    image_id: imageId,
    image_url: `/images/${imageId}`,
    image_ids: imageId,
  });
  const served = await fetch(`${second.url}/images/${imageId}`);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('image/png');
  expect(sha256(Buffer.from(await served.arrayBuffer()))).toBe(imageId);

  const events = await call(
    second.url,
    'GET',
    `/llm/events?types=image_generated,content_job_completed&limit=100`,
  );
  const text = JSON.stringify(events.body);
  expect(text).toContain(imageId);
  expect(text).toContain(queued.body.id);

  // A faction gets heraldry, at once with async: false; a second picture keeps the first in image_ids.
  const faction = await call(second.url, 'POST', `/worlds/${world.body.id}/entities`, {
    type: 'faction',
    name: 'The Reed Wardens',
  });
  const crest = await call(second.url, 'POST', '/content/images', {
    entity_id: faction.body.id,
    world_id: world.body.id,
    async: false,
    size: '96x96',
  });
  expect(crest.status, JSON.stringify(crest.body)).toBe(200);
  expect(crest.body).toMatchObject({ kind: 'heraldry', entity: { version: 2 } });
  const again = await call(second.url, 'POST', '/content/images', {
    entity_id: faction.body.id,
    async: false,
    size: '96x96',
    seed: 3,
  });
  expect(again.body.image.id).not.toBe(crest.body.image.id);
  const linked = (await call(second.url, 'GET', `/worlds/${world.body.id}/entities/${faction.body.id}`)).body;
  expect(linked.attributes.image_ids).toBe(`${again.body.image.id},${crest.body.image.id}`);

  // Image-to-image: the portrait restyled from its stored picture (the same request without the source
  // would draw the very same portrait again).
  const restyled = await call(second.url, 'POST', '/content/images', {
    entity_id: npc.body.id,
    async: false,
    size: '128x128',
    source_image_id: imageId,
    strength: 0.8,
  });
  expect(restyled.status, JSON.stringify(restyled.body)).toBe(200);
  expect(restyled.body.image.id).not.toBe(imageId);

  // Wrong ids are 404s in the error shape, and nothing is queued for them.
  const missing = await call(second.url, 'POST', '/content/images', { entity_id: 'nobody' });
  expect(missing.status).toBe(404);
  expect(missing.body.error.type).toBeDefined();
  const otherWorld = await call(second.url, 'POST', '/content/images', {
    entity_id: npc.body.id,
    world_id: 'another-world',
  });
  expect(otherWorld.status).toBe(404);
  expect(otherWorld.body.error).toMatchObject({ code: 'entity_not_found', param: 'entity_id' });
  const noSource = await call(second.url, 'POST', '/content/images', {
    entity_id: npc.body.id,
    source_image_id: 'f'.repeat(64),
  });
  expect(noSource.status).toBe(404);
  expect(noSource.body.error).toMatchObject({ code: 'image_not_found', param: 'source_image_id' });
  const strengthAlone = await call(second.url, 'POST', '/content/images', {
    entity_id: npc.body.id,
    strength: 0.5,
  });
  expect(strengthAlone.status).toBe(400);
  expect(strengthAlone.body.error.param).toBe('strength');
}, 120_000);

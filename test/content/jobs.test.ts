/**
 * Background content jobs survive a restart: a job queued by a server that runs no workers is done by the
 * next server on the same database (its task is in the maintenance queue). Then a theme attached to the
 * world is re-applied to the content saved there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { call } from '../narrative/support.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-content-jobs-'));
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

afterAll(async () => {
  for (const server of servers) await server.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

it('a job queued before a restart is done after it, and its theme is re-applied later', async () => {
  const first = await start(false);
  const world = await call(first.url, 'POST', '/worlds', { name: 'Fenwatch' });
  const queued = await call(first.url, 'POST', '/content/npc', {
    async: true,
    world_id: world.body.id,
    occupation: 'ferryman',
  });
  expect(queued.status).toBe(202);
  expect(queued.body).toMatchObject({ object: 'content.job', type: 'npc', status: 'queued', result: null });
  const jobId = queued.body.id;
  expect((await call(first.url, 'GET', `/jobs/${jobId}`)).body.status).toBe('queued');
  await first.close();

  const second = await start(true);
  const deadline = Date.now() + 60_000;
  let job = (await call(second.url, 'GET', `/jobs/${jobId}`)).body;
  while (job.status !== 'succeeded' && job.status !== 'failed' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = (await call(second.url, 'GET', `/jobs/${jobId}`)).body;
  }
  expect(job.status, JSON.stringify(job)).toBe('succeeded');
  expect(job.attempts).toBe(1);
  expect(job.result.validation.valid).toBe(true);
  expect(job.result.content.occupation).toBe('ferryman');
  const entityId = job.result.entities[0].id;
  expect((await call(second.url, 'GET', `/worlds/${world.body.id}/entities/${entityId}`)).body.version).toBe(
    1,
  );

  // The world's new theme bans the NPC's trade: the saved NPC gets a version without it.
  const theme = await call(second.url, 'POST', '/themes', { name: 'No Boats', banned_words: ['ferryman'] });
  const attached = await call(second.url, 'POST', `/themes/${theme.body.id}/attach`, {
    world_id: world.body.id,
  });
  expect(attached.status).toBe(200);
  const entity = (await call(second.url, 'GET', `/worlds/${world.body.id}/entities/${entityId}`)).body;
  expect(entity.version).toBe(2);
  expect(entity.changed_by).toBe('content:theme');
  expect(`${entity.description} ${entity.note}`).not.toMatch(/ferryman/i);

  const missing = await call(second.url, 'GET', '/jobs/job_nothing');
  expect(missing.status).toBe(404);
  expect(missing.body.error.code).toBe('job_not_found');
}, 180_000);

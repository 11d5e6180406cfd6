/**
 * `loremaster worker` runs the background loops `serve` runs besides the maintenance roles: a server
 * with its own background work off (`narrative.workers_in_serve: false`) leaves a batch queued and a
 * webhook delivery undelivered and a content job queued; a real worker process on the same PostgreSQL
 * database completes the batch and the job and sends the deliveries (the server's `llm.response` and the worker's own `batch.completed`),
 * logs its model calls to the call log, then stops cleanly on SIGTERM.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { WebhookReceiver } from '../events/webhook-receiver.js';
import { call } from '../narrative/support.js';
import { type CliProcess, spawnCli } from '../support/cli-process.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const config = {
  narrative: { workers_in_serve: false, worker_idle_ms: 100 },
  events: {
    log: { flush_interval_ms: 20 },
    webhooks: { allowed_hosts: ['127.0.0.1'], poll_ms: 50, retry_base_ms: 20, retry_cap_ms: 200 },
  },
};

const dir = mkdtempSync(join(tmpdir(), 'loremaster-worker-loops-'));
let database: TestDatabase;
let server: TestServer;
let receiver: WebhookReceiver;
let worker: CliProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startLoremaster({ env: { DATABASE_URL: database.url }, config });
  receiver = await new WebhookReceiver().start();
});

afterAll(async () => {
  await worker?.stop('SIGKILL');
  await server?.stop();
  await receiver?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('loremaster worker runs webhook deliveries, batches, content and image jobs', () => {
  it('completes what a server without background work left: a batch, a content job and webhook deliveries', async () => {
    const hook = await call(server.url, 'POST', '/llm/webhooks', {
      url: receiver.url,
      types: ['llm.response', 'batch.completed'],
    });
    expect(hook.status).toBe(201);
    const chat = await call(server.url, 'POST', '/v1/chat/completions', {
      model: 'offline',
      messages: [{ role: 'user', content: 'The ferryman waits.' }],
    });
    expect(chat.status).toBe(200);
    const batch = await call(server.url, 'POST', '/llm/batch', {
      items: [{ messages: [{ role: 'user', content: 'Name a tavern.' }] }],
    });
    expect(batch.status).toBe(202);
    const batchId = batch.body.id;
    const world = await call(server.url, 'POST', '/worlds', { name: 'Fenwatch' });
    const job = await call(server.url, 'POST', '/content/npc', {
      async: true,
      world_id: world.body.id,
      occupation: 'ferryman',
    });
    expect(job.status).toBe(202);
    const jobId = job.body.id;

    // The server runs neither: after a while the batch is still queued and nothing was delivered.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await call(server.url, 'GET', `/llm/batch/${batchId}`)).body.status).not.toBe('completed');
    expect(receiver.received).toHaveLength(0);
    expect((await call(server.url, 'GET', `/jobs/${jobId}`)).body.status).toBe('queued');

    const file = join(dir, 'loremaster.yaml');
    writeFileSync(file, stringify(config));
    worker = spawnCli(['-c', file, 'worker'], { DATABASE_URL: database.url });
    await worker.waitForOutput(/Loremaster worker running/, 60_000);
    expect(worker.output()).toMatch(/webhook deliveries, batches, content and image jobs/);

    await receiver.until(
      (r) =>
        r.received.some((d) => d.event.type === 'llm.response') &&
        r.received.some((d) => d.event.type === 'batch.completed' && d.event.data.batch_id === batchId),
      'the llm.response and batch.completed deliveries',
      60_000,
    );
    const done = (await call(server.url, 'GET', `/llm/batch/${batchId}`)).body;
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ total: 1, succeeded: 1 });
    // The content job too, written through the same store the server reads.
    const deadline = Date.now() + 60_000;
    let content = (await call(server.url, 'GET', `/jobs/${jobId}`)).body;
    while (content.status !== 'succeeded' && content.status !== 'failed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      content = (await call(server.url, 'GET', `/jobs/${jobId}`)).body;
    }
    expect(content.status, JSON.stringify(content)).toBe('succeeded');
    expect(content.result.content.occupation).toBe('ferryman');
    // Each event delivered once.
    const ids = receiver.received.map((d) => d.event.id);
    expect(new Set(ids).size).toBe(ids.length);
    const deliveries = await call(server.url, 'GET', `/llm/webhooks/${hook.body.id}/deliveries`);
    expect(deliveries.body.data.every((d: { status: string }) => d.status === 'delivered')).toBe(true);

    expect(await worker.stop('SIGTERM', 20_000)).toBe(0);
    // The worker's model calls go to the call log as the server's do (written as it stopped): the
    // content job's prompt run once, under the id its result names.
    const logged = (await server.store.calls.list({ limit: 500 })).filter(
      (row) => row.id === content.result.call_id,
    );
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ call_type: 'prompt', status: 'ok', provider: 'offline' });
    expect(logged[0]?.prompt_id).toEqual(expect.any(String));
  });
});

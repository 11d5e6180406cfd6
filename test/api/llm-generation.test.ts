/**
 * The generation endpoints (issue 12, point 5) on a real server: POST /llm/generate (a prompt by name
 * with world context, or messages; JSON and SSE), POST /llm/batch and GET /llm/batch/{id} (background,
 * LOW priority, each item's result or error, batch.completed; a batch queued before a restart is run
 * after it; on PostgreSQL through pg-boss), GET /llm/status, /ws/llm/stream with a real WebSocket client (deltas; a cancel aborts the
 * fake upstream's stream), and the call id every model answer carries, which POST /llm/feedback takes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Servers answer turns and generations on a loaded 2-core machine: a minute per test, not 20 s.
vi.setConfig({ testTimeout: 60_000 });

import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { EventSocket } from '../events/socket-client.js';
import { call, type Json } from '../narrative/support.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { VENDOR_KEYS, vendorProviders } from '../support/vendors.js';

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      expect.fail(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 1_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An SSE body as its events: [{event, data}]. */
function sseEvents(text: string): Array<{ event: string; data: string }> {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim())
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      return { event, data };
    });
}

describe('generation endpoints (offline)', () => {
  let server: TestServer;
  let worldId: string;
  let sessionId: string;

  beforeAll(async () => {
    server = await startLoremaster({ config: { llm: { batch: { max_items: 5, concurrency: 2 } } } });
    worldId = (
      await call(server.url, 'POST', '/worlds', {
        name: 'Eldhollow',
        description: 'A valley of bells.',
        settings: { theme: { genre: 'fantasy', tone: 'wistful' } },
      })
    ).body.id;
    sessionId = (
      await call(server.url, 'POST', `/worlds/${worldId}/sessions`, {
        metadata: { state: { location: 'The Gilded Stag' }, notes: ['The bell tolls at midnight'] },
      })
    ).body.id;
  }, 120_000);
  afterAll(async () => server?.stop());

  const feedback = (callId: string) =>
    call(server.url, 'POST', '/llm/feedback', { call_id: callId, thumbs: 'up' });

  it('POST /llm/generate: messages with world and session context; the call id in body and header', async () => {
    const response = await fetch(`${server.url}/llm/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [{ role: 'user', content: 'Describe the tavern.' }],
        role: 'generation',
        session_id: sessionId,
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json['body'];
    expect(body).toMatchObject({ object: 'llm.generation', provider: 'offline', finish_reason: 'stop' });
    expect(body.text.length).toBeGreaterThan(0);
    expect(body.usage.total_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-loremaster-call-id')).toBe(body.call_id);
    const rated = await feedback(body.call_id);
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({ object: 'feedback', call_id: body.call_id, rating: 5 });
  });

  it('POST /llm/generate: a prompt by name, its variables filled from the world', async () => {
    const generated = await call(server.url, 'POST', '/llm/generate', {
      prompt: 'rumor',
      variables: { about: 'the drowned bell', truth: 'false' },
      world_id: worldId,
    });
    expect(generated.status, JSON.stringify(generated.body)).toBe(200);
    expect(generated.body.prompt).toMatchObject({ name: 'rumor', version: expect.any(Number) });
    expect(generated.body.text.length).toBeGreaterThan(0);
    // world_name came from the world: without it the template's required variable is missing.
    const bare = await call(server.url, 'POST', '/llm/generate', {
      prompt: 'rumor',
      variables: { about: 'x' },
    });
    expect(bare.status).toBe(400);
    expect(JSON.stringify(bare.body.error)).toMatch(/world_name/);
  });

  it('POST /llm/generate refuses what it cannot honour, naming the field', async () => {
    const both = await call(server.url, 'POST', '/llm/generate', {
      prompt: 'rumor',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(both.status).toBe(400);
    expect(both.body.error.param).toBe('prompt');
    const roleAndModel = await call(server.url, 'POST', '/llm/generate', {
      messages: [{ role: 'user', content: 'hi' }],
      role: 'generation',
      model: 'offline',
    });
    expect(roleAndModel.body.error.param).toBe('model');
    const unknown = await call(server.url, 'POST', '/llm/generate', {
      messages: [{ role: 'user', content: 'hi' }],
      top_k: 3,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/top_k/);
    const noWorld = await call(server.url, 'POST', '/llm/generate', {
      messages: [{ role: 'user', content: 'hi' }],
      world_id: 'nope',
    });
    expect(noWorld.status).toBe(404);
    expect(noWorld.body.error).toMatchObject({ param: 'world_id', code: 'world_not_found' });
    const noPrompt = await call(server.url, 'POST', '/llm/generate', { prompt: 'no-such-prompt' });
    expect(noPrompt.status).toBe(404);
    expect(noPrompt.body.error).toMatchObject({ param: 'prompt', code: 'prompt_not_found' });
    const noModel = await call(server.url, 'POST', '/llm/generate', {
      messages: [{ role: 'user', content: 'hi' }],
      model: 'nowhere/none',
    });
    expect(noModel.status).toBe(404);
    expect(noModel.body.error.param).toBe('model');
  });

  it('POST /llm/generate with "stream": true answers over SSE: start, deltas, done, [DONE]', async () => {
    const response = await fetch(`${server.url}/llm/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Sing of the valley.' }], stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = sseEvents(await response.text());
    expect(events[0]?.event).toBe('start');
    const start = JSON.parse(events[0]?.data ?? '{}');
    expect(response.headers.get('x-loremaster-call-id')).toBe(start.call_id);
    const deltas = events
      .filter((event) => event.event === 'delta')
      .map((event) => JSON.parse(event.data).text);
    expect(deltas.length).toBeGreaterThan(1);
    const done = JSON.parse(events.find((event) => event.event === 'done')?.data ?? '{}');
    expect(done).toMatchObject({ object: 'llm.generation', call_id: start.call_id, text: deltas.join('') });
    expect(events.at(-1)?.data).toBe('[DONE]');
  });

  it('every model answer carries its call id, and POST /llm/feedback takes each of them', async () => {
    const chat = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'offline', messages: [{ role: 'user', content: 'Hello there.' }] }),
    });
    const chatBody = (await chat.json()) as Json['body'];
    expect(chatBody.call_id).toEqual(expect.any(String));
    expect(chat.headers.get('x-loremaster-call-id')).toBe(chatBody.call_id);

    const turn = await fetch(`${server.url}/sessions/${sessionId}/turns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'I ring the bell.' }),
    });
    const turnBody = (await turn.json()) as Json['body'];
    expect(turn.headers.get('x-loremaster-call-id')).toBe(turnBody.call_id);

    const conversation = (await call(server.url, 'POST', '/llm/conversation', { title: 'Bells' })).body.id;
    const message = await fetch(`${server.url}/llm/conversation/${conversation}/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'Who rings the bell?' }),
    });
    const messageBody = (await message.json()) as Json['body'];
    expect(message.headers.get('x-loremaster-call-id')).toBe(messageBody.call_id);

    const ids = [chatBody.call_id, turnBody.call_id, messageBody.call_id];
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) {
      const rated = await feedback(id);
      expect(rated.status, `${id}: ${JSON.stringify(rated.body)}`).toBe(201);
      expect(rated.body.call_id).toBe(id);
    }
    // The call log knows each call once, by that id.
    await server.store.callLog.flush();
    for (const id of ids) expect((await server.store.calls.get(id))?.status).toBe('ok');
    expect((await feedback('no-such-call')).status).toBe(404);
  });

  it('POST /llm/batch runs in the background: progress, each item’s result or error, batch.completed', async () => {
    const submitted = await call(server.url, 'POST', '/llm/batch', {
      items: [
        { prompt: 'rumor', variables: { about: 'the mill' }, world_id: worldId },
        { messages: [{ role: 'user', content: 'Name a sword.' }] },
        { prompt: 'no-such-prompt' },
      ],
      metadata: { purpose: 'tavern rumors' },
    });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({
      object: 'llm.batch',
      progress: { total: 3 },
      metadata: { purpose: 'tavern rumors' },
    });
    const id = submitted.body.id;
    const done = await until(
      async () => (await call(server.url, 'GET', `/llm/batch/${id}`)).body,
      (batch) => batch.status === 'completed',
      'the batch to complete',
    );
    expect(done.progress).toEqual({ total: 3, done: 3, succeeded: 2, failed: 1, pending: 0 });
    expect(done.finished_at).toEqual(expect.any(String));
    const [rumor, sword, missing] = done.items;
    expect(rumor).toMatchObject({
      index: 0,
      status: 'succeeded',
      result: { object: 'llm.generation', prompt: { name: 'rumor' } },
    });
    expect(rumor.call_id).toBe(rumor.result.call_id);
    expect(sword).toMatchObject({ index: 1, status: 'succeeded' });
    expect(missing).toMatchObject({
      index: 2,
      status: 'failed',
      result: null,
      error: { code: 'prompt_not_found', param: 'prompt' },
    });
    expect((await feedback(sword.call_id)).status).toBe(201);

    const events = await until(
      async () => (await call(server.url, 'GET', '/llm/events?types=batch.completed')).body,
      (page) => page.data.some((event: Json['body']) => event.data.batch_id === id),
      'batch.completed',
      20_000,
    );
    const completed = events.data.find((event: Json['body']) => event.data.batch_id === id);
    expect(completed.data).toMatchObject({ total: 3, succeeded: 2, failed: 1 });

    expect((await call(server.url, 'GET', '/llm/batch/batch_nope')).status).toBe(404);
  });

  it('POST /llm/batch is bounded and checks every item before anything is queued', async () => {
    const item = { messages: [{ role: 'user', content: 'x' }] };
    const tooMany = await call(server.url, 'POST', '/llm/batch', {
      items: Array.from({ length: 6 }, () => item),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.param).toBe('items');
    expect(tooMany.body.error.message).toMatch(/at most 5/);
    const badItem = await call(server.url, 'POST', '/llm/batch', {
      items: [item, { messages: [], stream: true }],
    });
    expect(badItem.status).toBe(400);
    expect(badItem.body.error.param).toMatch(/^items\.1/);
  });

  it('GET /llm/status: roles, providers, queues, cache hit rate and budgets in one document', async () => {
    const status = await call(server.url, 'GET', '/llm/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      object: 'llm.status',
      roles: { generation: { provider: 'offline' }, analysis: { provider: 'offline' } },
      providers: { offline: { type: 'offline', status: 'ok', circuit: 'closed' } },
      queues: {
        gateway: { high: expect.any(Number), medium: expect.any(Number), low: expect.any(Number) },
        maintenance: { backend: 'table', pending: expect.any(Number), failed: expect.any(Number) },
      },
      cache: { hits: expect.any(Number), misses: expect.any(Number) },
      budgets: expect.any(Array),
    });
    expect(JSON.stringify(status.body).length).toBeLessThan(8_000);
  });

  it('/ws/llm/stream: generate over a WebSocket, deltas then done; bad messages name their field', async () => {
    const socket = await EventSocket.open(`${server.url.replace('http', 'ws')}/ws/llm/stream`);
    try {
      socket.socket.send(
        JSON.stringify({ type: 'generate', id: 'g1', messages: [{ role: 'user', content: 'A toast!' }] }),
      );
      await socket.until((client) => client.messages.some((m) => m.type === 'done' && m.id === 'g1'), 'done');
      const mine = socket.messages.filter((message) => message.id === 'g1');
      expect(mine[0]).toMatchObject({ type: 'start', call_id: expect.any(String), provider: 'offline' });
      const text = mine
        .filter((m) => m.type === 'delta')
        .map((m) => m.text)
        .join('');
      const done = mine.find((m) => m.type === 'done');
      expect(done.generation).toMatchObject({ call_id: mine[0].call_id, text });
      expect((await feedback(done.generation.call_id)).status).toBe(201);

      socket.socket.send(
        JSON.stringify({ type: 'generate', id: 'g2', messages: [{ role: 'user', content: 'x' }], top_p: 1 }),
      );
      socket.socket.send(JSON.stringify({ type: 'cancel', id: 'nothing-running' }));
      socket.socket.send('{not json');
      await socket.until(
        (client) => client.messages.filter((m) => m.type === 'error').length >= 3,
        'three errors',
      );
      const errors = socket.messages.filter((m) => m.type === 'error');
      expect(errors[0]).toMatchObject({ id: 'g2', error: { param: 'top_p', code: 'invalid_message' } });
      expect(errors[1]).toMatchObject({ id: 'nothing-running', error: { code: 'generation_not_found' } });
      expect(errors[2].error.code).toBe('invalid_json');
    } finally {
      socket.close();
    }
  });
});

describe('/ws/llm/stream through a vendor: a cancel aborts the upstream call', () => {
  let fake: FakeUpstream;
  let server: TestServer;

  beforeAll(async () => {
    // About 10 s of answer at 5 tokens a second: only a cancel ends it early.
    fake = await startFakeUpstream({ tokensPerSecond: 5, answerWords: 50 });
    server = await startLoremaster({
      env: VENDOR_KEYS,
      config: { providers: vendorProviders(fake.url, 30_000), gateway: { cache: { enabled: false } } },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  it('cancel mid-way: the client hears `cancelled` and the fake upstream sees its stream abandoned', async () => {
    const socket = await EventSocket.open(`${server.url.replace('http', 'ws')}/ws/llm/stream`);
    try {
      socket.socket.send(
        JSON.stringify({
          type: 'generate',
          id: 'long',
          model: 'openai/gpt-4o-mini',
          messages: [{ role: 'user', content: 'A long tale' }],
        }),
      );
      await socket.until((client) => client.messages.some((m) => m.type === 'delta'), 'a first delta');
      expect(fake.stats().streamsAbandoned).toBe(0);
      socket.socket.send(JSON.stringify({ type: 'cancel', id: 'long' }));
      await socket.until(
        (client) => client.messages.some((m) => m.type === 'cancelled' && m.id === 'long'),
        'cancelled',
      );
      await until(
        async () => fake.stats().streamsAbandoned,
        (n) => n === 1,
        'the upstream stream to be abandoned',
        15_000,
      );
      expect(socket.messages.some((m) => m.type === 'done')).toBe(false);
    } finally {
      socket.close();
    }
  });
});

describe('a batch survives a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loremaster-batch-'));
  const servers: RunningServer[] = [];
  const start = async (workers: boolean) => {
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
  };
  afterAll(async () => {
    for (const server of servers) await server.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('a batch queued by a server without workers is run by the next one on the same database', async () => {
    const first = await start(false);
    const submitted = await call(first.url, 'POST', '/llm/batch', {
      items: [
        { messages: [{ role: 'user', content: 'One.' }] },
        { messages: [{ role: 'user', content: 'Two.' }] },
      ],
    });
    expect(submitted.body).toMatchObject({ status: 'queued', progress: { pending: 2 } });
    await first.close();

    const second = await start(true);
    const done = await until(
      async () => (await call(second.url, 'GET', `/llm/batch/${submitted.body.id}`)).body,
      (batch) => batch.status === 'completed',
      'the batch to complete after the restart',
    );
    expect(done.progress).toMatchObject({ succeeded: 2, failed: 0 });
  }, 120_000);
});

describe('a batch on PostgreSQL (the pg-boss queue)', () => {
  let database: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startLoremaster({ env: { DATABASE_URL: database.url } });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('runs a batch queued as a RUN_BATCH task of pg-boss, each item answered once', async () => {
    const submitted = await call(server.url, 'POST', '/llm/batch', {
      items: Array.from({ length: 3 }, (_, index) => ({
        messages: [{ role: 'user', content: `Item ${index}.` }],
      })),
    });
    expect(submitted.status).toBe(202);
    const done = await until(
      async () => (await call(server.url, 'GET', `/llm/batch/${submitted.body.id}`)).body,
      (batch) => batch.status === 'completed',
      'the batch to complete on PostgreSQL',
    );
    expect(done.progress).toEqual({ total: 3, done: 3, succeeded: 3, failed: 0, pending: 0 });
    const status = await call(server.url, 'GET', '/llm/status');
    expect(status.body.queues.maintenance.backend).toBe('pg-boss');
  });
});

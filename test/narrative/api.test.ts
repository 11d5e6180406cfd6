/**
 * The narrative API over HTTP and WebSocket: worlds and entities (CRUD, names unique per world,
 * versions), sessions and turns (JSON, SSE, WebSocket), the tasks a turn queued and how each ended,
 * and the maintenance endpoints (queue status, triggers, dead letters and their retry).
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../src/config/logger.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { call, drained } from './support.js';

const entity = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 'character',
  name,
  description: `${name} keeps the ferry at Drowned Steps.`,
  ...extra,
});

describe('worlds and entities', () => {
  let server: TestServer;
  let worldId: string;

  beforeAll(async () => {
    server = await startLoremaster();
    const created = await call(server.url, 'POST', '/worlds', {
      name: 'Saltmarsh',
      description: 'A delta of reed towns.',
      settings: { theme: { genre: 'low fantasy', tone: 'quiet' } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'world',
      name: 'Saltmarsh',
      shared: false,
      entity_count: 0,
    });
    worldId = created.body.id;
  });

  afterAll(async () => server?.stop());

  it('lists and reads worlds; 404 for an unknown one; 400 names the bad field', async () => {
    const list = await call(server.url, 'GET', '/worlds');
    expect(list.body.data.map((world: { id: string }) => world.id)).toContain(worldId);
    const missing = await call(server.url, 'GET', '/worlds/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ type: 'not_found_error', code: 'world_not_found' });
    const bad = await call(server.url, 'POST', '/worlds', { name: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBeTruthy();
  });

  it('creates, reads, updates (a new version) and deletes entities', async () => {
    const created = await call(server.url, 'POST', `/worlds/${worldId}/entities`, {
      ...entity('Wenna Reedhand', { aliases: ['the Ferrywoman'], tags: ['Ferry'] }),
      note: 'Waits at the Steps at dusk.',
      attributes: { age: 52, trusted: true },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'character', version: 1, scope: 'canon', tags: ['ferry'] });
    const id = created.body.id;

    const place = await call(server.url, 'POST', `/worlds/${worldId}/entities`, {
      type: 'location',
      name: 'Drowned Steps',
      connections: [{ to: 'the ferrywoman', relation: 'is kept by' }],
    });
    expect(place.body.connections).toEqual([
      { entity_id: id, name: 'Wenna Reedhand', relation: 'is kept by' },
    ]);

    const patched = await call(server.url, 'PATCH', `/worlds/${worldId}/entities/${id}`, {
      note: 'Has gone upriver.',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      version: 2,
      note: 'Has gone upriver.',
      description: created.body.description,
    });
    const versions = await call(server.url, 'GET', `/worlds/${worldId}/entities/${id}/versions`);
    expect(versions.body.data.map((version: { version: number }) => version.version)).toEqual([1, 2]);
    // Each version carries the entity's fields as they were then (what a diff between two compares).
    expect(versions.body.data[0].data).toMatchObject({
      description: created.body.description,
      note: created.body.note,
    });
    expect(versions.body.data[1].data).toMatchObject({
      description: created.body.description,
      note: 'Has gone upriver.',
    });

    const listed = await call(server.url, 'GET', `/worlds/${worldId}/entities?type=location`);
    expect(listed.body.data.map((e: { name: string }) => e.name)).toEqual(['Drowned Steps']);

    // Findable by words at once (the embedding follows in the background).
    const found = await call(server.url, 'POST', `/worlds/${worldId}/search`, {
      q: 'who went upriver',
      k: 3,
    });
    expect(found.body.data[0].id).toBe(id);

    expect((await call(server.url, 'DELETE', `/worlds/${worldId}/entities/${id}`)).status).toBe(204);
    expect((await call(server.url, 'GET', `/worlds/${worldId}/entities/${id}`)).status).toBe(404);
    await drained(server.url);
    const gone = await call(server.url, 'POST', `/worlds/${worldId}/search`, {
      q: 'Wenna Reedhand ferry upriver',
      k: 5,
    });
    expect(gone.body.data.map((result: { id: string }) => result.id)).not.toContain(id);
  });

  it('refuses a second entity under a name or alias the world already has (409)', async () => {
    await call(
      server.url,
      'POST',
      `/worlds/${worldId}/entities`,
      entity('Osric Vane', { aliases: ['Grey Cloak'] }),
    );
    const same = await call(server.url, 'POST', `/worlds/${worldId}/entities`, entity('osric  vane'));
    expect(same.status).toBe(409);
    const alias = await call(server.url, 'POST', `/worlds/${worldId}/entities`, entity('The Grey Cloak'));
    expect(alias.status).toBe(409);
    expect(alias.body.error.code).toBe('entity_name_taken');
    // Another world may use the name.
    const other = await call(server.url, 'POST', '/worlds', { name: 'Elsewhere' });
    expect(
      (await call(server.url, 'POST', `/worlds/${other.body.id}/entities`, entity('Osric Vane'))).status,
    ).toBe(201);
  });

  it('rejects bad entities with the field named', async () => {
    const badType = await call(server.url, 'POST', `/worlds/${worldId}/entities`, {
      type: 'dragon',
      name: 'X',
    });
    expect(badType.status).toBe(400);
    expect(badType.body.error.param).toBe('type');
    const unknownField = await call(server.url, 'POST', `/worlds/${worldId}/entities`, {
      ...entity('Y'),
      id: 'mine',
    });
    expect(unknownField.status).toBe(400);
    const emptyPatch = await call(server.url, 'PATCH', `/worlds/${worldId}/entities/whatever`, {});
    expect(emptyPatch.status).toBe(400);
  });
});

describe('sessions and turns', () => {
  let server: TestServer;
  let worldId: string;
  let sessionId: string;

  beforeAll(async () => {
    // Workers off: what a turn leaves behind can be seen before anything runs it.
    server = await startLoremaster({
      config: { narrative: { workers_in_serve: false, simulation_every_turns: 2 } },
    });
    worldId = (
      await call(server.url, 'POST', '/worlds', {
        name: 'Saltmarsh',
        settings: { state: { location: 'Drowned Steps', time: 'dusk' }, player: { name: 'Ash' } },
      })
    ).body.id;
    await call(server.url, 'POST', `/worlds/${worldId}/entities`, entity('Wenna Reedhand'));
    await call(server.url, 'POST', `/worlds/${worldId}/entities`, {
      type: 'location',
      name: 'Drowned Steps',
    });
    sessionId = (
      await call(server.url, 'POST', `/worlds/${worldId}/sessions`, {
        metadata: { notes: ['Ash owes Wenna a coin.'] },
      })
    ).body.id;
  });

  afterAll(async () => server?.stop());

  it('answers a turn at once with narration and the embedded panel; analysis is only queued', async () => {
    const turn = await call(server.url, 'POST', `/sessions/${sessionId}/turns`, {
      input: 'I ask Wenna Reedhand for passage across.',
    });
    expect(turn.status).toBe(201);
    expect(turn.body).toMatchObject({
      object: 'turn',
      number: 1,
      session_id: sessionId,
      world_id: worldId,
      provider: 'offline',
    });
    expect(turn.body.narration.length).toBeGreaterThan(20);
    expect(turn.body.panel).toMatchObject({ location: 'Drowned Steps', time: 'dusk' });
    expect(turn.body.panel.visible_entities.map((e: { name: string }) => e.name)).toContain('Wenna Reedhand');
    expect(turn.body.panel.actions.length).toBeGreaterThan(0);
    expect(turn.body.lore.map((l: { title: string }) => l.title)).toContain('Wenna Reedhand');
    // Each piece of lore says why retrieval found it and how it scored.
    const wenna = turn.body.lore.find((l: { title: string }) => l.title === 'Wenna Reedhand');
    expect(wenna).toMatchObject({ found_by: expect.stringMatching(/^(lexical|vector|both)$/) });
    expect(wenna.reasons.length).toBeGreaterThan(0);
    expect(typeof wenna.score).toBe('number');
    const status = (await call(server.url, 'GET', '/maintenance/queue-status')).body;
    expect(status.by_type.ANALYZE_TURN.pending).toBe(1);
    expect(status.by_type.UPDATE_NOTE.pending + status.by_type.CREATE_ENTITY.pending).toBe(0);
    const session = await call(server.url, 'GET', `/sessions/${sessionId}`);
    expect(session.body.turns).toHaveLength(1);
    expect(session.body.turns[0]).toMatchObject({ number: 1, analysed: false });
  });

  it('streams a turn over SSE: deltas, then the whole turn, then [DONE]', async () => {
    const response = await fetch(`${server.url}/sessions/${sessionId}/turns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'I step onto the ferry.', stream: true }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    const events = text.split('\n\n').filter(Boolean);
    const deltas = events.filter((event) => event.startsWith('event: delta'));
    expect(deltas.length).toBeGreaterThan(0);
    const final = events.find((event) => event.startsWith('event: turn')) as string;
    const turn = JSON.parse(final.split('data: ')[1] as string);
    expect(turn.number).toBe(2);
    const streamed = deltas.map((event) => JSON.parse(event.split('data: ')[1] as string).text).join('');
    expect(streamed.trim().startsWith(turn.narration.slice(0, 30))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    // The second turn of the world queued a simulation (every 2 turns).
    const status = (await call(server.url, 'GET', '/maintenance/queue-status')).body;
    expect(status.by_type.SIMULATE_WORLD.pending).toBe(1);
  });

  it('plays turns over the WebSocket, in order, and answers bad messages with an error', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/llm/conversation`);
    const messages: Array<Record<string, unknown>> = [];
    const done = new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        messages.push(message);
        if (message.type === 'turn' && message.id === 'b') resolve();
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error('no answer over the socket in 20 s')), 20_000).unref();
    });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send('not json');
    socket.send(JSON.stringify({ type: 'ping' }));
    socket.send(JSON.stringify({ type: 'turn', session_id: 'missing', input: 'hello', id: 'x' }));
    socket.send(JSON.stringify({ type: 'turn', session_id: sessionId, input: 'I wave to Wenna.', id: 'a' }));
    socket.send(JSON.stringify({ type: 'turn', session_id: sessionId, input: 'I sit down.', id: 'b' }));
    await done;
    socket.close();
    expect(messages[0]).toMatchObject({ type: 'error', error: { code: 'invalid_json' } });
    expect(messages).toContainEqual({ type: 'pong' });
    expect(messages.find((m) => m.id === 'x')).toMatchObject({
      type: 'error',
      error: { code: 'session_not_found' },
    });
    const turns = messages.filter((m) => m.type === 'turn') as Array<{
      id: string;
      turn: { number: number };
    }>;
    expect(turns.map((t) => [t.id, t.turn.number])).toEqual([
      ['a', 3],
      ['b', 4],
    ]);
    expect(messages.some((m) => m.type === 'delta' && m.id === 'a')).toBe(true);
  });

  it('404 for an unknown session, 400 for an empty input', async () => {
    expect((await call(server.url, 'POST', '/sessions/nope/turns', { input: 'hi' })).status).toBe(404);
    const empty = await call(server.url, 'POST', `/sessions/${sessionId}/turns`, { input: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.param).toBe('input');
  });
});

describe('the tasks a turn queued', () => {
  let server: TestServer;
  let worldId: string;
  let sessionId: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    // Offline models, workers in the server, a simulation every turn. The world's one character is
    // named by the turn, so the simulation finds nobody off-scene and skips, saying so.
    server = await startLoremaster({
      logger: createLogger('info', sink),
      config: { narrative: { simulation_every_turns: 1 } },
    });
    worldId = (
      await call(server.url, 'POST', '/worlds', {
        name: 'Saltmarsh',
        settings: { state: { location: 'Drowned Steps', time: 'dusk' } },
      })
    ).body.id;
    await call(server.url, 'POST', `/worlds/${worldId}/entities`, entity('Wenna Reedhand'));
    await call(server.url, 'POST', `/worlds/${worldId}/entities`, {
      type: 'location',
      name: 'Drowned Steps',
    });
    sessionId = (await call(server.url, 'POST', `/worlds/${worldId}/sessions`, {})).body.id;
  }, 60_000);

  afterAll(async () => server?.stop());

  it("lists a played turn's analysis, simulation and follow-ups, each finished with its outcome", async () => {
    const turn = await call(server.url, 'POST', `/sessions/${sessionId}/turns`, {
      input: 'I ask Wenna Reedhand for passage across; she says the ferry rope is fraying.',
    });
    expect(turn.status).toBe(201);
    await drained(server.url);

    const listed = await call(server.url, 'GET', `/sessions/${sessionId}/turns/1/tasks`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      object: 'list',
      session_id: sessionId,
      turn_id: turn.body.id,
      turn_number: 1,
    });
    const tasks: Array<Record<string, unknown>> = listed.body.data;
    const types = tasks.map((task) => task.type);
    // The turn's own tasks first, in the order it queued them; then what they queued.
    expect(types.slice(0, 2)).toEqual(['ANALYZE_TURN', 'SIMULATE_WORLD']);
    expect(types).toContain('UPDATE_NOTE');
    expect(types).toContain('EMBED_DOCUMENTS');
    for (const task of tasks) {
      expect(task).toMatchObject({
        object: 'maintenance.task',
        state: 'completed',
        error: null,
        attempts: 1,
      });
      expect(['done', 'already-done', 'skipped']).toContain(task.outcome);
      expect(Date.parse(task.finished_at as string)).toBeGreaterThanOrEqual(
        Date.parse(task.created_at as string) - 1_000,
      );
    }
    expect(tasks[0]).toMatchObject({ outcome: 'done', detail: expect.stringMatching(/\d+ updates/) });
    expect(tasks[1]).toMatchObject({ outcome: 'skipped', detail: 'no off-scene characters' });

    // The skip is also an event and an info line, with its reason.
    const events = await call(
      server.url,
      'GET',
      `/llm/events?types=maintenance.task_skipped&session_id=${sessionId}`,
    );
    expect(events.body.data).toEqual([
      expect.objectContaining({
        type: 'maintenance.task_skipped',
        session_id: sessionId,
        data: {
          task_id: tasks[1]!.id,
          task_type: 'SIMULATE_WORLD',
          turn_id: turn.body.id,
          reason: 'no off-scene characters',
        },
      }),
    ]);
    const logged = logLines
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'maintenance task skipped');
    expect(logged).toEqual([
      expect.objectContaining({
        level: 30,
        task: tasks[1]!.id,
        type: 'SIMULATE_WORLD',
        reason: 'no off-scene characters',
      }),
    ]);

    // Bounded by `limit`; another turn's tasks are its own.
    const first = await call(server.url, 'GET', `/sessions/${sessionId}/turns/1/tasks?limit=1`);
    expect(first.body.data.map((task: { id: string }) => task.id)).toEqual([tasks[0]!.id]);
    await call(server.url, 'POST', `/sessions/${sessionId}/turns`, { input: 'I wait by the Drowned Steps.' });
    await drained(server.url);
    const second = (await call(server.url, 'GET', `/sessions/${sessionId}/turns/2/tasks`)).body.data;
    expect(second[0]).toMatchObject({ type: 'ANALYZE_TURN', state: 'completed' });
    const firstIds = new Set(tasks.map((task) => task.id));
    expect(second.some((task: { id: string }) => firstIds.has(task.id))).toBe(false);
  });

  it('404 in the error shape for an unknown session or turn; 400 names a bad number or limit', async () => {
    const noSession = await call(server.url, 'GET', '/sessions/nope/turns/1/tasks');
    expect(noSession.status).toBe(404);
    expect(noSession.body.error).toMatchObject({ type: 'not_found_error', code: 'session_not_found' });
    const noTurn = await call(server.url, 'GET', `/sessions/${sessionId}/turns/99/tasks`);
    expect(noTurn.status).toBe(404);
    expect(noTurn.body.error).toMatchObject({ type: 'not_found_error', code: 'turn_not_found' });
    const badNumber = await call(server.url, 'GET', `/sessions/${sessionId}/turns/zero/tasks`);
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.error.param).toMatch(/number/);
    const badLimit = await call(server.url, 'GET', `/sessions/${sessionId}/turns/1/tasks?limit=501`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.param).toMatch(/limit/);
  });
});

describe('maintenance endpoints', () => {
  let server: TestServer;
  let sessionId: string;
  let worldId: string;

  beforeAll(async () => {
    // The analysis role answers with an echo (never JSON): its tasks end dead-lettered.
    server = await startLoremaster({
      config: {
        providers: { offline: { type: 'offline' }, echo: { type: 'mock' } },
        roles: { analysis: { provider: 'echo', max_tokens: 200, temperature: 0 } },
        jobs: { retry_base_ms: 1, retry_cap_ms: 5 },
        narrative: { simulation_every_turns: 0 },
      },
    });
    worldId = (await call(server.url, 'POST', '/worlds', { name: 'Saltmarsh' })).body.id;
    await call(server.url, 'POST', `/worlds/${worldId}/entities`, entity('Wenna Reedhand'));
    sessionId = (await call(server.url, 'POST', `/worlds/${worldId}/sessions`, {})).body.id;
  });

  afterAll(async () => server?.stop());

  it('dead-letters invalid analysis output with the raw text, lists it and retries it', async () => {
    await call(server.url, 'POST', `/sessions/${sessionId}/turns`, { input: 'I greet Wenna Reedhand.' });
    const status = await drained(server.url);
    expect(status.by_type.ANALYZE_TURN.failed).toBe(1);
    expect(status.failures.dead).toBe(1);
    expect(typeof status.throughput.per_second).toBe('number');
    const dead = (await call(server.url, 'GET', '/maintenance/dead-letters')).body.data;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ type: 'ANALYZE_TURN' });
    expect(dead[0].error).toMatch(/invalid/);
    // The echo model's last answer, kept as it was.
    expect(dead[0].raw_output).toContain('Answer again with JSON only');

    const retried = await call(server.url, 'POST', `/maintenance/dead-letters/${dead[0].id}/retry`);
    expect(retried.status).toBe(200);
    await drained(server.url);
    // Still invalid: dead again, and retrying a task that is not dead is a 409.
    const task = (await call(server.url, 'GET', `/maintenance/tasks/${dead[0].id}`)).body;
    expect(task.state).toBe('failed');
    const completed = (await call(server.url, 'GET', '/maintenance/queue-status')).body;
    expect(completed.totals.completed).toBeGreaterThan(0);
    expect((await call(server.url, 'POST', '/maintenance/dead-letters/999999/retry')).status).toBe(404);
  });

  it('triggers analysis and simulation; refuses to analyse an analysed turn without force', async () => {
    const missing = await call(server.url, 'POST', '/maintenance/trigger-analysis', { session_id: 'nope' });
    expect(missing.status).toBe(404);
    const analysis = await call(server.url, 'POST', '/maintenance/trigger-analysis', {
      session_id: sessionId,
    });
    expect(analysis.status).toBe(202);
    expect(analysis.body.type).toBe('ANALYZE_TURN');
    const simulation = await call(server.url, 'POST', '/maintenance/trigger-simulation', {
      world_id: worldId,
    });
    expect(simulation.status).toBe(202);
    await drained(server.url);
    const task = (await call(server.url, 'GET', `/maintenance/tasks/${simulation.body.id}`)).body;
    expect(task.state).toBe('completed');
    const unknown = await call(server.url, 'POST', '/maintenance/trigger-simulation', { world_id: 'nope' });
    expect(unknown.status).toBe(404);
  });
});

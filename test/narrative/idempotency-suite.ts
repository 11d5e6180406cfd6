/**
 * `Idempotency-Key` on turns, through a real server (the suite runs on SQLite and on PostgreSQL): a
 * retried request is answered with the first turn and plays no second one (no second model call, no
 * second analysis); a key still running answers 409; a key used for another request answers 422; a
 * failed first request does not keep its key; a turn is never recorded without its key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import type { TestServer } from '../support/loremaster.js';
import { VENDOR_KEYS, vendorProviders } from '../support/vendors.js';

export type StartServer = (options: {
  env: Record<string, string>;
  config: Record<string, unknown>;
}) => Promise<TestServer>;

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
  body: any;
}

export function idempotencySuite(label: string, start: StartServer): void {
  describe(`Idempotency-Key on POST /sessions/{id}/turns (${label})`, () => {
    let upstream: FakeUpstream;
    let server: TestServer;
    let worldId: string;

    beforeAll(async () => {
      upstream = await startFakeUpstream();
      server = await start({
        env: VENDOR_KEYS,
        config: {
          providers: vendorProviders(upstream.url),
          roles: {
            generation: { provider: 'local' },
            embedding: { provider: 'offline', model: 'hashing' },
          },
          gateway: { resilience: { retries: 0, offline_fallback: false } },
          // No worker: every ANALYZE_TURN a turn queues stays in the queue, to be counted.
          narrative: { workers_in_serve: false, max_unanalysed_turns: 0 },
        },
      });
      worldId = (await json('POST', '/worlds', { name: 'Saltmarsh' })).body.id;
    });

    afterAll(async () => {
      await server?.stop();
      await upstream?.close();
    });

    async function json(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<Answer> {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text ? JSON.parse(text) : undefined,
      };
    }

    const turn = (session: string, body: Record<string, unknown>, key?: string) =>
      json('POST', `/sessions/${session}/turns`, body, key === undefined ? {} : { 'idempotency-key': key });

    async function newSession(): Promise<string> {
      return (await json('POST', `/worlds/${worldId}/sessions`, {})).body.id;
    }

    async function turnsOf(session: string): Promise<Array<{ id: number; number: number; output: string }>> {
      return (await json('GET', `/sessions/${session}`)).body.turns;
    }

    /** ANALYZE_TURN tasks waiting (no worker runs here: each turn played queues one). */
    async function analysesQueued(): Promise<number> {
      const status = (await json('GET', '/maintenance/queue-status')).body;
      return status.by_type.ANALYZE_TURN.pending;
    }

    const chatCalls = () => upstream.stats().byPath['/v1/chat/completions'] ?? 0;

    it('answers a retry with the first turn: one turn, one model call, one analysis', async () => {
      const session = await newSession();
      const [calls, analyses] = [chatCalls(), await analysesQueued()];
      const body = { input: 'I open the gate.', state: { weather: 'rain', time: 'dusk' } };
      const first = await turn(session, body, 'retry-7f3a');
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      // The same request again; the state patch's keys in another order are the same request.
      const retry = await turn(
        session,
        { input: body.input, state: { time: 'dusk', weather: 'rain' } },
        'retry-7f3a',
      );
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(retry.body).toMatchObject({ number: 1, session_id: session });
      expect(retry.headers.get('x-loremaster-call-id')).toBe(first.headers.get('x-loremaster-call-id'));
      expect(chatCalls()).toBe(calls + 1);
      expect(await analysesQueued()).toBe(analyses + 1);
      const turns = await turnsOf(session);
      expect(turns.map((t) => t.id)).toEqual([first.body.id]);

      // A new key is a new turn.
      const next = await turn(session, body, 'retry-7f3b');
      expect(next.body.number).toBe(2);
      expect(await turnsOf(session)).toHaveLength(2);
    });

    it('without the header, the same request twice plays two turns (as before)', async () => {
      const session = await newSession();
      expect((await turn(session, { input: 'I wait.' })).body.number).toBe(1);
      expect((await turn(session, { input: 'I wait.' })).body.number).toBe(2);
    });

    it('replays a streamed turn as the same events, its text in one delta; JSON and stream share the key', async () => {
      const session = await newSession();
      const streamed = async (key: string) => {
        const response = await fetch(`${server.url}/sessions/${session}/turns`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify({ input: 'I follow the tide.', stream: true }),
        });
        expect(response.status).toBe(200);
        const events = parseSse(await response.text());
        return { replayed: response.headers.get('idempotent-replayed'), events };
      };
      const first = await streamed('stream-1');
      expect(first.replayed).toBeNull();
      const calls = chatCalls();
      const again = await streamed('stream-1');
      expect(again.replayed).toBe('true');
      expect(chatCalls()).toBe(calls);
      const text = (events: SseEvent[]) =>
        events
          .filter((e) => e.event === 'delta')
          .map((e) => JSON.parse(e.data).text)
          .join('');
      expect(again.events.map((e) => e.event ?? e.data)).toEqual(['delta', 'turn', '[DONE]']);
      expect(text(again.events)).toBe(text(first.events));
      const turnOf = (events: SseEvent[]) => JSON.parse(events.find((e) => e.event === 'turn')!.data);
      expect(turnOf(again.events)).toEqual(turnOf(first.events));
      // `stream` is how the answer is sent, not part of the request: the JSON retry gets the same turn.
      const asJson = await turn(session, { input: 'I follow the tide.' }, 'stream-1');
      expect(asJson.status).toBe(201);
      expect(asJson.headers.get('idempotent-replayed')).toBe('true');
      expect(asJson.body).toEqual(turnOf(first.events));
      expect(await turnsOf(session)).toHaveLength(1);
    });

    it('answers 409 with Retry-After while the first request runs; one turn is played', async () => {
      const session = await newSession();
      upstream.configure({ latencyMs: 1_500 });
      try {
        const calls = chatCalls();
        const body = { input: 'I ring the bell.' };
        const first = turn(session, body, 'bell-1');
        // The second leaves while the first waits for the model (bounded: 1.5 s of latency).
        await waitFor(async () => chatCalls() > calls);
        const second = await turn(session, body, 'bell-1');
        expect(second.status).toBe(409);
        expect(second.headers.get('retry-after')).toBe('1');
        expect(second.body.error).toMatchObject({
          type: 'invalid_request_error',
          code: 'idempotency_in_progress',
          param: 'idempotency-key',
        });
        const done = await first;
        expect(done.status).toBe(201);
        const after = await turn(session, body, 'bell-1');
        expect(after.headers.get('idempotent-replayed')).toBe('true');
        expect(after.body.id).toBe(done.body.id);
        expect(chatCalls()).toBe(calls + 1);
      } finally {
        upstream.configure({ latencyMs: 0 });
      }
      expect(await turnsOf(session)).toHaveLength(1);
    });

    it('two requests with one key at once: one 201 and one 409', async () => {
      const session = await newSession();
      upstream.configure({ latencyMs: 500 });
      try {
        const both = await Promise.all([
          turn(session, { input: 'I jump.' }, 'race-1'),
          turn(session, { input: 'I jump.' }, 'race-1'),
        ]);
        expect(both.map((answer) => answer.status).sort()).toEqual([201, 409]);
      } finally {
        upstream.configure({ latencyMs: 0 });
      }
      expect(await turnsOf(session)).toHaveLength(1);
    });

    it('answers 422 for the same key with another body or another session', async () => {
      const session = await newSession();
      const other = await newSession();
      expect((await turn(session, { input: 'I sit down.' }, 'reuse-1')).status).toBe(201);
      const calls = chatCalls();
      const otherBody = await turn(session, { input: 'I stand up.' }, 'reuse-1');
      expect(otherBody.status).toBe(422);
      expect(otherBody.body.error).toMatchObject({
        code: 'idempotency_key_reused',
        param: 'idempotency-key',
      });
      expect(otherBody.body.error.message).toContain('another request body');
      const otherState = await turn(session, { input: 'I sit down.', state: { mood: 'tired' } }, 'reuse-1');
      expect(otherState.status).toBe(422);
      const otherSession = await turn(other, { input: 'I sit down.' }, 'reuse-1');
      expect(otherSession.status).toBe(422);
      expect(otherSession.body.error.message).toContain(`session ${session}`);
      expect(chatCalls()).toBe(calls);
      expect(await turnsOf(session)).toHaveLength(1);
      expect(await turnsOf(other)).toHaveLength(0);
    });

    it('refuses a malformed key with a 400 naming the header; reads the quoted form as the bare key', async () => {
      const session = await newSession();
      for (const key of ['k'.repeat(256), '"', '""', '"open', 'éé']) {
        const bad = await turn(session, { input: 'I look.' }, key);
        expect(bad.status, key).toBe(400);
        expect(bad.body.error).toMatchObject({ code: 'invalid_request', param: 'idempotency-key' });
      }
      expect(await turnsOf(session)).toHaveLength(0);
      const bare = await turn(session, { input: 'I look.' }, 'c0ffee');
      const quoted = await turn(session, { input: 'I look.' }, '"c0ffee"');
      expect(quoted.headers.get('idempotent-replayed')).toBe('true');
      expect(quoted.body.id).toBe(bare.body.id);
    });

    it('a first request that failed does not keep its key: the retry plays the turn', async () => {
      const session = await newSession();
      upstream.injectFault({ type: 'status', status: 500, path: '/chat/completions' });
      const failed = await turn(session, { input: 'I cross the bridge.' }, 'fail-1');
      expect(failed.status).toBeGreaterThanOrEqual(500);
      const retry = await turn(session, { input: 'I cross the bridge.' }, 'fail-1');
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
      expect(retry.body.number).toBe(1);
      // A refusal before the turn (an unknown session) does not keep it either.
      expect((await turn('no-such-session', { input: 'x' }, 'fail-2')).status).toBe(404);
      expect(await server.store.idempotencyKeys.get('anonymous', 'fail-2')).toBeUndefined();
    });

    it('records no turn whose key it could not bind (the claim was lost while it ran)', async () => {
      const session = await newSession();
      upstream.configure({ latencyMs: 800 });
      try {
        const calls = chatCalls();
        const pending = turn(session, { input: 'I light the lamp.' }, 'lost-1');
        await waitFor(async () => chatCalls() > calls);
        // What a retry taking over a dead process's claim does to the first request: its claim is gone.
        const held = await server.store.idempotencyKeys.get('anonymous', 'lost-1');
        expect(held?.status).toBe('running');
        await server.store.idempotencyKeys.release('anonymous', 'lost-1', held!.claim);
        const answer = await pending;
        expect(answer.status).toBe(409);
        expect(answer.body.error.code).toBe('idempotency_in_progress');
      } finally {
        upstream.configure({ latencyMs: 0 });
      }
      // The turn's transaction rolled back with the binding: no turn, no analysis, nothing counted.
      expect(await turnsOf(session)).toHaveLength(0);
      expect((await json('GET', `/sessions/${session}`)).body.turn_count).toBe(0);
      const retry = await turn(session, { input: 'I light the lamp.' }, 'lost-1');
      expect(retry.body.number).toBe(1);
    });

    it('takes over a claim whose process died, and an expired key; sweeps expired keys in bounded batches', async () => {
      const session = await newSession();
      const keys = server.store.idempotencyKeys;
      const past = new Date(Date.now() - 60_000).toISOString();
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const row = (key: string, extra: Partial<Parameters<typeof keys.claim>[0]> = {}) => ({
        scope: 'anonymous',
        key,
        sessionId: session,
        requestHash: 'another request',
        claim: `claim-${key}`,
        lockedUntil: future,
        expiresAt: future,
        ...extra,
      });
      // Running, its lock not yet passed: 409 (the hash is compared first, so the same request's).
      const { requestHash } = await import('../../src/narrative/idempotent-turns.js');
      const hash = requestHash({ sessionId: session, input: 'I dig.' });
      expect(await keys.claim(row('held', { requestHash: hash }))).toBe(true);
      expect((await turn(session, { input: 'I dig.' }, 'held')).status).toBe(409);
      // Running past its lock: its process died; the retry plays the turn.
      expect(await keys.claim(row('dead', { requestHash: hash, lockedUntil: past }))).toBe(true);
      const retaken = await turn(session, { input: 'I dig.' }, 'dead');
      expect(retaken.status).toBe(201);
      expect(retaken.headers.get('idempotent-replayed')).toBeNull();
      expect((await keys.get('anonymous', 'dead'))?.status).toBe('done');
      // Expired (whatever its request was): free again.
      expect(await keys.claim(row('old', { expiresAt: past, lockedUntil: past }))).toBe(true);
      expect((await turn(session, { input: 'I rest.' }, 'old')).status).toBe(201);
      // The sweep deletes expired rows, at most `limit` at a time.
      for (const key of ['gone-1', 'gone-2', 'gone-3'])
        expect(await keys.claim(row(key, { expiresAt: past }))).toBe(true);
      expect(await keys.deleteExpired(2)).toBe(2);
      expect(await keys.deleteExpired(10)).toBe(1);
      expect(await keys.get('anonymous', 'gone-3')).toBeUndefined();
      expect(await keys.get('anonymous', 'held')).toBeDefined();
    });

    it('replays over the turn WebSocket with idempotency_key', async () => {
      const session = await newSession();
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/llm/conversation`);
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      try {
        // biome-ignore lint/suspicious/noExplicitAny: socket messages are read field by field
        const turnOf = (id: string) => nextTurn(socket, id) as Promise<{ messages: any[] }>;
        const message = (id: string) =>
          JSON.stringify({
            type: 'turn',
            id,
            session_id: session,
            input: 'I wave.',
            idempotency_key: 'ws-1',
          });
        const first = turnOf('a');
        socket.send(message('a'));
        const a = await first;
        const second = turnOf('b');
        socket.send(message('b'));
        const b = await second;
        // biome-ignore lint/suspicious/noExplicitAny: socket messages are read field by field
        const final = (m: { messages: any[] }) => m.messages.find((x) => x.type === 'turn');
        expect(final(a)).not.toHaveProperty('replayed');
        expect(final(b)).toMatchObject({ replayed: true, turn: { id: final(a).turn.id, number: 1 } });
        const deltas = (m: { messages: Array<{ type: string; text?: string }> }) =>
          m.messages
            .filter((x) => x.type === 'delta')
            .map((x) => x.text)
            .join('');
        expect(deltas(b)).toBe(deltas(a));
      } finally {
        socket.close();
      }
      expect(await turnsOf(session)).toHaveLength(1);
    });
  });
}

interface SseEvent {
  event: string | undefined;
  data: string;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      return { event, data };
    });
}

/** Every message for `id` up to its turn (or error), bounded by 30 s. */
function nextTurn(socket: WebSocket, id: string): Promise<{ messages: unknown[] }> {
  return new Promise((resolve, reject) => {
    const messages: unknown[] = [];
    const timer = setTimeout(() => reject(new Error(`no turn for ${id} in 30 s`)), 30_000);
    const onMessage = (raw: WebSocket.RawData) => {
      const message = JSON.parse(raw.toString()) as { type: string; id?: string };
      if (message.id !== id) return;
      messages.push(message);
      if (message.type === 'turn' || message.type === 'error') {
        clearTimeout(timer);
        socket.off('message', onMessage);
        resolve({ messages });
      }
    };
    socket.on('message', onMessage);
  });
}

/** Polls `check` every 10 ms until it holds (bounded: 10 s). */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

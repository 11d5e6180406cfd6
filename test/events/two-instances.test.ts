/**
 * Two Loremaster instances on one PostgreSQL (a database of its own) and one Redis (a key prefix of its
 * own), with real parts only: a `ws` client on B's /ws/llm/events, a webhook receiver (an HTTP server on
 * 127.0.0.1) registered through B, the narrator behind a fake upstream.
 * - An event published on A (a model call, a game event posted to A) reaches B's socket subscriber and the
 *   webhook receiver exactly once.
 * - A game event posted twice (to A, then to B) changes nothing the second time.
 * - A quest event posted to A moves the session's state and the quest entity, and the next turn, played on
 *   B, has it in its prompt.
 * Fails (never skips) when PostgreSQL or Redis is unreachable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/events/webhooks/index.js';
import { deleteByPrefix } from '../../src/gateway/redis-keys.js';
import { call, drained } from '../narrative/support.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { connectRedis, REDIS_URL, testPrefix } from '../support/redis.js';
import { EventSocket } from './socket-client.js';
import { WebhookReceiver } from './webhook-receiver.js';

let database: TestDatabase | undefined;
let redis: Awaited<ReturnType<typeof connectRedis>> | undefined;
let fake: FakeUpstream | undefined;
let receiver: WebhookReceiver | undefined;
let a: TestServer | undefined;
let b: TestServer | undefined;
let socket: EventSocket | undefined;
let secret = '';
let hookId = '';
const prefix = testPrefix();

const instance = () =>
  startLoremaster({
    env: { DATABASE_URL: database!.url, REDIS_URL },
    config: {
      providers: {
        offline: { type: 'offline' },
        fake: { type: 'openai-compatible', base_url: `${fake!.url}/v1`, models: ['fake-narrator'] },
      },
      roles: { generation: { provider: 'fake', model: 'fake-narrator', max_tokens: 300 } },
      gateway: { cache: { redis_prefix: `${prefix}cache:` }, limits: { redis_prefix: `${prefix}rl:` } },
      events: {
        redis_prefix: `${prefix}events:`,
        log: { flush_interval_ms: 20 },
        socket: { heartbeat_ms: 1_000 },
        webhooks: { allowed_hosts: ['127.0.0.1'], poll_ms: 50, retry_base_ms: 50, retry_cap_ms: 500 },
      },
      narrative: { simulation_every_turns: 0, worker_idle_ms: 20 },
    },
  });

beforeAll(async () => {
  redis = await connectRedis();
  database = await createTestDatabase();
  fake = await startFakeUpstream({ requireAuth: false });
  receiver = await new WebhookReceiver().start();
  a = await instance();
  b = await instance();
  const hook = await call(b.url, 'POST', '/llm/webhooks', {
    url: receiver.url,
    types: ['llm.response', 'quest.*', 'world.event'],
  });
  expect(hook.status).toBe(201);
  secret = hook.body.secret;
  hookId = hook.body.id;
  socket = await EventSocket.open(
    `${b.url.replace('http', 'ws')}/ws/llm/events?types=llm.response,quest.*,world.event`,
  );
  await socket.until((client) => client.messages.some((m) => m.type === 'ready'), 'ready');
}, 240_000);

afterAll(async () => {
  socket?.close();
  await a?.stop();
  await b?.stop();
  await receiver?.stop();
  await fake?.close();
  await database?.drop();
  if (redis) {
    await deleteByPrefix(redis, prefix);
    redis.disconnect();
  }
}, 120_000);

/** Waits until every delivery of the webhook is settled (none pending), so a duplicate would show. */
async function settled(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pending = await call(b!.url, 'GET', `/llm/webhooks/${hookId}/deliveries?status=pending`);
    if (pending.body.data.length === 0) return;
    if (Date.now() > deadline) expect.fail(`deliveries still pending: ${JSON.stringify(pending.body.data)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two instances on one PostgreSQL and one Redis', () => {
  it("an event published on A reaches B's socket subscriber and the webhook receiver, once", async () => {
    const chat = await call(a!.url, 'POST', '/v1/chat/completions', {
      model: 'offline',
      messages: [{ role: 'user', content: 'The lighthouse keeper waves.' }],
    });
    expect(chat.status).toBe(200);
    await socket!.until(
      (c) => c.events.some((e) => e.type === 'llm.response'),
      "A's llm.response on B's socket",
    );
    const [event] = socket!.events.filter((e) => e.type === 'llm.response');
    await receiver!.until((r) => r.events('llm.response').length >= 1, 'the webhook delivery');
    await settled();
    // Once each, whichever instance sent the delivery.
    expect(socket!.events.filter((e) => e.id === event.id)).toHaveLength(1);
    const delivered = receiver!.received.filter((r) => r.event.id === event.id);
    expect(delivered).toHaveLength(1);
    expect(
      verifySignature({
        secret,
        body: delivered[0]!.body,
        timestamp: delivered[0]!.headers['x-loremaster-timestamp'] as string,
        signature: delivered[0]!.headers['x-loremaster-signature'] as string,
      }),
    ).toBe(true);
    // Both instances read the same log.
    const onB = await call(b!.url, 'GET', `/llm/events?types=llm.response`);
    expect(onB.body.data.filter((e: { id: string }) => e.id === event.id)).toHaveLength(1);
  }, 120_000);

  it('a quest event on A moves the session and the quest entity; a replay on B changes nothing; the next turn on B sees it', async () => {
    const world = await call(a!.url, 'POST', '/worlds', { name: 'Saltmarsh' });
    const worldId = world.body.id;
    const session = await call(a!.url, 'POST', `/worlds/${worldId}/sessions`, { player: 'Ash' });
    const sessionId = session.body.id;
    const event = {
      id: 'evt_two_quest_1',
      type: 'quest.completed',
      session_id: sessionId,
      source: 'quests',
      data: { quest: 'The Drowned Lantern', by: 'Ash' },
    };
    const first = await call(a!.url, 'POST', '/llm/events', event);
    expect(first.body).toMatchObject({ handled: true, duplicate: false });
    expect(first.body.changes[0]).toMatchObject({
      kind: 'entity',
      action: 'created',
      type: 'quest',
      version: 1,
    });
    const state = async () => (await call(b!.url, 'GET', `/sessions/${sessionId}`)).body.metadata;
    const before = await state();
    expect(before.state).toMatchObject({ quests: { 'The Drowned Lantern': 'completed' } });

    const replay = await call(b!.url, 'POST', '/llm/events', event);
    expect(replay.body).toMatchObject({ handled: true, duplicate: true });
    expect(replay.body.changes).toEqual(first.body.changes);
    expect(await state()).toEqual(before);
    const quests = await call(
      b!.url,
      'GET',
      `/worlds/${worldId}/entities?type=quest&session_id=${sessionId}`,
    );
    expect(quests.body.data).toHaveLength(1);
    expect(quests.body.data[0]).toMatchObject({ name: 'The Drowned Lantern', version: 1 });
    expect(quests.body.data[0].attributes).toMatchObject({ status: 'completed', completed_by: 'Ash' });

    // The game's event reached B's socket and the webhook once, though it was posted twice.
    await socket!.until((c) => c.events.some((e) => e.id === 'evt_two_quest_1'), 'the quest event on B');
    await receiver!.until((r) => r.received.some((x) => x.event.id === 'evt_two_quest_1'), 'its delivery');
    await settled();
    expect(socket!.events.filter((e) => e.id === 'evt_two_quest_1')).toHaveLength(1);
    expect(receiver!.received.filter((x) => x.event.id === 'evt_two_quest_1')).toHaveLength(1);

    const turn = await call(b!.url, 'POST', `/sessions/${sessionId}/turns`, {
      input: 'I raise the lantern.',
    });
    expect(turn.status).toBe(201);
    const prompt = JSON.stringify(
      fake!
        .lastRequests()
        .filter((request) => request.path.endsWith('/chat/completions'))
        .at(-1)?.body,
    );
    expect(prompt).toContain('The Drowned Lantern');
    expect(prompt).toContain('Quest completed: The Drowned Lantern (by Ash)');
    await drained(a!.url);
  }, 180_000);
});

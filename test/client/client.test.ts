/**
 * `loremaster/client` against a real Loremaster (offline models, a SQLite file): create a world, add
 * an NPC, start a session, play a turn plain and streamed, receive `turn.played` over the event
 * WebSocket, generate content and a picture, read the picture's bytes; errors arrive as
 * LoremasterError with the server's code and param; a key is sent when the server demands one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoremasterClient, type LoremasterClient, LoremasterError } from '../../src/client/index.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

let server: TestServer;
let client: LoremasterClient;

beforeAll(async () => {
  server = await startLoremaster();
  client = createLoremasterClient({ baseUrl: server.url });
}, 120_000);
afterAll(async () => server?.stop(), 60_000);

describe('the typed client', () => {
  it('plays a world: world, NPC, session, a turn plain and a turn streamed, an event over WebSocket', async () => {
    const world = await client.worlds.create({
      name: 'Saltmarsh',
      description: 'A delta of reed towns.',
      settings: { theme: { genre: 'low fantasy', tone: 'quiet' } },
    });
    expect(world).toMatchObject({ object: 'world', name: 'Saltmarsh' });
    expect((await client.worlds.get(world.id)).id).toBe(world.id);
    expect((await client.worlds.list()).data.map((w) => w.id)).toContain(world.id);

    const npc = await client.worlds.addEntity(world.id, {
      type: 'character',
      name: 'Wenna Reedhand',
      description: 'Wenna keeps the ferry at Drowned Steps.',
    });
    expect(npc).toMatchObject({ name: 'Wenna Reedhand', version: 1 });

    const session = await client.sessions.start(world.id, { player: 'Ash' });
    expect(session.world_id).toBe(world.id);

    const subscription = client.events.subscribe({ types: ['turn.played'], sessionId: session.id });
    await subscription.ready;

    const plain = await client.turns.play(session.id, { input: 'I ask Wenna for passage across the river.' });
    expect(plain.number).toBe(1);
    expect(plain.narration.length).toBeGreaterThan(0);

    const events = subscription[Symbol.asyncIterator]();
    const first = await events.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({ type: 'turn.played', session_id: session.id, world_id: world.id });

    const deltas: string[] = [];
    let streamed: Awaited<ReturnType<typeof client.turns.play>> | undefined;
    for await (const event of client.turns.stream(session.id, { input: 'I pay her two coppers.' })) {
      if (event.type === 'delta') deltas.push(event.text);
      else streamed = event.turn;
    }
    expect(deltas.length).toBeGreaterThan(0);
    expect(streamed?.number).toBe(2);
    expect(deltas.join('')).toBe(streamed?.narration);

    const second = await events.next();
    expect(second.value).toMatchObject({ type: 'turn.played', session_id: session.id });
    subscription.close();
    expect((await events.next()).done).toBe(true);
  }, 120_000);

  it('generates content and a picture, and reads the picture', async () => {
    const world = await client.worlds.create({ name: 'Harrowmere' });
    const npc = await client.content.generate('npc', {
      world_id: world.id,
      save: true,
      occupation: 'miller',
    });
    expect(npc.object).toBe('content');
    expect(npc.type).toBe('npc');
    const saved = npc.entities?.[0];
    expect(saved?.id).toBeTruthy();

    const picture = await client.images.generate({ entity_id: saved!.id, world_id: world.id, size: '64x64' });
    expect(picture.kind).toBe('portrait');
    const { bytes, contentType } = await client.images.get(picture.image.id);
    expect(contentType).toBe('image/png');
    expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  }, 120_000);

  it('sends an idempotency key: a retried turn, plain or streamed, is the first one replayed', async () => {
    const world = await client.worlds.create({ name: 'Retries' });
    const session = await client.sessions.start(world.id);
    const key = crypto.randomUUID();
    const body = { input: 'I cast off the rope.' };
    const first = await client.turns.play(session.id, body, { idempotencyKey: key });
    const retry = await client.turns.play(session.id, body, { idempotencyKey: key });
    expect(retry).toEqual(first);
    let streamed: { turn: unknown; replayed: boolean } | undefined;
    for await (const event of client.turns.stream(session.id, body, { idempotencyKey: key }))
      if (event.type === 'turn') streamed = event;
    expect(streamed).toEqual({ type: 'turn', turn: first, replayed: true });
    expect((await client.sessions.get(session.id)).turns).toHaveLength(1);
    const reused = await client.turns
      .play(session.id, { input: 'I jump ashore.' }, { idempotencyKey: key })
      .catch((error: unknown) => error);
    expect(reused).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
  });

  it('throws LoremasterError with the server’s error, for HTTP and a streamed turn', async () => {
    const missing = await client.worlds.get('nope').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(LoremasterError);
    expect(missing).toMatchObject({ status: 404, code: 'world_not_found' });
    const bad = await client.worlds.create({ name: '' }).catch((error: unknown) => error);
    expect(bad).toMatchObject({ status: 400, param: expect.stringContaining('name') });
    const stream = client.turns.stream('no-such-session', { input: 'hello' });
    await expect(stream.next()).rejects.toMatchObject({ status: 404 });
  });
});

describe('with API keys', () => {
  let keyed: TestServer;
  beforeAll(async () => {
    keyed = await startLoremaster({ env: { LOREMASTER_API_KEYS: 'sk-client-test,sk-client-other' } });
  }, 120_000);
  afterAll(async () => keyed?.stop(), 60_000);

  it('sends the key on HTTP and on the event socket; without it, a 401', async () => {
    const anonymous = createLoremasterClient({ baseUrl: keyed.url });
    await expect(anonymous.worlds.list()).rejects.toMatchObject({ status: 401 });
    const withKey = createLoremasterClient({ baseUrl: keyed.url, apiKey: 'sk-client-test' });
    const world = await withKey.worlds.create({ name: 'Keyed' });
    const subscription = withKey.events.subscribe({ worldId: world.id });
    await subscription.ready;
    await withKey.events.publish({ type: 'game.door_opened', world_id: world.id, data: { door: 'north' } });
    for await (const event of subscription) {
      expect(event).toMatchObject({ type: 'game.door_opened', data: { door: 'north' } });
      break;
    }
    const refused = anonymous.events.subscribe({});
    await expect(refused.ready).rejects.toThrow();
  });

  it('keeps idempotency keys apart per API key', async () => {
    const one = createLoremasterClient({ baseUrl: keyed.url, apiKey: 'sk-client-test' });
    const other = createLoremasterClient({ baseUrl: keyed.url, apiKey: 'sk-client-other' });
    const world = await one.worlds.create({ name: 'Two games' });
    const [a, b] = [await one.sessions.start(world.id), await other.sessions.start(world.id)];
    // The same key from two API keys: two games that happened to pick it, two turns.
    const first = await one.turns.play(a.id, { input: 'I wake.' }, { idempotencyKey: 'turn-1' });
    const second = await other.turns.play(b.id, { input: 'I wake.' }, { idempotencyKey: 'turn-1' });
    expect(second.id).not.toBe(first.id);
    expect(second.session_id).toBe(b.id);
  });
});

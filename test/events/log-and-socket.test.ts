/**
 * The event model on one server (SQLite): model calls become stored events readable with
 * GET /llm/events, delivered live over /ws/llm/events (filters, heartbeats, resume from a last event
 * id), and a socket that stops reading is closed as a slow consumer while the server stays up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../narrative/support.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { EventSocket } from './socket-client.js';

let server: TestServer;
let ws: string;

const chat = (content: string) =>
  call(server.url, 'POST', '/v1/chat/completions', {
    model: 'offline',
    messages: [{ role: 'user', content }],
  });

beforeAll(async () => {
  server = await startLoremaster({
    config: {
      events: {
        socket: { heartbeat_ms: 200, max_buffered_bytes: 16_384 },
        log: { flush_interval_ms: 20 },
      },
    },
  });
  ws = `${server.url.replace('http', 'ws')}/ws/llm/events`;
});

afterAll(async () => {
  await server?.stop();
});

describe('events', () => {
  it('shows on /metrics how many calls and events the logs wrote, hold and dropped', async () => {
    for (const line of ['I knock twice.', 'I knock again.']) expect((await chat(line)).status).toBe(200);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const value = (name: string) => {
      const match = new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\d+)$`, 'm').exec(text);
      expect(match, name).not.toBeNull();
      return Number(match![1]);
    };
    expect(value('loremaster_event_log_events_total{outcome="dropped"}')).toBe(0);
    expect(value('loremaster_call_log_rows_total{outcome="dropped"}')).toBe(0);
    // Two events and one call-log row per call, written or still waiting.
    const events =
      value('loremaster_event_log_events_total{outcome="written"}') +
      value('loremaster_event_log_events_waiting');
    expect(events).toBeGreaterThanOrEqual(4);
    const calls =
      value('loremaster_call_log_rows_total{outcome="written"}') + value('loremaster_call_log_rows_waiting');
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('stores the gateway events of a model call, readable by type pattern and cursor', async () => {
    expect((await chat('I light the lantern.')).status).toBe(200);
    const page = await call(server.url, 'GET', '/llm/events?types=llm.*');
    expect(page.status).toBe(200);
    const types = page.body.data.map((event: { type: string }) => event.type);
    expect(types).toEqual(expect.arrayContaining(['llm.request', 'llm.response']));
    for (const event of page.body.data) {
      expect(event).toMatchObject({ version: 1, source: 'gateway', world_id: null, session_id: null });
      expect(typeof event.id).toBe('string');
      expect(Number.isNaN(Date.parse(event.time))).toBe(false);
    }
    const response = page.body.data.find((event: { type: string }) => event.type === 'llm.response');
    expect(response.data).toMatchObject({ provider: 'offline', kind: 'chat' });

    // Reading on from a cursor gives only later events.
    const first = page.body.data[0].id;
    const after = await call(server.url, 'GET', `/llm/events?types=llm.*&since=${first}`);
    expect(after.body.data.map((event: { id: string }) => event.id)).toEqual(
      page.body.data.slice(1).map((event: { id: string }) => event.id),
    );
    // A time works as `since` too; an unknown id is a 404, a bad pattern a 400 naming it.
    const byTime = await call(
      server.url,
      'GET',
      `/llm/events?since=${encodeURIComponent(page.body.data[0].time)}`,
    );
    expect(byTime.body.data.length).toBeGreaterThanOrEqual(page.body.data.length);
    expect((await call(server.url, 'GET', '/llm/events?since=evt_nope')).status).toBe(404);
    const bad = await call(server.url, 'GET', '/llm/events?types=LLM!');
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('types.0');
    expect((await call(server.url, 'GET', '/llm/events?limit=0')).status).toBe(400);
  });

  it('delivers live events by type pattern, with heartbeats', async () => {
    const client = await EventSocket.open(`${ws}?types=llm.response`);
    await client.until((c) => c.messages.some((m) => m.type === 'ready'), 'ready');
    expect((await chat('I knock on the door.')).status).toBe(200);
    await client.until((c) => c.events.length >= 1, 'an llm.response event');
    await client.until((c) => c.messages.some((m) => m.type === 'heartbeat'), 'a heartbeat');
    expect(client.events.every((event) => event.type === 'llm.response')).toBe(true);
    client.close();
  });

  it('resumes from a last event id out of the stored log, then goes on live', async () => {
    const before = await call(server.url, 'GET', '/llm/events?types=llm.response&limit=1000');
    const last = before.body.data.at(-1).id;
    expect((await chat('Resume one.')).status).toBe(200);
    expect((await chat('Resume two.')).status).toBe(200);
    const client = await EventSocket.open(`${ws}?types=llm.response&last_event_id=${last}`);
    await client.until((c) => c.messages.some((m) => m.type === 'ready'), 'ready');
    const ready = client.messages.find((m) => m.type === 'ready');
    expect(ready.replayed).toBe(2);
    expect(client.events.map((event) => event.id)).not.toContain(last);
    expect((await chat('Resume three.')).status).toBe(200);
    await client.until((c) => c.events.length === 3, 'the live event after the replay');
    expect(new Set(client.events.map((event) => event.id)).size).toBe(3);
    client.close();

    const unknown = await EventSocket.open(`${ws}?last_event_id=evt_gone`);
    await unknown.until((c) => c.closed !== undefined, 'the close');
    expect(unknown.closed?.code).toBe(4004);
    expect(unknown.messages[0].error.code).toBe('unknown_event_id');
  });

  it('refuses a bad query with a clear close', async () => {
    const client = await EventSocket.open(`${ws}?types=BAD!`);
    await client.until((c) => c.closed !== undefined, 'the close');
    expect(client.closed?.code).toBe(4400);
    expect(client.messages[0].error.param).toBe('types.0');
  });

  it('closes a socket that stops reading with 4008, and keeps serving', async () => {
    const slow = await EventSocket.open(`${ws}?types=provider.*`);
    await slow.until((c) => c.messages.some((m) => m.type === 'ready'), 'ready');
    // Stop reading: the kernel buffers fill, then the server's send buffer passes its bound.
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = 'x'.repeat(8_000);
    // Events of about 8 kB each (a provider name that long), 12 MB in all: more than the kernel buffers.
    for (let index = 0; index < 1_500; index += 1) {
      server.gateway.bus.emit('provider.degraded', { provider: big, state: 'open', reason: `n${index}` });
    }
    // Read again: the buffered events arrive, then the close frame.
    (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await slow.until((c) => c.closed !== undefined, 'the slow consumer close', 30_000);
    expect(slow.closed?.code).toBe(4008);
    expect(slow.events.length).toBeLessThan(1_500);
    expect((await chat('Still serving.')).status).toBe(200);
  }, 60_000);
});

/**
 * A call that ends while another is in flight has its metrics, usage and llm.* events held to the
 * burst's first quiet moment (gateway.usage.after_call, here longer than the test, so only a read
 * releases them). Over HTTP against a running server: the call log, the event log, the usage
 * analytics and /metrics each show such a held call at once, and prompt feedback finds it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../support/client-harness.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { VENDOR_KEYS, vendorProviders } from '../support/vendors.js';

const KEY = 'sk-burst-admin';
const LOCAL = 'local/llama-3.1-8b-instruct';

let fake: FakeUpstream;
let server: TestServer;
let longStream: AbortController;

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Json) : {};
  return { status: response.status, headers: response.headers, text, body: json };
}

/** An offline chat call, answered while the long stream is in flight: its accounting is held. */
async function heldCall(): Promise<string> {
  const answered = await call('POST', '/v1/chat/completions', {
    model: 'offline',
    messages: [{ role: 'user', content: 'Name the ferryman of the Grey Mere.' }],
  });
  expect(answered.status).toBe(200);
  expect(server.gateway.parts.afterCall.pending).toBeGreaterThan(0);
  return answered.headers.get('x-loremaster-call-id') as string;
}

beforeAll(async () => {
  // About 10 s of answer at 5 tokens a second: in flight for the whole file.
  fake = await startFakeUpstream({ tokensPerSecond: 5, answerWords: 50 });
  server = await startLoremaster({
    env: { ...VENDOR_KEYS, LOREMASTER_API_KEYS: `${KEY}:admin` },
    config: {
      providers: vendorProviders(fake.url, 30_000),
      gateway: {
        cache: { enabled: false },
        resilience: { retries: 0, offline_fallback: false },
        usage: { after_call: { quiet_ms: 60_000, max_hold_ms: 60_000 } },
      },
    },
  });
  longStream = new AbortController();
  const response = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: LOCAL, stream: true, messages: [{ role: 'user', content: 'Sing.' }] }),
    signal: longStream.signal,
  });
  expect(response.status).toBe(200);
  // Its first piece has come: the call is in flight.
  await response.body!.getReader().read();
}, 60_000);

afterAll(async () => {
  longStream?.abort();
  await server?.stop();
  await fake?.close();
});

describe('accounting held during a burst, read over HTTP', () => {
  it('GET /llm/calls/:id finds the held call', async () => {
    const id = await heldCall();
    const row = await call('GET', `/llm/calls/${id}`);
    expect(row.status, row.text).toBe(200);
    expect(row.body).toMatchObject({ id, provider: 'offline', status: 'ok' });
  });

  it('GET /llm/events has its llm.response', async () => {
    const id = await heldCall();
    const events = await call('GET', '/llm/events?types=llm.response&limit=500');
    expect(events.status, events.text).toBe(200);
    const ids = (events.body.data as Array<{ data: { call_id: string } }>).map((event) => event.data.call_id);
    expect(ids).toContain(id);
  });

  it('GET /llm/analytics and GET /metrics count it', async () => {
    const before = await call('GET', '/llm/analytics?period=day');
    const requests = (before.body.totals as { requests: number }).requests;
    await heldCall();
    const after = await call('GET', '/llm/analytics?period=day');
    expect((after.body.totals as { requests: number }).requests).toBe(requests + 1);

    const scrape = async () => {
      const metrics = await call('GET', '/metrics');
      const line = metrics.text
        .split('\n')
        .find((entry) =>
          /^loremaster_llm_requests_total\{[^}]*provider="offline"[^}]*status="ok"/.test(entry),
        );
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    const counted = await scrape();
    await heldCall();
    expect(await scrape()).toBe(counted + 1);
  });

  it('POST /llm/feedback rates the held call', async () => {
    const id = await heldCall();
    const rated = await call('POST', '/llm/feedback', { call_id: id, rating: 4 });
    expect(rated.status, rated.text).toBeLessThan(300);
  });

  it('the long stream was in flight throughout (so every call above was held)', () => {
    expect(server.gateway.stats().monitoring).toMatchObject({ in_flight: 1 });
  });
});

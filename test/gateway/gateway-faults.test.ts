/**
 * The gateway end to end against real fake upstreams and their faults: failover, circuit breaking,
 * Retry-After, timeouts, cut streams, queue overflow, coalescing, cache expiry, budgets and per-key
 * limits, over HTTP with the official `openai` package where a client would use it.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deleteByPrefix } from '../../src/gateway/redis-keys.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { connectRedis, REDIS_URL, testPrefix } from '../support/redis.js';

let primary: FakeUpstream;
let secondary: FakeUpstream;
const servers: TestServer[] = [];

beforeAll(async () => {
  primary = await startFakeUpstream();
  secondary = await startFakeUpstream();
});
afterAll(async () => {
  await primary.close();
  await secondary.close();
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  primary.reset();
  secondary.reset();
});

const KEYS = { OPENAI_API_KEY: 'k-primary', MISTRAL_API_KEY: 'k-secondary' };

/** A server whose generation role runs on `primary` (OpenAI wire) and fails over to `secondary` (Mistral wire). */
async function server(
  gateway: Record<string, unknown> = {},
  env: Record<string, string> = {},
  timeoutMs = 400,
) {
  const { resilience, ...rest } = gateway;
  const started = await startLoremaster({
    env: { ...KEYS, ...env },
    config: {
      providers: {
        openai: {
          type: 'openai',
          base_url: `${primary.url}/v1`,
          models: ['gpt-4o-mini'],
          timeout_ms: timeoutMs,
        },
        mistral: {
          type: 'mistral',
          base_url: `${secondary.url}/mistral/v1`,
          models: ['mistral-small-latest'],
          timeout_ms: timeoutMs,
        },
      },
      roles: { generation: { provider: 'openai', max_tokens: 64, temperature: 0.7 } },
      gateway: {
        limits: { vendor_default: {} },
        ...rest,
        resilience: {
          base_delay_ms: 5,
          max_delay_ms: 2_000,
          failover: { generation: ['mistral'] },
          ...(resilience as object),
        },
      },
    },
  });
  servers.push(started);
  return started;
}

function client(target: TestServer, apiKey = 'unused') {
  return new OpenAI({ baseURL: `${target.url}/v1`, apiKey, maxRetries: 0 });
}

// biome-ignore lint/suspicious/noExplicitAny: test reads of JSON answers
type Json = Record<string, any>;

const ask = (content = 'I cross the bridge of Karsk.') => [{ role: 'user' as const, content }];

async function post(target: TestServer, body: object, headers: Record<string, string> = {}) {
  const response = await fetch(`${target.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Json };
}

describe('resilience against real upstream faults', () => {
  it('fails over to the secondary when the primary answers 503', async () => {
    primary.configure({
      faultRate: 1,
      randomFault: { type: 'status', status: 503, times: Number.POSITIVE_INFINITY },
    });
    const target = await server({ resilience: { retries: 1 } });
    const { data, response } = await client(target)
      .chat.completions.create({ model: 'generation', messages: ask() })
      .withResponse();
    expect(data.choices[0]?.message.content).toMatch(/^Fake reply to "I cross the bridge/);
    expect(response.headers.get('x-loremaster-provider')).toBe('mistral');
    expect(response.headers.get('x-loremaster-failed-over')).toBe('openai');
    expect(primary.stats().byPath['/v1/chat/completions']).toBe(2); // first attempt + one retry
    expect(secondary.stats().total).toBe(1);
  });

  it('opens the circuit after 3 failures (degraded in /health), then probes and recovers', async () => {
    primary.configure({
      faultRate: 1,
      randomFault: { type: 'status', status: 500, times: Number.POSITIVE_INFINITY },
    });
    const target = await server({ resilience: { retries: 0, breaker: { half_open_after_ms: 300 } } });
    for (let i = 0; i < 3; i++) {
      const answer = await post(target, { model: 'generation', messages: ask() });
      expect(answer.headers.get('x-loremaster-provider')).toBe('mistral');
    }
    const health = (await (await fetch(`${target.url}/health`)).json()) as Json;
    expect(health.providers.openai.status).toBe('degraded');
    expect(health.status).toBe('degraded');
    // While open, the primary is not called at all.
    const calls = primary.stats().total;
    await post(target, { model: 'generation', messages: ask() });
    expect(primary.stats().total).toBe(calls);
    primary.configure({ faultRate: 0 });
    await new Promise((resolve) => setTimeout(resolve, 350));
    const probe = await post(target, { model: 'generation', messages: ask() });
    expect(probe.headers.get('x-loremaster-provider')).toBe('openai');
    const healed = (await (await fetch(`${target.url}/health`)).json()) as Json;
    expect(healed.providers.openai.status).toBe('ok');
  });

  it('honours Retry-After before retrying', async () => {
    primary.injectFault({ type: 'status', status: 429, retryAfter: '1' });
    const target = await server({
      resilience: { retries: 2, failover: { generation: [] }, offline_fallback: false },
    });
    const started = performance.now();
    const answer = await post(target, { model: 'generation', messages: ask() });
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(answer.headers.get('x-loremaster-attempts')).toBe('2');
  });

  it('cuts a hung upstream at the timeout and fails over', async () => {
    primary.injectFault({ type: 'hang' });
    const target = await server({ resilience: { retries: 0 } });
    const started = performance.now();
    const answer = await post(target, { model: 'generation', messages: ask() });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-loremaster-provider')).toBe('mistral');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('answers 504 for a hang when there is nowhere to fail over', async () => {
    primary.injectFault({ type: 'hang' });
    const target = await server({
      resilience: { retries: 0, failover: { generation: [] }, offline_fallback: false },
    });
    const answer = await post(target, { model: 'generation', messages: ask() });
    expect(answer.status).toBe(504);
    expect(answer.json.error.code).toBe('upstream_timeout');
  });

  it('ends a stream cut after its first byte with an error event, not a hang', async () => {
    primary.injectFault({ type: 'cut-stream', afterChunks: 3 });
    const target = await server({ resilience: { retries: 2 } });
    const stream = await client(target).chat.completions.create({
      model: 'generation',
      messages: ask(),
      stream: true,
    });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow();
    expect(received.join('').length).toBeGreaterThan(0);
  });

  it('retries a stream that fails before its first byte', async () => {
    primary.injectFault({ type: 'status', status: 503 });
    const target = await server({ resilience: { retries: 1 } });
    const stream = await client(target).chat.completions.create({
      model: 'generation',
      messages: ask(),
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toMatch(/^Fake reply to/);
    expect(primary.stats().total).toBe(2);
    expect(secondary.stats().total).toBe(0);
  });

  it('all of 1,000 requests succeed with 30% faults on the primary and a healthy secondary', async () => {
    primary.configure({
      faultRate: 0.3,
      seed: 7,
      randomFault: { type: 'status', status: 503, times: Number.POSITIVE_INFINITY },
    });
    const target = await server({ resilience: { retries: 1, breaker: { half_open_after_ms: 50 } } });
    const statuses = new Map<number, number>();
    const providers = new Map<string, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < 1000) {
          next += 1;
          const answer = await post(target, {
            model: 'generation',
            messages: ask(`Turn ${next}: I walk on.`),
          });
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const provider = answer.headers.get('x-loremaster-provider') ?? '?';
          providers.set(provider, (providers.get(provider) ?? 0) + 1);
        }
      }),
    );
    expect(Object.fromEntries(statuses)).toEqual({ 200: 1000 });
    // The primary keeps a large share. Its circuit opens for 50 ms whenever three attempts in a row
    // fail, and every call in that window goes to the secondary, so the exact split depends on how many
    // calls fit in a window (the gateway's speed): about half at 2,000+ calls/s here.
    expect(providers.get('openai')).toBeGreaterThan(300);
    expect(providers.get('mistral')).toBeGreaterThan(0);
    expect(primary.stats().faultsInjected).toBeGreaterThan(100);
  });
});

describe('limits, queue and coalescing', () => {
  it('answers a full queue at once with 503 queue_full', async () => {
    primary.configure({ latencyMs: 300 });
    const target = await server({
      queue: { max_concurrency: 1, max_size: { high: 2 } },
      resilience: { retries: 0 },
    });
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        post(target, { model: 'openai/gpt-4o-mini', messages: ask(`q${i}`) }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    const full = answers.filter((answer) => answer.status === 503);
    expect(full).toHaveLength(5);
    expect(full[0]!.json.error.code).toBe('queue_full');
    expect(full[0]!.headers.get('retry-after')).toBe('1');
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('makes one upstream call for 50 identical concurrent requests', async () => {
    // Coalescing shares only calls in flight: the upstream's answer must outlast the arrival of all 50
    // requests, which on a loaded 2-core CI machine can take well over 100 ms.
    primary.configure({ latencyMs: 1_500 });
    const target = await server({}, {}, 5_000);
    const body = { model: 'openai/gpt-4o-mini', messages: ask('Same question'), temperature: 0 };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => post(target, body, { 'x-loremaster-cache': 'off' })),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(answers.map((answer) => answer.json.choices[0].message.content)).size).toBe(1);
    expect(primary.stats().total).toBe(1);
    const coalesced = answers.filter((answer) => answer.headers.get('x-loremaster-coalesced') === 'true');
    expect(coalesced).toHaveLength(49);
    // Only the call that went upstream is paid for.
    const costToday = async () =>
      ((await (await fetch(`${target.url}/llm/analytics?period=day`)).json()) as Json).totals
        .cost_usd as number;
    const shared = await costToday();
    expect(shared).toBeGreaterThan(0);
    await post(target, body, { 'x-loremaster-cache': 'off' });
    expect(await costToday()).toBeCloseTo(2 * shared, 10);
  });

  it('limits each API key and answers 429 with Retry-After', async () => {
    const target = await server(
      { limits: { vendor_default: {}, api_key_default: { rpm: 2 } } },
      { LOREMASTER_API_KEYS: 'game-a,game-b' },
    );
    const a = client(target, 'game-a');
    const b = client(target, 'game-b');
    await a.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: ask('1') });
    await a.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: ask('2') });
    const error = await a.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: ask('3') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(
      Number((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')),
    ).toBeGreaterThanOrEqual(1);
    // Another key has its own bucket.
    await expect(
      b.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: ask('4') }),
    ).resolves.toBeTruthy();
  });
});

describe('cache and budgets', () => {
  it('serves a repeated temperature-0 request from the cache until its TTL passes', async () => {
    const target = await server({ cache: { ttl_ms: 300 } });
    const body = { model: 'openai/gpt-4o-mini', messages: ask('Cache me'), temperature: 0 };
    const first = await post(target, body);
    const second = await post(target, body);
    expect(first.headers.get('x-loremaster-cache')).toBe('miss');
    expect(second.headers.get('x-loremaster-cache')).toBe('hit');
    expect(second.json.choices[0].message.content).toBe(first.json.choices[0].message.content);
    expect(primary.stats().total).toBe(1);
    // A streamed request is answered from the same cached answer.
    const stream = await client(target).chat.completions.create({ ...body, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(first.json.choices[0].message.content);
    expect(primary.stats().total).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const expired = await post(target, body);
    expect(expired.headers.get('x-loremaster-cache')).toBe('miss');
    expect(primary.stats().total).toBe(2);
    // Sampling at temperature > 0 is never cached unless asked for.
    await post(target, { ...body, temperature: 0.9 });
    await post(target, { ...body, temperature: 0.9 });
    expect(primary.stats().total).toBe(4);
    const metrics = await (await fetch(`${target.url}/metrics/detailed`)).json();
    expect(metrics).toMatchObject({ gateway: { cache: { hits: 2 } } });
  });

  it('shares the cache between two instances through Redis', async () => {
    const redis = await connectRedis();
    const prefix = testPrefix();
    try {
      const env = { REDIS_URL };
      const a = await server({ cache: { redis_prefix: prefix } }, env);
      const b = await server({ cache: { redis_prefix: prefix } }, env);
      const body = { model: 'openai/gpt-4o-mini', messages: ask('Shared answer'), temperature: 0 };
      expect((await post(a, body)).headers.get('x-loremaster-cache')).toBe('miss');
      expect((await post(b, body)).headers.get('x-loremaster-cache')).toBe('hit');
      expect(primary.stats().total).toBe(1);
      const health = (await (await fetch(`${a.url}/health`)).json()) as Json;
      expect(health.components.redis).toBe('ok');
    } finally {
      await deleteByPrefix(redis, prefix);
      redis.disconnect();
    }
  });

  it('stops at the hard limit of a budget with 429 and a clear message', async () => {
    const alerts: number[] = [];
    const target = await server({
      usage: { budgets: { daily_tokens: { period: 'day', unit: 'tokens', limit: 60, alert_at: [0.5, 1] } } },
    });
    target.gateway.bus.on('budget.alert', (alert) => alerts.push(alert.threshold));
    const statuses: number[] = [];
    let refused: Json | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      const answer = await post(target, { model: 'openai/gpt-4o-mini', messages: ask(`Spend ${i}`) });
      statuses.push(answer.status);
      if (answer.status === 429) refused = answer.json;
    }
    expect(statuses[0]).toBe(200);
    expect(statuses.at(-1)).toBe(429);
    expect(refused?.error.code).toBe('budget_exceeded');
    expect(refused?.error.message).toMatch(/daily_tokens/);
    expect(alerts).toEqual([0.5, 1]);
    const calls = primary.stats().total;
    expect((await post(target, { model: 'openai/gpt-4o-mini', messages: ask('More') })).status).toBe(429);
    expect(primary.stats().total).toBe(calls);
  });
});

/**
 * Failover, limits and pricing as documented, against real parts: a running server, fake upstreams on
 * 127.0.0.1 that inject faults, and the official `openai` package where a client would use it.
 *
 * - A role whose provider has no key is served down its failover chain, ending at offline (/health
 *   says so: degraded, not down).
 * - Upstream 429s are backed off (Retry-After) and never open the circuit breaker.
 * - A client without an API key over a provider's limit gets 429 with Retry-After, like a keyed one;
 *   Loremaster's own roles wait for tokens instead.
 * - A paid model without a price is counted at `gateway.usage.default_price`; /health lists it.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

// Each test starts a real server: generous, since other work shares this machine.
vi.setConfig({ testTimeout: 60_000 });

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

// biome-ignore lint/suspicious/noExplicitAny: test reads of JSON answers
type Json = Record<string, any>;

async function start(config: Record<string, unknown>, env: Record<string, string> = {}) {
  const server = await startLoremaster({ env, config });
  servers.push(server);
  return server;
}

const providers = () => ({
  openai: { type: 'openai', base_url: `${primary.url}/v1`, models: ['gpt-4o-mini'], timeout_ms: 2_000 },
  mistral: {
    type: 'mistral',
    base_url: `${secondary.url}/mistral/v1`,
    models: ['mistral-small-latest'],
    timeout_ms: 2_000,
  },
});

async function post(target: TestServer, path: string, body: object, headers: Record<string, string> = {}) {
  const response = await fetch(`${target.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Json };
}

const chat = (target: TestServer, body: object, headers: Record<string, string> = {}) =>
  post(target, '/v1/chat/completions', body, headers);

const health = async (target: TestServer) => {
  const response = await fetch(`${target.url}/health`);
  return { status: response.status, json: (await response.json()) as Json };
};

const ask = (content: string) => [{ role: 'user' as const, content }];

describe('a role whose provider has no API key', () => {
  it('LLM_PROVIDER=openai without OPENAI_API_KEY: turns and chat are answered offline, /health says degraded', async () => {
    const server = await start(
      { narrative: { workers_in_serve: false } },
      { LLM_PROVIDER: 'openai' }, // and no OPENAI_API_KEY
    );
    const answer = await chat(server, { model: 'generation', messages: ask('I light the beacon.') });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-loremaster-provider')).toBe('offline');
    expect(answer.headers.get('x-loremaster-failed-over')).toBe('openai');

    // A turn (the player-facing path), streamed and not.
    const world = await post(server, '/worlds', { name: 'Karsk' });
    const session = await post(server, `/worlds/${world.json.id}/sessions`, {});
    const turn = await post(server, `/sessions/${session.json.id}/turns`, { input: 'I climb the tower.' });
    expect(turn.status).toBe(201);
    expect(turn.json.provider).toBe('offline');
    expect(turn.json.narration.length).toBeGreaterThan(20);
    const stream = await client(server).chat.completions.create({
      model: 'generation',
      messages: ask('I call out to Mira.'),
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(10);

    const report = await health(server);
    expect(report.status).toBe(200);
    expect(report.json.status).toBe('degraded');
    expect(report.json.providers.openai).toMatchObject({ status: 'down', reason: /OPENAI_API_KEY/ });
    for (const role of ['generation', 'analysis', 'maintenance']) {
      expect(report.json.roles[role]).toMatchObject({
        provider: 'openai',
        status: 'degraded',
        serving: 'offline',
        reason: /OPENAI_API_KEY/,
      });
    }
    // Naming the keyless provider explicitly is not a role: it is refused, not rerouted.
    const explicit = await chat(server, { model: 'openai/gpt-4o-mini', messages: ask('Hello') });
    expect(explicit.status).toBe(503);
  });

  it('fails over down its chain: the next provider with a key, then offline when that one fails', async () => {
    const server = await start(
      {
        providers: providers(),
        roles: { generation: { provider: 'openai', temperature: 0.7 } },
        gateway: {
          limits: { vendor_default: {} },
          resilience: { retries: 0, base_delay_ms: 5, failover: { generation: ['mistral'] } },
        },
      },
      { MISTRAL_API_KEY: 'k-secondary' }, // openai has no key
    );
    const first = await chat(server, { model: 'generation', messages: ask('I cross the bridge.') });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-loremaster-provider')).toBe('mistral');
    expect(first.headers.get('x-loremaster-failed-over')).toBe('openai');
    expect(first.json.choices[0].message.content).toMatch(/^Fake reply to "I cross the bridge/);
    expect(primary.stats().total).toBe(0);
    let report = await health(server);
    expect(report.json.roles.generation).toMatchObject({ status: 'degraded', serving: 'mistral' });

    secondary.configure({
      faultRate: 1,
      randomFault: { type: 'status', status: 503, times: Number.POSITIVE_INFINITY },
    });
    const last = await chat(server, { model: 'generation', messages: ask('I cross the bridge again.') });
    expect(last.status).toBe(200);
    expect(last.headers.get('x-loremaster-provider')).toBe('offline');
    expect(last.headers.get('x-loremaster-failed-over')).toBe('openai,mistral');
    report = await health(server);
    expect(report.status).toBe(200);
    expect(report.json.status).toBe('degraded');
  });

  it('is down in /health when nothing in its chain can answer', async () => {
    const server = await start(
      {
        providers: providers(),
        roles: { generation: { provider: 'openai' } },
        gateway: { resilience: { offline_fallback: false } },
      },
      {},
    );
    const answer = await chat(server, { model: 'generation', messages: ask('Hello') });
    expect(answer.status).toBe(503);
    expect(answer.json.error.message).toMatch(/OPENAI_API_KEY/);
    const report = await health(server);
    expect(report.status).toBe(503);
    expect(report.json.roles.generation).toMatchObject({ provider: 'openai', status: 'down' });
  });
});

describe('upstream 429s', () => {
  it('are retried after Retry-After and never open the circuit breaker', async () => {
    const server = await start(
      {
        providers: providers(),
        gateway: {
          limits: { vendor_default: {} },
          resilience: {
            retries: 2,
            base_delay_ms: 5,
            max_delay_ms: 2_000,
            breaker: { consecutive_failures: 2, half_open_after_ms: 60_000 },
          },
        },
      },
      { OPENAI_API_KEY: 'k-primary' },
    );
    // Six 429s, two before each answer: three times as many in a row as open the breaker on 5xx.
    for (let i = 0; i < 3; i++) {
      const fault = { type: 'status' as const, status: 429, retryAfter: '1' };
      primary.injectFault(fault, fault);
      const started = performance.now();
      const answer = await chat(server, { model: 'openai/gpt-4o-mini', messages: ask(`Rate ${i}`) });
      // Each call waited out two Retry-After: 1 s before its third attempt answered.
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-loremaster-attempts')).toBe('3');
      expect(performance.now() - started).toBeGreaterThanOrEqual(1_900);
    }
    expect(primary.stats().faultsInjected).toBe(6);
    const report = await health(server);
    expect(report.json.providers.openai.status).toBe('ok');
    const metrics = (await (await fetch(`${server.url}/metrics/detailed`)).json()) as Json;
    expect(metrics.gateway.resilience.circuits.openai).toBe('closed');

    // The same number of 5xx does open it: the breaker still guards against a failing upstream.
    primary.configure({
      faultRate: 1,
      randomFault: { type: 'status', status: 500, times: Number.POSITIVE_INFINITY },
    });
    await chat(server, { model: 'openai/gpt-4o-mini', messages: ask('Broken') });
    expect((await health(server)).json.providers.openai.status).toBe('degraded');
  });

  it('a 429 whose Retry-After is too long for a retry fails the role over at once, circuit closed', async () => {
    const server = await start(
      {
        providers: providers(),
        roles: { generation: { provider: 'openai', temperature: 0.7 } },
        gateway: {
          limits: { vendor_default: {} },
          resilience: {
            retries: 2,
            max_delay_ms: 1_000,
            breaker: { consecutive_failures: 1 },
            failover: { generation: ['mistral'] },
          },
        },
      },
      { OPENAI_API_KEY: 'k-primary', MISTRAL_API_KEY: 'k-secondary' },
    );
    primary.injectFault({ type: 'status', status: 429, retryAfter: '30' });
    const answer = await chat(server, { model: 'generation', messages: ask('Hurry') });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-loremaster-provider')).toBe('mistral');
    expect(primary.stats().total).toBe(1);
    expect((await health(server)).json.providers.openai.status).toBe('ok');
    // A client that named the provider gets the upstream's 429 and its Retry-After.
    primary.injectFault({ type: 'status', status: 429, retryAfter: '30' });
    const direct = await chat(server, { model: 'openai/gpt-4o-mini', messages: ask('Hurry') });
    expect(direct.status).toBe(429);
    expect(direct.headers.get('retry-after')).toBe('30');
  });
});

describe("a provider's rate limit", () => {
  const limited = () => ({
    providers: providers(),
    narrative: { workers_in_serve: false },
    gateway: {
      limits: { vendor_default: {}, providers: { openai: { rpm: 2 } } },
      queue: { timeout_ms: { high: 20_000 } },
    },
  });

  it('answers a client without an API key 429 with Retry-After, like a keyed client', async () => {
    const server = await start(limited(), { OPENAI_API_KEY: 'k-primary' });
    const body = (i: number) => ({ model: 'openai/gpt-4o-mini', messages: ask(`Limit ${i}`) });
    expect((await chat(server, body(1))).status).toBe(200);
    expect((await chat(server, body(2))).status).toBe(200);
    const started = performance.now();
    const refused = await chat(server, body(3));
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe('rate_limited');
    expect(refused.json.error.message).toMatch(/openai\/gpt-4o-mini/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Refused at once, not held until the queue's 20 s deadline.
    expect(performance.now() - started).toBeLessThan(10_000);
    // The official SDK sees a RateLimitError, as with a key.
    const error = await client(server)
      .chat.completions.create(body(4))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(primary.stats().total).toBe(2);
  });

  it('a keyless game client is refused at once on every route that waits on a model', async () => {
    // Every role on the limited provider: a turn's narrator, a generation, content, a dialogue line.
    // 6 a minute: the next token is 10 s away, inside the queue's 20 s deadline, so a role would wait for it.
    const config = limited();
    config.gateway.limits.providers.openai.rpm = 6;
    const server = await start(config, { OPENAI_API_KEY: 'k-primary', LLM_PROVIDER: 'openai' });
    const world = await post(server, '/worlds', { name: 'Karsk' });
    expect(world.status).toBe(201);
    const npc = await post(server, `/worlds/${world.json.id}/entities`, { type: 'character', name: 'Mira' });
    expect(npc.status).toBe(201);
    const session = await post(server, `/worlds/${world.json.id}/sessions`, {});
    expect(session.status).toBe(201);
    const sessionId = session.json.id;
    for (let i = 1; i <= 6; i++) {
      const used = await chat(server, { model: 'openai/gpt-4o-mini', messages: ask(`Use ${i}`) });
      expect(used.status).toBe(200);
    }
    const calls: Array<[string, object]> = [
      [`/sessions/${sessionId}/turns`, { input: 'I knock on the chapel door.' }],
      [`/sessions/${sessionId}/turns`, { input: 'I knock again.', stream: true }],
      ['/llm/generate', { messages: ask('A rumour in the tavern'), model: 'openai/gpt-4o-mini' }],
      ['/content/npc', { model: 'openai' }],
      [`/sessions/${sessionId}/dialogue`, { character_id: npc.json.id, said: 'Good evening.' }],
    ];
    for (const [path, body] of calls) {
      const started = performance.now();
      const refused = await post(server, path, body);
      expect(refused.status, `${path} ${JSON.stringify(refused.json)}`).toBe(429);
      expect(refused.json.error.code).toBe('rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Refused at once, not held until the next token 10 s later.
      expect(performance.now() - started, path).toBeLessThan(5_000);
    }
    expect(primary.stats().total).toBe(6);
  });

  it("a keyed client is refused the same way; Loremaster's own roles wait for tokens", async () => {
    const server = await start(limited(), { OPENAI_API_KEY: 'k-primary', LOREMASTER_API_KEYS: 'game-a' });
    const keyed = { authorization: 'Bearer game-a' };
    const body = (i: number) => ({ model: 'openai/gpt-4o-mini', messages: ask(`Keyed ${i}`) });
    expect((await chat(server, body(1), keyed)).status).toBe(200);
    expect((await chat(server, body(2), keyed)).status).toBe(200);
    const refused = await chat(server, body(3), keyed);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // A background role (maintenance) over the same bucket waits: it is admitted once tokens come
    // back, and is never refused. The bucket refills 2 per minute, so it waits about 30 s; stop the
    // wait early through its signal and check it was still waiting, not refused.
    const controller = new AbortController();
    const waiting = server.gateway
      .complete({
        model: 'openai/gpt-4o-mini',
        messages: ask('Background'),
        priority: 'low',
        signal: controller.signal,
      })
      .then(
        () => 'answered',
        (error: { code?: string; name?: string }) => error.code ?? error.name ?? 'failed',
      );
    const outcome = await Promise.race([
      waiting,
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1_500)),
    ]);
    expect(outcome).toBe('still waiting');
    controller.abort();
    expect(await waiting).not.toBe('rate_limited');
    expect(primary.stats().total).toBe(2);
  });
});

describe('models without a price', () => {
  it('are counted at gateway.usage.default_price and listed by /health', async () => {
    const server = await start(
      {
        providers: {
          openai: {
            type: 'openai',
            base_url: `${primary.url}/v1`,
            models: ['gpt-4o-mini', 'fake-model'],
          },
        },
        gateway: {
          limits: { vendor_default: {} },
          usage: { default_price: { input: 1_000, output: 2_000 } },
        },
      },
      { OPENAI_API_KEY: 'k-primary' },
    );
    // Known from config before any call.
    expect((await health(server)).json.unpriced_models).toEqual(['openai/fake-model']);
    const answer = await chat(server, { model: 'openai/fake-model', messages: ask('Price me') });
    expect(answer.status).toBe(200);
    const { prompt_tokens: input, completion_tokens: output } = answer.json.usage;
    expect(input).toBeGreaterThan(0);
    const analytics = (await (
      await fetch(`${server.url}/llm/analytics?period=day&group_by=model`)
    ).json()) as Json;
    const row = analytics.groups.find((group: Json) => group.model === 'openai/fake-model');
    expect(row.cost_usd).toBeCloseTo((input * 1_000 + output * 2_000) / 1e6, 9);
    // A priced model is not listed, and keeps its own price.
    await chat(server, { model: 'openai/gpt-4o-mini', messages: ask('Price me') });
    expect((await health(server)).json.unpriced_models).toEqual(['openai/fake-model']);
  });
});

function client(target: TestServer, apiKey = 'unused') {
  return new OpenAI({ baseURL: `${target.url}/v1`, apiKey, maxRetries: 0 });
}

import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { MemoryCacheStore } from '../../src/gateway/cache/memory-cache.js';
import { RedisCacheStore } from '../../src/gateway/cache/redis-cache.js';
import type { CachedAnswer } from '../../src/gateway/cache/types.js';
import { createCacheMiddleware } from '../../src/gateway/middleware/cache.js';
import { deleteByPrefix } from '../../src/gateway/redis-keys.js';
import type { GatewayCall, Handlers } from '../../src/gateway/types.js';
import { MockProvider, OfflineProvider, ProviderError } from '../../src/providers/index.js';
import type { ChatResult, StreamEvent } from '../../src/vocabulary/index.js';
import { makeCall, makeDeps, terminal } from '../support/gateway-call.js';
import { connectRedis, deadRedis, silentRedis, testPrefix } from '../support/redis.js';

const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function settings(cache: Record<string, unknown> = {}) {
  const overrides = Object.fromEntries(Object.entries(cache).map(([k, v]) => [`gateway.cache.${k}`, v]));
  return loadConfig({ env: {}, overrides }).settings;
}

/** The cache middleware over the real provider handlers, and the provider behind it. */
function setup(options: { cache?: Record<string, unknown>; redis?: Redis; next?: Handlers } = {}) {
  const provider = new MockProvider();
  const middleware = createCacheMiddleware(
    makeDeps({ settings: settings(options.cache), redis: options.redis }),
  );
  const handlers = middleware.wrap(options.next ?? terminal);
  const call = (overrides: Partial<GatewayCall> = {}) => makeCall({ provider, ...overrides });
  return { provider, middleware, handlers, call };
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const all: StreamEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const textOf = (events: StreamEvent[]) =>
  events.map((event) => (event.type === 'delta' ? event.text : '')).join('');

describe('cache middleware (memory)', () => {
  it('answers a repeated request from the cache, keeping provider and model', async () => {
    const { provider, middleware, handlers, call } = setup();
    const first = call();
    const answer = await handlers.chat(first);
    expect(first.state.cache).toBe('miss');

    const second = call();
    const cached = await handlers.chat(second);
    expect(second.state.cache).toBe('hit');
    expect(provider.calls).toHaveLength(1);
    expect(cached).toMatchObject({
      text: answer.text,
      usage: answer.usage,
      finishReason: 'stop',
      model: answer.model,
      provider: 'mock',
    });
    expect(cached.latencyMs).toBeLessThan(50);
    expect(middleware.stats?.()).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5, entries: 1, errors: 0 });
    expect(middleware.stats?.().bytes).toBeGreaterThan(answer.text.length);
  });

  it('caches only when safe: temperature 0 or forced, never when off', async () => {
    const { provider, middleware, handlers, call } = setup();
    const warm = { options: { temperature: 0.7 } };
    await handlers.chat(call(warm));
    const again = call(warm);
    await handlers.chat(again);
    expect(again.state.cache).toBe('skip');
    expect(provider.calls).toHaveLength(2);

    const unset = call({ options: {} });
    await handlers.chat(unset);
    expect(unset.state.cache).toBe('skip');

    const forced = { options: { temperature: 0.7 }, cacheMode: 'force' as const };
    await handlers.chat(call(forced));
    const forcedAgain = call(forced);
    await handlers.chat(forcedAgain);
    expect(forcedAgain.state.cache).toBe('hit');

    await handlers.chat(call());
    const off = call({ cacheMode: 'off' });
    await handlers.chat(off);
    expect(off.state.cache).toBe('skip');

    expect(provider.calls).toHaveLength(6);
    expect(middleware.stats?.()).toMatchObject({ skips: 4 });

    // Streams the same: a sampled or `off` stream goes upstream every time, counted as a skip.
    for (const options of [warm, { cacheMode: 'off' as const }]) {
      for (let i = 0; i < 2; i++) {
        const streamed = call(options);
        const started = await handlers.stream(streamed);
        for await (const _event of started.events);
        expect(streamed.state.cache).toBe('skip');
      }
    }
    expect(provider.calls).toHaveLength(10);
    expect(middleware.stats?.()).toMatchObject({ skips: 8, hits: 1 });
  });

  it('caches embeddings in auto mode, whatever the temperature', async () => {
    const { provider, handlers, call } = setup();
    const embed = () => call({ kind: 'embed', input: ['the beacon', 'the keep'], options: {} });
    const first = await handlers.embed(embed());
    const hit = embed();
    const second = await handlers.embed(hit);
    expect(hit.state.cache).toBe('hit');
    expect(second.embeddings).toEqual(first.embeddings);
    expect(provider.calls).toHaveLength(1);
    // What a caller gets is its own: changing it does not change the cache.
    second.embeddings[0]![0] = 42;
    expect((await handlers.embed(embed())).embeddings).toEqual(first.embeddings);
  });

  it('expires an answer after its TTL', async () => {
    const { provider, middleware, handlers, call } = setup({ cache: { ttl_ms: 40 } });
    await handlers.chat(call());
    await sleep(70);
    const late = call();
    await handlers.chat(late);
    expect(late.state.cache).toBe('miss');
    expect(provider.calls).toHaveLength(2);
    expect(middleware.stats?.()).toMatchObject({ expired: 1, evictions: 0 });
  });

  it('evicts the least recently used answer past max_entries', async () => {
    const { provider, middleware, handlers, call } = setup({ cache: { max_entries: 2 } });
    const ask = (content: string) => call({ messages: [{ role: 'user', content }] });
    await handlers.chat(ask('a'));
    await handlers.chat(ask('b'));
    await handlers.chat(ask('a')); // a is now the most recently used
    await handlers.chat(ask('c')); // b goes
    expect(middleware.stats?.()).toMatchObject({ entries: 2, evictions: 1 });
    const a = ask('a');
    const b = ask('b');
    await handlers.chat(a);
    await handlers.chat(b);
    expect([a.state.cache, b.state.cache]).toEqual(['hit', 'miss']);
    expect(provider.calls).toHaveLength(4);
  });

  it('evicts by bytes past max_bytes, and never stores an answer bigger than the bound', async () => {
    const store = new MemoryCacheStore({ maxEntries: 100, maxBytes: 5_000 });
    const answer = (text: string): CachedAnswer => ({
      kind: 'chat',
      result: {
        text,
        usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
        finishReason: 'stop',
        model: 'm',
        provider: 'p',
        latencyMs: 1,
      },
    });
    for (const key of ['a', 'b', 'c']) await store.set(key, answer('x'.repeat(1_000)), 60_000);
    expect(store.stats()).toMatchObject({ entries: 2, evictions: 1 });
    expect(store.stats().bytes).toBeLessThanOrEqual(5_000);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('c')).toBeDefined();

    await store.set('huge', answer('x'.repeat(10_000)), 60_000);
    expect(await store.get('huge')).toBeUndefined();
    expect(store.stats()).toMatchObject({ hits: 1, misses: 2, entries: 2 });
  });

  it('streams a cached answer back: word-sized deltas with the same text, then done', async () => {
    const { provider, handlers, call } = setup();
    provider.enqueue({ text: '  The beacon flares;\nthe valley\tanswers.  ', finishReason: 'length' });
    const answer = await handlers.chat(call());

    const streamed = call({ kind: 'stream' });
    const started = await handlers.stream(streamed);
    expect(streamed.state.cache).toBe('hit');
    expect(started).toMatchObject({ provider: 'mock', model: answer.model });
    const events = await collect(started.events);
    expect(textOf(events)).toBe(answer.text);
    expect(events.filter((event) => event.type === 'delta').length).toBe(6);
    expect(events.at(-1)).toMatchObject({
      type: 'done',
      usage: answer.usage,
      finishReason: 'length',
      model: answer.model,
      provider: 'mock',
    });
    expect(provider.calls).toHaveLength(1);
  });

  it('keeps tool calls and every choice of an answer, streamed in or out', async () => {
    const { handlers } = setup();
    const provider = new OfflineProvider();
    const options = {
      temperature: 0,
      tools: [
        {
          name: 'roll_dice',
          parameters: { type: 'object', properties: { sides: { type: 'integer' } }, required: ['sides'] },
        },
      ],
      toolChoice: 'required' as const,
      n: 2,
    };
    const messages = [{ role: 'user' as const, content: 'I roll a d12.' }];
    const call = (kind: 'chat' | 'stream') => makeCall({ provider, kind, messages, options });
    const direct = await provider.chat(messages, options);
    expect(direct.toolCalls?.[0]?.arguments).toBe('{"sides":12}');

    const streamed = await handlers.stream(call('stream'));
    await collect(streamed.events);
    const stored = call('chat');
    const answer = await handlers.chat(stored);
    expect(stored.state.cache).toBe('hit');
    expect({ ...answer, latencyMs: 0 }).toEqual({ ...direct, latencyMs: 0 });

    const replayed = call('stream');
    const events = await collect((await handlers.stream(replayed)).events);
    expect(replayed.state.cache).toBe('hit');
    const calls = events.filter((event) => event.type === 'tool-call-delta');
    expect(calls.map((event) => [event.choice ?? 0, event.name, event.arguments])).toEqual(
      direct.choices!.map((choice, index) => [index, 'roll_dice', choice.toolCalls![0]!.arguments]),
    );
    expect(events.at(-1)).toMatchObject({ type: 'done', finishReasons: ['tool_calls', 'tool_calls'] });
  });

  it('passes a stream through untouched on a miss and stores it once done', async () => {
    const { provider, handlers, call } = setup();
    const streamed = call({ kind: 'stream' });
    const started = await handlers.stream(streamed);
    expect(streamed.state.cache).toBe('miss');
    const events = await collect(started.events);
    const direct = await collect((await terminal.stream(call({ kind: 'stream' }))).events);
    const withoutTimes = (list: StreamEvent[]) =>
      list.map((event) => (event.type === 'done' ? { ...event, latencyMs: 0, firstTokenMs: 0 } : event));
    expect(withoutTimes(events)).toEqual(withoutTimes(direct));

    const chat = call();
    const answer = await handlers.chat(chat);
    expect(chat.state.cache).toBe('hit');
    expect(answer.text).toBe(textOf(events));
    expect(provider.calls).toHaveLength(2); // the stream, and the direct one for comparison
  });

  it('never stores a stream the client left before done', async () => {
    const { provider, handlers, call } = setup();
    provider.enqueue({ text: 'one two three four' });
    const started = await handlers.stream(call({ kind: 'stream' }));
    for await (const event of started.events) {
      expect(event.type).toBe('delta');
      break;
    }
    const again = call({ kind: 'stream' });
    await collect((await handlers.stream(again)).events);
    expect(again.state.cache).toBe('miss');
    expect(provider.calls).toHaveLength(2);
  });

  it('never stores a stream cut by an error', async () => {
    const cut: Handlers = {
      ...terminal,
      stream: async () => ({
        provider: 'mock',
        model: 'mock-1',
        events: (async function* () {
          yield { type: 'delta', text: 'The beacon ' } as const;
          throw new ProviderError('network', 'connection reset', { provider: 'mock' });
        })(),
      }),
    };
    const { handlers, call } = setup({ next: cut });
    const started = await handlers.stream(call({ kind: 'stream' }));
    await expect(collect(started.events)).rejects.toThrow('connection reset');
    const after = call();
    await handlers.chat(after);
    expect(after.state.cache).toBe('miss');
  });

  it('never stores an answer that finished with an error, or one from a failover provider', async () => {
    const failedOver: Handlers = {
      ...terminal,
      chat: async (call) => {
        call.state.failedOver.push('primary');
        return terminal.chat(call);
      },
    };
    for (const next of [undefined, failedOver]) {
      const { provider, handlers, call } = setup(next ? { next } : {});
      if (!next) provider.enqueue({ text: 'half an answ', finishReason: 'error' });
      await handlers.chat(call());
      const again = call();
      await handlers.chat(again);
      expect(again.state.cache).toBe('miss');
    }
  });

  it('passes every call through when disabled', async () => {
    const { provider, handlers, call } = setup({ cache: { enabled: false } });
    await handlers.chat(call());
    const second = call();
    await handlers.chat(second);
    expect(second.state.cache).toBeUndefined();
    expect(provider.calls).toHaveLength(2);
  });
});

describe('cache middleware (Redis)', () => {
  let redis: Redis;
  let other: Redis;
  let prefix: string;

  beforeAll(async () => {
    redis = await connectRedis();
    other = await connectRedis();
  });
  afterAll(async () => {
    await redis?.quit();
    await other?.quit();
  });
  afterEach(async () => {
    await deleteByPrefix(redis, prefix);
  });

  /** Two instances (their own connection, provider and middleware) over one Redis prefix. */
  function instances(cache: Record<string, unknown> = {}) {
    prefix = testPrefix();
    return [redis, other].map((client) =>
      setup({ redis: client, cache: { redis_prefix: prefix, ...cache } }),
    );
  }

  const stored = async (count: number) =>
    vi.waitFor(async () => expect(await redis.keys(prefix + '*')).toHaveLength(count), { timeout: 1_000 });

  it('is shared by two instances: one stores, the other answers from it', async () => {
    const [a, b] = instances();
    const answer = await a!.handlers.chat(a!.call());
    await stored(1);

    const hit = b!.call();
    expect(await b!.handlers.chat(hit)).toMatchObject({ text: answer.text, usage: answer.usage });
    expect(hit.state.cache).toBe('hit');
    expect(b!.provider.calls).toHaveLength(0);
    expect(b!.middleware.stats?.()).toMatchObject({
      hits: 1,
      misses: 0,
      hitRate: 1,
      entries: null,
      errors: 0,
    });

    const streamed = b!.call({ kind: 'stream' });
    const events = await collect((await b!.handlers.stream(streamed)).events);
    expect(streamed.state.cache).toBe('hit');
    expect(textOf(events)).toBe(answer.text);
  });

  it('shares embeddings, exactly', async () => {
    const [a, b] = instances();
    const embed = (instance: typeof a) =>
      instance!.call({ kind: 'embed', input: ['the beacon'], options: {} });
    const first = await a!.handlers.embed(embed(a));
    await stored(1);
    const hit = embed(b);
    expect((await b!.handlers.embed(hit)).embeddings).toEqual(first.embeddings);
    expect(hit.state.cache).toBe('hit');
  });

  it('lets Redis expire an answer after its TTL', async () => {
    const [a] = instances({ ttl_ms: 60 });
    await a!.handlers.chat(a!.call());
    await stored(1);
    await sleep(120);
    const late = a!.call();
    await a!.handlers.chat(late);
    expect(late.state.cache).toBe('miss');
  });

  it('treats a value it cannot read as a miss and an error', async () => {
    prefix = testPrefix();
    const store = new RedisCacheStore(redis, { prefix, logger });
    await redis.set(prefix + 'v1:broken', '{"kind":"chat"');
    expect(await store.get('broken')).toBeUndefined();
    expect(store.stats()).toMatchObject({ misses: 1, errors: 1 });
  });

  it('clears its own prefix only', async () => {
    prefix = testPrefix();
    const store = new RedisCacheStore(redis, { prefix: prefix + 'cache:', logger });
    const result: ChatResult = {
      text: 'hi',
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
      finishReason: 'stop',
      model: 'm',
      provider: 'p',
      latencyMs: 1,
    };
    await store.set('a', { kind: 'chat', result }, 60_000);
    await redis.set(prefix + 'other', 'kept');
    await store.clear();
    expect(await store.get('a')).toBeUndefined();
    expect(await redis.get(prefix + 'other')).toBe('kept');
  });

  it('answers as a miss, never a failure, when Redis is down', async () => {
    prefix = testPrefix();
    const dead = deadRedis();
    try {
      const { provider, middleware, handlers, call } = setup({
        redis: dead,
        cache: { redis_prefix: prefix },
      });
      for (let i = 0; i < 3; i++) {
        const attempt = call();
        expect((await handlers.chat(attempt)).text).toContain('beacon');
        expect(attempt.state.cache).toBe('miss');
      }
      expect(provider.calls).toHaveLength(3);
      await vi.waitFor(() => expect(middleware.stats?.()).toMatchObject({ misses: 3, errors: 6 }));
    } finally {
      dead.disconnect();
    }
  });

  it('does not let a Redis that hangs stall the call', async () => {
    prefix = testPrefix();
    const silent = await silentRedis();
    try {
      const { middleware, handlers, call } = setup({ redis: silent.redis, cache: { redis_prefix: prefix } });
      const slow = call();
      const started = performance.now();
      await handlers.chat(slow);
      // A hung Redis never answers: any bound well under the test's timeout tells a deadline from a stall.
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(slow.state.cache).toBe('miss');
      expect(middleware.stats?.()).toMatchObject({ misses: 1 });
      expect(middleware.stats?.().errors).toBeGreaterThanOrEqual(1);
    } finally {
      await silent.stop();
    }
  });
});

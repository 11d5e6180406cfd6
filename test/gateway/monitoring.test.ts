/** The monitoring middleware over the real provider handlers and MockProvider. */
import { describe, expect, it } from 'vitest';
import { loadConfig, type Settings } from '../../src/config/index.js';
import { GatewayError } from '../../src/gateway/errors.js';
import { EventBus, type GatewayEventName, type GatewayEvents } from '../../src/gateway/events.js';
import { GatewayMetrics } from '../../src/gateway/metrics.js';
import { createMonitoringMiddleware } from '../../src/gateway/middleware/monitoring.js';
import type { Handlers } from '../../src/gateway/types.js';
import { BudgetTracker } from '../../src/gateway/usage/budgets.js';
import { countPromptTokens, countTextTokens } from '../../src/gateway/usage/tokens.js';
import { UsageTracker } from '../../src/gateway/usage/usage-tracker.js';
import { MockProvider, ProviderError } from '../../src/providers/index.js';
import type { ChatMessage, ChatOptions, ChatResult, StreamEvent } from '../../src/vocabulary/index.js';
import { makeCall, makeDeps, terminal } from '../support/gateway-call.js';

/** USD per million tokens for the mock provider, so costs are visible. */
const PRICE = { input: 1000, output: 2000 };

function settingsWithPricing(): Settings {
  const base = loadConfig({ env: {} }).settings;
  return {
    ...base,
    gateway: { ...base.gateway, usage: { ...base.gateway.usage, pricing: { 'mock/mock-1': PRICE } } },
  };
}

function setup(options: { budgets?: ConstructorParameters<typeof BudgetTracker>[0]['budgets'] } = {}) {
  const bus = new EventBus();
  const events: Array<{ name: GatewayEventName; payload: GatewayEvents[GatewayEventName] }> = [];
  for (const name of ['llm.request', 'llm.response', 'llm.error', 'budget.alert'] as const) {
    bus.on(name, (payload) => events.push({ name, payload }));
  }
  const deps = makeDeps({ settings: settingsWithPricing(), bus });
  const usage = new UsageTracker();
  const budgets = new BudgetTracker({ budgets: options.budgets ?? {}, bus });
  const metrics = new GatewayMetrics({ defaultMetrics: false });
  const middleware = createMonitoringMiddleware(deps, { usage, budgets, metrics });
  const handlers = middleware.wrap(terminal);
  const of = <K extends GatewayEventName>(name: K) =>
    events.filter((event) => event.name === name).map((event) => event.payload as GatewayEvents[K]);
  return { handlers, middleware, usage, budgets, metrics, events, of };
}

/** A provider that reports no usage, as some local servers do. */
class SilentUsageProvider extends MockProvider {
  override async chat(messages: ChatMessage[], options?: ChatOptions): Promise<ChatResult> {
    const result = await super.chat(messages, options);
    return { ...result, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } };
  }
  override async *stream(messages: ChatMessage[], options?: ChatOptions): AsyncGenerator<StreamEvent> {
    for await (const event of super.stream(messages, options)) {
      yield event.type === 'done'
        ? { ...event, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } }
        : event;
    }
  }
}

/** A stream whose second delta waits for the test to release it, then breaks or finishes. */
class GatedStreamProvider extends MockProvider {
  release: () => void = () => {};
  private readonly gate = new Promise<void>((resolve) => {
    this.release = resolve;
  });
  constructor(private readonly breakMidway: boolean) {
    super();
  }
  override async *stream(): AsyncGenerator<StreamEvent> {
    this.calls.push({ kind: 'stream' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    yield { type: 'delta', text: 'The beacon ' };
    await this.gate;
    if (this.breakMidway)
      throw new ProviderError('bad_response', 'upstream stream cut mid-way', { provider: this.name });
    yield { type: 'delta', text: 'flares.' };
    yield {
      type: 'done',
      usage: { inputTokens: 9, outputTokens: 4, totalTokens: 13 },
      finishReason: 'stop',
      model: 'mock-1',
      provider: this.name,
      latencyMs: 6,
      firstTokenMs: 5,
    };
  }
}

function metricValue(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

describe('monitoring middleware', () => {
  it('records a chat call: events, usage, cost and metrics', async () => {
    const { handlers, usage, metrics, of, middleware } = setup();
    const provider = new MockProvider();
    const call = makeCall({ provider, apiKeyId: 'key-a', role: 'generation', model: 'generation' });
    const result = await handlers.chat(call);
    expect(result.text).toBe('mock: I light the beacon of Karsk.');

    expect(of('llm.request')).toEqual([
      {
        id: call.id,
        kind: 'chat',
        model: 'generation',
        provider: 'mock',
        role: 'generation',
        apiKeyId: 'key-a',
        priority: 'high',
      },
    ]);
    const cost = (result.usage.inputTokens * PRICE.input + result.usage.outputTokens * PRICE.output) / 1e6;
    const [response] = of('llm.response');
    expect(response).toMatchObject({
      id: call.id,
      kind: 'chat',
      model: 'generation',
      provider: 'mock',
      providerModel: 'mock-1',
      role: 'generation',
      apiKeyId: 'key-a',
      usage: result.usage,
      firstTokenMs: null,
      finishReason: 'stop',
      attempts: 0,
      failedOver: [],
    });
    expect(response?.costUsd).toBeCloseTo(cost, 12);
    expect(response?.latencyMs).toBeGreaterThanOrEqual(0);

    const day = usage.snapshot({ period: 'day', groupBy: 'api_key' });
    expect(day.groups).toEqual([
      {
        key: 'key-a',
        requests: 1,
        errors: 0,
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        costUsd: cost,
        cacheHits: 0,
      },
    ]);

    const text = await metrics.text();
    expect(
      metricValue(
        text,
        'loremaster_llm_requests_total{provider="mock",model="mock-1",role="generation",kind="chat",status="ok"}',
      ),
    ).toBe(1);
    expect(
      metricValue(text, 'loremaster_llm_tokens_total{provider="mock",model="mock-1",direction="output"}'),
    ).toBe(result.usage.outputTokens);
    expect(
      metricValue(
        text,
        'loremaster_llm_request_duration_seconds_count{provider="mock",model="mock-1",role="generation",kind="chat"}',
      ),
    ).toBe(1);
    expect(middleware.stats?.()).toMatchObject({ requests: 1, errors: 0, in_flight: 0, cost_usd: cost });
  });

  it('records an error with its code and rethrows it', async () => {
    const { handlers, usage, metrics, of } = setup();
    const provider = new MockProvider({
      script: [{ error: 'upstream_unavailable', message: 'upstream said 503' }],
    });
    const call = makeCall({ provider });
    await expect(handlers.chat(call)).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect(of('llm.error')).toEqual([
      {
        id: call.id,
        kind: 'chat',
        model: 'mock',
        provider: 'mock',
        role: undefined,
        apiKeyId: undefined,
        meta: call.meta,
        code: 'upstream_unavailable',
        message: 'upstream said 503',
        latencyMs: expect.any(Number),
        attempts: 0,
        // The call itself, for the call log to keep its request.
        call,
      },
    ]);
    expect(of('llm.response')).toEqual([]);
    expect(usage.snapshot({ period: 'hour' }).totals).toMatchObject({ requests: 1, errors: 1, costUsd: 0 });
    expect(await metrics.text()).toContain(
      'loremaster_llm_requests_total{provider="mock",model="mock-1",role="none",kind="chat",status="upstream_unavailable"} 1',
    );
  });

  it('counts tokens with the tokenizer when the provider reports none', async () => {
    const { handlers, of } = setup();
    const provider = new SilentUsageProvider();
    const call = makeCall({ provider, options: { temperature: 0, system: 'You are the narrator.' } });
    const result = await handlers.chat(call);
    const inputTokens = countPromptTokens(call.messages, 'You are the narrator.');
    const outputTokens = countTextTokens(result.text);
    expect(of('llm.response')[0]?.usage).toEqual({
      inputTokens,
      outputTokens,
      totalTokens: inputTokens + outputTokens,
    });

    const streamed = await handlers.stream(makeCall({ provider, kind: 'stream' }));
    let text = '';
    for await (const event of streamed.events) if (event.type === 'delta') text += event.text;
    expect(of('llm.response')[1]?.usage.outputTokens).toBe(countTextTokens(text));
  });

  it('streams through unbuffered, with time to first token, and records at the done event', async () => {
    const { handlers, usage, metrics, of } = setup();
    const provider = new GatedStreamProvider(false);
    const call = makeCall({ provider, kind: 'stream', role: 'generation' });
    const started = await handlers.stream(call);
    expect(started.provider).toBe('mock');
    const iterator = started.events[Symbol.asyncIterator]();
    // The first delta arrives while the provider still holds back the rest.
    expect(await iterator.next()).toEqual({ done: false, value: { type: 'delta', text: 'The beacon ' } });
    expect(of('llm.response')).toEqual([]);
    provider.release();
    const rest: StreamEvent[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(rest.map((event) => event.type)).toEqual(['delta', 'done']);

    const [response] = of('llm.response');
    expect(response?.usage).toEqual({ inputTokens: 9, outputTokens: 4, totalTokens: 13 });
    expect(response?.firstTokenMs).toBeGreaterThanOrEqual(4);
    expect(response?.firstTokenMs).toBeLessThanOrEqual(response!.latencyMs);
    expect(response?.costUsd).toBeCloseTo((9 * PRICE.input + 4 * PRICE.output) / 1e6, 12);
    expect(usage.snapshot({ period: 'hour', groupBy: 'kind' }).groups).toMatchObject([
      { key: 'stream', requests: 1, errors: 0, inputTokens: 9, outputTokens: 4 },
    ]);
    const text = await metrics.text();
    expect(
      metricValue(
        text,
        'loremaster_llm_time_to_first_token_seconds_count{provider="mock",model="mock-1",role="generation"}',
      ),
    ).toBe(1);
  });

  it('records a stream that breaks mid-way as an error, and the client still sees the error', async () => {
    const { handlers, usage, of } = setup();
    const provider = new GatedStreamProvider(true);
    const started = await handlers.stream(makeCall({ provider, kind: 'stream' }));
    const seen: string[] = [];
    provider.release();
    await expect(
      (async () => {
        for await (const event of started.events) seen.push(event.type);
      })(),
    ).rejects.toThrow(/cut mid-way/);
    expect(seen).toEqual(['delta']);
    expect(of('llm.error')).toMatchObject([{ code: 'bad_response', message: 'upstream stream cut mid-way' }]);
    expect(of('llm.response')).toEqual([]);
    expect(usage.snapshot({ period: 'hour' }).totals).toMatchObject({ requests: 1, errors: 1 });
  });

  it('records a stream the client stopped reading as aborted', async () => {
    const { handlers, of, middleware } = setup();
    const provider = new MockProvider({ script: [{ text: 'one two three four' }] });
    const started = await handlers.stream(makeCall({ provider, kind: 'stream' }));
    for await (const event of started.events) {
      expect(event.type).toBe('delta');
      break;
    }
    expect(of('llm.error')).toMatchObject([{ code: 'aborted' }]);
    expect(middleware.stats?.()).toMatchObject({ in_flight: 0, errors: 1 });
  });

  it('a hard-stop budget refuses the call before the provider is called', async () => {
    const { handlers, of } = setup({
      budgets: {
        tiny: {
          scope: 'key',
          period: 'day',
          unit: 'tokens',
          limit: 10,
          alert_at: [0.5, 0.8, 1],
          hard_stop: true,
        },
      },
    });
    const provider = new MockProvider();
    await handlers.chat(makeCall({ provider, apiKeyId: 'key-a' }));
    expect(provider.calls).toHaveLength(1);
    expect(of('budget.alert').map((alert) => alert.threshold)).toEqual([0.5, 0.8, 1]);

    const refused = handlers.chat(makeCall({ provider, apiKeyId: 'key-a' }));
    await expect(refused).rejects.toBeInstanceOf(GatewayError);
    await expect(refused).rejects.toMatchObject({ code: 'budget_exceeded', status: 429 });
    expect(provider.calls).toHaveLength(1);
    expect(of('llm.error').at(-1)).toMatchObject({ code: 'budget_exceeded', apiKeyId: 'key-a' });

    // Another key still has its own budget.
    await handlers.chat(makeCall({ provider, apiKeyId: 'key-b' }));
    expect(provider.calls).toHaveLength(2);
  });

  it('a cache hit costs nothing and spends no budget', async () => {
    const { middleware, usage, of, metrics } = setup({
      budgets: {
        day: { scope: 'global', period: 'day', unit: 'usd', limit: 1, alert_at: [0.5], hard_stop: true },
      },
    });
    // Stands in for the cache middleware below monitoring: it marks the call as answered from the cache.
    const fromCache: Handlers = {
      ...terminal,
      chat: (call) => {
        call.state.cache = 'hit';
        return terminal.chat(call);
      },
    };
    const handlers = middleware.wrap(fromCache);
    await handlers.chat(makeCall({ provider: new MockProvider() }));
    expect(of('llm.response')[0]).toMatchObject({ costUsd: 0, cache: 'hit' });
    expect(usage.snapshot({ period: 'hour' }).totals).toMatchObject({
      requests: 1,
      cacheHits: 1,
      costUsd: 0,
    });
    expect(of('budget.alert')).toEqual([]);
    expect(await metrics.text()).toContain(
      'loremaster_llm_cache_hits_total{provider="mock",model="mock-1"} 1',
    );
  });

  it('records embeddings, counting input tokens', async () => {
    const { handlers, usage, of } = setup();
    const provider = new MockProvider();
    await handlers.embed(
      makeCall({ provider, kind: 'embed', input: ['a lighthouse', 'the old keeper'], role: 'embedding' }),
    );
    expect(of('llm.response')[0]).toMatchObject({
      kind: 'embed',
      providerModel: 'mock-embed-1',
      usage: { outputTokens: 0 },
    });
    expect(usage.snapshot({ period: 'hour', groupBy: 'model' }).groups).toMatchObject([
      { key: 'mock/mock-embed-1', requests: 1, inputTokens: 5 },
    ]);
  });

  it('builds no event payload when nobody listens', async () => {
    const deps = makeDeps({ settings: settingsWithPricing() });
    const bus = deps.bus;
    const emitted: string[] = [];
    const emit = bus.emit.bind(bus);
    bus.emit = ((name: GatewayEventName, payload: never) => {
      emitted.push(name);
      emit(name, payload);
    }) as typeof bus.emit;
    const middleware = createMonitoringMiddleware(deps, {
      usage: new UsageTracker(),
      budgets: new BudgetTracker({ budgets: {}, bus }),
      metrics: new GatewayMetrics({ defaultMetrics: false }),
    });
    await middleware.wrap(terminal).chat(makeCall());
    expect(emitted).toEqual([]);
  });
});

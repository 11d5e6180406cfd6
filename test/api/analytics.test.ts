/** GET /llm/analytics, /llm/analytics/report, /metrics and /metrics/detailed over HTTP. */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandlers } from '../../src/api/errors.js';
import { analyticsRoutes } from '../../src/api/routes/analytics.js';
import { registerSchemaCompilers } from '../../src/api/schema-compilers.js';
import { loadConfig } from '../../src/config/index.js';
import { GatewayMetrics } from '../../src/gateway/metrics.js';
import { createMonitoringMiddleware } from '../../src/gateway/middleware/monitoring.js';
import type { Handlers } from '../../src/gateway/types.js';
import { BudgetTracker } from '../../src/gateway/usage/budgets.js';
import { UsageTracker } from '../../src/gateway/usage/usage-tracker.js';
import { MockProvider } from '../../src/providers/index.js';
import { makeCall, makeDeps, terminal } from '../support/gateway-call.js';

let app: FastifyInstance;
let handlers: Handlers;
const provider = new MockProvider({
  script: [{ text: 'one two three' }, { error: 'timeout', message: 'too slow' }],
});
const usage = new UsageTracker();
let stats: Record<string, unknown> = {};

beforeAll(async () => {
  const deps = makeDeps();
  const budgets = new BudgetTracker({
    budgets: {
      'daily-usd': {
        scope: 'global',
        period: 'day',
        unit: 'usd',
        limit: 10,
        alert_at: [0.5, 0.8, 1],
        hard_stop: true,
      },
    },
    bus: deps.bus,
  });
  const metrics = new GatewayMetrics({
    statsSource: () => stats,
  });
  const monitoring = createMonitoringMiddleware(deps, { usage, budgets, metrics });
  handlers = monitoring.wrap(terminal);
  app = Fastify();
  registerErrorHandlers(app, loadConfig({ env: {} }).secrets);
  registerSchemaCompilers(app);
  analyticsRoutes(app, {
    usage,
    budgets,
    metrics,
    stats: () => ({ monitoring: monitoring.stats?.(), ...stats }),
  });
  await app.ready();

  // Three successful calls (two from key-a, one internal), one failure, one stream.
  await handlers.chat(makeCall({ provider, apiKeyId: 'key-a', role: 'generation' }));
  await expect(handlers.chat(makeCall({ provider, apiKeyId: 'key-a' }))).rejects.toThrow(/too slow/);
  await handlers.chat(makeCall({ provider, apiKeyId: 'key-a', role: 'generation' }));
  await handlers.chat(makeCall({ provider, role: 'analysis' }));
  const stream = await handlers.stream(makeCall({ provider, kind: 'stream', role: 'generation' }));
  for await (const _ of stream.events);
});
afterAll(() => app.close());

/** Parses the Prometheus text format strictly enough to catch a malformed line. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      expect(line).toMatch(/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/);
      continue;
    }
    const match =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})?) (\S+)$/.exec(line);
    expect(match, line).not.toBeNull();
    samples.set(match![1]!, Number(match![2]));
  }
  return samples;
}

describe('GET /llm/analytics', () => {
  it('answers the roll-ups, grouped as asked', async () => {
    const response = await app.inject({ url: '/llm/analytics?period=day&group_by=api_key' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ period: 'day', group_by: 'api_key' });
    expect(body.totals).toMatchObject({ requests: 5, errors: 1, cost_usd: 0, cache_hits: 0 });
    expect(body.totals.input_tokens).toBeGreaterThan(0);
    expect(body.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ api_key: 'key-a', requests: 3, errors: 1 }),
        expect.objectContaining({ api_key: null, requests: 2, errors: 0 }),
      ]),
    );
    expect(body.series[0].start).toMatch(/T00:00:00\.000Z$/);

    const byKind = (await app.inject({ url: '/llm/analytics?group_by=kind' })).json();
    expect(byKind.period).toBe('hour');
    expect(byKind.groups.map((g: { kind: string; requests: number }) => [g.kind, g.requests]).sort()).toEqual(
      [
        ['chat', 4],
        ['stream', 1],
      ],
    );

    const future = (
      await app.inject({ url: `/llm/analytics?since=${encodeURIComponent('2999-01-01T00:00:00Z')}` })
    ).json();
    expect(future.totals.requests).toBe(0);
    const epoch = (await app.inject({ url: `/llm/analytics?since=${Date.now() - 3_600_000}` })).json();
    expect(epoch.totals.requests).toBe(5);
  });

  it('400 naming the field for a bad query parameter', async () => {
    for (const [query, param] of [
      ['period=week', 'period'],
      ['group_by=player', 'group_by'],
      ['since=yesterday-ish', 'since'],
      // Numbers and dates no Date can hold, or not dates at all, are a 400, never a 500.
      ['since=99999999999999999999', 'since'],
      ['since=9007199254740993', 'since'],
      ['since=%2B275760-09-13T00:00:00Z', 'since'],
      ['since=10000-01-01', 'since'],
      ['since=2024-13-45', 'since'],
      ['since=-5', 'since'],
      ['since=', 'since'],
      [`since=${'1'.repeat(100)}`, 'since'],
    ] as const) {
      const response = await app.inject({ url: `/llm/analytics?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error).toMatchObject({ param, code: 'invalid_request' });
      expect(response.json().error.message).toContain(param);
    }
    const unknown = await app.inject({ url: '/llm/analytics?groupby=model' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/groupby/);
  });
});

describe('GET /llm/analytics/report', () => {
  it('answers a plain-text report', async () => {
    const response = await app.inject({ url: '/llm/analytics/report?period=day' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toMatch(/^Loremaster usage, daily since/);
    expect(response.body).toMatch(/Total\s+5\s+1/);
    expect(response.body).toMatch(/mock\/mock-1\s+5\s+1/);
    expect((await app.inject({ url: '/llm/analytics/report?period=month' })).statusCode).toBe(400);
    const huge = await app.inject({ url: '/llm/analytics/report?since=99999999999999999999' });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error).toMatchObject({ param: 'since', code: 'invalid_request' });
  });
});

describe('GET /metrics', () => {
  it('answers Prometheus text with the series of the calls made', async () => {
    stats = {
      limiter: { queue: { high: 3, medium: 1, low: 0 } },
      resilience: { circuits: { openai: 'open', mock: 'closed', mistral: 'half_open' } },
    };
    const response = await app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const samples = parsePrometheus(response.body);
    const labels = 'provider="mock",model="mock-1"';
    expect(
      samples.get(`loremaster_llm_requests_total{${labels},role="generation",kind="chat",status="ok"}`),
    ).toBe(2);
    expect(
      samples.get(`loremaster_llm_requests_total{${labels},role="none",kind="chat",status="timeout"}`),
    ).toBe(1);
    expect(
      samples.get(`loremaster_llm_requests_total{${labels},role="analysis",kind="chat",status="ok"}`),
    ).toBe(1);
    expect(
      samples.get(`loremaster_llm_requests_total{${labels},role="generation",kind="stream",status="ok"}`),
    ).toBe(1);
    expect(
      samples.get(`loremaster_llm_request_duration_seconds_count{${labels},role="generation",kind="chat"}`),
    ).toBe(2);
    expect(
      samples.get(
        `loremaster_llm_request_duration_seconds_bucket{le="60",${labels},role="generation",kind="chat"}`,
      ),
    ).toBe(2);
    expect(samples.get(`loremaster_llm_time_to_first_token_seconds_count{${labels},role="generation"}`)).toBe(
      1,
    );

    const detailed = (await app.inject({ url: '/llm/analytics?period=hour' })).json();
    expect(samples.get(`loremaster_llm_tokens_total{${labels},direction="input"}`)).toBe(
      detailed.totals.input_tokens,
    );
    expect(samples.get(`loremaster_llm_tokens_total{${labels},direction="output"}`)).toBe(
      detailed.totals.output_tokens,
    );
    expect(samples.get(`loremaster_llm_cost_usd_total{${labels}}`)).toBe(0);
    expect(samples.get('loremaster_gateway_queue_depth{priority="high"}')).toBe(3);
    expect(samples.get('loremaster_gateway_queue_depth{priority="low"}')).toBe(0);
    expect(samples.get('loremaster_provider_circuit_state{provider="openai"}')).toBe(2);
    expect(samples.get('loremaster_provider_circuit_state{provider="mistral"}')).toBe(1);
    expect(samples.get('loremaster_provider_circuit_state{provider="mock"}')).toBe(0);
    // Node's own metrics are in the same registry.
    expect(samples.has('process_cpu_user_seconds_total')).toBe(true);
    expect(samples.has('nodejs_eventloop_lag_seconds')).toBe(true);
    // Never a key or a request id as a label.
    expect(response.body).not.toContain('key-a');
    expect(response.body).not.toMatch(/call-\d+/);
  });
});

describe('GET /metrics/detailed', () => {
  it('answers usage totals, budgets and the gateway stats as JSON', async () => {
    const response = await app.inject({ url: '/metrics/detailed' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.usage.this_hour).toMatchObject({ requests: 5, errors: 1 });
    expect(body.usage.today).toMatchObject({ requests: 5, errors: 1 });
    expect(body.usage.memory.rows).toBeGreaterThan(0);
    expect(body.budgets).toEqual([
      {
        name: 'daily-usd',
        scope: 'global',
        period: 'day',
        unit: 'usd',
        limit: 10,
        hard_stop: true,
        alert_at: [0.5, 0.8, 1],
        resets_at: expect.stringMatching(/T00:00:00\.000Z$/),
        usage: [{ api_key_id: null, used: 0, fraction: 0, exceeded: false }],
      },
    ]);
    expect(body.gateway.monitoring).toMatchObject({ requests: 5, errors: 1, in_flight: 0 });
    expect(body.gateway.limiter).toEqual({ queue: { high: 3, medium: 1, low: 0 } });
  });
});

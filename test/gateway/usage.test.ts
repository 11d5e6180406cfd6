/** Pricing, token counting, and the usage roll-ups with their report and sink. */
import { describe, expect, it } from 'vitest';
import { costUsd, DEFAULT_PRICES, FREE, PriceTable, priceFor } from '../../src/gateway/usage/pricing.js';
import {
  countPromptTokens,
  countTextsTokens,
  countTextTokens,
  EXACT_COUNT_MAX_CHARS,
} from '../../src/gateway/usage/tokens.js';
import {
  OTHER,
  type UsageRecord,
  type UsageRollup,
  type UsageSink,
  UsageTracker,
} from '../../src/gateway/usage/usage-tracker.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-03-10 09:15 UTC. */
const T0 = Date.UTC(2026, 2, 10, 9, 15);

function call(overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    provider: 'openai',
    model: 'gpt-4o-mini',
    role: 'generation',
    kind: 'chat',
    apiKeyId: undefined,
    inputTokens: 100,
    outputTokens: 50,
    costUsd: 0.001,
    cacheHit: false,
    error: false,
    ...overrides,
  };
}

function clock(start: number) {
  const state = { now: start };
  return { state, now: () => state.now };
}

describe('pricing', () => {
  it('ships prices for the current vendor models', () => {
    for (const model of [
      'gpt-4o',
      'gpt-4o-mini',
      'gpt-4.1',
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'o4-mini',
      'text-embedding-3-small',
      'text-embedding-3-large',
      'claude-opus-4-1',
      'claude-sonnet-4-5',
      'claude-haiku-4-5',
      'claude-3-5-haiku',
      'mistral-large-latest',
      'mistral-medium-latest',
      'mistral-small-latest',
      'mistral-embed',
    ]) {
      expect(DEFAULT_PRICES[model]?.input, model).toBeGreaterThan(0);
    }
    expect(priceFor('openai', 'openai', 'gpt-4o-mini', {})).toEqual({ input: 0.15, output: 0.6 });
  });

  it('finds dated snapshots and aliases under their family', () => {
    expect(priceFor('openai', 'openai', 'gpt-4o-2024-08-06', {})).toBe(DEFAULT_PRICES['gpt-4o']);
    expect(priceFor('openai', 'openai', 'gpt-4.1-mini-2025-04-14', {})).toBe(DEFAULT_PRICES['gpt-4.1-mini']);
    expect(priceFor('anthropic', 'anthropic', 'claude-sonnet-4-5-20250929', {})).toBe(
      DEFAULT_PRICES['claude-sonnet-4-5'],
    );
    expect(priceFor('anthropic', 'anthropic', 'claude-3-5-haiku-latest', {})).toBe(
      DEFAULT_PRICES['claude-3-5-haiku'],
    );
    expect(priceFor('mistral', 'mistral', 'mistral-large-2411', {})).toBe(
      DEFAULT_PRICES['mistral-large-latest'],
    );
    expect(priceFor('openai', 'openai', 'gpt-9-ultra', {})).toBeUndefined();
  });

  it('local, offline and mock providers cost nothing', () => {
    expect(priceFor('ollama', 'openai-compatible', 'gpt-4o', {})).toBe(FREE);
    expect(priceFor('offline', 'offline', 'offline-narrator', {})).toBe(FREE);
    expect(priceFor('mock', 'mock', 'mock-1', {})).toBe(FREE);
  });

  it('overrides win, by provider/model before the bare model id', () => {
    const overrides = {
      'gpt-4o-mini': { input: 1, output: 2 },
      'azure/gpt-4o-mini': { input: 3, output: 4 },
      'together/llama-3-70b': { input: 0.9, output: 0.9 },
    };
    expect(priceFor('openai', 'openai', 'gpt-4o-mini', overrides)).toEqual({ input: 1, output: 2 });
    expect(priceFor('azure', 'openai', 'gpt-4o-mini', overrides)).toEqual({ input: 3, output: 4 });
    // A paid OpenAI-compatible host is priced by its override, not made free by its kind.
    expect(priceFor('together', 'openai-compatible', 'llama-3-70b', overrides)).toEqual({
      input: 0.9,
      output: 0.9,
    });
  });

  it('computes cost per million tokens', () => {
    expect(
      costUsd({ inputTokens: 1_000_000, outputTokens: 500_000 }, { input: 2.5, output: 10 }),
    ).toBeCloseTo(7.5);
    expect(costUsd({ inputTokens: 1200, outputTokens: 300 }, DEFAULT_PRICES['gpt-4o-mini']!)).toBeCloseTo(
      (1200 * 0.15 + 300 * 0.6) / 1e6,
      12,
    );
  });

  it('PriceTable memoises and reports an unknown paid model once', () => {
    const unknown: string[] = [];
    const table = new PriceTable({}, (provider, model) => unknown.push(`${provider}/${model}`));
    expect(table.price('openai', 'openai', 'gpt-9')).toBe(FREE);
    expect(table.price('openai', 'openai', 'gpt-9')).toBe(FREE);
    expect(table.price('openai', 'openai', 'gpt-4o')).toBe(DEFAULT_PRICES['gpt-4o']);
    expect(unknown).toEqual(['openai/gpt-9']);
  });
});

describe('token counting', () => {
  it('counts with the tokenizer, special tokens as plain text', () => {
    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('hello world')).toBe(2);
    expect(countTextTokens('the end <|endoftext|> of it')).toBeGreaterThan(5);
  });

  it('estimates characters / 4 above the bound, for one text or their total', () => {
    const long = 'x'.repeat(EXACT_COUNT_MAX_CHARS + 4);
    expect(countTextTokens(long)).toBe((EXACT_COUNT_MAX_CHARS + 4) / 4);
    const half = 'word '.repeat(EXACT_COUNT_MAX_CHARS / 5);
    expect(countTextsTokens([half])).toBe(countTextTokens(half));
    expect(countTextsTokens([half, half, 'ab'])).toBe(Math.ceil((half.length * 2 + 2) / 4));
  });

  it('adds the chat format overhead per message', () => {
    const messages = [
      { role: 'system' as const, content: 'You are the narrator.' },
      { role: 'user' as const, content: 'I light the beacon.' },
    ];
    const content = countTextTokens('You are the narrator.') + countTextTokens('I light the beacon.');
    expect(countPromptTokens(messages, undefined)).toBe(content + 2 * 3 + 3);
    expect(countPromptTokens(messages, 'Be brief.')).toBe(content + countTextTokens('Be brief.') + 3 * 3 + 3);
  });
});

describe('UsageTracker', () => {
  it('aggregates per hour and per day, by every dimension', () => {
    const time = clock(T0);
    const tracker = new UsageTracker({ now: time.now });
    tracker.record(call());
    tracker.record(call({ apiKeyId: 'key-a', cacheHit: true, costUsd: 0 }));
    tracker.record(call({ model: 'gpt-4o', costUsd: 0.01, role: 'analysis' }));
    time.state.now += HOUR;
    tracker.record(call({ error: true, inputTokens: 0, outputTokens: 0, costUsd: 0 }));
    tracker.record(
      call({ kind: 'embed', model: 'text-embedding-3-small', outputTokens: 0, role: 'embedding' }),
    );

    const hourly = tracker.snapshot({ period: 'hour', since: T0 - HOUR });
    expect(hourly.totals).toEqual({
      requests: 5,
      errors: 1,
      inputTokens: 400,
      outputTokens: 150,
      costUsd: expect.closeTo(0.012, 9),
      cacheHits: 1,
    });
    expect(hourly.series.map((point) => [point.start, point.requests])).toEqual([
      [Date.UTC(2026, 2, 10, 9), 3],
      [Date.UTC(2026, 2, 10, 10), 2],
    ]);

    const daily = tracker.snapshot({ period: 'day', since: T0 - DAY, groupBy: 'model' });
    expect(daily.series).toHaveLength(3);
    expect(daily.series.every((point) => point.start === Date.UTC(2026, 2, 10))).toBe(true);
    expect(daily.groups[0]).toMatchObject({ key: 'openai/gpt-4o', requests: 1 });
    expect(daily.groups.find((g) => g.key === 'openai/gpt-4o-mini')).toMatchObject({
      requests: 3,
      errors: 1,
    });

    const byKey = tracker.snapshot({ period: 'day', groupBy: 'api_key' });
    expect(byKey.groups.find((g) => g.key === 'key-a')).toMatchObject({ requests: 1, cacheHits: 1 });
    expect(byKey.groups.find((g) => g.key === null)).toMatchObject({ requests: 4 });

    const byKind = tracker.snapshot({ period: 'hour', groupBy: 'kind' });
    expect(byKind.groups.map((g) => [g.key, g.requests]).sort()).toEqual([
      ['chat', 4],
      ['embed', 1],
    ]);
    const byRole = tracker.snapshot({ period: 'hour', groupBy: 'role' });
    expect(byRole.groups.find((g) => g.key === 'analysis')?.requests).toBe(1);
    expect(tracker.current('hour').requests).toBe(2);
    expect(tracker.current('day').requests).toBe(5);

    // `since` leaves out older buckets.
    expect(tracker.snapshot({ period: 'hour', since: T0 + HOUR }).totals.requests).toBe(2);
  });

  it('keeps only the last hours and days, and a bounded number of rows', () => {
    const time = clock(T0);
    const tracker = new UsageTracker({ now: time.now, hours: 3, days: 2, maxRows: 10 });
    for (let hour = 0; hour < 60; hour++) {
      tracker.record(call());
      time.state.now += HOUR;
    }
    expect(tracker.stats().hour_buckets).toBe(3);
    expect(tracker.stats().day_buckets).toBe(2);

    // Many distinct models in one hour: past the bound they fold into one `(other)` row.
    for (let i = 0; i < 100; i++) tracker.record(call({ model: `model-${i}`, apiKeyId: `key-${i}` }));
    const stats = tracker.stats();
    expect(stats.rows).toBeLessThanOrEqual(10 + 2);
    expect(stats.overflowed).toBeGreaterThan(0);
    const hour = tracker.snapshot({ period: 'hour', since: time.state.now, groupBy: 'model' });
    expect(hour.totals.requests).toBe(100);
    expect(hour.groups.find((g) => g.key === `openai/${OTHER}`)?.requests).toBeGreaterThan(80);
  });

  it('renders a readable report', () => {
    const time = clock(T0);
    const tracker = new UsageTracker({ now: time.now });
    expect(tracker.report('hour')).toMatch(/No calls recorded/);
    tracker.record(call({ inputTokens: 12_345, outputTokens: 678, costUsd: 0.0123 }));
    tracker.record(call({ provider: 'anthropic', model: 'claude-haiku-4-5', costUsd: 0.5 }));
    tracker.record(call({ error: true, inputTokens: 0, outputTokens: 0, costUsd: 0 }));
    const report = tracker.report('hour');
    const lines = report.split('\n');
    expect(lines[0]).toMatch(/^Loremaster usage, hourly since 2026-03-09 09:00 UTC/);
    expect(report).toMatch(
      /Hour \(UTC\)\s+Requests\s+Errors\s+Input tokens\s+Output tokens\s+Cost \(USD\)\s+Cache hits/,
    );
    expect(report).toMatch(/2026-03-10 09:00\s+3\s+1\s+12,445\s+728\s+\$0\.5123\s+0/);
    expect(report).toMatch(/Total\s+3\s+1/);
    // Most expensive first.
    expect(report.indexOf('anthropic/claude-haiku-4-5')).toBeLessThan(report.indexOf('openai/gpt-4o-mini'));
    const daily = tracker.report('day');
    expect(daily).toMatch(/Day \(UTC\)/);
    expect(daily).toMatch(/2026-03-10\s+3/);
  });

  it('hands changed roll-ups to the sink as increments, and retries a failed write', async () => {
    const written: UsageRollup[][] = [];
    let fail = false;
    const sink: UsageSink = {
      write: async (rollups) => {
        if (fail) throw new Error('database is locked');
        written.push(rollups);
      },
    };
    const time = clock(T0);
    const tracker = new UsageTracker({ now: time.now, sink, flushIntervalMs: 60_000 });
    tracker.record(call());
    tracker.record(call());
    await tracker.flush();
    expect(written).toHaveLength(1);
    expect(written[0]!.map((r) => [r.period, r.start, r.requests, r.inputTokens])).toEqual([
      ['hour', Date.UTC(2026, 2, 10, 9), 2, 200],
      ['day', Date.UTC(2026, 2, 10), 2, 200],
    ]);

    await tracker.flush();
    expect(written).toHaveLength(1); // nothing changed, nothing written

    tracker.record(call({ outputTokens: 7 }));
    fail = true;
    await tracker.flush();
    expect(tracker.stats().unwritten).toBe(2);
    tracker.record(call({ outputTokens: 3 }));
    fail = false;
    await tracker.close();
    expect(written).toHaveLength(2);
    // The failed increment and the next one arrive together, once.
    expect(written[1]!.map((r) => [r.period, r.requests, r.outputTokens])).toEqual([
      ['hour', 2, 10],
      ['day', 2, 10],
    ]);
    expect(tracker.stats().unwritten).toBe(0);
  });

  it("writes on its timer without running a burst's held records; a flush and close run them first", async () => {
    const written: UsageRollup[] = [];
    const held: Array<() => void> = [];
    const settle = () => {
      for (const job of held.splice(0)) job();
    };
    const tracker = new UsageTracker({
      sink: { write: async (rollups) => void written.push(...rollups) },
      flushIntervalMs: 20,
      settle,
    });
    tracker.record(call({ model: 'gpt-4o' }));
    held.push(() => tracker.record(call({ model: 'gpt-4o-mini' })));
    for (let i = 0; i < 50 && written.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    // The timer wrote what was recorded; the held record is still held.
    expect(written.map((r) => r.model)).toEqual(['gpt-4o', 'gpt-4o']);
    expect(held).toHaveLength(1);
    await tracker.flush();
    expect(held).toHaveLength(0);
    expect(written.map((r) => r.model).filter((model) => model === 'gpt-4o-mini')).toHaveLength(2);
    held.push(() => tracker.record(call({ model: 'gpt-4o-nano' })));
    await tracker.close();
    expect(held).toHaveLength(0);
    expect(written.map((r) => r.model).filter((model) => model === 'gpt-4o-nano')).toHaveLength(2);
  });

  it('flushes on its timer, and load() seeds roll-ups without writing them again', async () => {
    const written: UsageRollup[] = [];
    const tracker = new UsageTracker({
      sink: { write: async (rollups) => void written.push(...rollups) },
      flushIntervalMs: 20,
    });
    const start = Date.now() - (Date.now() % HOUR);
    tracker.load([
      {
        period: 'hour',
        start,
        provider: 'openai',
        model: 'gpt-4o',
        role: null,
        kind: 'chat',
        apiKeyId: 'key-a',
        requests: 40,
        errors: 1,
        inputTokens: 4000,
        outputTokens: 400,
        costUsd: 0.2,
        cacheHits: 3,
      },
    ]);
    expect(tracker.snapshot({ period: 'hour' }).totals.requests).toBe(40);
    tracker.record(call({ model: 'gpt-4o', role: undefined, apiKeyId: 'key-a' }));
    for (let i = 0; i < 50 && written.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await tracker.close();
    expect(written.find((r) => r.period === 'hour')).toMatchObject({ requests: 1, inputTokens: 100 });
    expect(tracker.snapshot({ period: 'hour' }).totals.requests).toBe(41);
  });
});

/** Budgets: alerts once per threshold per period, the hard stop, per-key vs global, day and month resets. */
import { describe, expect, it } from 'vitest';
import type { BudgetConfig } from '../../src/config/index.js';
import { GatewayError } from '../../src/gateway/errors.js';
import { EventBus, type GatewayEvents } from '../../src/gateway/events.js';
import { BudgetTracker } from '../../src/gateway/usage/budgets.js';

/** 2026-03-10 09:15 UTC. */
const T0 = Date.UTC(2026, 2, 10, 9, 15);

function budget(overrides: Partial<BudgetConfig>): BudgetConfig {
  return {
    scope: 'global',
    period: 'day',
    unit: 'tokens',
    limit: 1000,
    alert_at: [0.5, 0.8, 1],
    hard_stop: true,
    ...overrides,
  };
}

function setup(budgets: Record<string, BudgetConfig>) {
  const bus = new EventBus();
  const alerts: GatewayEvents['budget.alert'][] = [];
  bus.on('budget.alert', (alert) => alerts.push(alert));
  const time = { now: T0 };
  const tracker = new BudgetTracker({ budgets, bus, now: () => time.now });
  return { tracker, alerts, time };
}

const tokens = (n: number) => ({ inputTokens: n, outputTokens: 0 });
const internal = { apiKeyId: undefined };

function refusal(fn: () => void): GatewayError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

describe('BudgetTracker', () => {
  it('alerts at 50, 80 and 100 %, once each per period', () => {
    const { tracker, alerts } = setup({ daily: budget({}) });
    tracker.record(internal, tokens(400), 0);
    expect(alerts).toEqual([]);
    tracker.record(internal, tokens(100), 0);
    expect(alerts.map((a) => a.threshold)).toEqual([0.5]);
    tracker.record(internal, tokens(10), 0);
    tracker.record(internal, tokens(10), 0);
    expect(alerts).toHaveLength(1);
    tracker.record(internal, tokens(500), 0); // passes 80 % and 100 % at once: both alerts, in order
    expect(alerts.map((a) => a.threshold)).toEqual([0.5, 0.8, 1]);
    tracker.record(internal, tokens(500), 0);
    expect(alerts).toHaveLength(3);
    expect(alerts[2]).toEqual({
      budget: 'daily',
      scope: 'global',
      apiKeyId: undefined,
      period: 'day',
      unit: 'tokens',
      threshold: 1,
      used: 1020,
      limit: 1000,
    });
  });

  it('hard stop: refuses with budget_exceeded, 429, a clear message and Retry-After until the reset', () => {
    const { tracker, time } = setup({ 'daily-tokens': budget({}) });
    tracker.check(internal);
    tracker.record(internal, { inputTokens: 700, outputTokens: 300 }, 0);
    const error = refusal(() => tracker.check(internal));
    expect(error.code).toBe('budget_exceeded');
    expect(error.status).toBe(429);
    expect(error.message).toBe(
      'Budget "daily-tokens" is used up: 1,000 tokens of 1,000 tokens per day for all calls. ' +
        'It resets at 2026-03-11T00:00:00.000Z.',
    );
    // 09:15 → midnight is 14 h 45 min.
    expect(error.retryAfterSeconds).toBe(14 * 3600 + 45 * 60);

    // The next day starts a new count.
    time.now = Date.UTC(2026, 2, 11, 0, 0, 1);
    expect(() => tracker.check(internal)).not.toThrow();
  });

  it('a budget without hard stop only alerts', () => {
    const { tracker, alerts } = setup({ soft: budget({ hard_stop: false, unit: 'usd', limit: 1 }) });
    tracker.record(internal, tokens(1), 2.5);
    expect(() => tracker.check(internal)).not.toThrow();
    expect(alerts.map((a) => a.threshold)).toEqual([0.5, 0.8, 1]);
  });

  it('USD budgets count cost; month budgets reset on the first of the month', () => {
    const { tracker, time, alerts } = setup({
      monthly: budget({ unit: 'usd', period: 'month', limit: 5, alert_at: [0.9] }),
    });
    tracker.record(internal, tokens(1_000_000), 3);
    tracker.check(internal);
    time.now = Date.UTC(2026, 2, 31, 23, 0);
    tracker.record(internal, tokens(10), 2.25);
    expect(alerts.map((a) => [a.threshold, a.used])).toEqual([[0.9, 5.25]]);
    const error = refusal(() => tracker.check(internal));
    expect(error.message).toMatch(
      /\$5\.25 of \$5\.00 per month for all calls\. It resets at 2026-04-01T00:00:00\.000Z/,
    );
    expect(error.retryAfterSeconds).toBe(3600);
    time.now = Date.UTC(2026, 3, 1, 0, 0);
    tracker.check(internal);
    tracker.record(internal, tokens(10), 4.6);
    expect(alerts).toHaveLength(2); // the new month alerts again
  });

  it('per-key budgets count each key apart; a global budget counts everyone', () => {
    const { tracker, alerts } = setup({
      'per-key': budget({ scope: 'key', limit: 100 }),
      everyone: budget({ limit: 1000 }),
    });
    const a = { apiKeyId: 'key-a' };
    const b = { apiKeyId: 'key-b' };
    tracker.record(a, tokens(100), 0);
    const error = refusal(() => tracker.check(a));
    expect(error.message).toMatch(
      /Budget "per-key" is used up: 100 tokens of 100 tokens per day for this API key/,
    );
    expect(() => tracker.check(b)).not.toThrow();
    expect(() => tracker.check(internal)).not.toThrow(); // internal roles have no key
    expect(alerts.filter((x) => x.budget === 'per-key').map((x) => [x.apiKeyId, x.threshold])).toEqual([
      ['key-a', 0.5],
      ['key-a', 0.8],
      ['key-a', 1],
    ]);

    tracker.record(internal, tokens(900), 0);
    expect(refusal(() => tracker.check(b)).message).toMatch(/Budget "everyone"/);
    expect(refusal(() => tracker.check(internal)).message).toMatch(/Budget "everyone"/);

    const status = tracker.status();
    expect(status.find((s) => s.name === 'per-key')?.usage).toEqual([
      { apiKeyId: 'key-a', used: 100, fraction: 1, exceeded: true },
    ]);
    expect(status.find((s) => s.name === 'everyone')).toMatchObject({
      scope: 'global',
      limit: 1000,
      resetsAt: Date.UTC(2026, 2, 11),
      usage: [{ apiKeyId: null, used: 1000, fraction: 1, exceeded: true }],
    });
  });

  it('a budget for one named key applies to that key only', () => {
    const { tracker } = setup({ guild: budget({ scope: 'key', api_key_id: 'key-guild', limit: 10 }) });
    tracker.record({ apiKeyId: 'key-other' }, tokens(50), 0);
    expect(() => tracker.check({ apiKeyId: 'key-other' })).not.toThrow();
    tracker.record({ apiKeyId: 'key-guild' }, tokens(10), 0);
    expect(() => tracker.check({ apiKeyId: 'key-guild' })).toThrow(GatewayError);
    expect(tracker.status()[0]?.usage).toEqual([
      { apiKeyId: 'key-guild', used: 10, fraction: 1, exceeded: true },
    ]);
  });

  it('keeps a bounded number of keys per per-key budget', () => {
    const bus = new EventBus();
    const tracker = new BudgetTracker({
      budgets: { 'per-key': budget({ scope: 'key', limit: 10 }) },
      bus,
      maxKeys: 5,
      now: () => T0,
    });
    for (let i = 0; i < 50; i++) tracker.record({ apiKeyId: `key-${i}` }, tokens(1), 0);
    expect(tracker.status()[0]?.usage).toHaveLength(5);
  });

  it('status after a period ends shows the new, empty period', () => {
    const { tracker, time } = setup({ daily: budget({}) });
    tracker.record(internal, tokens(600), 0);
    time.now += 24 * 3600_000;
    expect(tracker.status()[0]?.usage[0]?.used).toBe(0);
    expect(tracker.status()[0]?.resetsAt).toBe(Date.UTC(2026, 2, 12));
  });
});

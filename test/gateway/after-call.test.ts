/**
 * The after-call work of a burst: held while other calls are in flight, run in order at the first
 * quiet moment, at the deadline, on a read (settle) or at close; a call alone runs at once. Then the
 * monitoring middleware over it: the order of a burst's events, and every read settling first.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { EventBus, type GatewayEventName } from '../../src/gateway/events.js';
import { GatewayMetrics } from '../../src/gateway/metrics.js';
import { AfterCallWork } from '../../src/gateway/middleware/after-call.js';
import { createMonitoringMiddleware } from '../../src/gateway/middleware/monitoring.js';
import { BudgetTracker } from '../../src/gateway/usage/budgets.js';
import { UsageTracker } from '../../src/gateway/usage/usage-tracker.js';
import { MockProvider, ProviderError } from '../../src/providers/index.js';
import type { StreamEvent } from '../../src/vocabulary/index.js';
import { makeCall, makeDeps, terminal } from '../support/gateway-call.js';

const silent = { error: () => {} };
/** One turn of the event loop (setImmediate is not faked here). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('AfterCallWork', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function work(options: { quietMs?: number; maxHoldMs?: number } = {}) {
    const ran: string[] = [];
    const queue = new AfterCallWork({
      quietMs: options.quietMs ?? 20,
      maxHoldMs: options.maxHoldMs ?? 250,
      logger: silent,
    });
    const job = (name: string) => () => void ran.push(name);
    return { queue, ran, job };
  }

  it('runs a job at once when no other call is in flight', () => {
    const { queue, ran, job } = work();
    queue.run(job('alone'), false);
    expect(ran).toEqual(['alone']);
    expect(queue.pending).toBe(0);
  });

  it('holds jobs while calls overlap and runs them, in order, before the next job that is not held', () => {
    const { queue, ran, job } = work();
    queue.run(job('a'), true);
    queue.run(job('b'), true);
    expect(ran).toEqual([]);
    expect(queue.pending).toBe(2);
    queue.run(job('c'), false);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(queue.pending).toBe(0);
  });

  it('runs what is held once nothing was added for quiet_ms', () => {
    const { queue, ran, job } = work({ quietMs: 20 });
    queue.run(job('a'), true);
    vi.advanceTimersByTime(15);
    queue.run(job('b'), true);
    vi.advanceTimersByTime(15);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(5);
    expect(ran).toEqual(['a', 'b']);
  });

  it('runs what is held at max_hold_ms after the first of it, however busy the burst stays', async () => {
    const { queue, ran, job } = work({ quietMs: 20, maxHoldMs: 100 });
    for (let tick = 0; tick < 9; tick += 1) {
      queue.run(job(`j${tick}`), true);
      vi.advanceTimersByTime(10);
    }
    expect(ran).toEqual([]);
    queue.run(job('j9'), true);
    vi.advanceTimersByTime(10);
    // A slice now, the rest at the next turn.
    expect(ran).toEqual(['j0', 'j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7']);
    await nextTurn();
    expect(ran).toHaveLength(10);
    expect(ran[9]).toBe('j9');
    // A new burst starts a new deadline.
    queue.run(job('next'), true);
    vi.advanceTimersByTime(10);
    expect(ran).toHaveLength(10);
    vi.advanceTimersByTime(10);
    expect(ran.at(-1)).toBe('next');
  });

  it('runs what is held a slice per turn, and a read runs the rest at once', async () => {
    const { queue, ran, job } = work();
    for (let index = 0; index < 20; index += 1) queue.run(job(`j${index}`), true);
    // The last call in flight ends: its job waits behind the twenty held.
    queue.run(job('last'), false);
    expect(ran).toHaveLength(8);
    await nextTurn();
    expect(ran).toHaveLength(16);
    queue.run(job('busy'), true);
    queue.settle();
    expect(ran).toHaveLength(22);
    expect(ran.slice(-3)).toEqual(['j19', 'last', 'busy']);
    expect(queue.pending).toBe(0);
    await nextTurn();
    expect(ran).toHaveLength(22);
  });

  it('never holds with max_hold_ms 0', () => {
    const { queue, ran, job } = work({ maxHoldMs: 0 });
    queue.run(job('a'), true);
    expect(ran).toEqual(['a']);
  });

  it('settles on demand (a read) and at close, after which nothing is held', () => {
    const { queue, ran, job } = work();
    queue.run(job('a'), true);
    queue.settle();
    expect(ran).toEqual(['a']);
    queue.run(job('b'), true);
    queue.close();
    expect(ran).toEqual(['a', 'b']);
    queue.run(job('c'), true);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('logs a job that throws and runs the rest', () => {
    const errors: unknown[] = [];
    const queue = new AfterCallWork({
      quietMs: 20,
      maxHoldMs: 250,
      logger: { error: (entry: unknown) => errors.push(entry) },
    });
    const ran: string[] = [];
    queue.run(() => {
      throw new Error('listener broke');
    }, true);
    queue.run(() => void ran.push('after'), true);
    queue.settle();
    expect(ran).toEqual(['after']);
    expect(errors).toHaveLength(1);
  });

  it('keeps the order when a job runs while what is held runs (a listener that calls the gateway)', () => {
    const { queue, ran, job } = work();
    queue.run(() => {
      ran.push('a');
      // A listener's own call, alone, or a read: both wait for the rest of what is held.
      queue.run(job('inner'), false);
      queue.settle();
    }, true);
    queue.run(job('b'), true);
    queue.settle();
    expect(ran).toEqual(['a', 'b', 'inner']);
    expect(queue.pending).toBe(0);
  });
});

/** A stream that waits for the test to end it. */
class GatedStream extends MockProvider {
  private open: () => void = () => {};
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  constructor(private readonly failing = false) {
    super();
  }
  end(): void {
    this.open();
  }
  override async *stream(): AsyncGenerator<StreamEvent> {
    yield { type: 'delta', text: 'The gate ' };
    await this.gate;
    if (this.failing) throw new ProviderError('bad_response', 'cut', { provider: this.name });
    yield { type: 'delta', text: 'opens.' };
    yield {
      type: 'done',
      usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8 },
      finishReason: 'stop',
      model: 'mock-1',
      provider: this.name,
      latencyMs: 1,
      firstTokenMs: 1,
    };
  }
}

describe('the monitoring middleware over it', () => {
  function setup(afterCall: { quiet_ms: number; max_hold_ms: number }) {
    const base = loadConfig({ env: {} }).settings;
    const settings = {
      ...base,
      gateway: { ...base.gateway, usage: { ...base.gateway.usage, after_call: afterCall } },
    };
    const bus = new EventBus();
    const seen: string[] = [];
    for (const name of ['llm.request', 'llm.response', 'llm.error'] as GatewayEventName[])
      bus.on(name, (event) => void seen.push(`${name} ${(event as { id: string }).id}`));
    const deps = makeDeps({ settings, bus });
    const budgets = new BudgetTracker({
      budgets: {
        day: {
          unit: 'tokens',
          limit: 1_000_000,
          period: 'day',
          scope: 'global',
          alert_at: [],
          hard_stop: true,
        },
      },
      bus,
    });
    const built = createMonitoringMiddleware(deps, {
      usage: new UsageTracker(),
      budgets,
      metrics: new GatewayMetrics({ defaultMetrics: false }),
    });
    return { handlers: built.wrap(terminal), middleware: built, seen, budgets };
  }

  async function drain(events: AsyncIterable<StreamEvent>): Promise<void> {
    try {
      for await (const _ of events);
    } catch {
      // A failed stream is accounted as an error: what the test checks.
    }
  }

  it('accounts a call alone at once', async () => {
    const { handlers, seen } = setup({ quiet_ms: 60_000, max_hold_ms: 60_000 });
    const call = makeCall();
    await handlers.chat(call);
    expect(seen).toEqual([`llm.request ${call.id}`, `llm.response ${call.id}`]);
  });

  it("holds a burst's events while calls overlap and gives them in order when the last call ends", async () => {
    const { handlers, seen, budgets } = setup({ quiet_ms: 60_000, max_hold_ms: 60_000 });
    const slow = new GatedStream();
    const cut = new GatedStream(true);
    const a = makeCall({ kind: 'stream', provider: slow });
    const b = makeCall({ kind: 'stream', provider: cut });
    const c = makeCall();
    const streamA = await handlers.stream(a);
    const streamB = await handlers.stream(b);
    await handlers.chat(c);
    cut.end();
    await drain(streamB.events);
    // A is still in flight: the request of B, C's call and B's error are held.
    expect(seen).toEqual([`llm.request ${a.id}`]);
    // Budgets are not held: C's spend counts at once.
    expect(budgets.status()[0]?.usage[0]?.used).toBeGreaterThan(0);
    slow.end();
    await drain(streamA.events);
    expect(seen).toEqual([
      `llm.request ${a.id}`,
      `llm.request ${b.id}`,
      `llm.request ${c.id}`,
      `llm.response ${c.id}`,
      `llm.error ${b.id}`,
      `llm.response ${a.id}`,
    ]);
  });

  it('gives what is held to every read: usage, metrics, and the close', async () => {
    const base = loadConfig({ env: {} }).settings;
    const settings = {
      ...base,
      gateway: {
        ...base.gateway,
        usage: { ...base.gateway.usage, after_call: { quiet_ms: 60_000, max_hold_ms: 60_000 } },
      },
    };
    const bus = new EventBus();
    const responses: string[] = [];
    bus.on('llm.response', (event) => void responses.push(event.id));
    const deps = makeDeps({ settings, bus });
    const afterCall = new AfterCallWork({ quietMs: 60_000, maxHoldMs: 60_000, logger: silent });
    const usage = new UsageTracker({ settle: afterCall.settle });
    const metrics = new GatewayMetrics({ defaultMetrics: false, settle: afterCall.settle });
    const middleware = createMonitoringMiddleware(deps, {
      usage,
      budgets: new BudgetTracker({ budgets: {}, bus }),
      metrics,
      afterCall,
    });
    const handlers = middleware.wrap(terminal);
    const gate = new GatedStream();
    const open = await handlers.stream(makeCall({ kind: 'stream', provider: gate }));

    const first = makeCall();
    await handlers.chat(first);
    expect(afterCall.pending).toBeGreaterThan(0);
    expect(usage.current('day').requests).toBe(1);
    expect(responses).toEqual([first.id]);

    const second = makeCall();
    await handlers.chat(second);
    expect(afterCall.pending).toBeGreaterThan(0);
    expect(await metrics.text()).toMatch(/loremaster_llm_requests_total\{[^}]*status="ok"[^}]*\} 2/);
    expect(responses).toEqual([first.id, second.id]);

    const third = makeCall();
    await handlers.chat(third);
    expect(afterCall.pending).toBeGreaterThan(0);
    await middleware.close?.();
    expect(responses).toEqual([first.id, second.id, third.id]);
    gate.end();
    await drain(open.events);
  });
});

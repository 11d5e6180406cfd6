import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { compose } from '../../src/gateway/chain.js';
import { createLimiterMiddleware } from '../../src/gateway/middleware/limiter.js';
import type { Priority } from '../../src/gateway/types.js';
import { MockProvider } from '../../src/providers/index.js';
import { makeCall, makeDeps, terminal } from '../support/gateway-call.js';

function setup(gateway: Record<string, unknown>) {
  const settings = loadConfig({ env: {}, overrides: { gateway } }).settings;
  const middleware = createLimiterMiddleware(makeDeps({ settings }));
  return { handlers: compose([middleware], terminal), middleware };
}

describe('limiter middleware', () => {
  it('holds calls beyond the concurrency limit and lets LOW through under sustained HIGH load', async () => {
    const { handlers, middleware } = setup({ queue: { max_concurrency: 1 } });
    const provider = new MockProvider({ fallback: () => ({ text: 'ok', delayMs: 30 }) });
    const order: Priority[] = [];
    const calls = [];
    for (let i = 0; i < 20; i++) {
      const priority: Priority = i === 0 ? 'high' : i % 10 === 5 ? 'low' : 'high';
      calls.push(
        handlers
          .chat(
            makeCall({
              provider,
              priority,
              options: { temperature: 0.5 },
              messages: [{ role: 'user', content: `#${i}` }],
            }),
          )
          .then(() => order.push(priority)),
      );
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(middleware.stats!()).toMatchObject({ in_flight: { mock: 1 }, queue: { high: 17, low: 2 } });
    await Promise.all(calls);
    // Weighted 6:3:1 with only HIGH and LOW waiting: the first LOW goes within the first 8 turns, not last.
    expect(order.indexOf('low')).toBeLessThan(8);
    expect(order.filter((p) => p === 'low')).toHaveLength(2);
  });

  it('makes internal roles wait for provider tokens, and refuses API clients with Retry-After', async () => {
    const { handlers } = setup({ limits: { providers: { mock: { rpm: 120 } } } });
    const provider = new MockProvider();
    // 120 rpm = a bucket of 120 that refills 2 per second.
    for (let i = 0; i < 120; i++) await handlers.chat(makeCall({ provider, options: { temperature: 1 } }));
    const started = performance.now();
    await handlers.chat(
      makeCall({ provider, options: { temperature: 1 }, role: 'maintenance', priority: 'low' }),
    );
    expect(performance.now() - started).toBeGreaterThan(300);
    const refused = await handlers
      .chat(makeCall({ provider, options: { temperature: 1 }, apiKeyId: 'client' }))
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'rate_limited', status: 429 });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('coalesces identical calls and lets one caller leave without cancelling the others', async () => {
    const { handlers, middleware } = setup({});
    const provider = new MockProvider({ fallback: () => ({ text: 'shared', delayMs: 50 }) });
    const leaving = new AbortController();
    const first = handlers.chat(makeCall({ provider, signal: leaving.signal }));
    const others = Array.from({ length: 9 }, () => handlers.chat(makeCall({ provider })));
    leaving.abort(new Error('player left'));
    await expect(first).rejects.toThrow('player left');
    const results = await Promise.all(others);
    expect(results.map((result) => result.text)).toEqual(Array(9).fill('shared'));
    expect(provider.calls).toHaveLength(1);
    expect(middleware.stats!()).toMatchObject({ coalesced: 9 });
    // Different sampling: no sharing.
    await Promise.all([1, 2].map(() => handlers.chat(makeCall({ provider, options: { temperature: 0.9 } }))));
    expect(provider.calls).toHaveLength(3);
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { compose } from '../../src/gateway/chain.js';
import { EventBus } from '../../src/gateway/events.js';
import { createResilienceMiddleware } from '../../src/gateway/middleware/resilience.js';
import { MockProvider, OfflineProvider } from '../../src/providers/index.js';
import { makeCall, makeDeps, terminal } from '../support/gateway-call.js';

function setup(gateway: Record<string, unknown> = {}, providers = [new MockProvider({ name: 'primary' })]) {
  const settings = loadConfig({
    env: {},
    overrides: { gateway: { resilience: { base_delay_ms: 1, max_delay_ms: 50, ...gateway } } },
  }).settings;
  const bus = new EventBus();
  const deps = makeDeps({ settings, providers: [...providers, new OfflineProvider()], bus });
  const middleware = createResilienceMiddleware(deps);
  return { handlers: compose([middleware], terminal), middleware, deps, bus };
}

describe('resilience', () => {
  it('retries retryable errors and succeeds', async () => {
    const primary = new MockProvider({
      name: 'primary',
      script: [{ error: 'upstream_unavailable' }, { error: 'timeout' }, { text: 'third time' }],
    });
    const { handlers } = setup({}, [primary]);
    const call = makeCall({ provider: primary });
    const result = await handlers.chat(call);
    expect(result.text).toBe('third time');
    expect(call.state.attempts).toBe(3);
    expect(primary.calls).toHaveLength(3);
  });

  it('does not retry a bad request', async () => {
    const primary = new MockProvider({
      name: 'primary',
      script: [{ error: 'upstream_bad_request' }, { text: 'never' }],
    });
    const { handlers } = setup({}, [primary]);
    await expect(handlers.chat(makeCall({ provider: primary, role: 'generation' }))).rejects.toMatchObject({
      code: 'upstream_bad_request',
    });
    expect(primary.calls).toHaveLength(1);
  });

  it('honours Retry-After (never retries sooner)', async () => {
    const primary = new MockProvider({
      name: 'primary',
      script: [{ error: 'rate_limited', retryAfterSeconds: 0.2 }, { text: 'ok' }],
    });
    const { handlers } = setup({ max_delay_ms: 1_000 }, [primary]);
    const started = performance.now();
    await handlers.chat(makeCall({ provider: primary }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('fails over along the role chain and ends in offline', async () => {
    const primary = new MockProvider({
      name: 'primary',
      fallback: () => ({ error: 'upstream_unavailable' }),
    });
    const secondary = new MockProvider({ name: 'secondary', fallback: () => ({ error: 'network' }) });
    const { handlers } = setup({ retries: 1, failover: { generation: ['secondary'] } }, [primary, secondary]);
    const call = makeCall({
      provider: primary,
      role: 'generation',
      messages: [{ role: 'user', content: 'I greet Captain Voss.' }],
    });
    const result = await handlers.chat(call);
    expect(result.provider).toBe('offline');
    expect(result.text).toMatch(/Voss/);
    expect(call.state.failedOver).toEqual(['primary', 'secondary']);
    expect(primary.calls).toHaveLength(2);
    expect(secondary.calls).toHaveLength(2);
  });

  it('does not fail over when offline fallback is disabled and there is no chain', async () => {
    const primary = new MockProvider({
      name: 'primary',
      fallback: () => ({ error: 'upstream_unavailable' }),
    });
    const { handlers } = setup({ retries: 0, offline_fallback: false }, [primary]);
    await expect(handlers.chat(makeCall({ provider: primary, role: 'generation' }))).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
  });

  it('opens the circuit after 3 consecutive failures, reports it, probes half-open and closes', async () => {
    const primary = new MockProvider({
      name: 'primary',
      fallback: () => ({ error: 'upstream_unavailable' }),
    });
    const { handlers, middleware, bus, deps } = setup(
      { retries: 0, offline_fallback: false, breaker: { half_open_after_ms: 100 } },
      [primary],
    );
    const states: string[] = [];
    bus.on('provider.degraded', (event) => states.push(event.state));
    for (let i = 0; i < 3; i++)
      await expect(handlers.chat(makeCall({ provider: primary }))).rejects.toBeTruthy();
    expect(states).toEqual(['open']);
    expect(middleware.stats!()).toMatchObject({ circuits: { primary: 'open' } });
    expect(deps.registry.health('primary')).toBe('degraded');
    // Open: the provider is not called at all.
    await expect(handlers.chat(makeCall({ provider: primary }))).rejects.toMatchObject({
      code: 'circuit_open',
      status: 503,
    });
    expect(primary.calls).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 120));
    primary.enqueue({ text: 'recovered' });
    const result = await handlers.chat(makeCall({ provider: primary }));
    expect(result.text).toBe('recovered');
    expect(states).toEqual(['open', 'half_open', 'closed']);
    expect(deps.registry.health('primary')).toBe('ok');
  });

  it('fails a stream over before its first byte', async () => {
    const primary = new MockProvider({ name: 'primary', script: [{ error: 'upstream_unavailable' }] });
    const { handlers } = setup({ retries: 0 }, [primary]);
    const started = await handlers.stream(
      makeCall({ kind: 'stream', provider: primary, role: 'generation' }),
    );
    expect(started.provider).toBe('offline');
    let text = '';
    for await (const event of started.events) if (event.type === 'delta') text += event.text;
    expect(text.length).toBeGreaterThan(10);
  });

  it('stops retrying when the caller aborts', async () => {
    const primary = new MockProvider({
      name: 'primary',
      fallback: () => ({ error: 'upstream_unavailable', delayMs: 20 }),
    });
    const { handlers } = setup({ retries: 5, base_delay_ms: 50, max_delay_ms: 50 }, [primary]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(
      handlers.chat(makeCall({ provider: primary, signal: controller.signal, role: 'generation' })),
    ).rejects.toBeTruthy();
    expect(primary.calls.length).toBeLessThanOrEqual(2);
  });
});

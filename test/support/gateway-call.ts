/** Builds GatewayCall objects and terminal handlers for middleware tests. */
import { createLogger, loadConfig, type Settings } from '../../src/config/index.js';
import { providerHandlers } from '../../src/gateway/chain.js';
import type { MiddlewareDeps } from '../../src/gateway/deps.js';
import { EventBus } from '../../src/gateway/events.js';
import { ProviderRegistry } from '../../src/gateway/registry.js';
import type { GatewayCall, Handlers } from '../../src/gateway/types.js';
import { MockProvider, type Provider } from '../../src/providers/index.js';

let counter = 0;

export function makeCall(overrides: Partial<GatewayCall> = {}): GatewayCall {
  const provider: Provider = overrides.provider ?? new MockProvider();
  return {
    id: `call-${++counter}`,
    kind: 'chat',
    model: 'mock',
    route: { provider: provider.name, model: undefined, role: undefined },
    provider,
    providerModel: undefined,
    messages: [{ role: 'user', content: 'I light the beacon of Karsk.' }],
    input: [],
    dimensions: undefined,
    options: { temperature: 0 },
    priority: 'high',
    apiKeyId: undefined,
    role: undefined,
    cacheMode: 'auto',
    meta: {},
    signal: undefined,
    startedAt: performance.now(),
    state: { attempts: 0, failedOver: [], cache: undefined, queuedMs: 0, coalesced: false },
    ...overrides,
  };
}

/** Middleware dependencies over the given settings (defaults: the embedded default config). */
export function makeDeps(
  overrides: { settings?: Settings; providers?: Provider[] } & Partial<MiddlewareDeps> = {},
): MiddlewareDeps {
  const loaded = loadConfig({ env: {} });
  const settings = overrides.settings ?? loaded.settings;
  const registry = new ProviderRegistry(
    (overrides.providers ?? []).map((provider) => [provider.name, provider]),
  );
  return {
    settings,
    secrets: loaded.secrets,
    bus: overrides.bus ?? new EventBus(),
    logger: overrides.logger ?? createLogger('silent'),
    registry: overrides.registry ?? registry,
    redis: overrides.redis,
  };
}

/** The real provider handlers: a middleware under test wraps these. */
export const terminal: Handlers = providerHandlers;

/** Builds the configured middleware chain, in the order `gateway.chain` gives. */
import type { MiddlewareName } from '../../config/index.js';
import type { MiddlewareDeps } from '../deps.js';
import { GatewayMetrics } from '../metrics.js';
import type { Middleware } from '../types.js';
import { type BudgetStore, BudgetTracker } from '../usage/budgets.js';
import { PriceTable } from '../usage/pricing.js';
import { RedisBudgetStore } from '../usage/redis-budget-store.js';
import { type UsageSink, UsageTracker } from '../usage/usage-tracker.js';
import { type AfterCallWork, afterCallWork } from './after-call.js';
import { createCacheMiddleware } from './cache.js';
import { createLimiterMiddleware } from './limiter.js';
import { createMonitoringMiddleware } from './monitoring.js';
import { createReplayMiddleware } from './replay.js';
import { createResilienceMiddleware } from './resilience.js';
import { createSecurityMiddleware } from './security.js';

/** What the analytics routes read: usage, budgets and metrics live as long as the gateway. */
export interface GatewayParts {
  /** Prices by provider and model; lists the paid models it has no price for. */
  prices: PriceTable;
  usage: UsageTracker;
  budgets: BudgetTracker;
  metrics: GatewayMetrics;
  /** Metrics, usage and llm.* events held during a burst; whatever reads them settles it first. */
  afterCall: AfterCallWork;
}

// prom-client's process metrics (event loop, GC) register observers that are never removed: one set
// per process is enough, even when tests build many gateways.
let processMetricsTaken = false;

export function buildMiddlewares(
  deps: MiddlewareDeps,
  options: { stats: () => Record<string, unknown>; usageSink?: UsageSink; budgetStore?: BudgetStore },
): { middlewares: Middleware[]; parts: GatewayParts } {
  const afterCall = afterCallWork(deps);
  const usage = new UsageTracker({
    logger: deps.logger,
    settle: afterCall.settle,
    ...(options.usageSink && { sink: options.usageSink }),
  });
  // Spend outlives a restart in the store; with Redis every instance spends from the same budgets.
  const budgetStore = deps.redis
    ? new RedisBudgetStore(deps.redis, {
        prefix: deps.settings.gateway.usage.redis_prefix,
        logger: deps.logger,
      })
    : options.budgetStore;
  const budgets = new BudgetTracker({
    budgets: deps.settings.gateway.usage.budgets,
    bus: deps.bus,
    logger: deps.logger,
    ...(budgetStore && { store: budgetStore }),
  });
  const { pricing, default_price: defaultPrice } = deps.settings.gateway.usage;
  const prices = new PriceTable(
    pricing,
    (provider, model) =>
      deps.logger.warn(
        { provider, model, default_price: defaultPrice },
        'no price known for this model: its cost counts at gateway.usage.default_price (set gateway.usage.pricing)',
      ),
    defaultPrice,
  );
  // Known at start: every model a configured provider names, so /health lists the unpriced ones
  // before the first call.
  for (const entry of deps.registry.list()) {
    const provider = entry.provider;
    if (!provider) continue;
    for (const model of new Set([provider.defaultModel, ...provider.models])) {
      prices.price(entry.name, provider.kind, model);
    }
    if (provider.defaultEmbeddingModel)
      prices.price(entry.name, provider.kind, provider.defaultEmbeddingModel);
  }
  const metrics = new GatewayMetrics({
    statsSource: options.stats,
    defaultMetrics: !processMetricsTaken,
    settle: afterCall.settle,
  });
  processMetricsTaken = true;
  const parts: GatewayParts = { prices, usage, budgets, metrics, afterCall };

  const factories: Record<MiddlewareName, () => Middleware | undefined> = {
    security: () => createSecurityMiddleware(deps),
    monitoring: () => createMonitoringMiddleware(deps, parts),
    cache: () => (deps.settings.gateway.cache.enabled ? createCacheMiddleware(deps) : undefined),
    limiter: () => createLimiterMiddleware(deps),
    resilience: () => createResilienceMiddleware(deps),
    // Off unless record or replay is asked for: no cost on the hot path.
    replay: () => (deps.settings.gateway.replay.mode === 'off' ? undefined : createReplayMiddleware(deps)),
  };
  const middlewares: Middleware[] = [];
  for (const name of deps.settings.gateway.chain) {
    const middleware = factories[name]();
    if (middleware) middlewares.push(middleware);
  }
  // Usage must be flushed even when monitoring is left out of the chain.
  if (!middlewares.some((middleware) => middleware.name === 'monitoring')) {
    middlewares.push({ name: 'usage-flush', wrap: (next) => next, close: () => usage.close() });
  }
  return { middlewares, parts };
}

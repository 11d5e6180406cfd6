/**
 * GET /llm/status: one small document a game or dashboard can poll: each role's provider and model,
 * each provider's health and circuit, the gateway's queue by priority and the maintenance queue by
 * state, the cache's hit rate, and the budgets with what they have used. It reads counters only: it
 * never calls an upstream.
 */
import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../../gateway/index.js';
import type { MaintenanceQueue } from '../../jobs/types.js';

type Stats = Record<string, Record<string, unknown> | undefined>;

export function llmStatusRoute(
  app: FastifyInstance,
  deps: { gateway: Gateway; queue: MaintenanceQueue },
): void {
  const { gateway, queue } = deps;
  app.get(
    '/llm/status',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Roles, providers, queues, cache hit rate and budgets in one document',
        tags: ['llm'],
      },
    },
    async () => {
      const stats = gateway.stats() as Stats;
      const circuits = (stats.resilience?.circuits ?? {}) as Record<string, string>;
      const providers: Record<string, object> = {};
      for (const entry of gateway.registry.list())
        providers[entry.name] = {
          type: entry.type,
          status: gateway.registry.health(entry.name),
          circuit: circuits[entry.name] ?? 'closed',
          ...(entry.unavailableReason && { reason: entry.unavailableReason }),
        };
      const roles: Record<string, object> = {};
      for (const [role, config] of Object.entries(gateway.settings.roles))
        roles[role] = { provider: config.provider, model: config.model ?? null };
      const cache = stats.cache ?? {};
      const hits = Number(cache.hits ?? 0);
      const misses = Number(cache.misses ?? 0);
      const tasks = await queue.status();
      const limiter = stats.limiter ?? {};
      return {
        object: 'llm.status',
        roles,
        providers,
        queues: {
          gateway: limiter.queue ?? { high: 0, medium: 0, low: 0 },
          in_flight: limiter.in_flight ?? {},
          maintenance: { backend: tasks.backend, ...tasks.totals, dead: tasks.failures.dead },
        },
        cache: {
          enabled: stats.cache !== undefined,
          hits,
          misses,
          hit_rate: hits + misses === 0 ? null : Math.round((hits / (hits + misses)) * 1000) / 1000,
        },
        budgets: gateway.parts.budgets.status().map((budget) => ({
          name: budget.name,
          scope: budget.scope,
          period: budget.period,
          unit: budget.unit,
          limit: budget.limit,
          hard_stop: budget.hardStop,
          resets_at: new Date(budget.resetsAt).toISOString(),
          used: budget.usage.map((usage) => ({
            api_key_id: usage.apiKeyId,
            used: usage.used,
            fraction: Math.round(usage.fraction * 1000) / 1000,
            exceeded: usage.exceeded,
          })),
        })),
      };
    },
  );
}

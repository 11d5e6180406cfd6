/**
 * GET /llm/status: one small document a game or dashboard can poll: each role's provider and model,
 * each provider's health and circuit, the gateway's queue by priority and the maintenance queue by
 * state, the cache's hit rate, and the budgets with what they have used. It reads counters only: it
 * never calls an upstream.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Gateway } from '../../gateway/index.js';
import type { MaintenanceQueue } from '../../jobs/types.js';

type Stats = Record<string, Record<string, unknown> | undefined>;

const statusSchema = z
  .object({
    object: z.literal('llm.status'),
    roles: z.record(z.string(), z.object({ provider: z.string(), model: z.string().nullable() })),
    providers: z.record(
      z.string(),
      z.object({
        type: z.string(),
        status: z.enum(['ok', 'degraded', 'down']),
        circuit: z.string().describe('closed, open or half_open'),
        reason: z.string().optional().describe('Why the provider is unavailable'),
      }),
    ),
    queues: z.object({
      gateway: z
        .object({ high: z.number(), medium: z.number(), low: z.number() })
        .describe("Calls waiting in the gateway's priority queue"),
      in_flight: z.record(z.string(), z.number()).describe('Calls running, by provider'),
      maintenance: z
        .object({
          backend: z.enum(['table', 'pg-boss']),
          pending: z.number(),
          processing: z.number(),
          completed: z.number(),
          failed: z.number(),
          dead: z.number(),
        })
        .describe('The maintenance queue by state'),
    }),
    cache: z.object({
      enabled: z.boolean(),
      hits: z.number(),
      misses: z.number(),
      hit_rate: z.number().nullable(),
    }),
    budgets: z.array(
      z.object({
        name: z.string(),
        scope: z.enum(['global', 'key']),
        period: z.string(),
        unit: z.string(),
        limit: z.number(),
        hard_stop: z.boolean(),
        resets_at: z.string(),
        used: z.array(
          z.object({
            api_key_id: z.string().nullable(),
            used: z.number(),
            fraction: z.number(),
            exceeded: z.boolean(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'LlmStatus' });

export function llmStatusRoute(
  app: FastifyInstance,
  deps: { gateway: Gateway; queue: MaintenanceQueue },
): void {
  const { gateway, queue } = deps;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/llm/status',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Roles, providers, queues, cache hit rate and budgets in one document',
        tags: ['llm'],
        response: { 200: statusSchema },
      },
    },
    async () => {
      const stats = gateway.stats() as Stats;
      const circuits = (stats.resilience?.circuits ?? {}) as Record<string, string>;
      const providers: z.infer<typeof statusSchema>['providers'] = {};
      for (const entry of gateway.registry.list())
        providers[entry.name] = {
          type: entry.type,
          status: gateway.registry.health(entry.name),
          circuit: circuits[entry.name] ?? 'closed',
          ...(entry.unavailableReason && { reason: entry.unavailableReason }),
        };
      const roles: z.infer<typeof statusSchema>['roles'] = {};
      for (const [role, config] of Object.entries(gateway.settings.roles))
        roles[role] = { provider: config.provider, model: config.model ?? null };
      const cache = stats.cache ?? {};
      const hits = Number(cache.hits ?? 0);
      const misses = Number(cache.misses ?? 0);
      const tasks = await queue.status();
      const limiter = stats.limiter ?? {};
      return {
        object: 'llm.status' as const,
        roles,
        providers,
        queues: {
          gateway: (limiter.queue ?? { high: 0, medium: 0, low: 0 }) as Record<
            'high' | 'medium' | 'low',
            number
          >,
          in_flight: (limiter.in_flight ?? {}) as Record<string, number>,
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

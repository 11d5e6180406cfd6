/**
 * Usage analytics and metrics:
 *   GET /llm/analytics          usage roll-ups as JSON (period, group_by, since)
 *   GET /llm/analytics/report   the same as a plain-text report a person reads
 *   GET /metrics                Prometheus text exposition
 *   GET /metrics/detailed       JSON: usage totals, budgets, and every middleware's stats
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { GatewayMetrics } from '../../gateway/metrics.js';
import type { BudgetTracker } from '../../gateway/usage/budgets.js';
import type { UsageCounters, UsageGroup, UsageTracker } from '../../gateway/usage/usage-tracker.js';
import { queryTime } from './bounded.js';

export interface AnalyticsDeps {
  usage: UsageTracker;
  budgets: BudgetTracker;
  metrics: GatewayMetrics;
  /** The gateway's stats (every middleware's `stats()`). */
  stats: () => Record<string, unknown>;
}

const since = queryTime(
  'Roll-ups from this time on (default: the last day by hour, 30 days by day)',
).optional();
const period = z.enum(['hour', 'day']).default('hour').describe('The bucket size');
const GROUPS = ['provider', 'model', 'role', 'kind', 'api_key'] as const;

const analyticsQuery = z.object({ period, group_by: z.enum(GROUPS).optional(), since }).strict();
const reportQuery = z.object({ period, since }).strict();

const countersSchema = z.object({
  requests: z.number(),
  errors: z.number(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cost_usd: z.number(),
  cache_hits: z.number(),
});
/** Counters of one group (its key under the name of `group_by`, null for calls without one). */
const groupSchema = countersSchema.extend(
  Object.fromEntries(GROUPS.map((name) => [name, z.string().nullable().optional()])) as Record<
    (typeof GROUPS)[number],
    z.ZodOptional<z.ZodNullable<z.ZodString>>
  >,
);
const analyticsSchema = z
  .object({
    period: z.enum(['hour', 'day']),
    since: z.string().describe('The start of the first bucket'),
    group_by: z.enum(GROUPS).nullable(),
    totals: countersSchema,
    groups: z.array(groupSchema),
    series: z.array(groupSchema.extend({ start: z.string() })),
  })
  .meta({ id: 'UsageAnalytics' });

const budgetSchema = z.object({
  name: z.string(),
  scope: z.enum(['global', 'key']),
  period: z.string(),
  unit: z.string(),
  limit: z.number(),
  hard_stop: z.boolean(),
  alert_at: z.array(z.number()),
  resets_at: z.string(),
  usage: z.array(
    z.object({
      api_key_id: z.string().nullable(),
      used: z.number(),
      fraction: z.number(),
      exceeded: z.boolean(),
    }),
  ),
});
const detailedSchema = z
  .object({
    usage: z.object({
      this_hour: countersSchema,
      today: countersSchema,
      memory: z.object({
        rows: z.number(),
        hour_buckets: z.number(),
        day_buckets: z.number(),
        overflowed: z.number(),
        unwritten: z.number(),
      }),
    }),
    budgets: z.array(budgetSchema),
    gateway: z.record(z.string(), z.unknown()).describe("Every middleware's stats, by middleware"),
  })
  .meta({ id: 'DetailedMetrics' });

const text = (description: string, type: string) => ({
  description,
  content: { [type]: { schema: z.string() } },
});

const iso = (ms: number) => new Date(ms).toISOString();

function counters(value: UsageCounters) {
  return {
    requests: value.requests,
    errors: value.errors,
    input_tokens: value.inputTokens,
    output_tokens: value.outputTokens,
    cost_usd: value.costUsd,
    cache_hits: value.cacheHits,
  };
}

export function analyticsRoutes(app: FastifyInstance, deps: AnalyticsDeps): void {
  const { usage, budgets, metrics, stats } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];

  api.get(
    '/llm/analytics',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Usage roll-ups: totals, groups and a series by hour or day',
        tags,
        querystring: analyticsQuery,
        response: { 200: analyticsSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const snapshot = usage.snapshot({
        period: query.period,
        ...(query.since !== undefined && { since: query.since }),
        ...(query.group_by && { groupBy: query.group_by }),
      });
      const group = (entry: UsageGroup) => ({
        ...(snapshot.groupBy && { [snapshot.groupBy]: entry.key }),
        ...counters(entry),
      });
      return {
        period: snapshot.period,
        since: iso(snapshot.since),
        group_by: snapshot.groupBy,
        totals: counters(snapshot.totals),
        groups: snapshot.groupBy ? snapshot.groups.map(group) : [],
        series: snapshot.series.map((point) => ({ start: iso(point.start), ...group(point) })),
      };
    },
  );

  api.get(
    '/llm/analytics/report',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'The usage roll-ups as a plain-text report a person reads',
        tags,
        querystring: reportQuery,
        response: { 200: text('The report', 'text/plain') },
      },
    },
    async (request, reply) => {
      void reply.type('text/plain; charset=utf-8');
      return usage.report(request.query.period, request.query.since);
    },
  );

  api.get(
    '/metrics',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Prometheus metrics (text exposition format)',
        tags: ['metrics'],
        response: { 200: text('Prometheus text exposition', 'text/plain') },
      },
    },
    async (_request, reply) => {
      void reply.type(metrics.contentType);
      return metrics.text();
    },
  );

  api.get(
    '/metrics/detailed',
    {
      config: { scope: 'read' },
      schema: {
        summary: "Usage totals, budgets and every gateway middleware's stats",
        tags: ['metrics'],
        response: { 200: detailedSchema },
      },
    },
    async () => ({
      usage: {
        this_hour: counters(usage.current('hour')),
        today: counters(usage.current('day')),
        memory: usage.stats(),
      },
      budgets: budgets.status().map((budget) => ({
        name: budget.name,
        scope: budget.scope,
        period: budget.period,
        unit: budget.unit,
        limit: budget.limit,
        hard_stop: budget.hardStop,
        alert_at: budget.alertAt,
        resets_at: iso(budget.resetsAt),
        usage: budget.usage.map((entry) => ({
          api_key_id: entry.apiKeyId,
          used: entry.used,
          fraction: entry.fraction,
          exceeded: entry.exceeded,
        })),
      })),
      gateway: stats(),
    }),
  );
}

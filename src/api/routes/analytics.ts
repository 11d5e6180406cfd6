/**
 * Usage analytics and metrics:
 *   GET /llm/analytics          usage roll-ups as JSON (period, group_by, since)
 *   GET /llm/analytics/report   the same as a plain-text report a person reads
 *   GET /metrics                Prometheus text exposition
 *   GET /metrics/detailed       JSON: usage totals, budgets, and every middleware's stats
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GatewayMetrics } from '../../gateway/metrics.js';
import type { BudgetTracker } from '../../gateway/usage/budgets.js';
import type { UsageCounters, UsageGroup, UsageTracker } from '../../gateway/usage/usage-tracker.js';
import { parseBody } from '../errors.js';

export interface AnalyticsDeps {
  usage: UsageTracker;
  budgets: BudgetTracker;
  metrics: GatewayMetrics;
  /** The gateway's stats (every middleware's `stats()`). */
  stats: () => Record<string, unknown>;
}

/** An ISO 8601 date or date-time, or epoch milliseconds. */
const since = z
  .string()
  .transform((value, context) => {
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (Number.isNaN(ms)) {
      context.addIssue({ code: 'custom', message: 'expected an ISO 8601 date or epoch milliseconds' });
      return z.NEVER;
    }
    return ms;
  })
  .optional();
const period = z.enum(['hour', 'day']).default('hour');

const analyticsQuery = z
  .object({ period, group_by: z.enum(['provider', 'model', 'role', 'kind', 'api_key']).optional(), since })
  .strict();
const reportQuery = z.object({ period, since }).strict();

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

  app.get('/llm/analytics', { config: { scope: 'read' } }, async (request) => {
    const query = parseBody(analyticsQuery, request.query);
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
  });

  app.get('/llm/analytics/report', { config: { scope: 'read' } }, async (request, reply) => {
    const query = parseBody(reportQuery, request.query);
    void reply.type('text/plain; charset=utf-8');
    return usage.report(query.period, query.since);
  });

  app.get('/metrics', { config: { scope: 'read' } }, async (_request, reply) => {
    void reply.type(metrics.contentType);
    return metrics.text();
  });

  app.get('/metrics/detailed', { config: { scope: 'read' } }, async () => {
    return {
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
    };
  });
}

/**
 * GET /health: the server and each provider, ok / degraded / down. It does not call upstreams unless
 * asked (`?deep=true`), so a load balancer can poll it cheaply.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RoleName } from '../../config/index.js';
import type { Gateway, ProviderHealth } from '../../gateway/index.js';

interface RoleReport {
  /** The provider the role is configured with. */
  provider: string;
  status: ProviderHealth;
  /** The provider answering instead, when the role's own cannot be used. */
  serving?: string;
  reason?: string;
}

const VERSION = '0.1.0';

const status = z.enum(['ok', 'degraded', 'down']);

const healthQuery = z.object({
  /** Probe each provider with a real call (at most 5 s). */
  deep: z.enum(['true', 'false', '1', '0']).optional(),
});

export const healthSchema = z
  .object({
    status,
    version: z.string(),
    uptime_s: z.number().int(),
    components: z.record(z.string(), z.string()).describe('server, gateway, and redis when configured'),
    roles: z.record(
      z.string(),
      z.object({
        provider: z.string(),
        status,
        serving: z.string().optional().describe('The provider answering instead'),
        reason: z.string().optional(),
      }),
    ),
    providers: z.record(
      z.string(),
      z
        .object({
          status,
          type: z.string(),
          reason: z.string().optional(),
          last_error: z.string().optional(),
          probe: z.record(z.string(), z.unknown()).optional().describe('With ?deep=true'),
        })
        .loose(),
    ),
    unpriced_models: z.array(z.string()).describe('Paid models with no price set'),
    images: z
      .object({
        provider: z.string().describe('images.provider: who draws first'),
        status,
        serving: z.string().optional().describe('Who draws now (the next of the chain when degraded)'),
        reason: z.string().optional(),
        providers: z.record(
          z.string(),
          z.object({ status: z.enum(['ok', 'down']), type: z.string(), reason: z.string().optional() }),
        ),
      })
      .describe('The image path (docs/images.md); it does not change the overall status'),
  })
  .meta({ id: 'Health' });

export function healthRoute(app: FastifyInstance, gateway: Gateway): void {
  const started = Date.now();
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/health',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'The server, each role and each provider: ok, degraded or down (503 when down)',
        tags: ['health'],
        querystring: healthQuery,
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (request, reply) => {
      const deep = request.query.deep === 'true' || request.query.deep === '1';
      const providers: Record<string, z.infer<typeof healthSchema>['providers'][string]> = {};
      await Promise.all(
        gateway.registry.list().map(async (entry) => {
          let status: ProviderHealth = gateway.registry.health(entry.name);
          const report: {
            type: string;
            reason?: string;
            last_error?: string;
            probe?: Record<string, unknown>;
          } = {
            type: entry.type,
          };
          if (entry.unavailableReason) report.reason = entry.unavailableReason;
          if (entry.lastError && status !== 'ok') report.last_error = entry.lastError;
          if (deep && entry.provider) {
            const probe = await entry.provider.testConnection(AbortSignal.timeout(5_000));
            report.probe = { ...probe };
            if (!probe.ok) status = 'down';
          }
          providers[entry.name] = { status, ...report };
        }),
      );
      const roles: Record<string, RoleReport> = {};
      for (const role of Object.keys(gateway.settings.roles) as RoleName[]) {
        const route = gateway.roleRoute(role);
        const own = (providers[route.provider] as { status: ProviderHealth } | undefined)?.status ?? 'down';
        if (own !== 'down' || route.serving === undefined) {
          roles[role] = { provider: route.provider, status: own };
          continue;
        }
        // Its own provider cannot be used, but the failover chain answers: degraded, not down.
        const serving = (providers[route.serving] as { status: ProviderHealth } | undefined)?.status;
        roles[role] = {
          provider: route.provider,
          status: serving === 'down' ? 'down' : 'degraded',
          serving: route.serving,
          ...(route.reason !== undefined && { reason: route.reason }),
        };
      }
      const roleStatuses = Object.values(roles).map((role) => role.status);
      const anyDegraded = Object.values(providers).some(
        (p) => (p as { status: string }).status === 'degraded',
      );
      const status: ProviderHealth = roleStatuses.includes('down')
        ? 'down'
        : roleStatuses.includes('degraded') || anyDegraded
          ? 'degraded'
          : 'ok';
      const components: Record<string, string> = { server: 'ok', gateway: status };
      // Without Redis the cache and limits are this instance's alone; with it, a Redis that is away
      // degrades them (cache misses, limits open) but never stops calls.
      if (gateway.redis) components.redis = gateway.redis.status === 'ready' ? 'ok' : 'degraded';
      const overall: ProviderHealth =
        status === 'ok' && components.redis === 'degraded' ? 'degraded' : status;
      reply.code(overall === 'down' ? 503 : 200);
      return {
        status: overall,
        version: VERSION,
        uptime_s: Math.round((Date.now() - started) / 1000),
        components,
        roles,
        providers,
        // The image path (docs/images.md): its first provider, or the one drawing instead.
        images: gateway.images.health(),
        // Paid models with no price: counted at gateway.usage.default_price until one is set.
        unpriced_models: gateway.parts.prices.unpriced(),
      };
    },
  );
}

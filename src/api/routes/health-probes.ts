/**
 * Probes for load balancers and orchestrators, answered without an API key:
 *
 *   GET /health/live   the process serves HTTP (200, always, while it runs)
 *   GET /health/ready  it can serve requests: the store answers and every migration is applied (200),
 *                      else 503
 *
 * Neither says anything about providers (their errors and state are on `/health`, behind a key):
 * a provider that is down must not take an instance out of a load balancer, since the gateway fails
 * over, and the probes are public.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/index.js';

/** A store that does not answer within this time is not ready. */
const STORE_DEADLINE_MS = 2_000;

const liveSchema = z.object({ status: z.literal('ok') });
const readySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    store: z.enum(['ok', 'unreachable', 'absent']),
    migrations: z.enum(['ok', 'pending', 'unknown']),
  }),
});

export function healthProbeRoutes(app: FastifyInstance, store: Store | undefined): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/health/live',
    {
      config: { scope: 'public' },
      schema: {
        summary: 'Liveness: the process serves HTTP',
        tags: ['health'],
        response: { 200: liveSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  api.get(
    '/health/ready',
    {
      config: { scope: 'public' },
      schema: {
        summary: 'Readiness: the store answers and its migrations are applied',
        tags: ['health'],
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (_request, reply) => {
      const checks = await readiness(store);
      const ready = checks.store !== 'unreachable' && checks.migrations !== 'pending';
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );
}

async function readiness(store: Store | undefined): Promise<z.infer<typeof readySchema>['checks']> {
  // An app without a store (the gateway alone) has nothing more to be ready for.
  if (!store) return { store: 'absent', migrations: 'ok' };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('store did not answer in time')), STORE_DEADLINE_MS);
  });
  try {
    const pending = await Promise.race([store.pendingMigrations(), deadline]);
    return { store: 'ok', migrations: pending.length === 0 ? 'ok' : 'pending' };
  } catch {
    return { store: 'unreachable', migrations: 'unknown' };
  } finally {
    clearTimeout(timer);
  }
}

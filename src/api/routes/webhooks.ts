/**
 * Webhooks (admin): where Loremaster POSTs its events, signed.
 *
 *   POST   /llm/webhooks                      create (the answer carries the signing secret, once)
 *   GET    /llm/webhooks                      list            GET /llm/webhooks/{id}   one, with delivery counts
 *   PATCH  /llm/webhooks/{id}                 change (rotate_secret: a new secret, shown once)
 *   DELETE /llm/webhooks/{id}                 delete (and its deliveries)
 *   GET    /llm/webhooks/{id}/deliveries      what was sent, newest first (?status=&before=&limit=)
 *   GET    /llm/webhooks/{id}/deliveries/{deliveryId}          one delivery, with its body
 *   POST   /llm/webhooks/{id}/deliveries/{deliveryId}/retry    send it again now
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  deliveryQuerySchema,
  type WebhookService,
  webhookInputSchema,
  webhookPatchSchema,
} from '../../events/webhooks/index.js';
import type { Webhook, WebhookDelivery } from '../../store/index.js';

const idParams = z.object({ id: z.string().min(1).max(128) });
const deliveryParams = idParams.extend({ deliveryId: z.coerce.number().int().min(1) });

export function webhookView(
  webhook: Webhook & { deliveries?: { pending: number; delivered: number; dead: number } },
) {
  return {
    id: webhook.id,
    object: 'webhook' as const,
    url: webhook.url,
    types: webhook.types,
    world_id: webhook.worldId,
    session_id: webhook.sessionId,
    description: webhook.description,
    active: webhook.active,
    created_at: webhook.createdAt,
    updated_at: webhook.updatedAt,
    ...(webhook.deliveries && { deliveries: webhook.deliveries }),
  };
}

export function deliveryView(delivery: WebhookDelivery, options: { body?: boolean } = {}) {
  return {
    id: delivery.id,
    object: 'webhook.delivery' as const,
    webhook_id: delivery.webhookId,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: delivery.status === 'pending' ? delivery.nextAttemptAt : null,
    last_attempt_at: delivery.lastAttemptAt,
    last_status: delivery.lastStatus,
    last_error: delivery.lastError,
    last_response: delivery.lastResponse,
    last_duration_ms: delivery.lastDurationMs,
    delivered_at: delivery.deliveredAt,
    created_at: delivery.createdAt,
    ...(options.body && { body: JSON.parse(delivery.body) as Record<string, unknown> }),
  };
}

const webhookSchema = z.object({
  id: z.string(),
  object: z.literal('webhook'),
  url: z.string(),
  types: z.array(z.string()),
  world_id: z.string().nullable(),
  session_id: z.string().nullable(),
  description: z.string().nullable(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  deliveries: z.object({ pending: z.number(), delivered: z.number(), dead: z.number() }).optional(),
});
const webhookComponent = webhookSchema.meta({ id: 'Webhook' });
/** The answer that made (or rotated) a secret: the only one that shows it. */
const webhookWithSecretSchema = webhookSchema.extend({ secret: z.string() });
const deliverySchema = z
  .object({
    id: z.number(),
    object: z.literal('webhook.delivery'),
    webhook_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    status: z.enum(['pending', 'delivered', 'dead']),
    attempts: z.number(),
    next_attempt_at: z.string().nullable(),
    last_attempt_at: z.string().nullable(),
    last_status: z.number().nullable(),
    last_error: z.string().nullable(),
    last_response: z.string().nullable(),
    last_duration_ms: z.number().nullable(),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
    /** The envelope sent (one delivery's page only). */
    body: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'WebhookDelivery' });

const tags = ['webhooks'];
const admin = { scope: 'admin' as const };

export function webhookRoutes(app: FastifyInstance, webhooks: WebhookService): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/llm/webhooks',
    {
      config: admin,
      schema: {
        summary: 'Create a webhook (its signing secret is in this answer only)',
        tags,
        body: webhookInputSchema,
        response: { 201: webhookWithSecretSchema },
      },
    },
    async (request, reply) => {
      const { webhook, secret } = await webhooks.create(request.body);
      reply.code(201);
      return { ...webhookView(webhook), secret };
    },
  );

  api.get(
    '/llm/webhooks',
    {
      config: admin,
      schema: {
        summary: 'The webhooks (never their secrets)',
        tags,
        response: { 200: z.object({ object: z.literal('list'), data: z.array(webhookComponent) }) },
      },
    },
    async () => {
      const list = await webhooks.list();
      return { object: 'list' as const, data: list.map((webhook) => webhookView(webhook)) };
    },
  );

  api.get(
    '/llm/webhooks/:id',
    {
      config: admin,
      schema: {
        summary: 'One webhook, with counts of its deliveries',
        tags,
        params: idParams,
        response: { 200: webhookComponent },
      },
    },
    async (request) => webhookView(await webhooks.get(request.params.id)),
  );

  api.patch(
    '/llm/webhooks/:id',
    {
      config: admin,
      schema: {
        summary: 'Change a webhook; rotate_secret: a new secret, in this answer only',
        tags,
        params: idParams,
        body: webhookPatchSchema,
        response: { 200: webhookSchema.extend({ secret: z.string().optional() }) },
      },
    },
    async (request) => {
      const { webhook, secret } = await webhooks.update(request.params.id, request.body);
      return { ...webhookView(webhook), ...(secret !== undefined && { secret }) };
    },
  );

  api.delete(
    '/llm/webhooks/:id',
    {
      config: admin,
      schema: {
        summary: 'Delete a webhook and its deliveries',
        tags,
        params: idParams,
        response: {
          200: z.object({ id: z.string(), object: z.literal('webhook'), deleted: z.literal(true) }),
        },
      },
    },
    async (request) => {
      await webhooks.remove(request.params.id);
      return { id: request.params.id, object: 'webhook' as const, deleted: true as const };
    },
  );

  api.get(
    '/llm/webhooks/:id/deliveries',
    {
      config: admin,
      schema: {
        summary: "A webhook's deliveries, newest first",
        tags,
        params: idParams,
        querystring: deliveryQuerySchema,
        response: {
          200: z.object({
            object: z.literal('list'),
            data: z.array(deliverySchema),
            has_more: z.boolean(),
            next_before: z.number().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const page = await webhooks.deliveries(request.params.id, request.query);
      return {
        object: 'list' as const,
        data: page.data.map((delivery) => deliveryView(delivery)),
        has_more: page.hasMore,
        // Pass as `before` to read on.
        next_before: page.hasMore ? (page.data.at(-1)?.id ?? null) : null,
      };
    },
  );

  api.get(
    '/llm/webhooks/:id/deliveries/:deliveryId',
    {
      config: admin,
      schema: {
        summary: 'One delivery, with the body it sends',
        tags,
        params: deliveryParams,
        response: { 200: deliverySchema },
      },
    },
    async (request) =>
      deliveryView(await webhooks.delivery(request.params.id, request.params.deliveryId), { body: true }),
  );

  api.post(
    '/llm/webhooks/:id/deliveries/:deliveryId/retry',
    {
      config: admin,
      schema: {
        summary: 'Send a delivery again now, with a fresh set of attempts',
        tags,
        params: deliveryParams,
        response: { 202: deliverySchema },
      },
    },
    async (request, reply) => {
      const delivery = await webhooks.retry(request.params.id, request.params.deliveryId);
      reply.code(202);
      return deliveryView(delivery);
    },
  );
}

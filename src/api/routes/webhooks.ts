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
import { z } from 'zod';
import {
  deliveryQuerySchema,
  type WebhookService,
  webhookInputSchema,
  webhookPatchSchema,
} from '../../events/webhooks/index.js';
import type { Webhook, WebhookDelivery } from '../../store/index.js';
import { parseBody } from '../errors.js';

const idParams = z.object({ id: z.string().min(1).max(128) });
const deliveryParams = idParams.extend({ deliveryId: z.coerce.number().int().min(1) });

export function webhookView(webhook: Webhook & { deliveries?: Record<string, number> }) {
  return {
    id: webhook.id,
    object: 'webhook',
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
    object: 'webhook.delivery',
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
    ...(options.body && { body: JSON.parse(delivery.body) as unknown }),
  };
}

export function webhookRoutes(app: FastifyInstance, webhooks: WebhookService): void {
  app.post('/llm/webhooks', { config: { scope: 'admin' } }, async (request, reply) => {
    const input = parseBody(webhookInputSchema, request.body ?? {});
    const { webhook, secret } = await webhooks.create(input);
    reply.code(201);
    return { ...webhookView(webhook), secret };
  });

  app.get('/llm/webhooks', { config: { scope: 'admin' } }, async () => {
    const list = await webhooks.list();
    return { object: 'list', data: list.map((webhook) => webhookView(webhook)) };
  });

  app.get('/llm/webhooks/:id', { config: { scope: 'admin' } }, async (request) => {
    const { id } = parseBody(idParams, request.params);
    return webhookView(await webhooks.get(id));
  });

  app.patch('/llm/webhooks/:id', { config: { scope: 'admin' } }, async (request) => {
    const { id } = parseBody(idParams, request.params);
    const patch = parseBody(webhookPatchSchema, request.body ?? {});
    const { webhook, secret } = await webhooks.update(id, patch);
    return { ...webhookView(webhook), ...(secret !== undefined && { secret }) };
  });

  app.delete('/llm/webhooks/:id', { config: { scope: 'admin' } }, async (request) => {
    const { id } = parseBody(idParams, request.params);
    await webhooks.remove(id);
    return { id, object: 'webhook', deleted: true };
  });

  app.get('/llm/webhooks/:id/deliveries', { config: { scope: 'admin' } }, async (request) => {
    const { id } = parseBody(idParams, request.params);
    const query = parseBody(deliveryQuerySchema, request.query);
    const page = await webhooks.deliveries(id, query);
    return {
      object: 'list',
      data: page.data.map((delivery) => deliveryView(delivery)),
      has_more: page.hasMore,
      // Pass as `before` to read on.
      next_before: page.hasMore ? (page.data.at(-1)?.id ?? null) : null,
    };
  });

  app.get('/llm/webhooks/:id/deliveries/:deliveryId', { config: { scope: 'admin' } }, async (request) => {
    const { id, deliveryId } = parseBody(deliveryParams, request.params);
    return deliveryView(await webhooks.delivery(id, deliveryId), { body: true });
  });

  app.post(
    '/llm/webhooks/:id/deliveries/:deliveryId/retry',
    { config: { scope: 'admin' } },
    async (request, reply) => {
      const { id, deliveryId } = parseBody(deliveryParams, request.params);
      const delivery = await webhooks.retry(id, deliveryId);
      reply.code(202);
      return deliveryView(delivery);
    },
  );
}

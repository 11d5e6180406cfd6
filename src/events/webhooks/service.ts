/**
 * Webhooks: their settings (CRUD, the allow-list, the signing secret shown once), the deliveries
 * queued for each stored event they match, and what a delivery did (inspect, retry).
 */
import { randomUUID } from 'node:crypto';
import type { EventsConfig } from '../../config/events-schema.js';
import { registerSecret } from '../../config/index.js';
import type { Store, Webhook, WebhookDelivery } from '../../store/index.js';
import type { EventEnvelope } from '../envelope.js';
import { EventsError } from '../errors.js';
import { matcherFor } from '../filter.js';
import { checkTarget } from './allow-list.js';
import type { DeliveryQuery, WebhookInput, WebhookPatch } from './schemas.js';
import { newWebhookSecret } from './signature.js';

export interface WebhookWithCounts extends Webhook {
  deliveries?: { pending: number; delivered: number; dead: number };
}

export interface WebhookServiceOptions {
  store: Store;
  config: EventsConfig['webhooks'];
  /** Told when deliveries were queued (wakes this instance's dispatcher). */
  onQueued?: () => void;
}

export class WebhookService {
  private known = new Set<string>();

  constructor(private readonly options: WebhookServiceOptions) {}

  private get store(): Store {
    return this.options.store;
  }

  /** Creates a webhook; its secret is in this answer and nowhere else after. */
  async create(input: WebhookInput): Promise<{ webhook: Webhook; secret: string }> {
    const url = checkTarget(input.url, this.options.config.allowed_hosts);
    const secret = newWebhookSecret();
    const webhook = await this.store.webhooks.create({
      id: `wh_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
      url: url.toString(),
      types: input.types,
      worldId: input.world_id,
      sessionId: input.session_id,
      secret,
      active: input.active,
      description: input.description,
    });
    this.remember(webhook);
    return { webhook, secret };
  }

  async list(): Promise<Webhook[]> {
    return this.store.webhooks.list();
  }

  async get(id: string): Promise<WebhookWithCounts> {
    const webhook = await this.store.webhooks.get(id);
    if (!webhook) throw notFound(id);
    return { ...webhook, deliveries: await this.store.webhooks.counts(id) };
  }

  /** Changes a webhook; with `rotate_secret` the answer carries the new secret (once). */
  async update(id: string, patch: WebhookPatch): Promise<{ webhook: Webhook; secret?: string }> {
    if (!(await this.store.webhooks.get(id))) throw notFound(id);
    const secret = patch.rotate_secret ? newWebhookSecret() : undefined;
    const webhook = await this.store.webhooks.update(id, {
      ...(patch.url !== undefined && {
        url: checkTarget(patch.url, this.options.config.allowed_hosts).toString(),
      }),
      ...(patch.types !== undefined && { types: patch.types }),
      ...(patch.world_id !== undefined && { worldId: patch.world_id }),
      ...(patch.session_id !== undefined && { sessionId: patch.session_id }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.active !== undefined && { active: patch.active }),
      ...(secret !== undefined && { secret }),
    });
    if (!webhook) throw notFound(id);
    this.remember(webhook);
    return { webhook, ...(secret !== undefined && { secret }) };
  }

  async remove(id: string): Promise<void> {
    if (!(await this.store.webhooks.delete(id))) throw notFound(id);
  }

  async deliveries(id: string, query: DeliveryQuery): Promise<{ data: WebhookDelivery[]; hasMore: boolean }> {
    if (!(await this.store.webhooks.get(id))) throw notFound(id);
    const rows = await this.store.webhooks.deliveries(id, {
      status: query.status,
      beforeId: query.before,
      limit: query.limit + 1,
    });
    return { data: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
  }

  async delivery(id: string, deliveryId: number): Promise<WebhookDelivery> {
    const delivery = await this.store.webhooks.getDelivery(deliveryId);
    if (!delivery || delivery.webhookId !== id) throw deliveryNotFound(id, deliveryId);
    return delivery;
  }

  /** Sends a delivery again now, with a fresh set of attempts. */
  async retry(id: string, deliveryId: number): Promise<WebhookDelivery> {
    if (!(await this.store.webhooks.get(id))) throw notFound(id);
    const delivery = await this.store.webhooks.retry(id, deliveryId);
    if (!delivery) throw deliveryNotFound(id, deliveryId);
    this.options.onQueued?.();
    return delivery;
  }

  /**
   * Queues a delivery of each stored event to each active webhook that wants it. Called by the
   * instance that stored the events, once per batch; queuing twice is harmless (one per webhook and
   * event).
   */
  async enqueueFor(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const webhooks = await this.store.webhooks.list({ activeOnly: true });
    if (webhooks.length === 0) return;
    const deliveries = [];
    for (const webhook of webhooks) {
      this.remember(webhook);
      const match = matcherFor({
        types: webhook.types,
        worldId: webhook.worldId,
        sessionId: webhook.sessionId,
      });
      for (const event of events) {
        if (!match(event)) continue;
        // A webhook is not told that its own deliveries died (that would feed on itself while it is down).
        if (event.type === 'webhook.dead_lettered' && event.data.webhook_id === webhook.id) continue;
        deliveries.push({
          webhookId: webhook.id,
          eventId: event.id,
          eventType: event.type,
          body: JSON.stringify(event),
        });
      }
    }
    if (deliveries.length === 0) return;
    if ((await this.store.webhooks.enqueue(deliveries)) > 0) this.options.onQueued?.();
  }

  /** Secrets are redacted by value from every log line and error, like configured ones. */
  private remember(webhook: Webhook): void {
    if (this.known.has(webhook.secret)) return;
    this.known.add(webhook.secret);
    registerSecret(webhook.secret);
  }
}

function notFound(id: string): EventsError {
  return new EventsError(404, 'webhook_not_found', `Webhook ${id} not found`);
}

function deliveryNotFound(id: string, deliveryId: number): EventsError {
  return new EventsError(404, 'delivery_not_found', `Delivery ${deliveryId} of webhook ${id} not found`);
}

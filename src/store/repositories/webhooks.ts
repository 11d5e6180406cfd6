/**
 * Webhooks and their deliveries. A delivery is one event for one webhook (unique), queued in the
 * database so it survives a restart: every instance claims due deliveries under a lease (portable, no
 * SKIP LOCKED: a claim is an UPDATE that re-checks the row is still claimable), sends them, and records
 * the outcome; a delivery whose lease ran out (its instance died) is claimed again.
 */
import type { Kysely } from 'kysely';
import type { Database, WebhookDeliveryTable, WebhookTable } from '../schema.js';
import { chunks, fromJson, now, toJson } from '../util.js';

export interface Webhook {
  id: string;
  url: string;
  types: string[];
  worldId: string | null;
  sessionId: string | null;
  /** The signing key: used to sign, never shown after the webhook is created. */
  secret: string;
  active: boolean;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface WebhookDelivery {
  id: number;
  webhookId: string;
  eventId: string;
  eventType: string;
  /** The JSON body sent, byte for byte (the event envelope). */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastStatus: number | null;
  lastError: string | null;
  lastResponse: string | null;
  lastAttemptAt: string | null;
  lastDurationMs: number | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewDelivery {
  webhookId: string;
  eventId: string;
  eventType: string;
  body: string;
}

export interface AttemptRecord {
  /** The receiver's HTTP status; null when no answer came (network error, timeout). */
  status: number | null;
  error: string | null;
  response: string | null;
  durationMs: number;
}

export class WebhookRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: {
    id: string;
    url: string;
    types: readonly string[];
    worldId: string | null;
    sessionId: string | null;
    secret: string;
    active: boolean;
    description: string | null;
  }): Promise<Webhook> {
    const time = now();
    const row: WebhookTable = {
      id: input.id,
      url: input.url,
      types: toJson(input.types),
      world_id: input.worldId,
      session_id: input.sessionId,
      secret: input.secret,
      active: input.active ? 1 : 0,
      description: input.description,
      created_at: time,
      updated_at: time,
    };
    await this.db.insertInto('webhooks').values(row).execute();
    return toWebhook(row);
  }

  async get(id: string): Promise<Webhook | undefined> {
    const row = await this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toWebhook(row);
  }

  async list(options: { activeOnly?: boolean } = {}): Promise<Webhook[]> {
    let select = this.db.selectFrom('webhooks').selectAll();
    if (options.activeOnly) select = select.where('active', '=', 1);
    return (await select.orderBy('created_at').orderBy('id').execute()).map(toWebhook);
  }

  async update(
    id: string,
    patch: Partial<
      Pick<Webhook, 'url' | 'types' | 'worldId' | 'sessionId' | 'secret' | 'active' | 'description'>
    >,
  ): Promise<Webhook | undefined> {
    const set: Partial<WebhookTable> = { updated_at: now() };
    if (patch.url !== undefined) set.url = patch.url;
    if (patch.types !== undefined) set.types = toJson(patch.types);
    if (patch.worldId !== undefined) set.world_id = patch.worldId;
    if (patch.sessionId !== undefined) set.session_id = patch.sessionId;
    if (patch.secret !== undefined) set.secret = patch.secret;
    if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
    if (patch.description !== undefined) set.description = patch.description;
    await this.db.updateTable('webhooks').set(set).where('id', '=', id).execute();
    return this.get(id);
  }

  /** Deletes a webhook and its deliveries; false when there was none. */
  async delete(id: string): Promise<boolean> {
    await this.db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
    const result = await this.db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Queues deliveries; one already queued (same webhook and event) is left as it is. */
  async enqueue(deliveries: readonly NewDelivery[]): Promise<number> {
    let added = 0;
    const time = now();
    for (const part of chunks(deliveries, 200)) {
      const rows = await this.db
        .insertInto('webhook_deliveries')
        .values(
          part.map((delivery) => ({
            webhook_id: delivery.webhookId,
            event_id: delivery.eventId,
            event_type: delivery.eventType,
            body: delivery.body,
            status: 'pending' as const,
            attempts: 0,
            next_attempt_at: time,
            created_at: time,
            updated_at: time,
          })),
        )
        .onConflict((conflict) => conflict.columns(['webhook_id', 'event_id']).doNothing())
        .returning('id')
        .execute();
      added += rows.length;
    }
    return added;
  }

  /**
   * Claims up to `limit` due deliveries of active webhooks for `owner` until `leaseMs` from now, and
   * counts the attempt. A delivery whose lease ran out is due again.
   */
  async claimDue(owner: string, options: { limit: number; leaseMs: number }): Promise<WebhookDelivery[]> {
    const time = now();
    const until = new Date(Date.now() + options.leaseMs).toISOString();
    const candidates = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select('d.id')
      .where('w.active', '=', 1)
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', time)
      .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<', time)]))
      .orderBy('d.next_attempt_at')
      .orderBy('d.id')
      .limit(options.limit * 2)
      .execute();
    const claimed: WebhookDelivery[] = [];
    for (const { id } of candidates) {
      if (claimed.length >= options.limit) break;
      const row = await this.db
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          lease_owner: owner,
          lease_until: until,
          attempts: eb('attempts', '+', 1),
          last_attempt_at: time,
          updated_at: time,
        }))
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', time)]))
        .returningAll()
        .executeTakeFirst();
      if (row) claimed.push(toDelivery(row));
    }
    return claimed;
  }

  /** Records an attempt `owner` made: delivered, due again at `retryAt`, or dead (no `retryAt`). */
  async recordAttempt(
    id: number,
    owner: string,
    outcome: AttemptRecord & { delivered: boolean; retryAt?: string | undefined },
  ): Promise<WebhookDelivery | undefined> {
    const time = now();
    const status: DeliveryStatus = outcome.delivered ? 'delivered' : outcome.retryAt ? 'pending' : 'dead';
    const row = await this.db
      .updateTable('webhook_deliveries')
      .set({
        status,
        lease_owner: null,
        lease_until: null,
        last_status: outcome.status,
        last_error: outcome.error,
        last_response: outcome.response,
        last_duration_ms: Math.round(outcome.durationMs),
        ...(outcome.delivered && { delivered_at: time }),
        ...(outcome.retryAt && { next_attempt_at: outcome.retryAt }),
        updated_at: time,
      })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    return row && toDelivery(row);
  }

  async getDelivery(id: number): Promise<WebhookDelivery | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toDelivery(row);
  }

  /** A webhook's deliveries, newest first (before `beforeId` when paging). */
  async deliveries(
    webhookId: string,
    options: { status?: DeliveryStatus | undefined; beforeId?: number | undefined; limit: number },
  ): Promise<WebhookDelivery[]> {
    let select = this.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
    if (options.status) select = select.where('status', '=', options.status);
    if (options.beforeId !== undefined) select = select.where('id', '<', options.beforeId);
    return (await select.orderBy('id', 'desc').limit(options.limit).execute()).map(toDelivery);
  }

  /**
   * Makes a delivery due now with a fresh set of attempts (a dead one, or a pending one waiting for
   * its backoff). A delivered one is sent again too: the receiver asked for it. Undefined when absent.
   */
  async retry(webhookId: string, id: number): Promise<WebhookDelivery | undefined> {
    const time = now();
    const row = await this.db
      .updateTable('webhook_deliveries')
      .set({
        status: 'pending',
        attempts: 0,
        next_attempt_at: time,
        lease_owner: null,
        lease_until: null,
        updated_at: time,
      })
      .where('id', '=', id)
      .where('webhook_id', '=', webhookId)
      .returningAll()
      .executeTakeFirst();
    return row && toDelivery(row);
  }

  async counts(webhookId: string): Promise<Record<DeliveryStatus, number>> {
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('webhook_id', '=', webhookId)
      .groupBy('status')
      .execute();
    const out: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, dead: 0 };
    for (const row of rows) out[row.status] = Number(row.n);
    return out;
  }
}

function toWebhook(row: WebhookTable): Webhook {
  return {
    id: row.id,
    url: row.url,
    types: fromJson<string[]>(row.types, ['*']),
    worldId: row.world_id,
    sessionId: row.session_id,
    secret: row.secret,
    active: Number(row.active) === 1,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDelivery(
  row: Omit<WebhookDeliveryTable, 'id'> & { id: number | bigint | string },
): WebhookDelivery {
  return {
    id: Number(row.id),
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    body: row.body,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: row.last_error,
    lastResponse: row.last_response,
    lastAttemptAt: row.last_attempt_at,
    lastDurationMs: row.last_duration_ms === null ? null : Number(row.last_duration_ms),
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

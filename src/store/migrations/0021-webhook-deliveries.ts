/**
 * Webhook deliveries that can be inspected (issue 12). Additive only:
 * - `webhook_deliveries.last_attempt_at`, `delivered_at`, `last_duration_ms`: when each delivery was
 *   last tried, when it arrived, and how long the receiver took.
 * - `webhook_deliveries.last_response`: the start of the receiver's last answer (bounded), to see why
 *   it refused.
 * - an index on (webhook_id, id): a webhook's deliveries, newest first, without scanning every one.
 */
import type { Kysely, Migration } from 'kysely';

export function webhookDeliveries(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const column of ['last_attempt_at', 'delivered_at', 'last_response'])
        await db.schema.alterTable('webhook_deliveries').addColumn(column, 'text').execute();
      await db.schema.alterTable('webhook_deliveries').addColumn('last_duration_ms', 'integer').execute();
      await db.schema
        .createIndex('webhook_deliveries_webhook')
        .on('webhook_deliveries')
        .columns(['webhook_id', 'id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('webhook_deliveries_webhook').execute();
      for (const column of ['last_duration_ms', 'last_response', 'delivered_at', 'last_attempt_at'])
        await db.schema.alterTable('webhook_deliveries').dropColumn(column).execute();
    },
  };
}

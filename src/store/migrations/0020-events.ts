/**
 * The event model (issue 12). Additive only:
 * - `events.event_id`: the envelope's id (unique), so an event is stored once however often it is
 *   posted or fanned out; `events.id` stays the log's order (the cursor for resuming and paging).
 * - `events.direction` (`out`: Loremaster published it; `in`: the game posted it), `events.version`
 *   (the envelope's version) and `events.result` (what the inbound handler did, JSON).
 * - `webhooks` and `webhook_deliveries`: one delivery per webhook and event (unique), a small queue
 *   every instance claims from under a lease, retried with backoff, then dead-lettered.
 */
import type { Kysely, Migration } from 'kysely';
import type { Backend } from '../connect.js';
import { autoId, autoIdPrimaryKey } from './columns.js';

export function events(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('events').addColumn('event_id', 'text').execute();
      await db.schema
        .alterTable('events')
        .addColumn('direction', 'text', (c) => c.notNull().defaultTo('out'))
        .execute();
      await db.schema
        .alterTable('events')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable('events').addColumn('result', 'text').execute();
      await db.schema.createIndex('events_event_id').on('events').column('event_id').unique().execute();
      await db.schema.createIndex('events_session_id').on('events').columns(['session_id', 'id']).execute();

      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('types', 'text', (c) => c.notNull().defaultTo('["*"]'))
        .addColumn('world_id', 'text')
        .addColumn('session_id', 'text')
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        /** The envelope as sent (JSON), so a delivery outlives the log's retention. */
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('webhook_deliveries_unique', ['webhook_id', 'event_id'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_due')
        .on('webhook_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('webhook_deliveries').execute();
      await db.schema.dropTable('webhooks').execute();
      await db.schema.dropIndex('events_session_id').execute();
      await db.schema.dropIndex('events_event_id').execute();
      for (const column of ['result', 'version', 'direction', 'event_id'])
        await db.schema.alterTable('events').dropColumn(column).execute();
    },
  };
}

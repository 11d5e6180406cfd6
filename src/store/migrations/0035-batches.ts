/**
 * Batches of generations (POST /llm/batch). Additive only:
 * - `llm_batches`: one batch, its state and when it finished. Its work is a RUN_BATCH task of the
 *   maintenance queue, so a batch survives a restart (the queue hands the task to the next worker).
 * - `llm_batch_items`: each item's request and, once answered, its result or error and call id. An
 *   item already answered is never asked again when the task is run a second time.
 */
import type { Kysely, Migration } from 'kysely';

export function batches(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('llm_batches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('api_key_id', 'text')
        .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema
        .createTable('llm_batch_items')
        .addColumn('batch_id', 'text', (c) => c.notNull().references('llm_batches.id').onDelete('cascade'))
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('error', 'text')
        .addColumn('call_id', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('llm_batch_items_pk', ['batch_id', 'idx'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('llm_batch_items').execute();
      await db.schema.dropTable('llm_batches').execute();
    },
  };
}

/**
 * Stored responses for OpenAI's Responses API (`store: true`, its default): each answer with the
 * conversation that led to it, so a later request continues it by `previous_response_id` and
 * `GET /v1/responses/{id}` reads it back. Additive only. Each row expires (`expires_at`).
 */
import type { Kysely, Migration } from 'kysely';

export function storedResponses(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('stored_responses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // The API key that made it ('' without keys): only that key reads, continues or deletes it.
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        // JSON: the conversation up to and including this answer, in Loremaster's chat messages.
        .addColumn('history', 'text', (c) => c.notNull())
        // JSON: this request's input items, as `GET /v1/responses/{id}/input_items` lists them.
        .addColumn('input_items', 'text', (c) => c.notNull())
        // JSON: the response object as it was answered.
        .addColumn('response', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('stored_responses_expiry')
        .on('stored_responses')
        .column('expires_at')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('stored_responses').execute();
    },
  };
}

/**
 * Idempotency keys of turns (`Idempotency-Key` on POST /sessions/{id}/turns): one row per key a client
 * sent, unique per scope (the API key, or `anonymous`). It holds the session and a hash of the request,
 * whether the first request is still running (and until when its claim holds), then the turn it played
 * and the answer it gave, so a retry is answered from here. Rows go once `expires_at` has passed.
 * Additive: a new table.
 */
import type { Kysely, Migration } from 'kysely';
import type { Backend } from '../connect.js';
import { autoId, autoIdPrimaryKey } from './columns.js';

export function idempotencyKeys(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('claim', 'text', (c) => c.notNull())
        .addColumn('turn_id', 'integer')
        .addColumn('response', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('locked_until', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('idempotency_keys_scope_key')
        .on('idempotency_keys')
        .columns(['scope', 'key'])
        .unique()
        .execute();
      await db.schema
        .createIndex('idempotency_keys_expires')
        .on('idempotency_keys')
        .column('expires_at')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('idempotency_keys').execute();
    },
  };
}

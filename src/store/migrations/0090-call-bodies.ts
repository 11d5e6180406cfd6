/**
 * The call log keeps every gateway call's request and answer (not only conversation calls'): the
 * answer's tool calls (JSON text) and finish reason beside its text, and a note saying why a body is
 * missing or cut (bodies off, cut to `call_log.bodies.max_chars`). Additive: nullable columns.
 */
import type { Kysely, Migration } from 'kysely';

export function callBodies(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('llm_calls').addColumn('tool_calls', 'text').execute();
      await db.schema.alterTable('llm_calls').addColumn('finish_reason', 'text').execute();
      await db.schema.alterTable('llm_calls').addColumn('body_note', 'text').execute();
    },
  };
}

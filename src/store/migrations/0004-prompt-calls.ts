/**
 * The call log records which prompt version each call used (and which provider variant and A/B arm),
 * so feedback on a call feeds per-version, per-arm prompt stats. Additive: nullable columns (calls
 * that used no stored prompt leave them null) and an index for the stats query.
 */
import type { Kysely, Migration } from 'kysely';

export function promptCalls(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('llm_calls').addColumn('prompt_id', 'text').execute();
      await db.schema.alterTable('llm_calls').addColumn('prompt_version', 'integer').execute();
      await db.schema.alterTable('llm_calls').addColumn('prompt_variant', 'text').execute();
      await db.schema.alterTable('llm_calls').addColumn('prompt_arm', 'text').execute();
      await db.schema
        .createIndex('llm_calls_prompt')
        .on('llm_calls')
        .columns(['prompt_id', 'prompt_version'])
        .execute();
    },
  };
}

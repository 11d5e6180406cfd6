/**
 * The first schema: every table of the store and the indexes its queries use. Portable column types
 * only; the two differences between backends (auto ids, blobs) come from `columns.ts`.
 * Canon vs session scope and witnesses are here from the start (see "Whose facts" in the map).
 */
import type { Kysely, Migration } from 'kysely';
import type { Backend } from '../connect.js';
import { autoId, autoIdPrimaryKey, blob, double } from './columns.js';

export function initial(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('llm_calls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('call_type', 'text', (c) => c.notNull())
        .addColumn('api_key_id', 'text')
        .addColumn('conversation_id', 'text')
        .addColumn('session_id', 'text')
        .addColumn('request', 'text')
        .addColumn('response', 'text')
        .addColumn('input_tokens', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('output_tokens', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('cost', double(backend), (c) => c.notNull().defaultTo(0))
        .addColumn('latency_ms', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('first_token_ms', 'integer')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .execute();
      await db.schema.createIndex('llm_calls_created_at').on('llm_calls').column('created_at').execute();
      await db.schema
        .createIndex('llm_calls_provider_created_at')
        .on('llm_calls')
        .columns(['provider', 'created_at'])
        .execute();
      await db.schema
        .createIndex('llm_calls_conversation')
        .on('llm_calls')
        .column('conversation_id')
        .execute();

      await db.schema
        .createTable('worlds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('archived_at', 'text')
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('world_id', 'text', (c) => c.references('worlds.id').onDelete('cascade'))
        .addColumn('player', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('turn_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sessions_world_updated')
        .on('sessions')
        .columns(['world_id', 'updated_at'])
        .execute();

      await db.schema
        .createTable('turns')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('output', 'text')
        .addColumn('analysis', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('turns_session_number', ['session_id', 'number'])
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text')
        .addColumn('system_prompt', 'text')
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('context_summary', 'text')
        .addColumn('context_from_message_id', 'integer')
        .addColumn('world_id', 'text', (c) => c.references('worlds.id').onDelete('set null'))
        .addColumn('session_id', 'text', (c) => c.references('sessions.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('archived_at', 'text')
        .execute();
      // The listing: newest first, archived ones hidden.
      await db.schema
        .createIndex('conversations_archived_created')
        .on('conversations')
        .columns(['archived_at', 'created_at', 'id'])
        .execute();
      await db.schema.createIndex('conversations_updated').on('conversations').column('updated_at').execute();

      await db.schema
        .createTable('conversation_metadata')
        .addColumn('conversation_id', 'text', (c) =>
          c.notNull().references('conversations.id').onDelete('cascade'),
        )
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('conversation_metadata_pk', ['conversation_id', 'key'])
        .execute();
      await db.schema
        .createIndex('conversation_metadata_key_value')
        .on('conversation_metadata')
        .columns(['key', 'value', 'conversation_id'])
        .execute();

      await db.schema
        .createTable('messages')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('conversation_id', 'text', (c) =>
          c.notNull().references('conversations.id').onDelete('cascade'),
        )
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('tokens', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('provider', 'text')
        .addColumn('model', 'text')
        .addColumn('finish_reason', 'text')
        .addColumn('input_tokens', 'integer')
        .addColumn('output_tokens', 'integer')
        .addColumn('metadata', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // Reading a conversation: its messages in order, a page at a time.
      await db.schema
        .createIndex('messages_conversation_id')
        .on('messages')
        .columns(['conversation_id', 'id'])
        .execute();

      await db.schema
        .createTable('prompts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text')
        .addColumn('active_version', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('prompt_versions')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('prompt_id', 'text', (c) => c.notNull().references('prompts.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('variant', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('template', 'text', (c) => c.notNull())
        .addColumn('variables', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('prompt_versions_unique', ['prompt_id', 'version', 'variant'])
        .execute();

      await db.schema
        .createTable('context_data')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('scope_type', 'text', (c) => c.notNull())
        .addColumn('scope_id', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('context_data_unique', ['scope_type', 'scope_id', 'key'])
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('world_id', 'text')
        .addColumn('session_id', 'text')
        .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_type_id').on('events').columns(['type', 'id']).execute();
      await db.schema.createIndex('events_world_id').on('events').columns(['world_id', 'id']).execute();
      await db.schema.createIndex('events_created_at').on('events').column('created_at').execute();

      await db.schema
        .createTable('integrations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('health', 'text', (c) => c.notNull().defaultTo('unknown'))
        .addColumn('last_checked_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('entities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('world_id', 'text', (c) => c.notNull().references('worlds.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      await db.schema
        .createIndex('entities_world_kind_name')
        .on('entities')
        .columns(['world_id', 'kind', 'name'])
        .execute();

      await db.schema
        .createTable('entity_versions')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id').onDelete('cascade'))
        .addColumn('world_id', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text', (c) => c.references('sessions.id').onDelete('cascade'))
        .addColumn('scope_key', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('summary', 'text')
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('turn_id', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('entity_versions_unique', ['entity_id', 'scope_key', 'version'])
        .execute();
      await db.schema
        .createIndex('entity_versions_world_session')
        .on('entity_versions')
        .columns(['world_id', 'session_id'])
        .execute();

      await db.schema
        .createTable('witnesses')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('world_id', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('witness_entity_id', 'text', (c) =>
          c.notNull().references('entities.id').onDelete('cascade'),
        )
        .addColumn('session_id', 'text')
        .addColumn('how', 'text', (c) => c.notNull().defaultTo('present'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('witnesses_unique', ['subject_type', 'subject_id', 'witness_entity_id'])
        .execute();
      await db.schema
        .createIndex('witnesses_witness')
        .on('witnesses')
        .columns(['witness_entity_id', 'subject_type'])
        .execute();

      await db.schema
        .createTable('maintenance_tasks')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('task_type', 'text', (c) => c.notNull())
        .addColumn('task_data', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
        .addColumn('available_at', 'text', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('error_message', 'text')
        .addColumn('world_id', 'text')
        .addColumn('session_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('processed_at', 'text')
        .execute();
      // Claiming: the next available task by priority, then age.
      await db.schema
        .createIndex('maintenance_tasks_claim')
        .on('maintenance_tasks')
        .columns(['status', 'priority', 'available_at', 'id'])
        .execute();
      await db.schema
        .createIndex('maintenance_tasks_lease')
        .on('maintenance_tasks')
        .columns(['status', 'lease_expires_at'])
        .execute();

      await db.schema
        .createTable('embeddings')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('owner_type', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('dimensions', 'integer', (c) => c.notNull())
        .addColumn('vector', blob(backend), (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('embeddings_unique', ['owner_type', 'owner_id', 'model'])
        .execute();
      await db.schema.createIndex('embeddings_model').on('embeddings').columns(['model', 'id']).execute();

      await db.schema
        .createTable('usage_rollups')
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('bucket_start', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('call_type', 'text', (c) => c.notNull())
        .addColumn('api_key_id', 'text', (c) => c.notNull())
        .addColumn('calls', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('input_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('output_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('cost', double(backend), (c) => c.notNull().defaultTo(0))
        .addColumn('latency_ms_total', 'bigint', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('usage_rollups_pk', [
          'period',
          'bucket_start',
          'provider',
          'model',
          'role',
          'call_type',
          'api_key_id',
        ])
        .execute();

      await db.schema
        .createTable('feedback')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('rating', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('metadata', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('feedback_target')
        .on('feedback')
        .columns(['target_type', 'target_id'])
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
    },
  };
}

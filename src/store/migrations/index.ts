/**
 * Versioned migrations, in code (they ship inside the package, no migration folder to find at run
 * time). Rules: a migration is never edited once released; new ones only add (tables, columns with
 * defaults, indexes) or copy, never drop data. Names sort in the order they run.
 */
import { type Migration, type MigrationResult, Migrator } from 'kysely';
import type { Connection } from '../connect.js';
import { initial } from './0001-initial.js';
import { search } from './0002-search.js';
import { usageCacheHits } from './0003-usage-cache-hits.js';
import { promptCalls } from './0004-prompt-calls.js';
import { memory } from './0005-memory.js';
import { narrative } from './0006-narrative.js';
import { memoryFtsRowid } from './0007-memory-fts-rowid.js';
import { budgetSpend } from './0010-budget-spend.js';
import { events } from './0020-events.js';
import { webhookDeliveries } from './0021-webhook-deliveries.js';
import { apiKeyLimits } from './0030-api-key-limits.js';
import { batches } from './0035-batches.js';
import { playThroughs } from './0040-play-throughs.js';
import { content } from './0060-content.js';
import { queueLedger } from './0070-queue-ledger.js';
import { vectorChanges } from './0071-vector-changes.js';
import { memoryNamesIndex } from './0072-memory-names-index.js';
import { images } from './0080-images.js';
import { callBodies } from './0090-call-bodies.js';
import { taskOutcomes } from './0091-task-outcomes.js';
import { storedResponses } from './0095-stored-responses.js';
import { idempotencyKeys } from './0100-idempotency-keys.js';

export function migrationsFor(backend: Connection['backend']): Record<string, Migration> {
  return {
    '0001_initial': initial(backend),
    '0002_search': search(backend),
    '0003_usage_cache_hits': usageCacheHits(),
    '0004_prompt_calls': promptCalls(),
    '0005_memory': memory(backend),
    '0006_narrative': narrative(backend),
    '0007_memory_fts_rowid': memoryFtsRowid(backend),
    '0010_budget_spend': budgetSpend(backend),
    '0020_events': events(backend),
    '0021_webhook_deliveries': webhookDeliveries(),
    '0030_api_key_limits': apiKeyLimits(),
    '0035_batches': batches(),
    '0040_play_throughs': playThroughs(backend),
    '0060_content': content(),
    '0070_queue_ledger': queueLedger(backend),
    '0071_vector_changes': vectorChanges(backend),
    '0072_memory_names_index': memoryNamesIndex(),
    '0080_images': images(),
    '0090_call_bodies': callBodies(),
    '0091_task_outcomes': taskOutcomes(backend),
    '0095_stored_responses': storedResponses(),
    '0100_idempotency_keys': idempotencyKeys(backend),
  };
}

export function migratorFor(connection: Connection): Migrator {
  return new Migrator({
    db: connection.db,
    provider: { getMigrations: async () => migrationsFor(connection.backend) },
    migrationTableName: 'loremaster_migrations',
    migrationLockTableName: 'loremaster_migrations_lock',
    // Each part of Loremaster numbers its migrations in a block of its own (0020s events, 0030s keys,
    // 0040s play-throughs…), so a release can bring a migration that sorts before one a database
    // already has. Every migration only adds, independently of the others: applying the new one
    // after is right, where Kysely's default would refuse to migrate such a database at all.
    allowUnorderedMigrations: true,
  });
}

export interface MigrationReport {
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** Every migration the database now has. */
  current: string[];
}

/**
 * Brings the database to the latest schema. Safe to run from several processes at once: PostgreSQL
 * takes an advisory lock; on SQLite the loser of a race gets SQLITE_BUSY and simply tries again
 * (and then finds nothing left to do).
 */
export async function migrateToLatest(connection: Connection, target?: string): Promise<MigrationReport> {
  const migrator = migratorFor(connection);
  for (let attempt = 1; ; attempt += 1) {
    const { error, results = [] } = target
      ? await migrator.migrateTo(target)
      : await migrator.migrateToLatest();
    if (error) {
      // Bounded: about five seconds of waiting for another process's migration to finish.
      if (attempt < 25 && isBusy(error)) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 250)));
        continue;
      }
      const failed = results.find((result: MigrationResult) => result.status === 'Error');
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        failed ? `Migration ${failed.migrationName} failed: ${message}` : `Migration failed: ${message}`,
        { cause: error },
      );
    }
    const current = (await migrator.getMigrations())
      .filter((migration) => migration.executedAt !== undefined)
      .map((migration) => migration.name);
    return {
      applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName),
      current,
    };
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

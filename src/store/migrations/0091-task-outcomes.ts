/**
 * What a turn queued, and how each task ended (issue 16): both queues file a task under the turn
 * that caused it (`turn_id`, indexed: the playground and `GET /sessions/{id}/turns/{number}/tasks`
 * list a turn's tasks), and keep a finished task's outcome (`done`, `already-done`, `skipped`) with
 * its handler's detail (a skip's reason) beside its state. The pg-boss ledger also learns the session,
 * which the table queue's rows already hold. Additive: nullable columns; the indexes are partial, so
 * tasks no turn caused (content, batches, imports' embeddings) cost nothing more to queue.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Backend } from '../connect.js';

export function taskOutcomes(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('maintenance_tasks').addColumn('turn_id', 'integer').execute();
      await db.schema.alterTable('maintenance_tasks').addColumn('outcome', 'text').execute();
      await db.schema.alterTable('maintenance_tasks').addColumn('outcome_detail', 'text').execute();
      await sql`create index maintenance_tasks_turn on maintenance_tasks (turn_id, id)
        where turn_id is not null`.execute(db);
      if (backend !== 'postgres') return;
      await db.schema.alterTable('queue_task_ledger').addColumn('session_id', 'text').execute();
      await db.schema.alterTable('queue_task_ledger').addColumn('turn_id', 'integer').execute();
      await db.schema.alterTable('queue_task_ledger').addColumn('outcome', 'text').execute();
      await db.schema.alterTable('queue_task_ledger').addColumn('outcome_detail', 'text').execute();
      await sql`create index queue_task_ledger_turn on queue_task_ledger (turn_id, created_at)
        where turn_id is not null`.execute(db);
    },
  };
}

/**
 * The pg-boss queue's ledger (issue 15): Loremaster's own record of each task it queued on pg-boss,
 * so the adapter needs only pg-boss's public API. pg-boss holds the jobs and hands them out (order,
 * `SKIP LOCKED`, delays); the ledger holds what pg-boss has no API for: who holds a task and until
 * when (the lease), the attempts, the last error and the model's raw output, and the dates that the
 * queue's status and the dead-letter listing read. PostgreSQL only: the SQLite store uses the table
 * queue (`maintenance_tasks`), which keeps all of this in its own rows.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Backend } from '../connect.js';

export function queueLedger(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (backend !== 'postgres') return;
      await db.schema
        .createTable('queue_task_ledger')
        .addColumn('id', 'uuid', (column) => column.primaryKey())
        .addColumn('task_type', 'text', (column) => column.notNull())
        // pending | processing | completed | failed
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('priority', 'integer', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (column) => column.notNull())
        .addColumn('owner', 'text')
        .addColumn('lease_until', 'timestamptz')
        .addColumn('run_after', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .addColumn('error', 'text')
        .addColumn('raw_output', 'text')
        .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .addColumn('finished_at', 'timestamptz')
        .execute();
      // The claim's choice: the best waiting tasks, highest priority first, then oldest.
      await sql`create index queue_task_ledger_waiting on queue_task_ledger
        (priority desc, created_at, id) where state = 'pending'`.execute(db);
      // Leases that ran out.
      await sql`create index queue_task_ledger_leases on queue_task_ledger (lease_until)
        where state = 'processing'`.execute(db);
      // Status and dead letters: finished tasks by state and date.
      await db.schema
        .createIndex('queue_task_ledger_finished')
        .on('queue_task_ledger')
        .columns(['state', 'finished_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      if (backend !== 'postgres') return;
      await db.schema.dropTable('queue_task_ledger').execute();
    },
  };
}

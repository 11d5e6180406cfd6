/**
 * The pg-boss queue's ledger (`queue_task_ledger`, migration 0070): Loremaster's own record of each
 * task it queued on pg-boss. pg-boss holds the job and hands it out; the ledger holds who holds it
 * and until when, its attempts, its last error and raw output, and the dates the queue's status
 * reads. Every write here runs in the same transaction as the pg-boss call it goes with, so the two
 * never disagree after a crash.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

export type LedgerState = 'pending' | 'processing' | 'completed' | 'failed';

export interface LedgerRow {
  id: string;
  taskType: string;
  state: LedgerState;
  priority: number;
  attempts: number;
  maxAttempts: number;
  owner: string | null;
  error: string | null;
  rawOutput: string | null;
  sessionId: string | null;
  turnId: number | null;
  /** How it ended once completed (done | already-done | skipped), and its handler's detail. */
  outcome: string | null;
  outcomeDetail: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface NewLedgerRow {
  id: string;
  taskType: string;
  priority: number;
  maxAttempts: number;
  /** The session and turn the task belongs to (a turn's tasks are listed by it). */
  sessionId?: string | null;
  turnId?: number | null;
}

const TABLE = sql.table('queue_task_ledger');
const COLUMNS = sql.raw(`id::text as id, task_type as "taskType", state, priority, attempts,
  max_attempts as "maxAttempts", owner, error, raw_output as "rawOutput", session_id as "sessionId",
  turn_id as "turnId", outcome, outcome_detail as "outcomeDetail", created_at as "createdAt",
  finished_at as "finishedAt"`);

function ms(value: number): number {
  return Math.max(0, Math.round(value));
}

export class TaskLedger {
  /** Records tasks just sent to pg-boss, waiting. */
  async addPending(db: Kysely<Database>, rows: readonly NewLedgerRow[]): Promise<void> {
    if (rows.length === 0) return;
    // clock_timestamp(), not now(): tasks queued together keep their order (a turn's tasks list in it).
    await sql`insert into ${TABLE} (id, task_type, state, priority, max_attempts, session_id, turn_id, created_at)
      select queued.*, clock_timestamp() from unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.taskType)}::text[],
        ${rows.map(() => 'pending')}::text[], ${rows.map((row) => row.priority)}::int[],
        ${rows.map((row) => row.maxAttempts)}::int[], ${rows.map((row) => row.sessionId ?? null)}::text[],
        ${rows.map((row) => row.turnId ?? null)}::int[]) as queued`.execute(db);
  }

  /**
   * How many of the best `limit` waiting tasks across `types` (highest priority, then oldest) each
   * type holds: a claim over several types fetches that many from each of pg-boss's queues.
   */
  async waitingShare(
    db: Kysely<Database>,
    types: readonly string[],
    limit: number,
  ): Promise<Array<{ taskType: string; count: number }>> {
    const { rows } = await sql<{ taskType: string; count: number }>`
      select task_type as "taskType", count(*)::int as count from (
        select task_type from ${TABLE}
        where state = 'pending' and run_after <= now() and task_type = any(${[...types]}::text[])
        order by priority desc, created_at, id
        limit ${Math.max(0, Math.floor(limit))}::int
      ) best group by task_type`.execute(db);
    return rows;
  }

  /**
   * Marks a task just fetched from pg-boss as held by `owner` for `leaseMs`: one more attempt. A job
   * the ledger does not know yet (queued before the ledger existed, or by another program) gets its
   * row now, from what pg-boss says about it.
   */
  async markClaimed(
    db: Kysely<Database>,
    claim: NewLedgerRow & { owner: string; leaseMs: number; createdAt: Date },
  ): Promise<LedgerRow> {
    const { rows } = await sql<LedgerRow>`
      insert into ${TABLE} (id, task_type, state, priority, max_attempts, attempts, owner, lease_until, created_at,
        session_id, turn_id)
      values (${claim.id}::uuid, ${claim.taskType}, 'processing', ${claim.priority}::int, ${claim.maxAttempts}::int,
        1, ${claim.owner}, now() + ${ms(claim.leaseMs)}::int * interval '1 millisecond', ${claim.createdAt},
        ${claim.sessionId ?? null}, ${claim.turnId ?? null}::int)
      on conflict (id) do update set state = 'processing', owner = excluded.owner,
        lease_until = excluded.lease_until, attempts = ${TABLE}.attempts + 1, finished_at = null
      returning ${COLUMNS}`.execute(db);
    return rows[0]!;
  }

  /** Renews the lease of a task `owner` holds (its handler runs on); false when it does not. */
  async extend(db: Kysely<Database>, id: string, owner: string, leaseMs: number): Promise<boolean> {
    const { rows } = await sql<{ id: string }>`update ${TABLE}
      set lease_until = now() + ${ms(leaseMs)}::int * interval '1 millisecond'
      where id = ${id}::uuid and owner = ${owner} and state = 'processing' returning id`.execute(db);
    return rows.length > 0;
  }

  /** Locks the task if `owner` holds it; run in the transaction that ends the attempt. */
  async lockHeld(db: Kysely<Database>, id: string, owner: string): Promise<LedgerRow | undefined> {
    const { rows } = await sql<LedgerRow>`select ${COLUMNS} from ${TABLE}
      where id = ${id}::uuid and owner = ${owner} and state = 'processing' for update`.execute(db);
    return rows[0];
  }

  /**
   * Locks up to `limit` held tasks whose lease ran out (skipping those another claimer is already
   * handing back), to give them back or dead-letter them in the same transaction.
   */
  async lockExpired(db: Kysely<Database>, limit: number): Promise<LedgerRow[]> {
    const { rows } = await sql<LedgerRow>`select ${COLUMNS} from ${TABLE}
      where state = 'processing' and lease_until < now()
      order by lease_until limit ${Math.max(1, Math.floor(limit))}::int
      for update skip locked`.execute(db);
    return rows;
  }

  /** Done, with how it ended (done | already-done | skipped) and its handler's detail. */
  async markCompleted(
    db: Kysely<Database>,
    id: string,
    outcome: { status: string; detail: string | null } = { status: 'done', detail: null },
  ): Promise<void> {
    await sql`update ${TABLE} set state = 'completed', owner = null, lease_until = null, error = null,
      raw_output = null, outcome = ${outcome.status}, outcome_detail = ${outcome.detail}, finished_at = now()
      where id = ${id}::uuid`.execute(db);
  }

  /** Waiting again after `delayMs` (its attempts kept), with the failure that sent it back. */
  async markWaiting(db: Kysely<Database>, id: string, failure: { error: string; delayMs: number }) {
    await sql`update ${TABLE} set state = 'pending', owner = null, lease_until = null,
      run_after = now() + ${ms(failure.delayMs)}::int * interval '1 millisecond', error = ${failure.error}
      where id = ${id}::uuid`.execute(db);
  }

  async markFailed(db: Kysely<Database>, id: string, failure: { error: string; rawOutput: string | null }) {
    await sql`update ${TABLE} set state = 'failed', owner = null, lease_until = null, error = ${failure.error},
      raw_output = ${failure.rawOutput}, finished_at = now() where id = ${id}::uuid`.execute(db);
  }

  /** A dead task waiting again with fresh attempts; its type, or undefined when it is not dead. */
  async revive(db: Kysely<Database>, id: string): Promise<string | undefined> {
    const { rows } = await sql<{ taskType: string }>`update ${TABLE} set state = 'pending', attempts = 0,
      run_after = now(), error = null, raw_output = null, outcome = null, outcome_detail = null, finished_at = null
      where id = ${id}::uuid and state = 'failed' returning task_type as "taskType"`.execute(db);
    return rows[0]?.taskType;
  }

  async find(db: Kysely<Database>, id: string): Promise<LedgerRow | undefined> {
    const { rows } = await sql<LedgerRow>`select ${COLUMNS} from ${TABLE} where id = ${id}::uuid`.execute(db);
    return rows[0];
  }

  /** The tasks a turn caused, oldest first (the partial turn index serves it). */
  async listByTurn(db: Kysely<Database>, turnId: number, limit: number): Promise<LedgerRow[]> {
    const { rows } = await sql<LedgerRow>`select ${COLUMNS} from ${TABLE} where turn_id = ${turnId}::int
      order by created_at, id limit ${Math.max(0, Math.floor(limit))}::int`.execute(db);
    return rows;
  }

  async countByState(
    db: Kysely<Database>,
  ): Promise<Array<{ taskType: string; state: LedgerState; count: number }>> {
    const { rows } = await sql<{ taskType: string; state: LedgerState; count: number }>`
      select task_type as "taskType", state, count(*)::int as count from ${TABLE}
      group by task_type, state`.execute(db);
    return rows;
  }

  /** Waiting tasks by type (those backing off included): what pg-boss should hold as waiting. */
  async waitingByType(db: Kysely<Database>): Promise<Map<string, number>> {
    const { rows } = await sql<{ taskType: string; count: number }>`
      select task_type as "taskType", count(*)::int as count from ${TABLE}
      where state = 'pending' group by task_type`.execute(db);
    return new Map(rows.map((row) => [row.taskType, row.count]));
  }

  /** Waiting tasks of one type, counted up to `limit` (the waiting index serves it). */
  async countWaiting(db: Kysely<Database>, taskType: string, limit: number): Promise<number> {
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from (select 1 from ${TABLE}
      where state = 'pending' and task_type = ${taskType} limit ${limit}) as waiting`.execute(db);
    return rows[0]?.count ?? 0;
  }

  /** Age of the oldest waiting task, by the database's clock. */
  async oldestWaitingAgeMs(db: Kysely<Database>): Promise<number | null> {
    const { rows } = await sql<{ age: number | string | null }>`
      select (extract(epoch from now() - min(created_at)) * 1000)::float8 as age from ${TABLE}
      where state = 'pending'`.execute(db);
    const age = rows[0]?.age;
    return age === null || age === undefined ? null : Math.max(0, Math.round(Number(age)));
  }

  async completedWithin(db: Kysely<Database>, seconds: number): Promise<number> {
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from ${TABLE}
      where state = 'completed' and finished_at > now() - ${seconds}::int * interval '1 second'`.execute(db);
    return Number(rows[0]?.count ?? 0);
  }

  /** Dead letters, most recently failed first. */
  async listFailed(
    db: Kysely<Database>,
    options: { limit: number; taskType?: string },
  ): Promise<LedgerRow[]> {
    const { rows } = await sql<LedgerRow>`select ${COLUMNS} from ${TABLE}
      where state = 'failed' ${options.taskType ? sql`and task_type = ${options.taskType}` : sql``}
      order by finished_at desc, id desc limit ${Math.max(0, Math.floor(options.limit))}::int`.execute(db);
    return rows;
  }

  /**
   * Forgets completed tasks finished more than `days` ago (pg-boss drops their jobs on its own
   * schedule); dead letters stay until retried.
   */
  async pruneCompleted(db: Kysely<Database>, days: number): Promise<number> {
    const result = await sql`delete from ${TABLE} where state = 'completed'
      and finished_at < now() - ${Math.max(1, Math.floor(days))}::int * interval '1 day'`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  }
}

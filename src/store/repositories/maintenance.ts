/**
 * The maintenance queue as a table: at-least-once delivery with leases.
 *
 * A worker claims tasks (pending, or processing with an expired lease: its worker died), which sets a
 * lease; it then completes or fails them. A failed task is retried later with backoff until
 * `max_attempts`, then stays `failed` (dead-lettered) with its error and the model's raw output until
 * someone retries it. Handlers must be idempotent: a task whose worker crashed after doing the work
 * runs again.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, MaintenanceTaskTable, TaskStatus } from '../schema.js';
import { chunks, fromJson, now, toJson } from '../util.js';

export interface MaintenanceTask {
  id: number;
  taskType: string;
  taskData: unknown;
  priority: number;
  status: TaskStatus;
  attempts: number;
  maxAttempts: number;
  availableAt: string;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  errorMessage: string | null;
  /** The model's raw text of the last failure, when it failed on invalid model output. */
  rawOutput: string | null;
  worldId: string | null;
  sessionId: string | null;
  /** The turn that caused it. */
  turnId: number | null;
  /** How it ended once completed (done | already-done | skipped), and its handler's detail. */
  outcome: string | null;
  outcomeDetail: string | null;
  createdAt: string;
  processedAt: string | null;
}

export interface EnqueueInput {
  taskType: string;
  taskData: unknown;
  /** Higher runs first. */
  priority?: number;
  maxAttempts?: number;
  /** Not before this time. */
  availableAt?: string;
  worldId?: string | null;
  sessionId?: string | null;
  turnId?: number | null;
}

export interface FailInput {
  /** Wait before the task may run again (when it has attempts left). */
  retryDelayMs?: number;
  /** Kept with the task (the model's raw text when its output was invalid). */
  rawOutput?: string | null;
  /** Dead-letter now, whatever attempts are left. */
  permanent?: boolean;
}

export interface StatusCount {
  taskType: string;
  status: TaskStatus;
  count: number;
}

/** Stored error texts are bounded: a runaway message must not bloat the table. */
const ERROR_MAX_CHARS = 4_000;
const EXPIRED_ON_LAST_ATTEMPT = 'lease expired on its last attempt (the worker died or hung)';
/** Rows per INSERT: 17 columns each stays far below SQLite's and PostgreSQL's parameter limits. */
const INSERT_CHUNK = 100;

export class MaintenanceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async enqueue(input: EnqueueInput): Promise<MaintenanceTask> {
    const [task] = await this.enqueueMany([input]);
    return task!;
  }

  /** Inserts tasks in order; returns them in the same order. */
  async enqueueMany(inputs: readonly EnqueueInput[]): Promise<MaintenanceTask[]> {
    const time = now();
    const out: MaintenanceTask[] = [];
    for (const batch of chunks(inputs, INSERT_CHUNK)) {
      const rows = await this.db
        .insertInto('maintenance_tasks')
        .values(
          batch.map((input) => ({
            task_type: input.taskType,
            task_data: toJson(input.taskData),
            priority: input.priority ?? 0,
            status: 'pending' as const,
            attempts: 0,
            max_attempts: input.maxAttempts ?? 5,
            available_at: input.availableAt ?? time,
            lease_owner: null,
            lease_expires_at: null,
            error_message: null,
            raw_output: null,
            world_id: input.worldId ?? null,
            session_id: input.sessionId ?? null,
            turn_id: input.turnId ?? null,
            outcome: null,
            outcome_detail: null,
            created_at: time,
            processed_at: null,
          })),
        )
        .returningAll()
        .execute();
      // Ids grow in insertion order on both backends; RETURNING's own order is not promised.
      out.push(...rows.map(toTask).sort((a, b) => a.id - b.id));
    }
    return out;
  }

  /**
   * Claims up to `limit` tasks for `owner` for `leaseMs`. Portable (no SKIP LOCKED): candidates are
   * read, then each is taken by an UPDATE that re-checks it is still claimable, so two workers never
   * both win the same task. A task whose lease ran out on its last attempt is dead-lettered first:
   * a task that kills its worker must not loop forever.
   *
   * Most polls find nothing, so a read decides first whether there is anything to write. On SQLite
   * a write waits for the lock, and the server's call-log writer thread holds it while it writes a
   * batch: an UPDATE on every poll made the event loop wait behind those batches (stalls of up to
   * 5 ms seen in bench/gateway's profiles). A read never waits for a writer (WAL).
   */
  async claim(owner: string, options: { limit: number; leaseMs: number; taskTypes?: readonly string[] }) {
    const time = now();
    const expires = new Date(Date.now() + options.leaseMs).toISOString();
    const types = options.taskTypes?.length ? options.taskTypes : undefined;
    const anything = await this.db
      .selectFrom('maintenance_tasks')
      .select('id')
      .where((eb) =>
        eb.or([
          // Due (of a type this worker runs), or holding an expired lease (any type: dead-lettered below).
          eb.and([
            eb('status', '=', 'pending'),
            eb('available_at', '<=', time),
            ...(types ? [eb('task_type', 'in', types)] : []),
          ]),
          eb.and([eb('status', '=', 'processing'), eb('lease_expires_at', '<', time)]),
        ]),
      )
      .limit(1)
      .executeTakeFirst();
    if (!anything) return [];
    await this.db
      .updateTable('maintenance_tasks')
      .set({
        status: 'failed',
        error_message: EXPIRED_ON_LAST_ATTEMPT,
        lease_owner: null,
        lease_expires_at: null,
        processed_at: time,
      })
      .where('status', '=', 'processing')
      .where('lease_expires_at', '<', time)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .execute();
    let candidates = this.db
      .selectFrom('maintenance_tasks')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('available_at', '<=', time)]),
          eb.and([eb('status', '=', 'processing'), eb('lease_expires_at', '<', time)]),
        ]),
      );
    if (types) candidates = candidates.where('task_type', 'in', types);
    const ids = await candidates
      .orderBy('priority', 'desc')
      .orderBy('id')
      .limit(options.limit * 2)
      .execute();
    const claimed: MaintenanceTask[] = [];
    for (const { id } of ids) {
      if (claimed.length >= options.limit) break;
      const row = await this.db
        .updateTable('maintenance_tasks')
        .set((eb) => ({
          status: 'processing',
          lease_owner: owner,
          lease_expires_at: expires,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('available_at', '<=', time)]),
            eb.and([eb('status', '=', 'processing'), eb('lease_expires_at', '<', time)]),
          ]),
        )
        .returningAll()
        .executeTakeFirst();
      if (row) claimed.push(toTask(row));
    }
    return claimed;
  }

  /** Renews the lease of a task `owner` still holds (its handler runs on); false when it does not. */
  async extend(id: number, owner: string, leaseMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('maintenance_tasks')
      .set({ lease_expires_at: new Date(Date.now() + leaseMs).toISOString() })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Marks a claimed task done, with how it ended; false when `owner` no longer holds its lease. */
  async complete(
    id: number,
    owner: string,
    outcome: { status: string; detail: string | null } = { status: 'done', detail: null },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('maintenance_tasks')
      .set({
        status: 'completed',
        processed_at: now(),
        lease_owner: null,
        lease_expires_at: null,
        error_message: null,
        raw_output: null,
        outcome: outcome.status,
        outcome_detail: outcome.detail,
      })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Records a failure of a task `owner` holds: `pending` again after the retry delay while it has
   * attempts left, else `failed` (dead-lettered). Undefined when `owner` no longer holds it.
   * One UPDATE decides and writes, so a lease taken over meanwhile is never overwritten.
   * The fourth argument may be the retry delay alone (the older signature).
   */
  async fail(
    id: number,
    owner: string,
    error: string,
    options: FailInput | number = {},
  ): Promise<TaskStatus | undefined> {
    const {
      retryDelayMs = 1_000,
      rawOutput = null,
      permanent = false,
    } = typeof options === 'number' ? { retryDelayMs: options } : options;
    const time = now();
    const row = await this.db
      .updateTable('maintenance_tasks')
      .set((eb) => {
        const final = permanent ? eb.lit(true) : eb('attempts', '>=', eb.ref('max_attempts'));
        return {
          status: eb.case().when(final).then('failed').else('pending').end().$castTo<TaskStatus>(),
          processed_at: eb.case().when(final).then(time).else(null).end(),
          error_message: error.slice(0, ERROR_MAX_CHARS),
          raw_output: rawOutput,
          lease_owner: null,
          lease_expires_at: null,
          available_at: new Date(Date.now() + retryDelayMs).toISOString(),
        };
      })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'processing')
      .returning('status')
      .executeTakeFirst();
    return row?.status;
  }

  async get(id: number): Promise<MaintenanceTask | undefined> {
    const row = await this.db
      .selectFrom('maintenance_tasks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toTask(row);
  }

  /** The tasks a turn caused, oldest first (the partial turn index serves it). */
  async listByTurn(turnId: number, limit: number): Promise<MaintenanceTask[]> {
    const rows = await this.db
      .selectFrom('maintenance_tasks')
      .selectAll()
      .where('turn_id', '=', turnId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toTask);
  }

  /** Dead-lettered tasks, most recently failed first. */
  async listDead(options: { limit: number; taskType?: string }): Promise<MaintenanceTask[]> {
    let query = this.db.selectFrom('maintenance_tasks').selectAll().where('status', '=', 'failed');
    if (options.taskType) query = query.where('task_type', '=', options.taskType);
    const rows = await query
      .orderBy('processed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(toTask);
  }

  /** Puts a dead-lettered task back to pending with fresh attempts; false when it is not dead. */
  async retryDead(id: number): Promise<boolean> {
    const result = await this.db
      .updateTable('maintenance_tasks')
      .set({
        status: 'pending',
        attempts: 0,
        available_at: now(),
        error_message: null,
        raw_output: null,
        processed_at: null,
        outcome: null,
        outcome_detail: null,
      })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async counts(): Promise<Record<TaskStatus, number>> {
    const out: Record<TaskStatus, number> = { pending: 0, processing: 0, completed: 0, failed: 0 };
    for (const row of await this.countsByType()) out[row.status] += row.count;
    return out;
  }

  /** Tasks by type and status (only the pairs that have any). */
  async countsByType(): Promise<StatusCount[]> {
    const rows = await this.db
      .selectFrom('maintenance_tasks')
      .select(['task_type', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['task_type', 'status'])
      .execute();
    return rows.map((row) => ({ taskType: row.task_type, status: row.status, count: Number(row.n) }));
  }

  /** Pending tasks of one type, counted up to `limit` (the claim index serves it). */
  async countPending(taskType: string, limit: number): Promise<number> {
    const rows = await this.db
      .selectFrom('maintenance_tasks')
      .select('id')
      .where('status', '=', 'pending')
      .where('task_type', '=', taskType)
      .limit(limit)
      .execute();
    return rows.length;
  }

  /** When the oldest task still waiting to run was created, or null when none waits. */
  async oldestPendingCreatedAt(): Promise<string | null> {
    const row = await this.db
      .selectFrom('maintenance_tasks')
      .select((eb) => eb.fn.min('created_at').as('oldest'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row?.oldest ?? null;
  }

  /** Tasks completed at or after `since`. */
  async completedSince(since: string): Promise<number> {
    const row = await this.db
      .selectFrom('maintenance_tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'completed')
      .where('processed_at', '>=', since)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Deletes completed tasks processed before `before`; returns how many. */
  async deleteCompletedBefore(before: string): Promise<number> {
    const result = await this.db
      .deleteFrom('maintenance_tasks')
      .where('status', '=', 'completed')
      .where('processed_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toTask(row: Selectable<MaintenanceTaskTable>): MaintenanceTask {
  return {
    id: Number(row.id),
    taskType: row.task_type,
    taskData: fromJson(row.task_data, null),
    priority: Number(row.priority),
    status: row.status,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    availableAt: row.available_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    errorMessage: row.error_message,
    rawOutput: row.raw_output,
    worldId: row.world_id,
    sessionId: row.session_id,
    turnId: row.turn_id === null ? null : Number(row.turn_id),
    outcome: row.outcome,
    outcomeDetail: row.outcome_detail,
    createdAt: row.created_at,
    processedAt: row.processed_at,
  };
}

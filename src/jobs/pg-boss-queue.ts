/**
 * The maintenance queue on pg-boss 10 (PostgreSQL): several workers on several machines. It uses
 * pg-boss's public API only (insert, fetch, complete, fail, deleteJob, getJobById, getQueueSize),
 * plus Loremaster's own ledger table (`queue_task_ledger`, see store/queue/task-ledger.ts) for what
 * pg-boss has no API for. Every pg-boss call that changes a job runs in one transaction with the
 * ledger write that goes with it (pg-boss takes a `db` per call), so the two never disagree.
 *
 * How the contract maps onto pg-boss:
 * - One pg-boss queue per task type; a task is a job whose id is its task id. The job's data is an
 *   envelope: the task's data, its world, session and turn, and its max attempts. The ledger row records
 *   its priority, attempts, owner, lease, last error, outcome, session, turn and dates.
 * - Claim: the ledger names the best `limit` waiting tasks across the requested types (highest
 *   priority, then oldest); `boss.fetch` takes that many from each type's queue (`FOR UPDATE SKIP
 *   LOCKED`, so two claimers never get one job), and the ledger marks them held by the owner until
 *   the claim's lease (milliseconds) runs out, in the same transaction.
 * - Leases: a claim first hands back tasks whose lease ran out (throttled): the job is sent again
 *   under its id, or failed in pg-boss on its last attempt (dead-lettered). pg-boss's own expiry is set
 *   to its maximum, a backstop only.
 * - Complete and fail: the ledger row is locked if the owner still holds it (else `false` / `lost`),
 *   then `boss.complete` / `boss.fail`.
 * - Retries: Loremaster's, not pg-boss's (every job has `retryLimit: 0`, so `boss.fail` is final). A
 *   retry deletes the job and sends it again under the same id with `startAfter` = the backoff in
 *   milliseconds (pg-boss's own retry delay counts whole seconds); the ledger keeps the attempts.
 *   A sent-again job counts as new in pg-boss's order within its type and priority.
 * - Dead letters: jobs failed in pg-boss (kept: failed jobs are never archived) with their ledger row
 *   (error, raw output, date); the listing reads the ledger, the data comes from `getJobById`.
 * - Retry of a dead task: sent again under its id, with fresh attempts in the ledger.
 * - Jobs the ledger does not know (queued before it existed, or by another program) are adopted by
 *   the housekeeping: pg-boss's queue size says how many wait beyond the ledger's count; they are
 *   fetched, recorded and sent again, so none is stranded.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import { type Connection, connectPostgres } from '../store/connect.js';
import type { Database } from '../store/index.js';
import { pgBossDb } from '../store/queue/pg-boss-db.js';
import { type LedgerRow, TaskLedger } from '../store/queue/task-ledger.js';
import {
  boundError,
  boundRawOutput,
  checkNewTasks,
  emptyCounts,
  emptyCountsByType,
  isTaskType,
  outcomeName,
  priorityName,
  taskOutcomeOf,
  turnIdOf,
} from './task-fields.js';
import {
  backoffMs,
  type ClaimOptions,
  type DeadTask,
  type FailOptions,
  type MaintenanceQueue,
  type NewTask,
  type QueueStatus,
  storedPriority,
  TASK_TYPES,
  type Task,
  type TaskOutcome,
  type TaskState,
  type TaskType,
  type TurnTask,
} from './types.js';

export interface PgBossQueueOptions {
  /** The PostgreSQL database (`DATABASE_URL`). */
  connectionString: string;
  /** pg-boss's schema (default `pgboss`). */
  schema?: string;
  /** Attempts of a task that does not say (default 5). */
  maxAttempts?: number;
  /** Lease of a claim that does not say (default 60 s). */
  leaseMs?: number;
  /** Backoff after a failure: exponential from this base (default 1 s)… */
  retryBaseMs?: number;
  /** …up to this cap (default 60 s). */
  retryCapMs?: number;
  /** Connections of the queue's pool (default 4). */
  poolMax?: number;
  /** A statement running longer is cancelled (default 30 s). */
  statementTimeoutMs?: number;
  /** How often pg-boss's maintenance (archiving of completed jobs) runs (default 60 s). */
  maintenanceIntervalSeconds?: number;
  /**
   * At most this often a claim runs the housekeeping first: leases that ran out, adoption of jobs the
   * ledger does not know (default 5 s; half the claim's lease when that is shorter).
   */
  expiryCheckMs?: number;
  /** Told about pg-boss's background errors (maintenance); they never throw into a caller. */
  onError?: (error: unknown) => void;
}

/** The job data pg-boss stores: the task's data and what the contract keeps beside it. */
const envelopeSchema = z.object({
  payload: z.unknown(),
  worldId: z.string().nullable().default(null),
  sessionId: z.string().nullable().default(null),
  turnId: z.number().int().positive().nullable().default(null),
  maxAttempts: z.number().int().min(1),
});
type Envelope = z.infer<typeof envelopeSchema>;

/** The job as pg-boss's `fetch` (with metadata) and `getJobById` give it. */
type BossJob = Pick<PgBoss.JobWithMetadata<unknown>, 'id' | 'name' | 'data' | 'priority' | 'createdOn'>;

const RECENT_FAILURES = 10;
/** pg-boss's maintenance must not archive dead letters: they wait for someone to inspect them. */
const KEEP_FAILED_SECONDS = 10 * 365 * 24 * 3600;
/** Pending jobs older than this are archived by pg-boss; far beyond any sane wait. */
const PENDING_RETENTION_MINUTES = 365 * 24 * 60;
/** pg-boss's expiry (whole seconds, under 24 h): a backstop only, the ledger's leases come first. */
const BACKSTOP_EXPIRY_SECONDS = 24 * 3600 - 1;
/** Completed tasks stay in the ledger this long (pg-boss deletes their archived jobs after 7 days). */
const COMPLETED_LEDGER_DAYS = 7;
/** Leases handed back per housekeeping run. */
const EXPIRED_BATCH = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Running {
  boss: PgBoss;
  connection: Connection;
}

export class PgBossQueue implements MaintenanceQueue {
  readonly backend = 'pg-boss' as const;
  private readonly ledger = new TaskLedger();
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryCapMs: number;
  private readonly expiryCheckMs: number;
  private starting: Promise<Running> | undefined;
  private running: Running | undefined;
  private lastHousekeeping = 0;

  constructor(private readonly options: PgBossQueueOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retryCapMs = options.retryCapMs ?? 60_000;
    this.expiryCheckMs = options.expiryCheckMs ?? 5_000;
  }

  start(): Promise<void> {
    this.starting ??= this.open().then(
      (running) => {
        this.running = running;
        return running;
      },
      (error: unknown) => {
        this.starting = undefined;
        throw error;
      },
    );
    return this.starting.then(() => {});
  }

  private async open(): Promise<Running> {
    const connection = connectPostgres(this.options.connectionString, {
      pool_max: this.options.poolMax ?? 4,
      statement_timeout_ms: this.options.statementTimeoutMs ?? 30_000,
    });
    // pg-boss runs on the queue's own pool through the same adapter a caller's transaction uses.
    const boss = new PgBoss({
      db: pgBossDb(connection.db),
      schema: this.options.schema ?? 'pgboss',
      // No cron schedules: their timekeeper would poll and keep timers alive for nothing.
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: this.options.maintenanceIntervalSeconds ?? 60,
      archiveFailedAfterSeconds: KEEP_FAILED_SECONDS,
    });
    // An EventEmitter's 'error' without a listener would crash the process.
    boss.on('error', (error) => this.options.onError?.(error));
    try {
      await boss.start();
      for (const type of TASK_TYPES) {
        await boss.createQueue(type, {
          name: type,
          policy: 'standard',
          // Loremaster retries (see the header): a fail in pg-boss is final.
          retryLimit: 0,
          expireInSeconds: BACKSTOP_EXPIRY_SECONDS,
          retentionMinutes: PENDING_RETENTION_MINUTES,
        });
      }
    } catch (error) {
      await boss.stop({ graceful: false, close: false }).catch(() => {});
      await connection.close();
      throw error;
    }
    return { boss, connection };
  }

  /** Stops pg-boss's timers and closes the pool; queued jobs stay. A later `start` opens again. */
  async stop(): Promise<void> {
    const starting = this.starting;
    if (!starting) return;
    this.starting = undefined;
    const running = await starting.catch(() => undefined);
    // After the await: a start still in flight sets `running` when it finishes.
    this.running = undefined;
    if (!running) return;
    // Not graceful: this queue runs no pg-boss workers, so there is no work in progress to wait for.
    await running.boss.stop({ graceful: false, close: false, wait: true });
    await running.connection.close();
  }

  async enqueue(tasks: readonly NewTask[], db?: Kysely<Database>): Promise<string[]> {
    const { boss, connection } = this.ready();
    checkNewTasks(tasks);
    if (tasks.length === 0) return [];
    const jobs = tasks.map((task) => {
      const maxAttempts = task.maxAttempts ?? this.maxAttempts;
      const envelope: Envelope = {
        payload: task.data,
        worldId: task.worldId ?? null,
        sessionId: task.sessionId ?? null,
        turnId: turnIdOf(task),
        maxAttempts,
      };
      // Ids made here: pg-boss's `insert` returns none, and a caller's transaction needs them now.
      return {
        id: randomUUID(),
        name: task.type,
        data: envelope,
        priority: storedPriority(task),
        maxAttempts,
      };
    });
    // The jobs and their ledger rows land together, in the caller's transaction or one of our own.
    const write = async (trx: Kysely<Database>) => {
      await boss.insert(
        jobs.map(({ maxAttempts: _, ...job }) => jobInsert(job)),
        { db: pgBossDb(trx) },
      );
      await this.ledger.addPending(
        trx,
        jobs.map((job) => ({
          id: job.id,
          taskType: job.name,
          priority: job.priority,
          maxAttempts: job.maxAttempts,
          sessionId: job.data.sessionId,
          turnId: job.data.turnId,
        })),
      );
    };
    if (db?.isTransaction) await write(db);
    else await (db ?? connection.db).transaction().execute(write);
    return jobs.map((job) => job.id);
  }

  async claim(owner: string, options: ClaimOptions): Promise<Task[]> {
    const { boss, connection } = this.ready();
    if (options.types.length === 0 || options.limit < 1) return [];
    await this.housekeeping(options.leaseMs);
    const claimed = await connection.db.transaction().execute(async (trx) => {
      const wanted = await this.ledger.waitingShare(trx, options.types, options.limit);
      const tasks: Task[] = [];
      for (const { taskType, count } of wanted) {
        const jobs = await boss.fetch<unknown>(taskType, {
          batchSize: count,
          priority: true,
          includeMetadata: true,
          db: pgBossDb(trx),
        });
        for (const job of jobs) {
          const envelope = envelopeOf(job);
          const row = await this.ledger.markClaimed(trx, {
            id: job.id,
            taskType: job.name,
            priority: job.priority,
            maxAttempts: envelope.maxAttempts,
            sessionId: envelope.sessionId,
            turnId: envelope.turnId,
            createdAt: job.createdOn,
            owner,
            leaseMs: options.leaseMs,
          });
          const task = toTask(row, envelope);
          if (task) tasks.push(task);
        }
      }
      return tasks;
    });
    return claimed.sort(
      (a, b) =>
        storedPriority(b) - storedPriority(a) ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    );
  }

  /** The ledger holds the lease (pg-boss's expiry is a backstop): renewing it is a ledger write. */
  async extend(task: Task, owner: string, leaseMs: number): Promise<boolean> {
    const { connection } = this.ready();
    return this.ledger.extend(connection.db, task.id, owner, leaseMs);
  }

  async complete(task: Task, owner: string, outcome?: TaskOutcome): Promise<boolean> {
    const { boss, connection } = this.ready();
    return connection.db.transaction().execute(async (trx) => {
      if (!(await this.ledger.lockHeld(trx, task.id, owner))) return false;
      // pg-boss 10's runtime signature is (name, id, data, options): the data comes before the db.
      await boss.complete(task.type, task.id, {}, { db: pgBossDb(trx) });
      await this.ledger.markCompleted(trx, task.id, taskOutcomeOf(outcome));
      return true;
    });
  }

  async fail(task: Task, owner: string, failure: FailOptions): Promise<'retry' | 'dead' | 'lost'> {
    const { connection } = this.ready();
    const error = boundError(failure.error);
    const rawOutput = boundRawOutput(failure.rawOutput);
    return connection.db.transaction().execute(async (trx) => {
      const row = await this.ledger.lockHeld(trx, task.id, owner);
      if (!row) return 'lost';
      if (failure.permanent || row.attempts >= row.maxAttempts) {
        await this.deadLetter(trx, row, { error, rawOutput });
        return 'dead';
      }
      const delayMs = backoffMs(row.attempts, this.retryBaseMs, this.retryCapMs);
      await this.sendAgain(trx, row.taskType, row.id, delayMs);
      await this.ledger.markWaiting(trx, row.id, { error, delayMs });
      return 'retry';
    });
  }

  waitingCount(type: TaskType, limit: number): Promise<number> {
    return this.ledger.countWaiting(this.ready().connection.db, type, limit);
  }

  async status(): Promise<QueueStatus> {
    const { connection } = this.ready();
    const db = connection.db;
    const [counts, oldestPendingAgeMs, completedLastMinute, recent] = await Promise.all([
      this.ledger.countByState(db),
      this.ledger.oldestWaitingAgeMs(db),
      this.ledger.completedWithin(db, 60),
      this.ledger.listFailed(db, { limit: RECENT_FAILURES }),
    ]);
    const totals = emptyCounts();
    const byType = emptyCountsByType();
    for (const { taskType, state, count } of counts) {
      if (!isTaskType(taskType)) continue;
      totals[state] += count;
      byType[taskType][state] += count;
    }
    return {
      backend: this.backend,
      totals,
      byType,
      oldestPendingAgeMs,
      throughput: { completedLastMinute, perSecond: completedLastMinute / 60 },
      failures: {
        dead: totals.failed,
        recent: recent.flatMap((row) =>
          isTaskType(row.taskType)
            ? [{ id: row.id, type: row.taskType, error: row.error, failedAt: iso(row.finishedAt) }]
            : [],
        ),
      },
    };
  }

  async deadLetters(options: { limit: number; type?: TaskType }): Promise<DeadTask[]> {
    const { connection } = this.ready();
    const rows = await this.ledger.listFailed(connection.db, {
      limit: options.limit,
      ...(options.type && { taskType: options.type }),
    });
    const dead: DeadTask[] = [];
    for (const row of rows) {
      const task = await this.taskOf(row);
      if (task)
        dead.push({ ...task, error: row.error, rawOutput: row.rawOutput, failedAt: iso(row.finishedAt) });
    }
    return dead;
  }

  async get(id: string): Promise<(Task & { state: TaskState; error: string | null }) | undefined> {
    const { connection } = this.ready();
    if (!UUID.test(id)) return undefined;
    const row = await this.ledger.find(connection.db, id);
    const task = row && (await this.taskOf(row));
    if (!row || !task) return undefined;
    return { ...task, state: row.state, error: row.state === 'completed' ? null : row.error };
  }

  /** Read from the ledger alone: a turn's tasks need no job data from pg-boss. */
  async tasksOfTurn(turnId: number, limit: number): Promise<TurnTask[]> {
    const rows = await this.ledger.listByTurn(this.ready().connection.db, turnId, limit);
    return rows.flatMap((row) =>
      isTaskType(row.taskType)
        ? [
            {
              id: row.id,
              type: row.taskType,
              state: row.state,
              outcome: row.state === 'completed' ? outcomeName(row.outcome) : null,
              detail: row.state === 'completed' ? row.outcomeDetail : null,
              error: row.state === 'completed' ? null : row.error,
              attempts: row.attempts,
              maxAttempts: row.maxAttempts,
              createdAt: iso(row.createdAt) ?? new Date(0).toISOString(),
              finishedAt: row.state === 'completed' || row.state === 'failed' ? iso(row.finishedAt) : null,
            },
          ]
        : [],
    );
  }

  async retry(id: string): Promise<boolean> {
    const { connection } = this.ready();
    if (!UUID.test(id)) return false;
    return connection.db.transaction().execute(async (trx) => {
      const type = await this.ledger.revive(trx, id);
      if (!type) return false;
      await this.sendAgain(trx, type, id, 0);
      return true;
    });
  }

  private ready(): Running {
    if (!this.running) throw new Error('the pg-boss queue is not started: call start() first');
    return this.running;
  }

  /** The task of a ledger row, its data read from pg-boss (archived jobs included). */
  private async taskOf(row: LedgerRow): Promise<Task | undefined> {
    if (!isTaskType(row.taskType)) return undefined;
    const job = await this.ready().boss.getJobById<unknown>(row.taskType, row.id, { includeArchive: true });
    return toTask(
      row,
      job
        ? envelopeOf(job)
        : {
            payload: null,
            worldId: null,
            sessionId: row.sessionId,
            turnId: row.turnId,
            maxAttempts: row.maxAttempts,
          },
    );
  }

  /**
   * Sends the job again under its id, runnable after `delayMs` (by the database's clock): the one way
   * pg-boss's public API gives a job a delay in milliseconds and a fresh start.
   */
  private async sendAgain(trx: Kysely<Database>, type: string, id: string, delayMs: number): Promise<void> {
    const { boss } = this.ready();
    const db = pgBossDb(trx);
    const job = await boss.getJobById<unknown>(type, id, { db, includeArchive: true });
    if (!job) throw new Error(`task ${id} (${type}) has no job in pg-boss`);
    await boss.deleteJob(type, id, { db });
    await boss.insert([jobInsert(job, delayMs)], { db });
  }

  private async deadLetter(
    trx: Kysely<Database>,
    row: LedgerRow,
    failure: { error: string; rawOutput: string | null },
  ): Promise<void> {
    // Retry limit 0: pg-boss's fail puts the job straight in `failed`, where it stays (not archived).
    await this.ready().boss.fail(row.taskType, row.id, failure, { db: pgBossDb(trx) });
    await this.ledger.markFailed(trx, row.id, failure);
  }

  /**
   * Runs at most every `expiryCheckMs` (or half the claim's lease if shorter), before a claim: hands
   * back tasks whose lease ran out, so a task whose worker died comes back within its lease and that
   * interval; adopts jobs the ledger does not know; forgets old completed tasks. Errors are reported,
   * never thrown: the claim goes on.
   */
  private async housekeeping(leaseMs: number): Promise<void> {
    const interval = Math.min(this.expiryCheckMs, leaseMs / 2);
    if (Date.now() - this.lastHousekeeping < interval) return;
    this.lastHousekeeping = Date.now();
    try {
      await this.handBackExpired();
      await this.adoptUnknownJobs();
      await this.ledger.pruneCompleted(this.ready().connection.db, COMPLETED_LEDGER_DAYS);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async handBackExpired(): Promise<void> {
    const { connection } = this.ready();
    await connection.db.transaction().execute(async (trx) => {
      for (const row of await this.ledger.lockExpired(trx, EXPIRED_BATCH)) {
        const error = `the worker's lease ran out (attempt ${row.attempts} of ${row.maxAttempts})`;
        if (row.attempts >= row.maxAttempts) {
          await this.deadLetter(trx, row, { error, rawOutput: null });
        } else {
          await this.sendAgain(trx, row.taskType, row.id, 0);
          await this.ledger.markWaiting(trx, row.id, { error, delayMs: 0 });
        }
      }
    });
  }

  /**
   * pg-boss's queue size (jobs waiting, delayed ones included) beyond the ledger's waiting count means
   * jobs the ledger does not know: fetch them, record them, and send them back to wait.
   */
  private async adoptUnknownJobs(): Promise<void> {
    const { boss, connection } = this.ready();
    const known = await this.ledger.waitingByType(connection.db);
    for (const type of TASK_TYPES) {
      const unknown = (await boss.getQueueSize(type)) - (known.get(type) ?? 0);
      if (unknown <= 0) continue;
      await connection.db.transaction().execute(async (trx) => {
        const db = pgBossDb(trx);
        const jobs = await boss.fetch<unknown>(type, { batchSize: unknown, includeMetadata: true, db });
        for (const job of jobs) {
          if (await this.ledger.find(trx, job.id)) continue;
          await this.ledger.addPending(trx, [
            {
              id: job.id,
              taskType: type,
              priority: job.priority,
              maxAttempts: envelopeOf(job).maxAttempts,
              sessionId: envelopeOf(job).sessionId,
              turnId: envelopeOf(job).turnId,
            },
          ]);
        }
        // Fetched means active: every one goes back to wait (those the ledger knew as well).
        for (const job of jobs) {
          await boss.deleteJob(type, job.id, { db });
          await boss.insert([jobInsert(job)], { db });
        }
      });
    }
  }
}

/** A job as pg-boss's `insert` takes it: Loremaster retries, pg-boss's expiry is a backstop. */
function jobInsert(job: Pick<BossJob, 'id' | 'name' | 'data' | 'priority'>, delayMs = 0): PgBoss.JobInsert {
  return {
    id: job.id,
    name: job.name,
    // Any JSON value goes through (pg-boss stores it as jsonb); its declarations want an object.
    data: job.data as object,
    priority: job.priority,
    retryLimit: 0,
    expireInSeconds: BACKSTOP_EXPIRY_SECONDS,
    // A start without a time zone is an interval from the database's now() (seconds, fractions kept).
    ...(delayMs > 0 && { startAfter: (Math.round(delayMs) / 1_000).toFixed(3) }),
  };
}

function envelopeOf(job: Pick<BossJob, 'data'> & { retryLimit?: number }): Envelope {
  const parsed = envelopeSchema.safeParse(job.data);
  // A job someone sent to our queue without the envelope: its data is the payload.
  return parsed.success
    ? parsed.data
    : {
        payload: job.data,
        worldId: null,
        sessionId: null,
        turnId: null,
        maxAttempts: (job.retryLimit ?? 0) + 1,
      };
}

function toTask(row: LedgerRow, envelope: Envelope): Task | undefined {
  if (!isTaskType(row.taskType)) return undefined;
  return {
    id: row.id,
    type: row.taskType,
    data: envelope.payload,
    priority: priorityName(row.priority),
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    worldId: envelope.worldId,
    sessionId: envelope.sessionId,
    turnId: envelope.turnId,
    createdAt: iso(row.createdAt) ?? new Date(0).toISOString(),
  };
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

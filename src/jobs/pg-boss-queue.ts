/**
 * The maintenance queue on pg-boss 10 (PostgreSQL): several workers on several machines.
 *
 * How the contract maps onto pg-boss:
 * - One pg-boss queue per task type; a task is a job whose id is its task id. The job's data is an
 *   envelope: the task's data, its world and session, and its max attempts.
 * - Claim: `boss.fetch` per type (highest priority, then oldest; `FOR UPDATE SKIP LOCKED`, so two
 *   claimers never get one job), then the fetched jobs are tagged with their owner and the claim's
 *   lease (`expire_in`). pg-boss's expiry fails an active job whose lease ran out, so it is retried
 *   (or dead-lettered on its last attempt) and another worker gets it. Claims run that expiry
 *   themselves (throttled) instead of waiting for pg-boss's maintenance interval.
 * - Complete and fail: `boss.complete` / `boss.fail`, in a transaction that first locks the job if the
 *   owner still holds it (its tag), so a worker whose lease was taken over gets `false` / `lost`.
 * - Retries: pg-boss's own (`retryLimit` = max attempts - 1, `retryDelay`/`retryBackoff` in whole
 *   seconds for the retries pg-boss makes alone, after an expired lease). A worker's fail then sets
 *   the next start to `backoffMs` (milliseconds, capped), the same backoff as the table queue.
 * - Dead letters: jobs in state `failed` in their own queue (not a separate dead-letter queue, so a
 *   task keeps its id through inspection and retry). A permanent failure first leaves the job no
 *   retries, then fails it: pg-boss moves it straight to `failed`. The error and raw output are the
 *   job's `output`. Failed jobs are never archived by pg-boss's maintenance (kept until retried).
 * - Retry of a dead task: fresh attempts (pg-boss's `retry` would grant one more attempt only).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import { type Connection, connectPostgres } from '../store/connect.js';
import type { Database } from '../store/index.js';
import { pgBossDb } from '../store/queue/pg-boss-db.js';
import { type BossJobRow, PgBossJobs } from '../store/queue/pg-boss-jobs.js';
import {
  boundError,
  boundRawOutput,
  checkNewTasks,
  emptyCounts,
  emptyCountsByType,
  isTaskType,
  priorityName,
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
  type TaskState,
  type TaskType,
} from './types.js';

export interface PgBossQueueOptions {
  /** The PostgreSQL database (`DATABASE_URL`). */
  connectionString: string;
  /** pg-boss's schema (default `pgboss`). */
  schema?: string;
  /** Attempts of a task that does not say (default 5). */
  maxAttempts?: number;
  /** Lease of a job until a claim sets its own (default 60 s). */
  leaseMs?: number;
  /** Backoff after a failure: exponential from this base (default 1 s)… */
  retryBaseMs?: number;
  /** …up to this cap (default 60 s). */
  retryCapMs?: number;
  /** Connections of the queue's pool (default 4). */
  poolMax?: number;
  /** A statement running longer is cancelled (default 30 s). */
  statementTimeoutMs?: number;
  /** How often pg-boss's maintenance (expiry, archiving of completed jobs) runs (default 60 s). */
  maintenanceIntervalSeconds?: number;
  /**
   * At most this often a claim runs pg-boss's lease expiry first (default 5 s; half the claim's lease
   * when that is shorter). The expiry scans the active jobs, so not on every claim.
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
  maxAttempts: z.number().int().min(1),
});
type Envelope = z.infer<typeof envelopeSchema>;

/** What `fail` keeps in a job's `output`; pg-boss's own expiry writes `{ value: { message } }`. */
const failureOutputSchema = z.union([
  z.object({ error: z.string(), rawOutput: z.string().nullable().optional() }),
  z.object({ value: z.object({ message: z.string() }) }),
]);

const RECENT_FAILURES = 10;
/** pg-boss's maintenance must not archive dead letters: they wait for someone to inspect them. */
const KEEP_FAILED_SECONDS = 10 * 365 * 24 * 3600;
/** Pending jobs older than this are archived by pg-boss; far beyond any sane wait. */
const PENDING_RETENTION_MINUTES = 365 * 24 * 60;
const MAX_EXPIRY_SECONDS = 24 * 3600 - 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Running {
  boss: PgBoss;
  connection: Connection;
}

export class PgBossQueue implements MaintenanceQueue {
  readonly backend = 'pg-boss' as const;
  private readonly jobs: PgBossJobs;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly retryBaseMs: number;
  private readonly retryCapMs: number;
  private readonly expiryCheckMs: number;
  private starting: Promise<Running> | undefined;
  private running: Running | undefined;
  private lastExpiry = 0;

  constructor(private readonly options: PgBossQueueOptions) {
    this.jobs = new PgBossJobs(options.schema ?? 'pgboss');
    this.maxAttempts = options.maxAttempts ?? 5;
    this.leaseMs = options.leaseMs ?? 60_000;
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
      const whole = this.wholeSecondRetry();
      for (const type of TASK_TYPES) {
        await boss.createQueue(type, {
          name: type,
          policy: 'standard',
          retryLimit: this.maxAttempts - 1,
          retryDelay: whole.retryDelay,
          retryBackoff: whole.retryBackoff,
          expireInSeconds: leaseSeconds(this.leaseMs),
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
    const { boss } = this.ready();
    checkNewTasks(tasks);
    if (tasks.length === 0) return [];
    const whole = this.wholeSecondRetry();
    const jobs = tasks.map((task) => {
      const maxAttempts = task.maxAttempts ?? this.maxAttempts;
      const envelope: Envelope = {
        payload: task.data,
        worldId: task.worldId ?? null,
        sessionId: task.sessionId ?? null,
        maxAttempts,
      };
      return {
        // Ids made here: pg-boss's `insert` returns none, and a caller's transaction needs them now.
        id: randomUUID(),
        name: task.type,
        data: envelope,
        priority: storedPriority(task),
        retryLimit: maxAttempts - 1,
        retryDelay: whole.retryDelay,
        retryBackoff: whole.retryBackoff,
        expireInSeconds: leaseSeconds(this.leaseMs),
      };
    });
    // One statement for all: they land together, on the pool or in the caller's transaction.
    await boss.insert(jobs, db ? { db: pgBossDb(db) } : {});
    return jobs.map((job) => job.id);
  }

  async claim(owner: string, options: ClaimOptions): Promise<Task[]> {
    const { boss, connection } = this.ready();
    if (options.types.length === 0 || options.limit < 1) return [];
    await this.expireLeases(options.leaseMs);
    // Fetch per queue, as many from each as the best `limit` waiting across the requested types.
    const wanted = await this.jobs.waitingShare(connection.db, options.types, options.limit);
    const fetched: string[] = [];
    for (const { name, count } of wanted) {
      const jobs = await boss.fetch(name, { batchSize: count, priority: true });
      fetched.push(...jobs.map((job) => job.id));
    }
    if (fetched.length === 0) return [];
    const rows = await this.jobs.tagClaimed(connection.db, {
      names: options.types,
      ids: fetched,
      owner,
      leaseMs: options.leaseMs,
    });
    return rows
      .flatMap((row) => toTask(row) ?? [])
      .sort(
        (a, b) =>
          storedPriority(b) - storedPriority(a) ||
          a.createdAt.localeCompare(b.createdAt) ||
          a.id.localeCompare(b.id),
      );
  }

  async complete(task: Task, owner: string): Promise<boolean> {
    const { boss, connection } = this.ready();
    return connection.db.transaction().execute(async (trx) => {
      const job = { name: task.type, id: task.id, owner };
      if (!(await this.jobs.lockOwned(trx, job))) return false;
      // pg-boss 10's runtime signature is (name, id, data, options): the data comes before the db.
      const result: unknown = await boss.complete(task.type, task.id, {}, { db: pgBossDb(trx) });
      return affected(result) > 0;
    });
  }

  async fail(task: Task, owner: string, failure: FailOptions): Promise<'retry' | 'dead' | 'lost'> {
    const { boss, connection } = this.ready();
    const output = { error: boundError(failure.error), rawOutput: boundRawOutput(failure.rawOutput) };
    return connection.db.transaction().execute(async (trx) => {
      const job = { name: task.type, id: task.id, owner };
      if (!(await this.jobs.lockOwned(trx, job))) return 'lost';
      if (failure.permanent) await this.jobs.exhaustRetries(trx, job);
      await boss.fail(task.type, task.id, output, { db: pgBossDb(trx) });
      if ((await this.jobs.stateOf(trx, job)) === 'failed') return 'dead';
      await this.jobs.delayRetry(trx, {
        ...job,
        delayMs: backoffMs(task.attempts, this.retryBaseMs, this.retryCapMs),
      });
      return 'retry';
    });
  }

  async status(): Promise<QueueStatus> {
    const { connection } = this.ready();
    const db = connection.db;
    const [counts, oldestPendingAgeMs, completedLastMinute, recent] = await Promise.all([
      this.jobs.countByState(db, TASK_TYPES),
      this.jobs.oldestWaitingAgeMs(db, TASK_TYPES),
      this.jobs.completedWithin(db, TASK_TYPES, 60),
      this.jobs.listFailed(db, TASK_TYPES, RECENT_FAILURES),
    ]);
    const totals = emptyCounts();
    const byType = emptyCountsByType();
    for (const { name, state, count } of counts) {
      const taskState = STATE_OF[state];
      if (!taskState || !isTaskType(name)) continue;
      totals[taskState] += count;
      byType[name][taskState] += count;
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
          isTaskType(row.name)
            ? [{ id: row.id, type: row.name, error: failureOf(row).error, failedAt: iso(row.completedOn) }]
            : [],
        ),
      },
    };
  }

  async deadLetters(options: { limit: number; type?: TaskType }): Promise<DeadTask[]> {
    const { connection } = this.ready();
    const rows = await this.jobs.listFailed(
      connection.db,
      options.type ? [options.type] : TASK_TYPES,
      options.limit,
    );
    return rows.flatMap((row) => {
      const task = toTask(row);
      return task ? [{ ...task, ...failureOf(row), failedAt: iso(row.completedOn) }] : [];
    });
  }

  async get(id: string): Promise<(Task & { state: TaskState; error: string | null }) | undefined> {
    const { connection } = this.ready();
    if (!UUID.test(id)) return undefined;
    const row = await this.jobs.find(connection.db, TASK_TYPES, id);
    const task = row && toTask(row);
    if (!row || !task) return undefined;
    const state = STATE_OF[row.state] ?? 'failed';
    return { ...task, state, error: state === 'completed' ? null : failureOf(row).error };
  }

  async retry(id: string): Promise<boolean> {
    const { connection } = this.ready();
    if (!UUID.test(id)) return false;
    const row = await this.jobs.find(connection.db, TASK_TYPES, id);
    if (row?.state !== 'failed') return false;
    const maxAttempts = envelopeOf(row).maxAttempts;
    return this.jobs.resetFailed(connection.db, { name: row.name, id, retryLimit: maxAttempts - 1 });
  }

  private ready(): Running {
    if (!this.running) throw new Error('the pg-boss queue is not started: call start() first');
    return this.running;
  }

  /**
   * pg-boss expires leases in its maintenance, every `maintenanceIntervalSeconds`; a claim runs the
   * expiry itself first (at most every `expiryCheckMs`, or half its lease if shorter), so a task
   * whose worker died comes back within its lease and that interval, not a maintenance interval.
   */
  private async expireLeases(leaseMs: number): Promise<void> {
    const interval = Math.min(this.expiryCheckMs, leaseMs / 2);
    if (Date.now() - this.lastExpiry < interval) return;
    this.lastExpiry = Date.now();
    try {
      await this.ready().boss.expire();
    } catch (error) {
      // Housekeeping: the claim goes on; pg-boss's maintenance or the next claim expires them.
      this.options.onError?.(error);
    }
  }

  /** pg-boss's retry delay counts whole seconds: the nearest to our base (0 = at once, no backoff). */
  private wholeSecondRetry(): { retryDelay: number; retryBackoff: boolean } {
    const retryDelay = Math.round(this.retryBaseMs / 1_000);
    return { retryDelay, retryBackoff: retryDelay > 0 };
  }
}

/** pg-boss's states as the contract's (cancelled is not one: this queue never cancels). */
const STATE_OF: Record<string, TaskState | undefined> = {
  created: 'pending',
  retry: 'pending',
  active: 'processing',
  completed: 'completed',
  failed: 'failed',
};

/**
 * pg-boss's job expiry counts whole seconds, at least 1 and under 24 hours (it refuses more); claims
 * then set the real lease in milliseconds.
 */
function leaseSeconds(leaseMs: number): number {
  return Math.min(MAX_EXPIRY_SECONDS, Math.max(1, Math.ceil(leaseMs / 1_000)));
}

function envelopeOf(row: BossJobRow): Envelope {
  const parsed = envelopeSchema.safeParse(row.data);
  // A job someone sent to our queue without the envelope: its data is the payload.
  return parsed.success
    ? parsed.data
    : { payload: row.data, worldId: null, sessionId: null, maxAttempts: row.retryLimit + 1 };
}

function toTask(row: BossJobRow): Task | undefined {
  if (!isTaskType(row.name)) return undefined;
  const envelope = envelopeOf(row);
  return {
    id: row.id,
    type: row.name,
    data: envelope.payload,
    priority: priorityName(row.priority),
    // pg-boss counts re-runs (`retry_count`) once a job has started; never started: no attempt yet.
    attempts: row.startedOn ? row.retryCount + 1 : 0,
    maxAttempts: envelope.maxAttempts,
    worldId: envelope.worldId,
    sessionId: envelope.sessionId,
    createdAt: iso(row.createdOn) ?? new Date(0).toISOString(),
  };
}

function failureOf(row: BossJobRow): { error: string | null; rawOutput: string | null } {
  const parsed = failureOutputSchema.safeParse(row.output);
  if (!parsed.success) return { error: null, rawOutput: null };
  return 'error' in parsed.data
    ? { error: parsed.data.error, rawOutput: parsed.data.rawOutput ?? null }
    : { error: parsed.data.value.message, rawOutput: null };
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** pg-boss 10's complete/fail resolve to `{ affected }` (typed `void` in its declarations). */
function affected(result: unknown): number {
  const parsed = z.object({ affected: z.number() }).safeParse(result);
  return parsed.success ? parsed.data.affected : 0;
}

/**
 * The maintenance queue in the store's own `maintenance_tasks` table: the embedded default (SQLite,
 * one process), and a fallback on PostgreSQL (`jobs.queue: table`). Works through the store's
 * repository, so the same code runs on both backends, and a caller's transaction can carry its tasks.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import { MaintenanceRepository, type MaintenanceTask } from '../store/repositories/maintenance.js';
import {
  boundError,
  boundRawOutput,
  checkNewTasks,
  emptyCounts,
  emptyCountsByType,
  isTaskType,
  outcomeName,
  parseIntegerId,
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
  type Task,
  type TaskOutcome,
  type TaskState,
  type TaskType,
  type TurnTask,
} from './types.js';

export interface TableQueueOptions {
  /** Attempts of a task that does not say (default 5). */
  maxAttempts?: number;
  /** Backoff after a failure: exponential from this base (default 1 s)… */
  retryBaseMs?: number;
  /** …up to this cap (default 60 s). */
  retryCapMs?: number;
}

const RECENT_FAILURES = 10;

export class TableQueue implements MaintenanceQueue {
  readonly backend = 'table' as const;
  private readonly tasks: MaintenanceRepository;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryCapMs: number;

  constructor(db: Kysely<Database>, options: TableQueueOptions = {}) {
    this.tasks = new MaintenanceRepository(db);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retryCapMs = options.retryCapMs ?? 60_000;
  }

  /** Nothing to prepare: the table comes with the store's migrations. */
  async start(): Promise<void> {}

  /** Nothing runs in the background; tasks stay in the table. */
  async stop(): Promise<void> {}

  async enqueue(tasks: readonly NewTask[], db?: Kysely<Database>): Promise<string[]> {
    checkNewTasks(tasks);
    const repository = db ? new MaintenanceRepository(db) : this.tasks;
    const stored = await repository.enqueueMany(
      tasks.map((task) => ({
        taskType: task.type,
        taskData: task.data,
        priority: storedPriority(task),
        maxAttempts: task.maxAttempts ?? this.maxAttempts,
        worldId: task.worldId ?? null,
        sessionId: task.sessionId ?? null,
        turnId: turnIdOf(task),
      })),
    );
    return stored.map((task) => String(task.id));
  }

  async claim(owner: string, options: ClaimOptions): Promise<Task[]> {
    if (options.types.length === 0 || options.limit < 1) return [];
    const claimed = await this.tasks.claim(owner, {
      limit: options.limit,
      leaseMs: options.leaseMs,
      taskTypes: options.types,
    });
    return claimed.flatMap((row) => toTask(row) ?? []);
  }

  extend(task: Task, owner: string, leaseMs: number): Promise<boolean> {
    return this.tasks.extend(Number(task.id), owner, leaseMs);
  }

  complete(task: Task, owner: string, outcome?: TaskOutcome): Promise<boolean> {
    return this.tasks.complete(Number(task.id), owner, taskOutcomeOf(outcome));
  }

  async fail(task: Task, owner: string, failure: FailOptions): Promise<'retry' | 'dead' | 'lost'> {
    const status = await this.tasks.fail(Number(task.id), owner, boundError(failure.error), {
      retryDelayMs: backoffMs(task.attempts, this.retryBaseMs, this.retryCapMs),
      rawOutput: boundRawOutput(failure.rawOutput),
      permanent: failure.permanent ?? false,
    });
    if (status === undefined) return 'lost';
    return status === 'failed' ? 'dead' : 'retry';
  }

  waitingCount(type: TaskType, limit: number): Promise<number> {
    return this.tasks.countPending(type, limit);
  }

  async status(): Promise<QueueStatus> {
    const since = new Date(Date.now() - 60_000).toISOString();
    const [counts, oldest, completedLastMinute, recent] = await Promise.all([
      this.tasks.countsByType(),
      this.tasks.oldestPendingCreatedAt(),
      this.tasks.completedSince(since),
      this.tasks.listDead({ limit: RECENT_FAILURES }),
    ]);
    const totals = emptyCounts();
    const byType = emptyCountsByType();
    for (const { taskType, status, count } of counts) {
      totals[status] += count;
      if (isTaskType(taskType)) byType[taskType][status] += count;
    }
    return {
      backend: this.backend,
      totals,
      byType,
      oldestPendingAgeMs: oldest === null ? null : Math.max(0, Date.now() - Date.parse(oldest)),
      throughput: { completedLastMinute, perSecond: completedLastMinute / 60 },
      failures: {
        dead: totals.failed,
        recent: recent.flatMap((row) =>
          isTaskType(row.taskType)
            ? [{ id: String(row.id), type: row.taskType, error: row.errorMessage, failedAt: row.processedAt }]
            : [],
        ),
      },
    };
  }

  async deadLetters(options: { limit: number; type?: Task['type'] }): Promise<DeadTask[]> {
    const rows = await this.tasks.listDead({
      limit: options.limit,
      ...(options.type && { taskType: options.type }),
    });
    return rows.flatMap((row) => {
      const task = toTask(row);
      return task
        ? [{ ...task, error: row.errorMessage, rawOutput: row.rawOutput, failedAt: row.processedAt }]
        : [];
    });
  }

  async get(id: string): Promise<(Task & { state: TaskState; error: string | null }) | undefined> {
    const key = parseIntegerId(id);
    const row = key === undefined ? undefined : await this.tasks.get(key);
    const task = row && toTask(row);
    return task && row ? { ...task, state: row.status, error: row.errorMessage } : undefined;
  }

  async tasksOfTurn(turnId: number, limit: number): Promise<TurnTask[]> {
    const rows = await this.tasks.listByTurn(turnId, limit);
    return rows.flatMap((row) =>
      isTaskType(row.taskType)
        ? [
            {
              id: String(row.id),
              type: row.taskType,
              state: row.status,
              outcome: row.status === 'completed' ? outcomeName(row.outcome) : null,
              detail: row.status === 'completed' ? row.outcomeDetail : null,
              error: row.errorMessage,
              attempts: row.attempts,
              maxAttempts: row.maxAttempts,
              createdAt: row.createdAt,
              finishedAt: row.status === 'completed' || row.status === 'failed' ? row.processedAt : null,
            },
          ]
        : [],
    );
  }

  retry(id: string): Promise<boolean> {
    const key = parseIntegerId(id);
    return key === undefined ? Promise.resolve(false) : this.tasks.retryDead(key);
  }
}

/** A row as a task; undefined for a type this version does not know (another writer's task). */
function toTask(row: MaintenanceTask): Task | undefined {
  if (!isTaskType(row.taskType)) return undefined;
  return {
    id: String(row.id),
    type: row.taskType,
    data: row.taskData,
    priority: priorityName(row.priority),
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    worldId: row.worldId,
    sessionId: row.sessionId,
    turnId: row.turnId,
    createdAt: row.createdAt,
  };
}

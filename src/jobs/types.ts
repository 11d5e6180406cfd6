/**
 * The maintenance queue's contract. Two implementations keep it: a table queue in the database
 * (embedded default, SQLite) and pg-boss (PostgreSQL, several workers on several machines).
 *
 * Delivery is at least once: a worker claims tasks under a lease; a worker that dies loses its lease
 * and the task is claimed again. Handlers are therefore idempotent. A failed task is retried with
 * exponential backoff while it has attempts left, then dead-lettered: kept, with its error and the
 * model's raw output, until someone inspects it and retries it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';

export const TASK_TYPES = [
  'ANALYZE_TURN',
  'UPDATE_NOTE',
  'CREATE_ENTITY',
  'SIMULATE_WORLD',
  'EMBED_DOCUMENTS',
  'GENERATE_CONTENT',
  'RUN_BATCH',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export type TaskPriority = 'high' | 'medium' | 'low';

/** Queue order: higher first. Shared by both queues so they agree. */
export const PRIORITY_VALUE: Record<TaskPriority, number> = { high: 30, medium: 20, low: 10 };

/**
 * Default priorities favour the end of a turn's chain (embedding, then note and entity writes,
 * then analysis, then simulation): a turn's facts become searchable before the next turn's
 * analysis starts, so the chain's latency stays bounded under load.
 */
export const DEFAULT_PRIORITY: Record<TaskType, TaskPriority> = {
  EMBED_DOCUMENTS: 'high',
  UPDATE_NOTE: 'medium',
  CREATE_ENTITY: 'medium',
  ANALYZE_TURN: 'medium',
  SIMULATE_WORLD: 'low',
  // A background content generation a game asked for (async: true): after a turn's chain, before simulation.
  GENERATE_CONTENT: 'medium',
  // A batch of generations (POST /llm/batch): after everything players and the world wait on.
  RUN_BATCH: 'low',
};
// Notes and entities rank above analysis within `medium` (see `storedPriority`).

/**
 * Order within a priority band (added to the band's value, always under 10 so the band reads back the
 * same): at one priority, a turn's note and entity writes go before the next analysis, so facts are
 * written in the order the turns made them even when every type shares a band.
 */
const TYPE_RANK: Record<TaskType, number> = {
  EMBED_DOCUMENTS: 2,
  UPDATE_NOTE: 1,
  CREATE_ENTITY: 1,
  ANALYZE_TURN: 0,
  SIMULATE_WORLD: 0,
  GENERATE_CONTENT: 0,
  RUN_BATCH: 0,
};

/** The number a queue stores and orders by for a task (higher first). */
export function storedPriority(task: Pick<NewTask, 'type' | 'priority'>): number {
  return PRIORITY_VALUE[task.priority ?? DEFAULT_PRIORITY[task.type]] + TYPE_RANK[task.type];
}

export interface NewTask {
  type: TaskType;
  data: Record<string, unknown>;
  /** Default: `DEFAULT_PRIORITY[type]`. */
  priority?: TaskPriority;
  /** Default: the queue's `maxAttempts` (5). */
  maxAttempts?: number;
  worldId?: string | null;
  sessionId?: string | null;
  /**
   * The turn that caused the task (its analysis, simulation, and their follow-ups), so a turn's tasks
   * can be listed. Absent: the queue files the task under `data.turnId` when that is a turn id.
   */
  turnId?: number | null;
}

export interface Task {
  /** Stable across retries (handlers use it as their idempotency key). */
  id: string;
  type: TaskType;
  data: unknown;
  priority: TaskPriority;
  /** Attempts so far, this one included. */
  attempts: number;
  maxAttempts: number;
  worldId: string | null;
  sessionId: string | null;
  turnId: number | null;
  createdAt: string;
}

export type TaskState = 'pending' | 'processing' | 'completed' | 'failed';

export interface DeadTask extends Task {
  error: string | null;
  /** The model's raw text when the task failed on invalid model output. */
  rawOutput: string | null;
  failedAt: string | null;
}

/**
 * How a finished task ended, as its handler said: the work done, found already done (a re-run after
 * a crash), or skipped with the reason (`detail`: the entity was deleted, the world is gone…).
 */
export const TASK_OUTCOMES = ['done', 'already-done', 'skipped'] as const;
export type TaskOutcomeStatus = (typeof TASK_OUTCOMES)[number];

export interface TaskOutcome {
  status: TaskOutcomeStatus;
  /** What the handler said about it (bounded by the queue; a skip's reason). */
  detail?: string | null | undefined;
}

/** One task of a turn, as `tasksOfTurn` lists it. */
export interface TurnTask {
  id: string;
  type: TaskType;
  state: TaskState;
  /** How it ended once completed; null while it waits or runs, and for a failed task (see `error`). */
  outcome: TaskOutcomeStatus | null;
  detail: string | null;
  /** The last failure (a task waiting for its retry keeps it; a completed one has none). */
  error: string | null;
  attempts: number;
  maxAttempts: number;
  createdAt: string;
  /** When it completed or was dead-lettered; null while it waits or runs. */
  finishedAt: string | null;
}

export interface QueueStatus {
  backend: 'table' | 'pg-boss';
  /** Tasks by state, over every type. */
  totals: Record<TaskState, number>;
  /** Tasks by type and state. */
  byType: Record<TaskType, Record<TaskState, number>>;
  /** Age of the oldest task waiting to run, or null when none waits. */
  oldestPendingAgeMs: number | null;
  throughput: {
    /** Tasks completed in the last minute. */
    completedLastMinute: number;
    /** The same, per second. */
    perSecond: number;
  };
  failures: {
    /** Dead-lettered tasks (all time, until retried or cleaned up). */
    dead: number;
    /** The most recent dead-lettered tasks, newest first (at most 10). */
    recent: Array<{ id: string; type: TaskType; error: string | null; failedAt: string | null }>;
  };
}

export interface ClaimOptions {
  types: readonly TaskType[];
  limit: number;
  /** A claim not completed or failed within this time is given to another worker. */
  leaseMs: number;
}

export interface FailOptions {
  error: string;
  /** Kept with a dead-lettered task (bounded by the queue). */
  rawOutput?: string;
  /** Dead-letter now, without further attempts (the input can never succeed). */
  permanent?: boolean;
}

export interface MaintenanceQueue {
  readonly backend: 'table' | 'pg-boss';
  /** Prepares the queue (pg-boss: starts it and creates its queues). Idempotent. */
  start(): Promise<void>;
  /** Stops taking work; leaves queued tasks in place. */
  stop(): Promise<void>;
  /**
   * Enqueues tasks and returns their ids. With `db` (a Kysely transaction of the store), the tasks
   * commit or roll back with it: a turn's analysis result and its follow-up tasks land together.
   */
  enqueue(tasks: readonly NewTask[], db?: Kysely<Database>): Promise<string[]>;
  /** Claims up to `limit` runnable tasks of the given types, highest priority first, then oldest. */
  claim(owner: string, options: ClaimOptions): Promise<Task[]>;
  /**
   * Renews the lease of a task `owner` still holds, to `leaseMs` from now: its handler is still
   * running. False when `owner` no longer holds it (handed back, completed or failed meanwhile).
   */
  extend(task: Task, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * Marks a claimed task done, with how it ended (default `done`, no detail); false when `owner` no
   * longer holds it (its lease ran out).
   */
  complete(task: Task, owner: string, outcome?: TaskOutcome): Promise<boolean>;
  /** Records a failure: `retry` (backoff, then runnable again) or `dead` (dead-lettered). */
  fail(task: Task, owner: string, failure: FailOptions): Promise<'retry' | 'dead' | 'lost'>;
  status(): Promise<QueueStatus>;
  /** Tasks of `type` waiting to run, counted up to `limit` (a cheap bounded read for backpressure). */
  waitingCount(type: TaskType, limit: number): Promise<number>;
  deadLetters(options: { limit: number; type?: TaskType }): Promise<DeadTask[]>;
  get(id: string): Promise<(Task & { state: TaskState; error: string | null }) | undefined>;
  /**
   * The tasks a turn caused (by `turnId`), oldest first, at most `limit`: what a turn queued and how
   * each one ended.
   */
  tasksOfTurn(turnId: number, limit: number): Promise<TurnTask[]>;
  /** Puts a dead-lettered task back to pending with fresh attempts; false when it is not dead. */
  retry(id: string): Promise<boolean>;
}

/** Backoff before attempt `attempts + 1`: exponential from `baseMs`, capped, with full jitter. */
export function backoffMs(attempts: number, baseMs = 1_000, capMs = 60_000, random = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * What both queues agree on beyond the contract: how stored priorities read back, which stored
 * types are tasks, and how much of a failure is kept.
 */
import { z } from 'zod';
import { redactSecrets } from '../config/index.js';
import {
  type NewTask,
  PRIORITY_VALUE,
  TASK_OUTCOMES,
  TASK_TYPES,
  type TaskOutcome,
  type TaskPriority,
  type TaskState,
  type TaskType,
} from './types.js';

/** Kept per failure: enough to read the cause, bounded so a runaway message cannot bloat storage. */
export const ERROR_MAX_CHARS = 4_000;
/** The model's raw output kept with a dead-lettered task (a long answer fits; a runaway one is cut). */
export const RAW_OUTPUT_MAX_CHARS = 64_000;

/** The largest turn id the store holds (a 32-bit integer column on PostgreSQL). */
const INT4_MAX = 2_147_483_647;

/** Kept of a finished task's detail (a skip's reason): a sentence or two, never a runaway text. */
export const OUTCOME_DETAIL_MAX_CHARS = 1_000;

/**
 * What a handler returned, as the outcome a queue stores: `{status, detail?}` with a known status is
 * taken as it is (its detail bounded and redacted); anything else (an embedding count, nothing) is
 * `done` without detail.
 */
export function taskOutcomeOf(result: unknown): { status: TaskOutcome['status']; detail: string | null } {
  if (typeof result === 'object' && result !== null) {
    const { status, detail } = result as { status?: unknown; detail?: unknown };
    if (typeof status === 'string' && (TASK_OUTCOMES as readonly string[]).includes(status))
      return {
        status: status as TaskOutcome['status'],
        detail:
          typeof detail === 'string' && detail.length > 0
            ? redactSecrets(detail).slice(0, OUTCOME_DETAIL_MAX_CHARS)
            : null,
      };
  }
  return { status: 'done', detail: null };
}

/** A stored outcome read back (another writer's text is not one of ours: none). */
export function outcomeName(value: string | null): TaskOutcome['status'] | null {
  return value !== null && (TASK_OUTCOMES as readonly string[]).includes(value)
    ? (value as TaskOutcome['status'])
    : null;
}

/** The turn a new task is filed under: its own `turnId`, else its data's when that is a turn id. */
export function turnIdOf(task: NewTask): number | null {
  if (task.turnId !== undefined) return task.turnId;
  const fromData = task.data.turnId;
  return typeof fromData === 'number' && Number.isInteger(fromData) && fromData > 0 && fromData <= INT4_MAX
    ? fromData
    : null;
}

/** A failure as stored (and shown with a dead letter): bounded, and with any secret in it redacted. */
export function boundError(error: string): string {
  return redactSecrets(error).slice(0, ERROR_MAX_CHARS);
}

export function boundRawOutput(rawOutput: string | undefined): string | null {
  return rawOutput === undefined ? null : redactSecrets(rawOutput).slice(0, RAW_OUTPUT_MAX_CHARS);
}

/** A stored priority as the nearest named one at or below it (other writers may use other numbers). */
export function priorityName(value: number): TaskPriority {
  if (value >= PRIORITY_VALUE.high) return 'high';
  if (value >= PRIORITY_VALUE.medium) return 'medium';
  return 'low';
}

const KNOWN_TYPES = new Set<string>(TASK_TYPES);

export function isTaskType(value: string): value is TaskType {
  return KNOWN_TYPES.has(value);
}

export const TASK_STATES: readonly TaskState[] = ['pending', 'processing', 'completed', 'failed'];

export function emptyCounts(): Record<TaskState, number> {
  return { pending: 0, processing: 0, completed: 0, failed: 0 };
}

export function emptyCountsByType(): Record<TaskType, Record<TaskState, number>> {
  return Object.fromEntries(TASK_TYPES.map((type) => [type, emptyCounts()])) as Record<
    TaskType,
    Record<TaskState, number>
  >;
}

/** An id the caller passed as a string, as the table's integer id; undefined when it is not one. */
export function parseIntegerId(id: string): number | undefined {
  return /^[1-9]\d{0,15}$/.test(id) ? Number(id) : undefined;
}

const newTaskSchema = z.object({
  type: z.enum(TASK_TYPES),
  data: z.record(z.string(), z.unknown()),
  priority: z.enum(['high', 'medium', 'low']).optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  worldId: z.string().min(1).nullable().optional(),
  sessionId: z.string().min(1).nullable().optional(),
  turnId: z.number().int().positive().max(INT4_MAX).nullable().optional(),
});

/** Checks tasks before they are queued: a bad one fails its caller now, not a worker later. */
export function checkNewTasks(tasks: readonly NewTask[]): void {
  tasks.forEach((task, index) => {
    const result = newTaskSchema.safeParse(task);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = [index, ...(issue?.path ?? [])].join('.');
      throw new Error(`invalid maintenance task at ${where}: ${issue?.message ?? 'invalid'}`);
    }
  });
}

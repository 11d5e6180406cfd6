/**
 * The maintenance queue as a table: at-least-once delivery with leases.
 *
 * A worker claims tasks (pending, or processing with an expired lease: its worker died), which sets a
 * lease; it then completes or fails them. A failed task is retried later with backoff until
 * `max_attempts`, then stays `failed` with its error. Handlers must be idempotent: a task whose
 * worker crashed after doing the work runs again.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, MaintenanceTaskTable, TaskStatus } from '../schema.js';
import { fromJson, now, toJson } from '../util.js';

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
  worldId: string | null;
  sessionId: string | null;
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
}

export class MaintenanceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async enqueue(input: EnqueueInput): Promise<MaintenanceTask> {
    const time = now();
    const row = await this.db
      .insertInto('maintenance_tasks')
      .values({
        task_type: input.taskType,
        task_data: toJson(input.taskData),
        priority: input.priority ?? 0,
        status: 'pending',
        attempts: 0,
        max_attempts: input.maxAttempts ?? 5,
        available_at: input.availableAt ?? time,
        lease_owner: null,
        lease_expires_at: null,
        error_message: null,
        world_id: input.worldId ?? null,
        session_id: input.sessionId ?? null,
        created_at: time,
        processed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTask(row);
  }

  /**
   * Claims up to `limit` tasks for `owner` for `leaseMs`. Portable (no SKIP LOCKED): candidates are
   * read, then each is taken by an UPDATE that re-checks it is still claimable, so two workers never
   * both win the same task.
   */
  async claim(owner: string, options: { limit: number; leaseMs: number; taskTypes?: string[] }) {
    const time = now();
    const expires = new Date(Date.now() + options.leaseMs).toISOString();
    let candidates = this.db
      .selectFrom('maintenance_tasks')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('available_at', '<=', time)]),
          eb.and([eb('status', '=', 'processing'), eb('lease_expires_at', '<', time)]),
        ]),
      );
    if (options.taskTypes?.length) candidates = candidates.where('task_type', 'in', options.taskTypes);
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
            eb('status', '=', 'pending'),
            eb.and([eb('status', '=', 'processing'), eb('lease_expires_at', '<', time)]),
          ]),
        )
        .returningAll()
        .executeTakeFirst();
      if (row) claimed.push(toTask(row));
    }
    return claimed;
  }

  /** Marks a claimed task done; false when `owner` no longer holds its lease. */
  async complete(id: number, owner: string): Promise<boolean> {
    const result = await this.db
      .updateTable('maintenance_tasks')
      .set({
        status: 'completed',
        processed_at: now(),
        lease_owner: null,
        lease_expires_at: null,
        error_message: null,
      })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Records a failure: retried after `retryDelayMs` until its attempts run out, then `failed`. */
  async fail(
    id: number,
    owner: string,
    error: string,
    retryDelayMs = 1_000,
  ): Promise<TaskStatus | undefined> {
    const task = await this.db
      .selectFrom('maintenance_tasks')
      .select(['attempts', 'max_attempts'])
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    if (!task) return undefined;
    const final = Number(task.attempts) >= Number(task.max_attempts);
    const status: TaskStatus = final ? 'failed' : 'pending';
    await this.db
      .updateTable('maintenance_tasks')
      .set({
        status,
        error_message: error.slice(0, 4_000),
        lease_owner: null,
        lease_expires_at: null,
        processed_at: final ? now() : null,
        available_at: new Date(Date.now() + retryDelayMs).toISOString(),
      })
      .where('id', '=', id)
      .execute();
    return status;
  }

  async get(id: number): Promise<MaintenanceTask | undefined> {
    const row = await this.db
      .selectFrom('maintenance_tasks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toTask(row);
  }

  async counts(): Promise<Record<TaskStatus, number>> {
    const rows = await this.db
      .selectFrom('maintenance_tasks')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const out: Record<TaskStatus, number> = { pending: 0, processing: 0, completed: 0, failed: 0 };
    for (const row of rows) out[row.status] = Number(row.n);
    return out;
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
    worldId: row.world_id,
    sessionId: row.session_id,
    createdAt: row.created_at,
    processedAt: row.processed_at,
  };
}

/**
 * A worker: claims tasks of the types it handles, runs them (up to `concurrency` at once), and
 * completes each (with the outcome its handler returned: done, already-done, or skipped and why) or
 * fails it. A handler that throws `PermanentFailure`-like errors (with `rawOutput`
 * and `permanent`) dead-letters its task at once; any other error is retried by the queue with
 * backoff. The loop sleeps `idleMs` when there is nothing to do, unless `wake()` is called (this
 * process just queued a task), and stops cleanly: claimed tasks finish before `stop()` resolves.
 *
 * While a handler runs, the worker renews its lease every third of the lease: a task that takes
 * longer than one lease (a slow model, a loaded machine, the database back after a restart with a
 * backlog) stays with its worker instead of being handed to another worker (run twice) and burning
 * an attempt each time until it is dead-lettered. Only a worker that died or hung loses its tasks.
 */
import { taskOutcomeOf } from './task-fields.js';
import type { MaintenanceQueue, Task, TaskType } from './types.js';

export type TaskHandler = (task: Task) => Promise<unknown>;

export interface WorkerOptions {
  queue: MaintenanceQueue;
  handlers: Partial<Record<TaskType, TaskHandler>>;
  owner: string;
  concurrency?: number;
  leaseMs?: number;
  idleMs?: number;
  onError?: (error: unknown, task?: Task) => void;
  /** Called after each task (done, retried or dead-lettered). */
  onTask?: (task: Task, outcome: 'completed' | 'retry' | 'dead' | 'lost', result?: unknown) => void;
}

export interface RunningWorker {
  /** Look for work now (a task was queued in this process). */
  wake(): void;
  stop(): Promise<void>;
  stats(): { completed: number; failed: number; running: number };
}

/** Marks an error as one a retry cannot fix (invalid model output after repair, invalid task data). */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'InvalidModelOutput' || (error as { permanent?: unknown }).permanent === true)
  );
}

export function startWorker(options: WorkerOptions): RunningWorker {
  const types = Object.keys(options.handlers) as TaskType[];
  const concurrency = options.concurrency ?? 4;
  const stats = { completed: 0, failed: 0, running: 0 };
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  let pendingWake = false;

  const leaseMs = options.leaseMs ?? 60_000;

  /** Renews `task`'s lease until the returned stop is called; a failed renewal is reported, not fatal. */
  const keepLease = (task: Task): (() => void) => {
    const timer = setInterval(
      () => {
        options.queue.extend(task, options.owner, leaseMs).catch((error: unknown) => {
          options.onError?.(error, task);
        });
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    timer.unref();
    return () => clearInterval(timer);
  };

  const run = async (task: Task) => {
    const handler = options.handlers[task.type];
    const releaseLease = keepLease(task);
    try {
      if (!handler) throw new Error(`No handler for ${task.type}`);
      const result = await handler(task);
      releaseLease();
      // A handler's `{status, detail}` (done, already-done, skipped and why) is kept with the task.
      const done = await options.queue.complete(task, options.owner, taskOutcomeOf(result));
      if (done) stats.completed += 1;
      options.onTask?.(task, done ? 'completed' : 'lost', result);
    } catch (error) {
      releaseLease();
      stats.failed += 1;
      options.onError?.(error, task);
      const message = error instanceof Error ? error.message : String(error);
      const raw = (error as { rawOutput?: unknown }).rawOutput;
      const outcome = await options.queue
        .fail(task, options.owner, {
          error: message,
          ...(typeof raw === 'string' && { rawOutput: raw }),
          permanent: isPermanent(error),
        })
        .catch((failError: unknown) => {
          options.onError?.(failError, task);
          return 'lost' as const;
        });
      options.onTask?.(task, outcome);
    }
  };

  const loop = (async () => {
    while (!stopped) {
      let claimed: Task[] = [];
      try {
        pendingWake = false;
        claimed = await options.queue.claim(options.owner, {
          types,
          limit: concurrency,
          leaseMs,
        });
      } catch (error) {
        options.onError?.(error);
      }
      if (claimed.length > 0) {
        stats.running = claimed.length;
        await Promise.all(claimed.map(run));
        stats.running = 0;
        continue;
      }
      if (stopped || pendingWake) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.idleMs ?? 250);
        timer.unref();
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();

  return {
    wake() {
      pendingWake = true;
      wakeUp?.();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
    },
    stats: () => ({ ...stats }),
  };
}

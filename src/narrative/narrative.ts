/**
 * The narrative layer put together: worlds, turns, and the background workers that keep the world
 * up to date (WorldMaintenanceWorker: analysis, notes, entities, simulation; EmbeddingWorker: the
 * vector index). `loremaster serve` starts the workers in-process on the embedded default;
 * `loremaster worker` runs them as a process of their own.
 */
import { randomUUID } from 'node:crypto';
import type { Settings } from '../config/index.js';
import type { Publish } from '../events/hub.js';
import type { Gateway } from '../gateway/index.js';
import { taskOutcomeOf } from '../jobs/task-fields.js';
import type { MaintenanceQueue, Task, TaskType } from '../jobs/types.js';
import { type RunningWorker, startWorker } from '../jobs/worker.js';
import { EmbedBatcher, type Memory } from '../memory/index.js';
import type { PromptDeps } from '../prompts/index.js';
import type { Store } from '../store/index.js';
import { ContextService } from './context.js';
import { DialogueService } from './dialogue.js';
import { IdempotentTurns } from './idempotent-turns.js';
import { LiveStateService } from './live-state.js';
import { WorldMaintenance } from './maintenance.js';
import { TurnTaskService } from './turn-tasks.js';
import { TurnService } from './turns.js';
import { WorldService } from './worlds.js';

export interface NarrativeOptions {
  store: Store;
  gateway: Gateway;
  memory: Memory;
  prompts: PromptDeps;
  settings: Settings;
  queue: MaintenanceQueue;
  /** Where turns, analyses, entity changes and task failures are published (events). */
  publish?: Publish;
}

export interface WorkerEvents {
  /** Task types to run (default: all). */
  types?: readonly TaskType[];
  onError?: (error: unknown, task?: Task) => void;
  onTask?: (task: Task, outcome: string, result?: unknown) => void;
  /** A task its handler skipped, with the reason (also kept with the task and published). */
  onSkipped?: (task: Task, reason: string) => void;
}

export const MAINTENANCE_TASKS: TaskType[] = [
  'ANALYZE_TURN',
  'UPDATE_NOTE',
  'CREATE_ENTITY',
  'SIMULATE_WORLD',
];

export class Narrative {
  readonly worlds: WorldService;
  readonly turns: TurnService;
  /** Turns as the API plays them: at most once per `Idempotency-Key` when the client sends one. */
  readonly idempotentTurns: IdempotentTurns;
  readonly maintenance: WorldMaintenance;
  /** Live game state: session and world patches, a world's sessions, removals. */
  readonly live: LiveStateService;
  readonly dialogue: DialogueService;
  /** What a session's next call of a role would send (the same builders as the calls). */
  readonly context: ContextService;
  /** The tasks a turn queued, with their state and outcome. */
  readonly turnTasks: TurnTaskService;
  private readonly workers: RunningWorker[] = [];

  constructor(readonly options: NarrativeOptions) {
    const onQueued = () => this.wake();
    this.worlds = new WorldService({
      store: options.store,
      queue: options.queue,
      onQueued,
      ...(options.publish && { publish: options.publish }),
    });
    this.live = new LiveStateService({
      store: options.store,
      memory: options.memory,
      ...(options.publish && { publish: options.publish }),
    });
    this.turns = new TurnService({ ...options, onQueued, live: this.live });
    this.idempotentTurns = new IdempotentTurns({
      store: options.store,
      turns: this.turns,
      settings: options.settings,
    });
    this.maintenance = new WorldMaintenance({ ...options, worlds: this.worlds });
    this.dialogue = new DialogueService({ ...options, worlds: this.worlds });
    this.turnTasks = new TurnTaskService({ store: options.store, queue: options.queue });
    this.context = new ContextService({
      store: options.store,
      turns: this.turns,
      maintenance: this.maintenance,
      dialogue: this.dialogue,
    });
  }

  /** Starts the WorldMaintenanceWorker and the EmbeddingWorker in this process. */
  startWorkers(events: WorkerEvents = {}): void {
    if (this.workers.length > 0) return;
    const { settings, queue } = this.options;
    const { types = [...MAINTENANCE_TASKS, 'EMBED_DOCUMENTS'], ...callbacks } = events;
    const common = {
      queue,
      concurrency: settings.narrative.worker_concurrency,
      idleMs: settings.narrative.worker_idle_ms,
      leaseMs: settings.jobs.lease_ms,
      ...this.reportingOutcomes(callbacks),
    };
    const id = `${process.pid}:${randomUUID().slice(0, 8)}`;
    const handle = (task: Task) => this.maintenance.handle(task);
    const maintenance = MAINTENANCE_TASKS.filter((type) => types.includes(type));
    if (maintenance.length > 0)
      this.workers.push(
        startWorker({
          ...common,
          owner: `world-maintenance:${id}`,
          handlers: Object.fromEntries(maintenance.map((type) => [type, handle])),
        }),
      );
    // Created here, after the memory opened its index (which may have replaced its VectorSync).
    const batcher = new EmbedBatcher(this.options.memory.sync);
    if (types.includes('EMBED_DOCUMENTS'))
      this.workers.push(
        startWorker({
          ...common,
          owner: `embedding:${id}`,
          handlers: { EMBED_DOCUMENTS: (task) => batcher.embed(task.data) },
        }),
      );
  }

  /**
   * The workers' callbacks, also publishing maintenance.task_failed and maintenance.dead_lettered, and
   * maintenance.task_skipped with its reason for a task its handler skipped (the reason is kept with
   * the task too: GET /sessions/{id}/turns/{number}/tasks).
   */
  private reportingOutcomes(callbacks: Omit<WorkerEvents, 'types'>): Omit<WorkerEvents, 'types'> {
    const publish = this.options.publish;
    const skipped = (task: Task, result: unknown) => {
      const outcome = taskOutcomeOf(result);
      if (outcome.status !== 'skipped') return;
      const reason = outcome.detail ?? 'no reason given';
      callbacks.onSkipped?.(task, reason);
      publish?.(
        'maintenance.task_skipped',
        'maintenance',
        { task_id: task.id, task_type: task.type, turn_id: task.turnId, reason },
        { worldId: task.worldId, sessionId: task.sessionId },
      );
    };
    if (!publish)
      return {
        ...callbacks,
        onTask: (task, outcome, result) => {
          if (outcome === 'completed') skipped(task, result);
          callbacks.onTask?.(task, outcome, result);
        },
      };
    // The worker reports the error, then the outcome: the error waits here for its outcome (bounded).
    const errors = new Map<string, string>();
    return {
      onError: (error, task) => {
        if (task) {
          if (errors.size > 1_000) errors.clear();
          errors.set(task.id, error instanceof Error ? error.message : String(error));
        }
        callbacks.onError?.(error, task);
      },
      onTask: (task, outcome, result) => {
        if (outcome === 'retry' || outcome === 'dead') {
          const data = {
            task_id: task.id,
            task_type: task.type,
            turn_id: task.turnId,
            attempts: task.attempts,
            max_attempts: task.maxAttempts,
            error: errors.get(task.id) ?? null,
          };
          errors.delete(task.id);
          const scope = { worldId: task.worldId, sessionId: task.sessionId };
          publish(
            'maintenance.task_failed',
            'maintenance',
            { ...data, will_retry: outcome === 'retry' },
            scope,
          );
          if (outcome === 'dead') publish('maintenance.dead_lettered', 'maintenance', data, scope);
        }
        if (outcome === 'completed') skipped(task, result);
        callbacks.onTask?.(task, outcome, result);
      },
    };
  }

  /** Wakes this process's idle workers (a task was just queued). */
  wake(): void {
    for (const worker of this.workers) worker.wake();
  }

  workerStats() {
    return this.workers.map((worker) => worker.stats());
  }

  async stopWorkers(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.stop()));
  }
}

/**
 * The maintenance queue, seen and steered from outside:
 *
 *   POST /maintenance/trigger-analysis      {session_id, turn_number?, force?}  analyse a turn (again)
 *   POST /maintenance/trigger-simulation    {world_id, session_id?}             simulate the world now
 *   GET  /maintenance/queue-status          counts by state and type, oldest pending age, throughput, failures
 *   GET  /maintenance/dead-letters          dead-lettered tasks with their error and raw model output
 *   POST /maintenance/dead-letters/{id}/retry
 *   GET  /maintenance/tasks/{id}
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MaintenanceQueue, Task, TaskState } from '../../jobs/types.js';
import { TASK_TYPES } from '../../jobs/types.js';
import { notFound } from '../../narrative/errors.js';
import type { Narrative } from '../../narrative/index.js';
import type { Store } from '../../store/index.js';
import { ApiError, parseBody } from '../errors.js';

const triggerAnalysisSchema = z
  .object({
    session_id: z.string().min(1).max(128),
    /** Default: the session's last turn. */
    turn_number: z.number().int().positive().optional(),
    /** Analyse again even if the turn has an analysis (its earlier effects stay). */
    force: z.boolean().default(false),
  })
  .strict();

const triggerSimulationSchema = z
  .object({
    world_id: z.string().min(1).max(128),
    /** Whose view the simulation changes (a non-shared world's session overlay). */
    session_id: z.string().min(1).max(128).optional(),
  })
  .strict();

export function maintenanceRoutes(
  app: FastifyInstance,
  deps: { queue: MaintenanceQueue; narrative: Narrative; store: Store },
): void {
  const { queue, narrative, store } = deps;

  app.post('/maintenance/trigger-analysis', { config: { scope: 'admin' } }, async (request, reply) => {
    const body = parseBody(triggerAnalysisSchema, request.body);
    const session = await store.sessions.get(body.session_id);
    if (!session) throw notFound('Session', body.session_id);
    const number = body.turn_number ?? session.turnCount;
    const turn = number > 0 ? await store.sessions.turnByNumber(session.id, number) : undefined;
    if (!turn)
      throw new ApiError(404, `Session ${session.id} has no turn ${number}`, {
        code: 'turn_not_found',
        type: 'not_found_error',
        param: 'turn_number',
      });
    if (turn.analysis !== null && !body.force)
      throw new ApiError(409, `Turn ${number} is already analysed: send "force": true to analyse it again`, {
        code: 'turn_analysed',
      });
    if (body.force) await store.sessions.clearTurnAnalysis(turn.id);
    const [taskId] = await queue.enqueue([
      { type: 'ANALYZE_TURN', data: { turnId: turn.id }, worldId: session.worldId, sessionId: session.id },
    ]);
    narrative.wake();
    return reply
      .code(202)
      .send({ object: 'maintenance.task', id: taskId, type: 'ANALYZE_TURN', turn_id: turn.id });
  });

  app.post('/maintenance/trigger-simulation', { config: { scope: 'admin' } }, async (request, reply) => {
    const body = parseBody(triggerSimulationSchema, request.body);
    const world = await narrative.worlds.world(body.world_id);
    if (body.session_id) {
      const session = await store.sessions.get(body.session_id);
      if (!session || session.worldId !== world.id) throw notFound('Session', body.session_id);
    }
    const [taskId] = await queue.enqueue([
      {
        type: 'SIMULATE_WORLD',
        data: { worldTurn: world.turnCount },
        worldId: world.id,
        sessionId: body.session_id ?? null,
      },
    ]);
    narrative.wake();
    return reply
      .code(202)
      .send({ object: 'maintenance.task', id: taskId, type: 'SIMULATE_WORLD', world_id: world.id });
  });

  app.get('/maintenance/queue-status', { config: { scope: 'admin' } }, async () => {
    const status = await queue.status();
    return {
      object: 'maintenance.queue_status',
      backend: status.backend,
      totals: status.totals,
      by_type: status.byType,
      oldest_pending_age_ms: status.oldestPendingAgeMs,
      throughput: {
        completed_last_minute: status.throughput.completedLastMinute,
        per_second: status.throughput.perSecond,
      },
      failures: {
        dead: status.failures.dead,
        recent: status.failures.recent.map((failure) => ({
          id: failure.id,
          type: failure.type,
          error: failure.error,
          failed_at: failure.failedAt,
        })),
      },
      workers: narrative.workerStats(),
    };
  });

  app.get('/maintenance/dead-letters', { config: { scope: 'admin' } }, async (request) => {
    const query = parseBody(
      z.object({
        type: z.enum(TASK_TYPES).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      }),
      request.query,
    );
    const dead = await queue.deadLetters({ limit: query.limit, ...(query.type && { type: query.type }) });
    return {
      object: 'list',
      data: dead.map((task) => ({
        ...taskView({ ...task, state: 'failed' }),
        raw_output: task.rawOutput,
        failed_at: task.failedAt,
      })),
    };
  });

  app.post<{ Params: { id: string } }>(
    '/maintenance/dead-letters/:id/retry',
    { config: { scope: 'admin' } },
    async (request) => {
      const task = await queue.get(request.params.id);
      if (!task)
        throw new ApiError(404, `Task ${request.params.id} not found`, {
          code: 'task_not_found',
          type: 'not_found_error',
        });
      if (!(await queue.retry(task.id)))
        throw new ApiError(409, `Task ${task.id} is not dead-lettered (it is ${task.state})`, {
          code: 'task_not_dead',
        });
      narrative.wake();
      return { object: 'maintenance.task', id: task.id, type: task.type, state: 'pending' };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/maintenance/tasks/:id',
    { config: { scope: 'admin' } },
    async (request) => {
      const task = await queue.get(request.params.id);
      if (!task)
        throw new ApiError(404, `Task ${request.params.id} not found`, {
          code: 'task_not_found',
          type: 'not_found_error',
        });
      return taskView(task);
    },
  );
}

function taskView(task: Task & { state: TaskState; error: string | null }) {
  return {
    object: 'maintenance.task',
    id: task.id,
    type: task.type,
    state: task.state,
    priority: task.priority,
    attempts: task.attempts,
    max_attempts: task.maxAttempts,
    world_id: task.worldId,
    session_id: task.sessionId,
    data: task.data,
    error: task.error,
    created_at: task.createdAt,
  };
}

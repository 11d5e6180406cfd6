/**
 * The maintenance queue, seen and steered from outside:
 *
 *   POST /maintenance/trigger-analysis      {session_id, turn_number?, force?}  analyse a turn (again)
 *   POST /maintenance/trigger-simulation    {world_id, session_id?}             simulate the world now
 *   GET  /maintenance/queue-status          counts by state and type, oldest pending age, throughput, failures
 *   GET  /maintenance/dead-letters          dead-lettered tasks with their error and raw model output
 *   POST /maintenance/dead-letters/{id}/retry
 *   GET  /maintenance/tasks/{id}
 *
 * Schema-first: each route's zod schemas validate the request (a 400 naming the field) and, with its
 * response schemas, write the OpenAPI document.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MaintenanceQueue, Task, TaskState } from '../../jobs/types.js';
import { TASK_TYPES } from '../../jobs/types.js';
import { notFound } from '../../narrative/errors.js';
import type { Narrative } from '../../narrative/index.js';
import type { Store } from '../../store/index.js';
import { ApiError } from '../errors.js';

/** The largest turn number the store holds (a 32-bit integer column on PostgreSQL). */
const INT4_MAX = 2_147_483_647;

const triggerAnalysisSchema = z
  .object({
    session_id: z.string().min(1).max(128),
    /** Default: the session's last turn. */
    turn_number: z.number().int().positive().max(INT4_MAX).optional(),
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

const deadLetterQuery = z
  .object({
    type: z.enum(TASK_TYPES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

const taskParams = z.object({ id: z.string().min(1).max(128) });

const STATES = ['pending', 'processing', 'completed', 'failed'] as const;
const stateCounts = z.object(Object.fromEntries(STATES.map((state) => [state, z.number()]))) as z.ZodObject<
  Record<TaskState, z.ZodNumber>
>;

/** What a trigger queued (202). */
const queuedSchema = z
  .object({
    object: z.literal('maintenance.task'),
    id: z.string(),
    type: z.enum(['ANALYZE_TURN', 'SIMULATE_WORLD']),
    turn_id: z.number().optional(),
    world_id: z.string().optional(),
  })
  .meta({ id: 'MaintenanceTaskQueued' });

const taskSchema = z
  .object({
    object: z.literal('maintenance.task'),
    id: z.string(),
    type: z.enum(TASK_TYPES),
    state: z.enum(STATES),
    priority: z.enum(['high', 'medium', 'low']),
    attempts: z.number(),
    max_attempts: z.number(),
    world_id: z.string().nullable(),
    session_id: z.string().nullable(),
    data: z.unknown().describe("The task's input"),
    error: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'MaintenanceTask' });

const deadLetterSchema = taskSchema
  .extend({
    raw_output: z.string().nullable().describe("The model's raw text, when the task failed on it"),
    failed_at: z.string().nullable(),
  })
  .meta({ id: 'DeadLetter' });

const queueStatusSchema = z
  .object({
    object: z.literal('maintenance.queue_status'),
    backend: z.enum(['table', 'pg-boss']),
    totals: stateCounts,
    by_type: z.record(z.string(), stateCounts).describe('Counts by task type, then state'),
    oldest_pending_age_ms: z.number().nullable(),
    throughput: z.object({ completed_last_minute: z.number(), per_second: z.number() }),
    failures: z.object({
      dead: z.number(),
      recent: z.array(
        z.object({
          id: z.string(),
          type: z.enum(TASK_TYPES),
          error: z.string().nullable(),
          failed_at: z.string().nullable(),
        }),
      ),
    }),
    workers: z
      .array(z.object({ completed: z.number(), failed: z.number(), running: z.number() }))
      .describe("This process's workers"),
  })
  .meta({ id: 'MaintenanceQueueStatus' });

const tags = ['maintenance'];

export function maintenanceRoutes(
  app: FastifyInstance,
  deps: { queue: MaintenanceQueue; narrative: Narrative; store: Store },
): void {
  const { queue, narrative, store } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/maintenance/trigger-analysis',
    {
      config: { scope: 'admin' },
      schema: {
        summary: "Analyse a session's turn (again)",
        tags,
        body: triggerAnalysisSchema,
        response: { 202: queuedSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
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
        throw new ApiError(
          409,
          `Turn ${number} is already analysed: send "force": true to analyse it again`,
          {
            code: 'turn_analysed',
          },
        );
      if (body.force) await store.sessions.clearTurnAnalysis(turn.id);
      const [taskId] = await queue.enqueue([
        { type: 'ANALYZE_TURN', data: { turnId: turn.id }, worldId: session.worldId, sessionId: session.id },
      ]);
      narrative.wake();
      return reply
        .code(202)
        .send({ object: 'maintenance.task', id: taskId!, type: 'ANALYZE_TURN', turn_id: turn.id });
    },
  );

  api.post(
    '/maintenance/trigger-simulation',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Simulate a world now',
        tags,
        body: triggerSimulationSchema,
        response: { 202: queuedSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
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
        .send({ object: 'maintenance.task', id: taskId!, type: 'SIMULATE_WORLD', world_id: world.id });
    },
  );

  api.get(
    '/maintenance/queue-status',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'The queue: counts by state and type, oldest pending age, throughput, failures',
        tags,
        response: { 200: queueStatusSchema },
      },
    },
    async () => {
      const status = await queue.status();
      return {
        object: 'maintenance.queue_status' as const,
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
    },
  );

  api.get(
    '/maintenance/dead-letters',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Dead-lettered tasks with their error and raw model output',
        tags,
        querystring: deadLetterQuery,
        response: { 200: z.object({ object: z.literal('list'), data: z.array(deadLetterSchema) }) },
      },
    },
    async (request) => {
      const query = request.query;
      const dead = await queue.deadLetters({ limit: query.limit, ...(query.type && { type: query.type }) });
      return {
        object: 'list' as const,
        data: dead.map((task) => ({
          ...taskView({ ...task, state: 'failed' }),
          raw_output: task.rawOutput,
          failed_at: task.failedAt,
        })),
      };
    },
  );

  api.post(
    '/maintenance/dead-letters/:id/retry',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Run a dead-lettered task again',
        tags,
        params: taskParams,
        response: {
          200: z.object({
            object: z.literal('maintenance.task'),
            id: z.string(),
            type: z.enum(TASK_TYPES),
            state: z.literal('pending'),
          }),
        },
      },
    },
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
      return { object: 'maintenance.task' as const, id: task.id, type: task.type, state: 'pending' as const };
    },
  );

  api.get(
    '/maintenance/tasks/:id',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'One task: its state, attempts and error',
        tags,
        params: taskParams,
        response: { 200: taskSchema },
      },
    },
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
    object: 'maintenance.task' as const,
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

/**
 * POST /llm/batch      {items: [generation, …], metadata?}  → 202, the batch queued
 * GET  /llm/batch/{id}                                      → its progress and each item's result or error
 *
 * A batch runs in the background at LOW priority, a few items at a time (`llm.batch.concurrency`), as a
 * task of the maintenance queue: it survives a restart. `batch.completed` is published when it ends.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Settings } from '../../config/index.js';
import type { Batches, BatchReport, DescribeError, RunItem } from '../../jobs/batch.js';
import { generate } from '../../prompts/generate.js';
import type { PromptDeps } from '../../prompts/index.js';
import { ApiError, type ErrorBody } from '../errors.js';
import { errorSchema } from '../openapi.js';
import { boundedObject } from './bounded.js';
import {
  generateRequestOf,
  generationError,
  generationItemSchema,
  generationSchema,
  generationView,
} from './llm-generation.js';

/** How a batch item is generated: as POST /llm/generate would, at LOW priority. */
export function batchItemRunner(prompts: PromptDeps): RunItem {
  return async (request, context) => {
    const item = generationItemSchema.parse(request);
    const result = await generate(prompts, { ...generateRequestOf(item, context.apiKeyId), priority: 'low' });
    return { result: generationView(result), callId: result.callId };
  };
}

/** An item's error as stored: the API's error fields. */
export const describeBatchError: DescribeError = (error) => generationError(error).body().error;

export function batchRoutes(app: FastifyInstance, deps: { batches: Batches; settings: Settings }): void {
  const max = deps.settings.llm.batch.max_items;
  const bodySchema = z
    .object({
      items: z.array(generationItemSchema).min(1).max(max, `a batch carries at most ${max} items`),
      metadata: boundedObject({ depth: 8, size: 16_000 }, "The batch's own data, given back").optional(),
    })
    .strict();

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/llm/batch',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Queue a batch of generations, run in the background at LOW priority',
        tags: ['llm'],
        body: bodySchema,
        response: { 202: batchSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const batch = await deps.batches.submit(body.items, {
        apiKeyId: request.apiKeyId ?? null,
        metadata: body.metadata ?? {},
      });
      const report = await deps.batches.report(batch.id);
      return reply.code(202).send(batchView(report as BatchReport));
    },
  );

  api.get(
    '/llm/batch/:id',
    {
      config: { scope: 'read' },
      schema: {
        summary: "A batch's progress and each item's result or error",
        tags: ['llm'],
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: batchSchema },
      },
    },
    async (request) => {
      const report = await deps.batches.report(request.params.id);
      if (!report)
        throw new ApiError(404, `No batch with id ${JSON.stringify(request.params.id.slice(0, 100))}`, {
          type: 'not_found_error',
          param: 'id',
          code: 'batch_not_found',
        });
      return batchView(report);
    },
  );
}

/** A batch: its progress and each item's result (as POST /llm/generate answers) or error. */
const batchSchema = z
  .object({
    object: z.literal('llm.batch'),
    id: z.string(),
    status: z.enum(['queued', 'running', 'completed']),
    progress: z.object({
      total: z.number(),
      done: z.number(),
      succeeded: z.number(),
      failed: z.number(),
      pending: z.number(),
    }),
    metadata: z.record(z.string(), z.unknown()),
    created_at: z.string(),
    finished_at: z.string().nullable(),
    items: z.array(
      z.object({
        index: z.number(),
        status: z.enum(['pending', 'succeeded', 'failed']),
        call_id: z.string().nullable(),
        result: generationSchema.nullable(),
        error: errorSchema.shape.error.nullable(),
      }),
    ),
  })
  .meta({ id: 'LlmBatch' });

function batchView(report: BatchReport) {
  const { batch, progress } = report;
  return {
    object: 'llm.batch' as const,
    id: batch.id,
    status: batch.status,
    progress: {
      total: progress.total,
      done: progress.succeeded + progress.failed,
      succeeded: progress.succeeded,
      failed: progress.failed,
      pending: progress.pending,
    },
    metadata: batch.metadata,
    created_at: batch.createdAt,
    finished_at: batch.finishedAt,
    items: report.items.map((item) => ({
      index: item.index,
      status: item.status,
      call_id: item.callId,
      // Stored as generationView and the API error's fields wrote them.
      result: item.result as z.infer<typeof generationSchema> | null,
      error: item.error as ErrorBody['error'] | null,
    })),
  };
}

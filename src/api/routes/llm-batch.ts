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
import { ApiError } from '../errors.js';
import {
  generateRequestOf,
  generationError,
  generationItemSchema,
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
      metadata: z.record(z.string(), z.unknown()).optional(),
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
        params: z.object({ id: z.string().max(100) }),
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

function batchView(report: BatchReport) {
  const { batch, progress } = report;
  return {
    object: 'llm.batch',
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
      result: item.result,
      error: item.error,
    })),
  };
}

/**
 * The prompt API: versioned templates, previews, runs, feedback and A/B stats, and the context builder.
 *
 *   GET  /llm/prompts                    every prompt with its active version
 *   POST /llm/prompts                    a new version of a prompt (creating it), checked, active unless
 *                                        `activate: false`
 *   GET  /llm/prompts/:id                the prompt (by id or name) with every version
 *   POST /llm/prompts/:id/activate       make a version the active one
 *   POST /llm/prompts/:id/render         preview: the messages a call would send (no model call)
 *   POST /llm/prompts/:id/complete       render and call the model; the call log records the version
 *   GET  /llm/prompts/:id/stats          calls and feedback per version, provider variant and A/B arm
 *   POST /llm/feedback                   a rating (1-5) or thumbs (up = 5, down = 1) on a call
 *
 * Schema-first: each route's zod schemas (prompt-schemas.ts) validate the request, a failure being a
 * 400 naming the field, and with the response schemas write the OpenAPI document. Each route calls one
 * function of the prompt service (src/prompts/service.ts) and shapes its answer.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CallNotFoundError,
  PromptNotFoundError,
  type PromptService,
  TemplateError,
  VersionNotFoundError,
} from '../../prompts/index.js';
import { abortOnClose } from '../call-options.js';
import { ApiError } from '../errors.js';
import {
  activateBodySchema,
  completeBodySchema,
  createPromptBodySchema,
  feedbackBodySchema,
  feedbackSchema,
  promptCompletionSchema,
  promptParams,
  promptRenderSchema,
  promptSchema,
  promptStatsSchema,
  promptVersionSchema,
  renderBodySchema,
} from './prompt-schemas.js';
import { promptView, versionView } from './prompt-views.js';

/** Maps the prompt layer's errors onto the API's. */
export function apiErrorOf(error: unknown): unknown {
  if (error instanceof TemplateError) return new ApiError(400, error.message, { code: error.code });
  if (error instanceof PromptNotFoundError)
    return new ApiError(404, error.message, { param: 'id', code: 'prompt_not_found' });
  if (error instanceof VersionNotFoundError)
    return new ApiError(404, error.message, { param: 'version', code: 'version_not_found' });
  if (error instanceof CallNotFoundError)
    return new ApiError(404, error.message, { param: 'call_id', code: 'call_not_found' });
  if (error instanceof Error && /has no A\/B arm/.test(error.message))
    return new ApiError(400, error.message, { param: 'arm', code: 'arm_not_found' });
  return error;
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw apiErrorOf(error);
  }
}

/** Registers the prompt routes on the prompt service (which app.ts opens, and closes with the app). */
export function promptRoutes(app: FastifyInstance, prompts: PromptService): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['prompts'];

  api.get(
    '/llm/prompts',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Every prompt with its active version',
        tags,
        response: { 200: z.object({ object: z.literal('list'), data: z.array(promptSchema) }) },
      },
    },
    async () => {
      const list = await prompts.list();
      return { object: 'list' as const, data: list.map((prompt) => promptView(prompt)) };
    },
  );

  api.post(
    '/llm/prompts',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'A new version of a prompt (creating it), checked; active unless activate is false',
        tags,
        body: createPromptBodySchema,
        response: { 201: promptSchema.extend({ version: promptVersionSchema }) },
      },
    },
    async (request, reply) => {
      const { activate, ...definition } = request.body;
      const { prompt, version } = await mapped(() =>
        prompts.create(definition, { createdBy: 'api', activate }),
      );
      return reply.code(201).send({ ...promptView(prompt), version: versionView(version, prompt) });
    },
  );

  api.get(
    '/llm/prompts/:id',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'A prompt (by id or name) with every version',
        tags,
        params: promptParams,
        response: { 200: promptSchema.extend({ versions: z.array(promptVersionSchema) }) },
      },
    },
    async (request) =>
      mapped(async () => {
        const { prompt, versions } = await prompts.withVersions(request.params.id);
        return { ...promptView(prompt), versions: versions.map((version) => versionView(version, prompt)) };
      }),
  );

  api.post(
    '/llm/prompts/:id/activate',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Make a version the active one',
        tags,
        params: promptParams,
        body: activateBodySchema,
        response: { 200: promptSchema },
      },
    },
    async (request) =>
      mapped(async () => promptView(await prompts.activate(request.params.id, request.body.version))),
  );

  api.post(
    '/llm/prompts/:id/render',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Preview: the messages a call would send (no model call)',
        tags,
        params: promptParams,
        body: renderBodySchema,
        response: { 200: promptRenderSchema },
      },
    },
    async (request) => {
      const body = request.body;
      return mapped(async () => {
        const prepared = await prompts.render(request.params.id, {
          variables: body.variables,
          sample: body.sample,
          version: body.version,
          model: body.model,
          sessionId: body.session_id,
          arm: body.arm,
          environment: body.environment,
          budgetTokens: body.budget_tokens,
        });
        return {
          object: 'prompt.render' as const,
          prompt: prepared.prompt.name,
          version: prepared.prompt.version,
          model: prepared.model,
          provider: prepared.provider.name,
          ...prepared.rendered.selection,
          messages: prepared.rendered.messages,
          temperature: prepared.rendered.temperature ?? null,
          max_tokens: prepared.rendered.maxTokens ?? null,
          json_schema: prepared.rendered.jsonSchema ?? null,
          ...(prepared.context && { context: prepared.context }),
        };
      });
    },
  );

  api.post(
    '/llm/prompts/:id/complete',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Render and call the model; the call log records the version',
        tags,
        params: promptParams,
        body: completeBodySchema,
        response: { 200: promptCompletionSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      return mapped(async () => {
        const run = await prompts.complete(request.params.id, {
          variables: body.variables,
          sample: body.sample,
          version: body.version,
          model: body.model,
          sessionId: body.session_id,
          budgetTokens: body.budget_tokens,
          signal: abortOnClose(reply),
          client: true,
          ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
        });
        return {
          object: 'prompt.completion' as const,
          call_id: run.callId,
          prompt: run.prompt.name,
          version: run.prompt.version,
          ...run.rendered.selection,
          provider: run.result.provider,
          model: run.result.model,
          text: run.result.text,
          ...(run.rendered.jsonSchema && { json: run.json ?? null }),
          usage: {
            prompt_tokens: run.result.usage.inputTokens,
            completion_tokens: run.result.usage.outputTokens,
            total_tokens: run.result.usage.totalTokens,
          },
          ...(run.context && { context: run.context }),
        };
      });
    },
  );

  api.get(
    '/llm/prompts/:id/stats',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Calls and feedback per version, provider variant and A/B arm',
        tags,
        params: promptParams,
        response: { 200: promptStatsSchema },
      },
    },
    async (request) =>
      mapped(async () => {
        const { prompt, rows } = await prompts.stats(request.params.id);
        return {
          object: 'prompt.stats' as const,
          prompt: prompt.name,
          id: prompt.id,
          active_version: prompt.activeVersion,
          data: rows.map((row) => ({
            version: row.version,
            variant: row.variant,
            arm: row.arm,
            calls: row.calls,
            errors: row.errors,
            feedback: row.feedback,
            mean_rating: row.meanRating === null ? null : Math.round(row.meanRating * 1000) / 1000,
            positive: row.positive,
            negative: row.negative,
          })),
        };
      }),
  );

  api.post(
    '/llm/feedback',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'A rating (1-5) or thumbs (up = 5, down = 1) on a call, by its call id',
        tags: ['feedback'],
        body: feedbackBodySchema,
        response: { 201: feedbackSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { feedback, call, rating } = await mapped(() =>
        prompts.addFeedback({
          callId: body.call_id,
          rating: body.rating,
          thumbs: body.thumbs,
          comment: body.comment,
        }),
      );
      return reply.code(201).send({
        object: 'feedback' as const,
        id: feedback.id,
        call_id: call.id,
        rating,
        ...(body.thumbs && { thumbs: body.thumbs }),
        prompt:
          call.prompt_id === null
            ? null
            : {
                id: call.prompt_id,
                version: call.prompt_version,
                variant: call.prompt_variant,
                arm: call.prompt_arm,
              },
        created_at: feedback.createdAt,
      });
    },
  );
}

/**
 * GET /v1/models and GET /v1/models/{id}: every name a client may send as `model`. One answer serves
 * both SDKs: OpenAI's fields (`object`, `created`, `owned_by`) beside Anthropic's (`type`,
 * `display_name`, `created_at`, and the page's `has_more`, `first_id`, `last_id`), each ignoring the
 * other's. Anthropic's paging (`limit`, `after_id`, `before_id`) is honoured when sent; without it
 * the whole list comes back, as OpenAI clients expect.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Gateway } from '../../gateway/index.js';
import { ApiError } from '../errors.js';

const modelSchema = z
  .object({
    id: z.string(),
    object: z.literal('model'),
    created: z.number().int(),
    owned_by: z.string(),
    type: z.literal('model').describe("Anthropic's field: what `object` says"),
    display_name: z.string().describe("Anthropic's field: the name, as it is sent as `model`"),
    created_at: z.string().describe("Anthropic's field: `created` as an RFC 3339 time"),
  })
  .meta({ id: 'Model' });

const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('Anthropic paging: at most this many models (all of them when left out)'),
  after_id: z.string().optional().describe('Anthropic paging: the models after this one'),
  before_id: z.string().optional().describe('Anthropic paging: the models before this one'),
});

export function modelsRoute(app: FastifyInstance, gateway: Gateway): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const created = Math.floor(Date.now() / 1000);
  const createdAt = new Date(created * 1000).toISOString();
  const toModel = (model: { id: string; ownedBy: string }) => ({
    id: model.id,
    object: 'model' as const,
    created,
    owned_by: model.ownedBy,
    type: 'model' as const,
    display_name: model.id,
    created_at: createdAt,
  });

  api.get(
    '/v1/models',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Every name accepted as `model`: roles, providers, provider/model, model ids',
        querystring: pageQuery,
        response: {
          200: z.object({
            object: z.literal('list'),
            data: z.array(modelSchema),
            has_more: z.boolean(),
            first_id: z.string().nullable(),
            last_id: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const page = pageOf(gateway.models().map(toModel), request.query);
      return {
        object: 'list' as const,
        data: page.data,
        has_more: page.hasMore,
        first_id: page.data[0]?.id ?? null,
        last_id: page.data.at(-1)?.id ?? null,
      };
    },
  );

  api.get(
    '/v1/models/*',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'One model name (it may hold slashes: openai/gpt-4o-mini)',
        params: z.object({ '*': z.string() }),
        response: { 200: modelSchema },
      },
    },
    async (request) => {
      const id = request.params['*'];
      const model = gateway.models().find((candidate) => candidate.id === id);
      if (!model)
        throw new ApiError(404, `The model "${id}" does not exist`, {
          param: 'model',
          code: 'model_not_found',
        });
      return toModel(model);
    },
  );
}

/**
 * One page of the list, as Anthropic pages it: after `after_id` (or the last `limit` before
 * `before_id`), at most `limit`. An id that is not in the list is a 400 naming it, not an empty page.
 */
function pageOf<T extends { id: string }>(
  models: T[],
  query: z.infer<typeof pageQuery>,
): { data: T[]; hasMore: boolean } {
  const position = (param: 'after_id' | 'before_id', id: string) => {
    const index = models.findIndex((model) => model.id === id);
    if (index < 0)
      throw new ApiError(400, `Invalid request: ${param}: no model "${id}" in the list`, { param });
    return index;
  };
  if (query.after_id !== undefined && query.before_id !== undefined)
    throw new ApiError(400, 'Invalid request: before_id: send after_id or before_id, not both', {
      param: 'before_id',
    });
  const limit = query.limit ?? models.length;
  if (query.before_id !== undefined) {
    const end = position('before_id', query.before_id);
    const start = Math.max(0, end - limit);
    return { data: models.slice(start, end), hasMore: start > 0 };
  }
  const start = query.after_id === undefined ? 0 : position('after_id', query.after_id) + 1;
  return { data: models.slice(start, start + limit), hasMore: start + limit < models.length };
}

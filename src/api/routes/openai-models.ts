/** GET /v1/models and GET /v1/models/{id}: every name a client may send as `model`. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Gateway } from '../../gateway/index.js';
import { ApiError } from '../errors.js';

const modelSchema = z
  .object({ id: z.string(), object: z.literal('model'), created: z.number().int(), owned_by: z.string() })
  .meta({ id: 'Model' });

export function modelsRoute(app: FastifyInstance, gateway: Gateway): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const created = Math.floor(Date.now() / 1000);
  const toModel = (model: { id: string; ownedBy: string }) => ({
    id: model.id,
    object: 'model' as const,
    created,
    owned_by: model.ownedBy,
  });

  api.get(
    '/v1/models',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Every name accepted as `model`: roles, providers, provider/model, model ids',
        response: { 200: z.object({ object: z.literal('list'), data: z.array(modelSchema) }) },
      },
    },
    async () => ({ object: 'list' as const, data: gateway.models().map(toModel) }),
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

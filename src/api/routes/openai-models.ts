/** GET /v1/models and GET /v1/models/{id}: every name a client may send as `model`. */
import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../../gateway/index.js';
import { ApiError } from '../errors.js';

export function modelsRoute(app: FastifyInstance, gateway: Gateway): void {
  const created = Math.floor(Date.now() / 1000);
  const toModel = (model: { id: string; ownedBy: string }) => ({
    id: model.id,
    object: 'model',
    created,
    owned_by: model.ownedBy,
  });

  app.get('/v1/models', { config: { scope: 'read' } }, async () => ({
    object: 'list',
    data: gateway.models().map(toModel),
  }));

  app.get<{ Params: { '*': string } }>('/v1/models/*', { config: { scope: 'read' } }, async (request) => {
    const id = request.params['*'];
    const model = gateway.models().find((candidate) => candidate.id === id);
    if (!model)
      throw new ApiError(404, `The model "${id}" does not exist`, {
        param: 'model',
        code: 'model_not_found',
      });
    return toModel(model);
  });
}

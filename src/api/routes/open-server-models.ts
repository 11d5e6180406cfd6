/**
 * The model endpoints of the open servers that SillyTavern's Text Completion types ask when they
 * connect: TabbyAPI's GET /v1/model/list (its connection check) and GET /v1/model (the loaded model),
 * and text-generation-webui's GET /v1/internal/model/info (whose answer tells SillyTavern the server
 * counts tokens, so it uses /v1/internal/encode). The list is /v1/models'; the "loaded" model is the
 * `generation` role, which a request without a model gets.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Gateway } from '../../gateway/index.js';

/** What a request without a model is answered by (/v1/completions, /completion). */
const DEFAULT_MODEL = 'generation';

const modelCardSchema = z.object({
  id: z.string(),
  object: z.literal('model'),
  created: z.number().int(),
  owned_by: z.string(),
});

export function openServerModelRoutes(app: FastifyInstance, gateway: Gateway): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const created = Math.floor(Date.now() / 1000);
  const card = (model: { id: string; ownedBy: string }) => ({
    id: model.id,
    object: 'model' as const,
    created,
    owned_by: model.ownedBy,
  });

  api.get(
    '/v1/model/list',
    {
      config: { scope: 'read' },
      schema: {
        summary: "TabbyAPI's model list: every name accepted as `model`, as /v1/models",
        response: { 200: z.object({ object: z.literal('list'), data: z.array(modelCardSchema) }) },
      },
    },
    async () => ({ object: 'list' as const, data: gateway.models().map(card) }),
  );

  api.get(
    '/v1/model',
    {
      config: { scope: 'read' },
      schema: {
        summary: "TabbyAPI's loaded model: the generation role, which answers a request without a model",
        response: { 200: modelCardSchema },
      },
    },
    async () => card(defaultModel(gateway)),
  );

  api.get(
    '/v1/internal/model/info',
    {
      config: { scope: 'read' },
      schema: {
        summary: "text-generation-webui's loaded model: the generation role",
        response: { 200: z.object({ model_name: z.string(), lora_names: z.array(z.string()) }) },
      },
    },
    async () => ({ model_name: defaultModel(gateway).id, lora_names: [] }),
  );
}

function defaultModel(gateway: Gateway): { id: string; ownedBy: string } {
  return (
    gateway.models().find((model) => model.id === DEFAULT_MODEL) ?? {
      id: DEFAULT_MODEL,
      ownedBy: 'loremaster',
    }
  );
}

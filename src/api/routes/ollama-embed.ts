/**
 * Ollama's embeddings: POST /api/embed (one text or many, `embeddings`) and the older
 * POST /api/embeddings (one `prompt`, one `embedding`). Model `embedding` gives the vectors world
 * memory stores, exactly as on /v1/embeddings (the same step embeds both).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { modelName } from './ollama-convert.js';
import { ollamaEmbeddingsRequestSchema, ollamaEmbedRequestSchema } from './ollama-schemas.js';
import { type EmbeddingsDeps, embedInputs } from './openai-embeddings.js';

export function ollamaEmbedRoutes(app: FastifyInstance, deps: EmbeddingsDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/api/embed',
    {
      config: { scope: 'game' },
      schema: {
        summary: "Ollama's embeddings; model `embedding` gives the vectors world memory stores",
        body: ollamaEmbedRequestSchema,
        response: {
          200: z.object({
            model: z.string(),
            embeddings: z.array(z.array(z.number())),
            total_duration: z.number().int(),
            load_duration: z.number().int(),
            prompt_eval_count: z.number().int(),
          }),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const started = performance.now();
      const input = typeof body.input === 'string' ? [body.input] : body.input;
      const embedded = await embedInputs(deps, request, reply, modelName(body.model), input, body.dimensions);
      return {
        model: body.model,
        embeddings: embedded.vectors.map((vector) => Array.from(vector)),
        total_duration: Math.round((performance.now() - started) * 1e6),
        load_duration: 0,
        prompt_eval_count: embedded.tokens,
      };
    },
  );

  api.post(
    '/api/embeddings',
    {
      config: { scope: 'game' },
      schema: {
        summary: "Ollama's older embeddings route: one prompt, one vector",
        body: ollamaEmbeddingsRequestSchema,
        response: { 200: z.object({ embedding: z.array(z.number()) }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const embedded = await embedInputs(
        deps,
        request,
        reply,
        modelName(body.model),
        [body.prompt],
        undefined,
      );
      return { embedding: Array.from(embedded.vectors[0] ?? []) };
    },
  );
}

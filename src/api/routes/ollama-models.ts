/**
 * Ollama's model management, answered for a server that keeps no model files:
 *
 *   POST /api/pull                 a model Loremaster routes is already here: `success` (as Ollama answers
 *                                  the pull of a model it has), streamed as NDJSON unless `stream: false`;
 *                                  any other name is a 404. Tools and game mods that pull before they chat
 *                                  (`ollama.pull()`, an "ensure model" step) go on unchanged.
 *   POST /api/push, /api/create, /api/copy, DELETE /api/delete
 *                                  501: models are routed by Loremaster's config, not made or removed
 *                                  through this API.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Gateway } from '../../gateway/index.js';
import { ApiError } from '../errors.js';
import { routedModel } from './ollama-convert.js';
import { ollamaPullRequestSchema } from './ollama-schemas.js';

const NO_FILES =
  'Loremaster keeps no model files: its models are routed by its config (providers and roles), and /api/tags lists them';

const NOT_SERVED: { method: 'POST' | 'DELETE'; url: string; summary: string }[] = [
  {
    method: 'POST',
    url: '/api/push',
    summary: "Ollama's model push: not served (Loremaster keeps no model files)",
  },
  {
    method: 'POST',
    url: '/api/create',
    summary: "Ollama's model create: not served (models are routed by config)",
  },
  {
    method: 'POST',
    url: '/api/copy',
    summary: "Ollama's model copy: not served (models are routed by config)",
  },
  {
    method: 'DELETE',
    url: '/api/delete',
    summary: "Ollama's model delete: not served (models are routed by config)",
  },
];

export function ollamaModelRoutes(app: FastifyInstance, gateway: Gateway): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/api/pull',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'A model Loremaster routes is already here: `success`, as Ollama answers for a model it has',
        body: ollamaPullRequestSchema,
        response: {
          200: {
            description: 'The status, or with stream (the default) one status per line',
            content: {
              'application/json': { schema: z.object({ status: z.string() }) },
              'application/x-ndjson': { schema: z.object({ status: z.string() }) },
            },
          },
        },
      },
    },
    async (request, reply) => {
      routedModel(gateway, request.body, NO_FILES);
      if (request.body.stream === false) return { status: 'success' };
      return void streamPulled(reply);
    },
  );

  for (const route of NOT_SERVED)
    app.route({
      method: route.method,
      url: route.url,
      config: { scope: 'game' },
      schema: { summary: route.summary, response: { 501: z.object({ error: z.string() }) } },
      handler: async () => {
        throw new ApiError(501, `${route.url.slice('/api/'.length)} is not served: ${NO_FILES}`, {
          type: 'not_supported_error',
          code: 'not_supported',
        });
      },
    });
}

/** Ollama's streamed pull of a model it has: the manifest is checked, nothing to download. */
function streamPulled(reply: FastifyReply): FastifyReply {
  const lines = [{ status: 'pulling manifest' }, { status: 'success' }];
  return reply.type('application/x-ndjson').send(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
}

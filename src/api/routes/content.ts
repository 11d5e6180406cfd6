/**
 * The content API.
 *
 *   POST /content/{type}      generate a character, campaign, location, npc, quest, item or encounter:
 *                             JSON, SSE (`stream: true`), or a background job (`async: true` → 202)
 *   POST /content/validate    validate a document (quality, theme, D&D 5e rules)
 *   GET  /jobs/{id}           a background job: its state, and its result once done
 */
import type { FastifyInstance } from 'fastify';
import {
  CONTENT_TYPES,
  type Content,
  type ContentType,
  generateRequestSchemas,
  jobView,
  validateRequestSchema,
} from '../../content/index.js';
import { ApiError, parseBody } from '../errors.js';
import { SseWriter } from '../sse.js';

export function contentRoutes(app: FastifyInstance, content: Content): void {
  app.post('/content/validate', { config: { scope: 'game' } }, async (request) => {
    const body = parseBody(validateRequestSchema, request.body ?? {});
    const validated = await content.service.validate(body.type, body.content, {
      themeId: body.theme_id,
      worldId: body.world_id,
      campaignId: body.campaign_id,
      rules: body.rules,
    });
    return {
      object: 'content.validation',
      type: body.type,
      valid: validated.valid,
      findings: validated.findings,
      similarity: validated.similarity,
      theme: validated.theme ? { id: validated.theme.id, name: validated.theme.name } : null,
    };
  });

  app.post<{ Params: { type: string } }>(
    '/content/:type',
    { config: { scope: 'game' } },
    async (request, reply) => {
      const type = request.params.type as ContentType;
      if (!(CONTENT_TYPES as readonly string[]).includes(type))
        throw new ApiError(
          404,
          `No content type "${type.slice(0, 50)}"; use one of ${CONTENT_TYPES.join(', ')}`,
          {
            param: 'type',
            code: 'content_type_not_found',
          },
        );
      const body = parseBody(generateRequestSchemas[type], request.body ?? {});
      if (body.async) return reply.code(202).send(jobView(await content.jobs.enqueue(type, body)));
      if (!body.stream) return content.service.generate(type, body);
      reply.hijack();
      const sse = new SseWriter(reply.raw);
      const aborted = new AbortController();
      reply.raw.on('close', () => aborted.abort());
      try {
        const result = await content.service.generate(type, body, {
          signal: aborted.signal,
          onDelta: (text) => sse.data(JSON.stringify({ text }), 'delta'),
          onStatus: (status) => sse.data(JSON.stringify(status), 'status'),
        });
        await sse.data(JSON.stringify(result), 'content');
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode ?? 500;
        const message = status >= 500 ? 'The content could not be generated' : (error as Error).message;
        await sse.data(
          JSON.stringify({
            error: {
              type: status >= 500 ? 'server_error' : 'invalid_request_error',
              code: (error as { code?: string }).code ?? null,
              message,
            },
          }),
          'error',
        );
      }
      await sse.data('[DONE]');
      sse.end();
    },
  );

  app.get<{ Params: { id: string } }>('/jobs/:id', { config: { scope: 'read' } }, async (request) =>
    jobView(await content.jobs.get(request.params.id)),
  );
}

/**
 * The content API.
 *
 *   POST /content/{type}      generate a character, campaign, location, npc, quest, item or encounter:
 *                             JSON, SSE (`stream: true`), or a background job (`async: true` → 202)
 *   POST /content/validate    validate a document (quality, theme, D&D 5e rules)
 *   GET  /jobs/{id}           a background job: its state, and its result once done
 *
 * Schema-first: each content type is a route of its own (`POST /content/character` …), so its body
 * schema (the fields that type can honour) validates the request with a 400 naming the field, and its
 * answer is described with that type's document schema. `POST /content/{type}` catches the rest: an
 * unknown type is a 404 naming the known ones.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CONTENT_TYPES,
  type Content,
  type ContentType,
  generateRequestSchemas,
  jobView,
  validateRequestSchema,
} from '../../content/index.js';
import { CONTENT_SCHEMAS } from '../../content/schemas.js';
import { abortOnClose } from '../call-options.js';
import { ApiError } from '../errors.js';
import { errorSchema } from '../openapi.js';
import { SseWriter, streamOptions } from '../sse.js';
import { boundedObject } from './bounded.js';
import { apiErrorOf } from './prompts.js';
import { jsonOrStream, sseDone, sseEvent } from './stream-docs.js';

const validateBodySchema = validateRequestSchema.extend({
  content: boundedObject({ depth: 16, size: 200_000 }, 'The document to validate'),
});

const findingSchema = z.object({
  path: z.string().describe('A JSON path into the document'),
  severity: z.enum(['error', 'warning', 'info']),
  category: z.enum(['schema', 'quality', 'theme', 'rules']),
  code: z.string(),
  message: z.string(),
  hint: z.string(),
});
const themeRef = z.object({ id: z.string(), name: z.string() }).nullable();

const validationSchema = z
  .object({
    object: z.literal('content.validation'),
    type: z.enum(CONTENT_TYPES),
    valid: z.boolean(),
    findings: z.array(findingSchema),
    similarity: z.number().nullable().describe("Closeness to the theme's style, when a theme applies"),
    theme: themeRef,
  })
  .meta({ id: 'ContentValidation' });

/** A generated document of one type, its validation, and what produced it. */
function generatedSchema(type: ContentType) {
  return z.object({
    object: z.literal('content'),
    id: z.string(),
    type: z.literal(type),
    content: CONTENT_SCHEMAS[type],
    validation: z.object({
      valid: z.boolean(),
      findings: z.array(findingSchema),
      similarity: z.number().nullable(),
      repairs: z.array(z.object({ path: z.string(), action: z.string() })),
      attempts: z.number(),
    }),
    theme: themeRef,
    prompt: z.object({
      name: z.string(),
      version: z.number(),
      variant: z.string().nullable(),
      arm: z.string().nullable(),
    }),
    call_id: z.string().nullable(),
    provider: z.string(),
    model: z.string(),
    world_id: z.string().nullable(),
    entities: z
      .array(z.object({ id: z.string(), type: z.string(), name: z.string(), version: z.number() }))
      .describe('The entities saved in the world'),
  });
}

const jobSchema = z
  .object({
    object: z.literal('content.job'),
    id: z.string(),
    type: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    world_id: z.string().nullable(),
    attempts: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
    finished_at: z.string().nullable(),
    result: z.unknown().describe('Once succeeded: what the generation answers (content, or a picture)'),
    error: z.object({ type: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'ContentJob' });

/** An error event of a stream (after the first byte the status is sent). */
const streamErrorSchema = z.object({
  error: z.object({ type: z.string(), code: z.string().nullable(), message: z.string() }),
});

const tags = ['content'];

/** A prompt version number past any stored (PostgreSQL holds it in a 32-bit integer column). */
const MAX_VERSION = 1_000_000;

/** A type's request, its prompt version bounded (a version past the column's range was a 500). */
function bodyOf(type: ContentType) {
  return generateRequestSchemas[type].superRefine((body, context) => {
    if (body.version !== undefined && body.version > MAX_VERSION)
      context.addIssue({
        code: 'custom',
        path: ['version'],
        message: `expected a version of at most ${MAX_VERSION}`,
      });
  });
}

export function contentRoutes(app: FastifyInstance, content: Content): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/content/validate',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Validate a document: quality, theme and D&D 5e rules',
        tags,
        body: validateBodySchema,
        response: { 200: validationSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const validated = await content.service.validate(body.type, body.content, {
        themeId: body.theme_id,
        worldId: body.world_id,
        campaignId: body.campaign_id,
        rules: body.rules,
      });
      return {
        object: 'content.validation' as const,
        type: body.type,
        valid: validated.valid,
        findings: validated.findings,
        similarity: validated.similarity,
        theme: validated.theme ? { id: validated.theme.id, name: validated.theme.name } : null,
      };
    },
  );

  for (const type of CONTENT_TYPES) {
    const generated = generatedSchema(type).meta({
      id: `Generated${type[0]!.toUpperCase()}${type.slice(1)}`,
    });
    api.post(
      `/content/${type}`,
      {
        config: { scope: 'game' },
        schema: {
          summary: `Generate a ${type}: JSON, server-sent events (stream), or a background job (async)`,
          tags,
          body: bodyOf(type),
          response: {
            200: jsonOrStream(
              `The ${type}, or with stream: true its events (status, delta…, content, then [DONE]; error instead of content on failure)`,
              generated,
              [
                sseEvent('status', z.record(z.string(), z.unknown())),
                sseEvent('delta', z.object({ text: z.string() })),
                sseEvent('content', generated),
                sseEvent('error', streamErrorSchema),
                sseDone,
              ],
            ),
            202: jobSchema.describe('async: true: the job queued (see GET /jobs/{id})'),
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (body.async) return reply.code(202).send(jobView(await content.jobs.enqueue(type, body)));
        // The service's document is `unknown` to the compiler; it is the type's schema's output.
        if (!body.stream)
          try {
            return (await content.service.generate(type, body, {
              signal: abortOnClose(reply),
              client: true,
              ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
            })) as z.infer<typeof generated>;
          } catch (error) {
            // An unknown prompt version or A/B arm is the request's fault: 404 or 400 naming it.
            throw apiErrorOf(error);
          }
        reply.hijack();
        const sse = new SseWriter(reply.raw, {}, streamOptions(reply));
        const aborted = new AbortController();
        reply.raw.on('close', () => aborted.abort());
        try {
          const result = await content.service.generate(type, body, {
            signal: aborted.signal,
            client: true,
            ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
            onDelta: (text) => sse.data(JSON.stringify({ text }), 'delta'),
            onStatus: (status) => sse.data(JSON.stringify(status), 'status'),
          });
          await sse.data(JSON.stringify(result), 'content');
        } catch (thrown) {
          const mapped = apiErrorOf(thrown);
          const error =
            mapped instanceof ApiError
              ? { statusCode: mapped.status, code: mapped.code, message: mapped.message }
              : thrown;
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
  }

  api.post(
    '/content/:type',
    {
      config: { scope: 'game' },
      schema: {
        summary: `Any other content type: 404 content_type_not_found (the types: ${CONTENT_TYPES.join(', ')})`,
        tags,
        params: z.object({ type: z.string().max(100) }),
        // Every answer is an error: no success to describe.
        response: { 404: errorSchema.describe('Not a content type'), default: errorSchema },
      },
    },
    async (request) => {
      throw new ApiError(
        404,
        `No content type "${request.params.type.slice(0, 50)}"; use one of ${CONTENT_TYPES.join(', ')}`,
        { param: 'type', code: 'content_type_not_found' },
      );
    },
  );

  api.get(
    '/jobs/:id',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'A background job: its state, and its result once done',
        tags: ['jobs'],
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: jobSchema },
      },
    },
    async (request) => jobView(await content.jobs.get(request.params.id)),
  );
}

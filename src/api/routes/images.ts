/**
 * Pictures.
 *
 *   POST /v1/images/generations   OpenAI's Images API: `b64_json` or `url` answers, synchronously
 *   POST /content/images          a picture of an entity (portrait, heraldry, map) in its theme's art
 *                                 style, linked from the entity; a background job by default (202)
 *   GET  /images/{id}             a stored picture, by its id (the sha256 of its bytes)
 *
 * Schema-first: each route's zod schemas validate the request (a parameter Loremaster cannot honour is
 * a 400 naming it), type the handler and write the OpenAPI document.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type ContentJobs,
  entityImageRequestSchema,
  type ImageService,
  imageSizeSchema,
  jobView,
  parseSize,
} from '../../content/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { ApiError } from '../errors.js';

export interface ImageRouteDeps {
  images: ImageService;
  jobs: ContentJobs;
}

const generationRequestSchema = z
  .object({
    prompt: z.string({ error: 'expected a prompt (string)' }).trim().min(1, 'expected a prompt').max(4_000),
    /** An image provider, `provider/model`, a model a provider lists; default `images.provider`. */
    model: z.string().trim().min(1).max(200).optional(),
    n: z.number().int().min(1).max(10).default(1),
    size: z.union([imageSizeSchema, z.literal('auto')]).default('1024x1024'),
    quality: z.enum(['standard', 'hd', 'low', 'medium', 'high', 'auto']).optional(),
    style: z.enum(['vivid', 'natural']).optional(),
    response_format: z.enum(['url', 'b64_json']).default('url'),
    user: z.string().max(256).optional(),
    /** Loremaster's: the same seed and prompt draw the same picture where the provider can promise it. */
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    /** Loremaster's: what to keep out of the picture (GetImg, offline). */
    negative_prompt: z.string().trim().min(1).max(1_000).optional(),
  })
  .strict();

const imageListSchema = z
  .object({
    created: z.number().int(),
    data: z.array(
      z.object({
        b64_json: z.string().optional(),
        url: z.string().optional(),
        revised_prompt: z.string().optional(),
      }),
    ),
    provider: z.string(),
    model: z.string(),
    image_ids: z.array(z.string()),
  })
  .meta({ id: 'ImageList' });

const entityImageSchema = z
  .object({
    object: z.literal('content.image'),
    image: z.object({ id: z.string(), url: z.string(), content_type: z.string() }),
    entity: z.object({
      id: z.string(),
      world_id: z.string(),
      name: z.string(),
      type: z.string(),
      version: z.number().int(),
    }),
    kind: z.enum(['portrait', 'heraldry', 'map']),
    prompt: z.string(),
    provider: z.string(),
    model: z.string(),
    cost_usd: z.number(),
    cache: z.enum(['hit', 'miss', 'skip']),
    failed_over: z.array(z.string()),
  })
  .meta({ id: 'EntityImage' });

const jobSchema = z
  .object({
    object: z.literal('content.job'),
    id: z.string(),
    type: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    world_id: z.string().nullable(),
    attempts: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
    finished_at: z.string().nullable(),
    result: z.unknown(),
    error: z.object({ type: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'ContentJob' });

const idParams = z.object({ id: z.string().max(200) });

/** The server's own address as the client reached it, for absolute picture URLs. */
function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export function imageRoutes(app: FastifyInstance, deps: ImageRouteDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { images, jobs } = deps;

  api.post(
    '/v1/images/generations',
    {
      config: { scope: 'game' },
      schema: {
        summary: "OpenAI's image generation: b64_json or url (served at /images/{id})",
        body: generationRequestSchema,
        response: { 200: imageListSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const call = callOptionsFrom(request, abortOnClose(reply));
      // `auto` is the provider's choice; Loremaster's is a square 1024.
      const size = body.size === 'auto' ? { width: 1024, height: 1024 } : parseSize(body.size);
      const outcome = await images.generate({
        prompt: body.prompt,
        model: body.model,
        n: body.n,
        size,
        quality: body.quality,
        style: body.style,
        negativePrompt: body.negative_prompt,
        seed: body.seed,
        user: body.user,
        apiKeyId: call.apiKeyId,
        client: true,
        cache: call.cache,
        signal: call.signal,
      });
      const state = call.state!;
      state.cache = outcome.cache;
      state.failedOver = outcome.failedOver;
      state.callId = outcome.callId;
      reply.headers(callHeaders(outcome.provider, state));
      const base = origin(request);
      return {
        created: Math.floor(Date.now() / 1000),
        data: outcome.images.map((image) => ({
          ...(body.response_format === 'b64_json'
            ? { b64_json: image.bytes.toString('base64') }
            : { url: `${base}${image.url}` }),
          ...(image.revisedPrompt !== null && { revised_prompt: image.revisedPrompt }),
        })),
        provider: outcome.provider,
        model: outcome.model,
        image_ids: outcome.images.map((image) => image.id),
      };
    },
  );

  api.post(
    '/content/images',
    {
      config: { scope: 'game' },
      schema: {
        summary: "A picture of an entity in its theme's art style (a background job unless async is false)",
        body: entityImageRequestSchema,
        response: { 200: entityImageSchema, 202: jobSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!body.async)
        return images.forEntity(body, {
          signal: abortOnClose(reply),
          client: true,
          ...(request.apiKeyId !== undefined && { apiKeyId: request.apiKeyId }),
        });
      // Checked now, so a wrong id is a 404 here rather than a failed job later.
      const entity = await images.prepare(body);
      const job = await jobs.enqueueImage(body, entity.worldId);
      return reply.code(202).send(jobView(job));
    },
  );

  api.get(
    '/images/:id',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'A stored picture (PNG, JPEG, WebP or SVG), by its id',
        params: idParams,
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      if (!/^[0-9a-f]{64}$/.test(id))
        throw new ApiError(404, `Image ${id.slice(0, 80)} not found (an image id is 64 hex characters)`, {
          type: 'not_found_error',
          param: 'id',
          code: 'image_not_found',
        });
      const etag = `"${id}"`;
      // The id is the hash of the bytes: a picture never changes under its id.
      reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      const found = await images.get(id);
      return (
        reply
          .type(found.contentType)
          .header('content-length', found.bytes.length)
          .header('x-content-type-options', 'nosniff')
          // A picture is only ever a picture: nothing in it may run or load anything, even opened directly.
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
          .send(found.bytes)
      );
    },
  );
}

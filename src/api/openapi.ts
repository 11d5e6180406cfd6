/**
 * The OpenAPI 3.1 document (`GET /openapi.json`) and its interactive page (`GET /docs`), both written
 * from the routes' own zod schemas. Every route is in the document (none is hidden), with its scope
 * (`x-loremaster-scope`), the keys it accepts and its error answers. Swagger UI's files are served
 * from the `swagger-ui-dist` package (no CDN: the page works offline and behind a firewall).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import {
  createJsonSchemaTransform,
  jsonSchemaTransformObject,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isAnthropicRoute, isKoboldRoute, isOllamaRoute } from './errors.js';
import type { RouteScope } from './scopes.js';

const require = createRequire(import.meta.url);
const VERSION = (require('../../package.json') as { version: string }).version;

/** The error body of every route but Anthropic's (`{error: {message, type, param, code}}`). */
export const errorSchema = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string(),
      param: z.string().nullable().optional(),
      code: z.string().nullable().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The error body of `/v1/messages…`, Anthropic's. */
export const anthropicErrorSchema = z
  .object({ type: z.literal('error'), error: z.object({ type: z.string(), message: z.string() }) })
  .meta({ id: 'AnthropicError' });

/** The error body of `/api/…`, Ollama's. */
export const ollamaErrorSchema = z.object({ error: z.string() }).meta({ id: 'OllamaError' });

export const koboldErrorSchema = z
  .object({ detail: z.object({ msg: z.string(), type: z.string() }) })
  .meta({ id: 'KoboldError' });

const SCOPE_TEXT: Record<RouteScope, string> = {
  public: 'Scope: public (no API key needed).',
  read: 'Scope: read (any API key).',
  game: 'Scope: game (a game or admin key).',
  admin: 'Scope: admin (an admin key).',
};

/** `post /worlds/:id/turns` → `postWorldsIdTurns`: stable ids for client generators. */
function operationIdOf(method: string, url: string): string {
  const words = url
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1));
  return `${method.toLowerCase()}${words.join('') || 'Root'}${url.endsWith('*') ? 'Any' : ''}`;
}

type SwaggerDocument = Parameters<ReturnType<typeof createJsonSchemaTransform>>[0] & { route: RouteOptions };

const zodTransform = createJsonSchemaTransform({ skipList: [] });

/** One route's operation: its zod schemas as JSON Schema, plus scope, security and error answers. */
function describeRoute(document: SwaggerDocument) {
  const { route } = document;
  const scope = route.config?.scope ?? 'admin';
  const schema = (document.schema ?? {}) as FastifySchema & Record<string, unknown>;
  const errors = isAnthropicRoute(route.url)
    ? anthropicErrorSchema
    : isKoboldRoute(route.url)
      ? koboldErrorSchema
      : isOllamaRoute(route.url)
        ? ollamaErrorSchema
        : errorSchema;
  const method = Array.isArray(route.method) ? route.method[0]! : route.method;
  const websocket = Boolean((route as { wsHandler?: unknown }).wsHandler);
  const responses = (schema.response ?? {}) as Record<string, unknown>;
  const described = Object.keys(responses).some((status) => /^(2\d\d|2xx|default)$/i.test(status));
  const withErrors = {
    ...schema,
    response: {
      ...(!described && { '2xx': z.unknown().describe('Success (its body is not described yet)') }),
      ...responses,
      '4xx': errors,
      '5xx': errors,
    },
  };
  const transformed = zodTransform({ ...document, schema: withErrors } as SwaggerDocument);
  const description = [
    schema.description,
    websocket
      ? 'A WebSocket endpoint: connect with Upgrade: websocket (a plain GET answers 426).'
      : undefined,
    SCOPE_TEXT[scope],
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    url: transformed.url,
    schema: {
      ...transformed.schema,
      operationId: (schema.operationId as string | undefined) ?? operationIdOf(method, route.url),
      description,
      tags: (schema.tags as string[] | undefined) ?? [tagOf(route.url)],
      security: scope === 'public' ? [] : [{ bearer: [] }, { apiKey: [] }],
      'x-loremaster-scope': scope,
      ...(websocket && { 'x-loremaster-websocket': true }),
    },
  };
}

/** Operations are grouped by the first segment of their path (`/worlds/...` → worlds). */
function tagOf(url: string): string {
  const [first, second] = url.split('/').filter(Boolean);
  if (first === 'v1') return 'openai-compatible';
  if (first === 'llm' || first === 'ws') return second && !second.startsWith(':') ? second : first;
  return first ?? 'root';
}

/** Registers the document's collector. Must run before any route is registered. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Loremaster',
        version: VERSION,
        description:
          'The LLM server for games: OpenAI- and Anthropic-compatible endpoints, worlds that remember, ' +
          'events in and out. Send `Authorization: Bearer <key>` (or `x-api-key`); each operation names ' +
          'the scope its key needs (admin ⊃ game ⊃ read).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
    // Fastify answers HEAD on every GET route: those are routes too, and documented as such.
    exposeHeadRoutes: true,
    transform: describeRoute as never,
    transformObject: jsonSchemaTransformObject,
  });
}

/** The files of the docs page, served from the swagger-ui-dist package. */
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
} as const;
type Asset = keyof typeof ASSETS;

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Loremaster API</title>
<link rel="stylesheet" href="/docs/static/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/static/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/static/swagger-ui-bundle.js"></script>
<script src="/docs/static/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
</script>
</body>
</html>
`;

/** GET /openapi.json, GET /docs and the page's files. */
export function openApiRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const assetDir = dirname(require.resolve('swagger-ui-dist/package.json'));
  const assets = new Map<Asset, Promise<Buffer>>();
  let document: string | undefined;

  api.get(
    '/openapi.json',
    {
      config: { scope: 'public' },
      schema: {
        summary: 'This OpenAPI 3.1 document',
        tags: ['docs'],
        response: { 200: z.object({ openapi: z.string() }).loose() },
      },
    },
    async (_request, reply) => {
      // The routes are fixed once the server is ready: the document is written once.
      document ??= JSON.stringify(app.swagger());
      // Sent as the text it already is (the typed reply expects the object).
      return reply.type('application/json; charset=utf-8').send(document as never);
    },
  );

  api.get(
    '/docs',
    {
      config: { scope: 'public' },
      schema: {
        summary: 'The API explorer (Swagger UI over /openapi.json)',
        tags: ['docs'],
        response: { 200: { content: { 'text/html': { schema: z.string() } } } },
      },
    },
    async (_request, reply) => reply.type('text/html; charset=utf-8').send(DOCS_PAGE),
  );

  api.get(
    '/docs/static/:file',
    {
      config: { scope: 'public' },
      schema: {
        summary: "The API explorer's files",
        tags: ['docs'],
        params: z.object({ file: z.enum(Object.keys(ASSETS) as [Asset, ...Asset[]]) }),
        response: {
          200: {
            content: Object.fromEntries(
              [...new Set(Object.values(ASSETS))].map((type) => [type, { schema: z.string() }]),
            ),
          },
        },
      },
    },
    async (request, reply) => {
      const file = request.params.file;
      let content = assets.get(file);
      if (!content) {
        content = readFile(join(assetDir, file));
        assets.set(file, content);
      }
      return reply
        .type(ASSETS[file])
        .header('cache-control', 'public, max-age=86400')
        .send((await content) as never);
    },
  );
}

/**
 * A query parameter a route does not take is refused with a 400 naming it, never ignored: a game that
 * sends `POST /worlds/{id}/entities?session_id=…` to a route without that parameter must learn that it
 * wrote canon, not a play-through. The names a route takes are read once, at registration, from its
 * querystring schema (none: it takes none); the check per request is a loop over the parameters sent.
 *
 * Left alone: the OpenAI and Anthropic wire routes under `/v1` (their SDKs add parameters of their own,
 * e.g. the Anthropic SDK's `?beta=true`), the WebSocket routes under `/ws` (their handshake reads and
 * refuses its own parameters with a close code), the documentation pages, and a schema with a catchall.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import { ApiError } from './errors.js';

const EXEMPT = /^\/(?:v1\/|ws\/|docs|openapi\.json)/;

export function refuseUnknownQueryParameters(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (EXEMPT.test(route.url)) return;
    const taken = namesOf(route.schema?.querystring);
    if (taken === undefined) return;
    const check: onRequestHookHandler = (request: FastifyRequest, _reply, done) => {
      const query = request.query as Record<string, unknown>;
      for (const name in query) {
        if (!taken.has(name)) {
          const takes = taken.size > 0 ? `it takes ${[...taken].join(', ')}` : 'it takes none';
          done(
            new ApiError(400, `Invalid request: ${name}: unknown query parameter (${takes})`, {
              param: name,
              code: 'invalid_request',
            }),
          );
          return;
        }
      }
      done();
    };
    const existing = route.onRequest;
    route.onRequest =
      existing === undefined ? [check] : [...(Array.isArray(existing) ? existing : [existing]), check];
  });
}

/**
 * The parameter names of a route's querystring schema: none without one; undefined (no check) when the
 * schema's names cannot be read (not a plain zod object), so an unusual schema is never over-refused.
 */
function namesOf(schema: unknown): Set<string> | undefined {
  if (schema === undefined || schema === null) return new Set();
  // A schema that takes names of its own making (`metadata.<key>`, a zod catchall) checks them itself.
  if ((schema as { _zod?: { def?: { catchall?: unknown } } })._zod?.def?.catchall !== undefined)
    return undefined;
  const shape = (schema as { shape?: unknown }).shape;
  if (shape && typeof shape === 'object') return new Set(Object.keys(shape));
  const properties = (schema as { properties?: unknown }).properties;
  if (properties && typeof properties === 'object') return new Set(Object.keys(properties));
  return undefined;
}

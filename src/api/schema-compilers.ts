/**
 * Route schemas are zod schemas (fastify-type-provider-zod types the handlers from them). The one
 * schema validates the request, types the handler and writes the OpenAPI document.
 *
 * Validation: a failure is the API's own 400, naming the first offending field (`invalidRequest`),
 * the same answer `parseBody` gives inside a handler.
 *
 * Serialization: response schemas document the answers (and the OpenAPI test validates recorded
 * answers against them); they are not checked again on every response. A zod encode of each answer
 * would cost the hot path (`/v1/chat/completions`, see bench/gateway.ts) a second validation of data
 * the server itself built, so answers are written with JSON.stringify, as without a schema.
 */
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { invalidRequest } from './errors.js';

/** Hand-written checks that stand in for a schema on a measured hot path (see `withFastPath`). */
const fastPaths = new WeakMap<z.ZodType, (data: unknown) => unknown>();

/**
 * Gives a route schema a hand-written check for its common case: what `quick` returns is taken as the
 * parsed value, and only what it declines (undefined) goes through the schema, which then gives every
 * error its exact message. `quick` must never accept what the schema refuses. The schema still types
 * the route and writes the document; only one of the two runs per request.
 */
export function withFastPath<T extends z.ZodType>(
  schema: T,
  quick: (data: unknown) => z.output<T> | undefined,
): T {
  fastPaths.set(schema, quick);
  return schema;
}

const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, method, url, httpPart }) => {
  if (!(schema instanceof z.ZodType))
    throw new Error(
      `${method} ${url}: the ${httpPart} schema must be a zod schema (src/api/schema-compilers.ts)`,
    );
  const zod = schema;
  // A request without a body is an empty object: the schema then names the field that is missing.
  const missing = httpPart === 'body' ? {} : undefined;
  const quick = fastPaths.get(zod);
  return (data: unknown) => {
    const value = quick?.(data);
    if (value !== undefined) return { value };
    const result = zod.safeParse(data ?? missing);
    return result.success ? { value: result.data } : { error: invalidRequest(result.error) };
  };
};

function serializerCompiler() {
  return (data: unknown) => JSON.stringify(data);
}

export function registerSchemaCompilers(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
}

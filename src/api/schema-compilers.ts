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

const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, method, url, httpPart }) => {
  if (!(schema instanceof z.ZodType))
    throw new Error(
      `${method} ${url}: the ${httpPart} schema must be a zod schema (src/api/schema-compilers.ts)`,
    );
  const zod = schema;
  // A request without a body is an empty object: the schema then names the field that is missing.
  const missing = httpPart === 'body' ? {} : undefined;
  return (data: unknown) => {
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

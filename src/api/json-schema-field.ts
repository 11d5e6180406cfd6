/**
 * A JSON Schema a client sends: a structured answer's, or a tool's parameters. It is compiled (ajv,
 * the same validator and cache that check the answers later) when the request is parsed, so a schema
 * that cannot be used is the client's mistake, a 400 naming it: not a model asked three times (each
 * ask a paid call) and then a 502, and not a tool call made up without its schema.
 */
import { type RefinementCtx, z } from 'zod';
import { schemaProblem } from '../providers/index.js';

/** A refinement: adds an issue when ajv cannot compile `schema` (a bad keyword value, a $ref to nowhere…). */
export function usableJsonSchema(schema: Record<string, unknown>, context: RefinementCtx): void {
  const problem = schemaProblem(schema);
  if (problem !== undefined)
    context.addIssue({ code: 'custom', message: `not a usable JSON Schema: ${problem}` });
}

/** A JSON Schema field: an object that can be used as a schema. */
export const jsonSchemaObject = z.record(z.string(), z.unknown()).superRefine(usableJsonSchema);

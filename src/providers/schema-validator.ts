/**
 * JSON Schema validation (ajv) for answers and tool arguments. A schema is compiled once and kept
 * (bounded LRU keyed by its JSON), since the same schema comes back on every call of a game's loop.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { LRUCache } from 'lru-cache';
import type { JsonSchema } from '../vocabulary/index.js';

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
const compiled = new LRUCache<string, ValidateFunction | Error>({ max: 256 });

export type SchemaCheck = { ok: true } | { ok: false; error: string };

/** Checks `value` against `schema`; a schema ajv cannot compile counts as a failure naming why. */
export function checkAgainstSchema(schema: JsonSchema, value: unknown): SchemaCheck {
  const validate = compile(schema);
  if (validate instanceof Error) return { ok: false, error: `the schema is not usable: ${validate.message}` };
  if (validate(value)) return { ok: true };
  const first = validate.errors?.[0];
  const at = first?.instancePath ? first.instancePath : '(root)';
  return { ok: false, error: `${at} ${first?.message ?? 'does not match the schema'}` };
}

/**
 * Why ajv cannot use `schema` (an unknown type, a keyword with a value of the wrong kind, a $ref to
 * nowhere), or undefined when it can. The compiled schema is kept for the answers' checks.
 */
export function schemaProblem(schema: JsonSchema): string | undefined {
  const validate = compile(schema);
  return validate instanceof Error ? validate.message : undefined;
}

/** Parses `text` as JSON and checks it: the answer to a JSON-schema call. */
export function checkJsonText(schema: JsonSchema | undefined, text: string): SchemaCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  if (schema === undefined) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { ok: true }
      : { ok: false, error: 'not a JSON object' };
  }
  return checkAgainstSchema(schema, value);
}

function compile(schema: JsonSchema): ValidateFunction | Error {
  const key = JSON.stringify(schema);
  let entry = compiled.get(key);
  if (entry === undefined) {
    try {
      // $schema names a draft ajv may not have loaded; the keywords are what count.
      const { $schema: _ignored, ...rest } = schema;
      entry = ajv.compile(rest);
    } catch (error) {
      entry = error instanceof Error ? error : new Error(String(error));
    }
    compiled.set(key, entry);
  }
  return entry;
}

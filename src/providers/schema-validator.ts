/**
 * JSON Schema validation (ajv) for answers and tool arguments. A schema is compiled once and kept
 * (bounded LRU keyed by its JSON), since the same schema comes back on every call of a game's loop.
 *
 * Clients write their schemas in two drafts that read tuples differently: draft-07 (`items: [...]`
 * and `additionalItems`, as zod-to-json-schema writes them) and 2020-12 (`prefixItems` and `items`,
 * as pydantic and zod 4 write them). Read with the wrong one, a tuple cannot be satisfied
 * (`{prefixItems: [...], items: false}` read as draft-07 forbids every item), so a schema is read as
 * the draft its `$schema` names (draft-04 too), else as 2020-12 when it uses a keyword only 2019-09 and
 * 2020-12 have, else as draft-07.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
// A CommonJS module whose class is both the module and its `default`: `.default` types and runs.
import ajvDraft04 from 'ajv-draft-04';
import { LRUCache } from 'lru-cache';
import type { JsonSchema } from '../vocabulary/index.js';

type Validator = Pick<Ajv, 'compile'>;
const OPTIONS = { strict: false, allErrors: false, validateFormats: false } as const;
const draft07 = new Ajv(OPTIONS);
// Made when a schema first needs them: each loads its meta-schemas.
let draft04: Validator | undefined;
let draft2019: Validator | undefined;
let draft2020: Validator | undefined;
const compiled = new LRUCache<string, ValidateFunction | Error>({ max: 256 });

/** Keywords that only 2019-09 and 2020-12 have (`$defs` is read by draft-07 too). */
const NEWER_KEYWORDS = new Set([
  'prefixItems',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
  'minContains',
  'maxContains',
  '$dynamicRef',
  '$dynamicAnchor',
]);
/** Keywords whose value maps names to schemas: their keys are names, not keywords. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is data, not schemas. */
const DATA = new Set(['enum', 'const', 'default', 'examples', 'required']);

function usesNewerKeyword(node: unknown, depth = 0): boolean {
  if (typeof node !== 'object' || node === null || depth > 100) return false;
  if (Array.isArray(node)) return node.some((item) => usesNewerKeyword(item, depth + 1));
  for (const [key, value] of Object.entries(node)) {
    if (NEWER_KEYWORDS.has(key)) return true;
    if (DATA.has(key) || typeof value !== 'object' || value === null) continue;
    const schemas = SCHEMA_MAPS.has(key) && !Array.isArray(value) ? Object.values(value) : [value];
    if (schemas.some((schema) => usesNewerKeyword(schema, depth + 1))) return true;
  }
  return false;
}

function validatorFor(schema: JsonSchema): Validator {
  const declared = typeof schema.$schema === 'string' ? schema.$schema : '';
  // Draft-04 (still the default of some generators, NJsonSchema's among them): boolean exclusive bounds.
  if (declared.includes('draft-04')) {
    draft04 ??= new ajvDraft04.default(OPTIONS);
    return draft04;
  }
  if (declared.includes('2019-09')) {
    draft2019 ??= new Ajv2019(OPTIONS);
    return draft2019;
  }
  if (declared.includes('2020-12') || (!/draft-0\d/.test(declared) && usesNewerKeyword(schema))) {
    draft2020 ??= new Ajv2020(OPTIONS);
    return draft2020;
  }
  return draft07;
}

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
      // $schema names the draft (validatorFor), which need not be loaded under that URI here.
      const { $schema: _ignored, ...rest } = schema;
      entry = validatorFor(schema).compile(rest);
    } catch (error) {
      entry = error instanceof Error ? error : new Error(String(error));
    }
    compiled.set(key, entry);
  }
  return entry;
}

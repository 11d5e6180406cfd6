/**
 * The schema walk: resolves each schema, answers const, enum and anyOf/oneOf, picks a type (declared, or
 * implied by keywords and the property name) and hands the value to that type's generator.
 *
 * Objects and arrays call back into `generate` for their members: objects.ts and arrays.ts import this
 * module and it imports them, which is safe because none of them calls the other while loading.
 */
import type { JsonSchema } from '../../../vocabulary/index.js';
import type { Rng, StoryFacts } from '../narrator/index.js';
import { generateArray } from './arrays.js';
import { flatten, merge, without } from './flatten.js';
import { generateNumber, NUMBER_RANGES } from './numbers.js';
import { generateObject } from './objects.js';
import { lastWord, roleOf } from './roles.js';
import { generateString } from './strings.js';
import { isRecord, type Position, type Schema, SOFT_DEPTH, typeList, type Walk } from './walk.js';

/** A schema that *requires* nesting forever stops here, with null. */
const HARD_DEPTH = 24;

export function generateFromSchema(schema: JsonSchema, facts: StoryFacts, rng: Rng): unknown {
  return generate(schema, { root: schema, facts, rng }, { key: '', index: 0, depth: 0, kind: undefined });
}

export function generate(raw: unknown, walk: Walk, at: Position): unknown {
  if (at.depth > HARD_DEPTH) return null;
  const schema = flatten(raw, walk);
  // Nothing is valid against `false`; null is as good an answer as any.
  if (schema === false) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return pickEnum(schema.enum, schema, walk);
  for (const keyword of ['anyOf', 'oneOf']) {
    const branches = schema[keyword];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const branch = flatten(chooseBranch(branches, walk, at), walk);
    return generate(branch === false ? false : merge(without(schema, keyword), branch), walk, at);
  }
  switch (chooseType(schema, walk, at)) {
    case 'object':
      return generateObject(schema, walk, at);
    case 'array':
      return generateArray(schema, walk, at);
    case 'integer':
      return generateNumber(schema, walk, at, true);
    case 'number':
      return generateNumber(schema, walk, at, false);
    case 'boolean':
      return walk.rng.next() < 0.5;
    case 'null':
      return null;
    default:
      return generateString(schema, walk, at);
  }
}

function matchesType(value: unknown, types: readonly string[]): boolean {
  return types.some((type) => {
    if (type === 'integer') return Number.isInteger(value);
    if (type === 'null') return value === null;
    if (type === 'array') return Array.isArray(value);
    if (type === 'object') return isRecord(value);
    return typeof value === type;
  });
}

function pickEnum(values: readonly unknown[], schema: Schema, walk: Walk): unknown {
  const types = typeList(schema.type);
  const fitting = types.length > 0 ? values.filter((value) => matchesType(value, types)) : values;
  return walk.rng.pick(fitting.length > 0 ? fitting : values);
}

function isNullOnly(schema: Schema): boolean {
  const types = typeList(schema.type);
  return (
    (types.length === 1 && types[0] === 'null') ||
    (Array.isArray(schema.enum) && schema.enum.every((v) => v === null))
  );
}

function isNested(schema: Schema): boolean {
  const types = typeList(schema.type);
  return types.includes('object') || types.includes('array') || 'properties' in schema || 'items' in schema;
}

/** A non-null branch (a null is valid but says nothing); past the soft depth, a flat one to end recursion. */
function chooseBranch(branches: readonly unknown[], walk: Walk, at: Position): unknown {
  const usable = branches.filter((branch) => {
    const flat = flatten(branch, walk);
    return flat !== false && !isNullOnly(flat);
  });
  if (usable.length === 0) return branches[0];
  if (at.depth >= SOFT_DEPTH) {
    const flat = usable.find((branch) => {
      const schema = flatten(branch, walk);
      return schema !== false && !isNested(schema);
    });
    if (flat !== undefined) return flat;
  }
  return walk.rng.pick(usable);
}

function chooseType(schema: Schema, walk: Walk, at: Position): string {
  const declared = typeList(schema.type);
  const types = declared.length > 0 ? declared : [inferType(schema, at)];
  const nonNull = types.filter((type) => type !== 'null');
  if (nonNull.length === 0) return 'null';
  if (at.depth >= SOFT_DEPTH) {
    const scalar = nonNull.find((type) => type !== 'object' && type !== 'array');
    if (scalar) return scalar;
  }
  return walk.rng.pick(nonNull);
}

/** The type an untyped schema implies, by its keywords, else by the property name. */
function inferType(schema: Schema, at: Position): string {
  const has = (...keys: string[]) => keys.some((key) => key in schema);
  if (has('properties', 'required', 'additionalProperties', 'patternProperties', 'minProperties'))
    return 'object';
  if (has('items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems')) return 'array';
  if (has('minLength', 'maxLength', 'pattern', 'format')) return 'string';
  if (has('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf')) return 'number';
  const role = roleOf(at.key);
  if (role === 'tag') return 'array';
  if (role === 'flag') return 'boolean';
  return NUMBER_RANGES.some(([keys]) => keys.has(lastWord(at.key))) ? 'integer' : 'string';
}

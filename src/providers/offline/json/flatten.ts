/**
 * Schema plumbing: follows local $ref pointers and merges allOf (and the keywords of two schemas) into one
 * schema, so the generator only ever sees a flat one.
 */
import { isRecord, type Schema, stringList, typeList, type Walk } from './walk.js';

/** Bounds $ref chains and allOf nesting, including cycles ("a" → "b" → "a"). */
const MAX_FLATTEN_DEPTH = 32;

/** Bounds a combined anyOf (from allOf of two anyOfs) before it is simplified. */
const MAX_BRANCHES = 16;

export function without(schema: Schema, key: string): Schema {
  const copy = { ...schema };
  delete copy[key];
  return copy;
}

/** Resolves a local JSON pointer ("#", "#/definitions/Npc", "#/$defs/a~1b"); other refs allow anything. */
function resolvePointer(root: Schema, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return {};
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const segment = safeDecode(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
    if (node === undefined) return {};
  }
  return node;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Follows $ref and merges allOf into one schema; false when nothing can be valid. */
export function flatten(schema: unknown, walk: Walk, depth = 0): Schema | false {
  if (schema === false) return false;
  if (!isRecord(schema) || depth > MAX_FLATTEN_DEPTH) return {};
  if (typeof schema.$ref === 'string') {
    const target = flatten(resolvePointer(walk.root, schema.$ref), walk, depth + 1);
    const own = flatten(without(schema, '$ref'), walk, depth + 1);
    return target === false || own === false ? false : merge(target, own);
  }
  if (Array.isArray(schema.allOf)) {
    let merged: Schema | false = without(schema, 'allOf');
    for (const part of schema.allOf) {
      const flat = flatten(part, walk, depth + 1);
      merged = flat === false ? false : merge(merged, flat);
      if (merged === false) return false;
    }
    return merged;
  }
  return schema;
}

const TAKE_MAX = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties']);
const TAKE_MIN = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties']);

/** Merges two schemas into one whose values satisfy both (as far as this generator needs). */
export function merge(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = out[key];
    if (current === undefined) out[key] = value;
    else if (typeof current === 'number' && typeof value === 'number' && TAKE_MAX.has(key)) {
      out[key] = Math.max(current, value);
    } else if (typeof current === 'number' && typeof value === 'number' && TAKE_MIN.has(key)) {
      out[key] = Math.min(current, value);
    } else out[key] = mergeKeyword(key, current, value);
  }
  return out;
}

function mergeKeyword(key: string, current: unknown, value: unknown): unknown {
  switch (key) {
    case 'required':
      return [...new Set([...stringList(current), ...stringList(value)])];
    case 'type':
      return intersectTypes(current, value);
    case 'enum': {
      if (!Array.isArray(current) || !Array.isArray(value)) return value;
      const both = current.filter((item) =>
        value.some((other) => JSON.stringify(other) === JSON.stringify(item)),
      );
      return both.length > 0 ? both : value;
    }
    case 'properties': {
      if (!isRecord(current) || !isRecord(value)) return value;
      const properties: Schema = { ...current };
      for (const [name, schema] of Object.entries(value)) {
        properties[name] = name in current ? { allOf: [current[name], schema] } : schema;
      }
      return properties;
    }
    case 'additionalProperties':
    case 'items':
      if (current === false || value === false) return false;
      return isRecord(current) && isRecord(value)
        ? { allOf: [current, value] }
        : isRecord(current)
          ? current
          : value;
    case 'anyOf':
    case 'oneOf':
      return combineBranches(current, value);
    default:
      return value;
  }
}

/** Both anyOf lists must hold: every pair of branches, while that stays small. */
function combineBranches(current: unknown, value: unknown): unknown {
  if (!Array.isArray(current) || !Array.isArray(value)) return value;
  if (current.length * value.length > MAX_BRANCHES) return value;
  return current.flatMap((left) => value.map((right) => ({ allOf: [left, right] })));
}

function intersectTypes(current: unknown, value: unknown): unknown {
  const left = typeList(current);
  const right = typeList(value);
  const both = left.flatMap((type) => {
    if (right.includes(type)) return [type];
    // An integer is a number, so integer ∩ number is integer.
    if (
      (type === 'integer' && right.includes('number')) ||
      (type === 'number' && right.includes('integer'))
    ) {
      return ['integer'];
    }
    return [];
  });
  return both.length > 0 ? [...new Set(both)] : value;
}

/**
 * Objects: which keys to write (required, then optional ones within bounds, then free keys for free-form
 * objects), each key's schema, and kind-setting keys first so a sibling name can match the kind.
 */
import type { EntityKind } from '../narrator/index.js';
import { kindFromKey, kindFromValue, setsKind } from './entity-kinds.js';
import { generate } from './generate.js';
import { generateFromPattern, safeRegExp } from './patterns.js';
import { isRecord, type Position, type Schema, SOFT_DEPTH, stringList, typeList, type Walk } from './walk.js';

const MAX_OPTIONAL_PROPERTIES = 16;

/** Keys for free-form objects ("initial_data": {type: object}), by value type and entity kind. */
const FREE_KEYS = {
  number: ['strength', 'courage', 'wits', 'charm', 'luck'],
  boolean: ['visited', 'hostile', 'hidden'],
  character: ['description', 'mood', 'location', 'notes'],
  place: ['description', 'atmosphere', 'region', 'notes'],
  item: ['description', 'owner', 'location', 'notes'],
} as const;

export function generateObject(schema: Schema, walk: Walk, at: Position): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const kind = kindFromKey(at.key) ?? at.kind;
  const keys = chooseKeys(schema, properties, walk, at, kind);
  const values = new Map<string, unknown>();
  // Kind-setting keys ("entity_type") go first, so a sibling "name" can match the kind chosen.
  const ordered = [...keys.filter(setsKind), ...keys.filter((key) => !setsKind(key))];
  let objectKind = kind;
  for (const key of ordered) {
    const child = { key, index: at.index, depth: at.depth + 1, kind: objectKind };
    const value = generate(schemaForKey(schema, properties, key), walk, child);
    if (setsKind(key)) objectKind = kindFromValue(value) ?? objectKind;
    values.set(key, value);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = values.get(key);
  return out;
}

/** Required keys, then optional ones (bounded), then free keys for free-form objects or minProperties. */
function chooseKeys(
  schema: Schema,
  properties: Schema,
  walk: Walk,
  at: Position,
  kind: EntityKind | undefined,
): string[] {
  const required = stringList(schema.required);
  const max = typeof schema.maxProperties === 'number' ? schema.maxProperties : Number.POSITIVE_INFINITY;
  const min = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
  const keys = [...required];
  if (at.depth < SOFT_DEPTH) {
    // A property whose schema is `false` may only be absent.
    const optional = Object.keys(properties).filter(
      (key) => !required.includes(key) && properties[key] !== false,
    );
    keys.push(...optional.slice(0, Math.max(0, Math.min(MAX_OPTIONAL_PROPERTIES, max - keys.length))));
  }
  const closed = schema.additionalProperties === false;
  const patterns = isRecord(schema.patternProperties) ? Object.keys(schema.patternProperties) : [];
  const freeForm = !closed && Object.keys(properties).length === 0 && patterns.length === 0;
  const wanted = Math.min(max, Math.max(min, freeForm && at.depth < SOFT_DEPTH ? keys.length + 2 : 0));
  // Keys a patternProperty names ("slot_1") come first: a closed object takes no other.
  for (let attempt = 0; patterns.length > 0 && keys.length < wanted && attempt < wanted * 4 + 8; attempt++) {
    const key = generateFromPattern(patterns[attempt % patterns.length]!, walk.rng);
    if (key !== undefined && !keys.includes(key)) keys.push(key);
  }
  if (closed || keys.length >= wanted) return keys;
  const pool: readonly string[] = FREE_KEYS[freeKeyType(schema.additionalProperties, kind)];
  for (let i = 0; keys.length < wanted; i++) {
    const key = pool[i] ?? `${pool[i % pool.length] ?? 'field'}_${Math.floor(i / pool.length) + 1}`;
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

function freeKeyType(additional: unknown, kind: EntityKind | undefined): keyof typeof FREE_KEYS {
  const types = isRecord(additional) ? typeList(additional.type) : [];
  if (types.includes('number') || types.includes('integer')) return 'number';
  return types.includes('boolean') ? 'boolean' : (kind ?? 'character');
}

/** The schema for one key: its property, a matching patternProperty, or additionalProperties. */
function schemaForKey(schema: Schema, properties: Schema, key: string): unknown {
  if (key in properties) return properties[key];
  if (isRecord(schema.patternProperties)) {
    for (const [pattern, sub] of Object.entries(schema.patternProperties)) {
      if (safeRegExp(pattern)?.test(key)) return sub;
    }
  }
  return isRecord(schema.additionalProperties) ? schema.additionalProperties : {};
}

/**
 * Builds a JSON value valid against a JSON Schema, filled with content from the prompt: a `name` gets a
 * character the prompt mentions, a `description` a narrated sentence, a `location` a place, and so on.
 *
 * Supported (draft-07 and the OpenAPI subset): type (and type lists), enum, const, required, properties,
 * additionalProperties, patternProperties (for required keys), minProperties/maxProperties, items (and
 * tuple items/prefixItems with additionalItems), minItems/maxItems, uniqueItems, minLength/maxLength,
 * minimum/maximum/exclusiveMinimum/exclusiveMaximum (draft-04 booleans too), multipleOf, anyOf/oneOf
 * (one branch is chosen), allOf (merged), $ref to local pointers (#, #/definitions/…, #/$defs/…),
 * nullable, format (date-time, date, time, email, uri, uri-reference, uuid, hostname, ipv4, ipv6).
 *
 * Limits (best effort, documented rather than hidden):
 * - pattern: the natural value is tried first, then slug forms of it, then a string generated from the
 *   pattern itself (literals, classes, escapes, groups, alternation, quantifiers). Lookarounds and
 *   backreferences are not generated; such a pattern may not be met.
 * - oneOf is treated like anyOf: if a value happens to match two branches, oneOf fails.
 * - allOf of two different patterns keeps the last; not, if/then/else, contains, dependencies and
 *   propertyNames are ignored.
 * - Beyond depth 6 only required properties and minItems are generated, so recursive schemas end; a
 *   schema that requires infinite nesting gets null at depth 24.
 * - minLength is capped at 100,000 and minItems at 10,000: a schema cannot make one request exhaust
 *   the server.
 */
import type { JsonSchema } from '../../vocabulary/index.js';
import {
  capitalise,
  describe,
  type EntityKind,
  explain,
  narrate,
  pickMood,
  type Rng,
  type StoryFacts,
  speak,
} from './narrator.js';

type Schema = Record<string, unknown>;

/** Past this depth, optional properties and extra items are skipped so recursive schemas terminate. */
const SOFT_DEPTH = 6;
/** A schema that *requires* nesting forever stops here, with null. */
const HARD_DEPTH = 24;
/** Bounds $ref chains and allOf nesting, including cycles ("a" → "b" → "a"). */
const MAX_FLATTEN_DEPTH = 32;
const MAX_OPTIONAL_PROPERTIES = 16;
/** Bounds a combined anyOf (from allOf of two anyOfs) before it is simplified. */
const MAX_BRANCHES = 16;
/** A pattern-generated string longer than this is not attempted. */
const MAX_PATTERN_OUTPUT = 10_000;
/** Caps on what a schema can demand (minLength: 1e9), so one request cannot exhaust the server. */
const MAX_STRING_LENGTH = 100_000;
const MAX_ARRAY_LENGTH = 10_000;

interface Walk {
  root: Schema;
  facts: StoryFacts;
  rng: Rng;
}

/** Where in the document a value goes: its property name, array position and depth. */
interface Position {
  key: string;
  index: number;
  depth: number;
  /** The kind of entity the enclosing object describes, when known ("characters", entity_type). */
  kind: EntityKind | undefined;
}

export function generateFromSchema(schema: JsonSchema, facts: StoryFacts, rng: Rng): unknown {
  return generate(schema, { root: schema, facts, rng }, { key: '', index: 0, depth: 0, kind: undefined });
}

/** The answer to `options.json` without a schema: the narration and what it is about. */
export function generateFreeJson(facts: StoryFacts, rng: Rng): { narration: string; entities: unknown[] } {
  const entities = [
    ...facts.characters.map((name) => ({ name: asName(name), type: 'character' })),
    ...facts.places.map((name) => ({ name: asName(name), type: 'location' })),
    ...facts.items.map((name) => ({ name: asName(name), type: 'item' })),
  ];
  return { narration: narrate(facts, rng), entities: entities.slice(0, 8) };
}

// ---------------------------------------------------------------------------------------------
// Schema plumbing: $ref, allOf, merging
// ---------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function without(schema: Schema, key: string): Schema {
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
function flatten(schema: unknown, walk: Walk, depth = 0): Schema | false {
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
function merge(a: Schema, b: Schema): Schema {
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

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function typeList(value: unknown): string[] {
  return typeof value === 'string' ? [value] : stringList(value);
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

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

function generate(raw: unknown, walk: Walk, at: Position): unknown {
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

// ---------------------------------------------------------------------------------------------
// Objects and arrays
// ---------------------------------------------------------------------------------------------

const KIND_BY_KEY: ReadonlyArray<[EntityKind, ReadonlySet<string>]> = [
  [
    'character',
    new Set(
      'character characters npc npcs people person persons party companion companions ally allies enemy enemies member members cast villain villains creature creatures faction factions'.split(
        ' ',
      ),
    ),
  ],
  [
    'place',
    new Set(
      'location locations place places region regions room rooms area areas zone zones setting settings'.split(
        ' ',
      ),
    ),
  ],
  [
    'item',
    new Set(
      'item items inventory loot object objects artifact artifacts equipment reward rewards weapon weapons'.split(
        ' ',
      ),
    ),
  ],
];

function kindFromKey(key: string): EntityKind | undefined {
  const parts = keyWords(key);
  return KIND_BY_KEY.find(([, keys]) => parts.some((part) => keys.has(part)))?.[0];
}

const KIND_WORDS = new Set(['type', 'kind', 'category', 'class']);
const ENTITY_WORDS = new Set(['entity', 'object', 'record', 'node', 'thing']);

/** "type" and "entity_type" say what the object is; "update_type" says something else. */
function setsKind(key: string): boolean {
  const parts = keyWords(key);
  const [first, last] = [parts[0] ?? '', parts.at(-1) ?? ''];
  return KIND_WORDS.has(last) && (parts.length === 1 || ENTITY_WORDS.has(first));
}

/** Reads an entity kind from a generated "type" value: "location" → place, "npc" → character. */
function kindFromValue(value: unknown): EntityKind | undefined {
  return typeof value === 'string' ? kindFromKey(value.toLowerCase()) : undefined;
}

/** Keys for free-form objects ("initial_data": {type: object}), by value type and entity kind. */
const FREE_KEYS = {
  number: ['strength', 'courage', 'wits', 'charm', 'luck'],
  boolean: ['visited', 'hostile', 'hidden'],
  character: ['description', 'mood', 'location', 'notes'],
  place: ['description', 'atmosphere', 'region', 'notes'],
  item: ['description', 'owner', 'location', 'notes'],
} as const;

function generateObject(schema: Schema, walk: Walk, at: Position): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const kind = kindFromKey(at.key) ?? at.kind;
  const keys = chooseKeys(schema, properties, at, kind);
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
  const freeForm = !closed && Object.keys(properties).length === 0 && !isRecord(schema.patternProperties);
  const wanted = Math.min(max, Math.max(min, freeForm && at.depth < SOFT_DEPTH ? keys.length + 2 : 0));
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

function limit(value: unknown, fallback: number): number {
  return typeof value === 'number' && value >= 0 ? Math.floor(value) : fallback;
}

function generateArray(schema: Schema, walk: Walk, at: Position): unknown[] {
  const min = Math.min(limit(schema.minItems, 0), MAX_ARRAY_LENGTH);
  const max = limit(schema.maxItems, Number.POSITIVE_INFINITY);
  // Draft 2020 (prefixItems + items) and draft-07 (items array + additionalItems) tuples.
  const tuple = Array.isArray(schema.prefixItems)
    ? schema.prefixItems
    : Array.isArray(schema.items)
      ? schema.items
      : [];
  const rest =
    Array.isArray(schema.prefixItems) || Array.isArray(schema.items) ? schema.additionalItems : schema.items;
  const wanted =
    at.depth >= SOFT_DEPTH ? min : Math.max(min, Math.min(max, tuple.length || 1 + walk.rng.int(3)));
  const length = rest === false ? Math.min(wanted, Math.max(tuple.length, min)) : wanted;
  const unique = schema.uniqueItems === true;
  const seen = new Set<string>();
  const items: unknown[] = [];
  const kind = kindFromKey(at.key) ?? at.kind;
  // Retries (for uniqueItems) use a new index, which picks a different name or word.
  for (let attempt = 0; items.length < length && attempt < length * 4 + 8; attempt++) {
    const itemSchema = items.length < tuple.length ? tuple[items.length] : rest;
    const value = generate(itemSchema ?? {}, walk, {
      key: at.key,
      index: attempt,
      depth: at.depth + 1,
      kind,
    });
    const fingerprint = unique ? JSON.stringify(value) : '';
    if (unique && seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    items.push(value);
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

/** Plausible ranges by property name, used when the schema leaves room. */
const NUMBER_RANGES: ReadonlyArray<[ReadonlySet<string>, number, number]> = [
  [new Set('hp health mana stamina energy'.split(' ')), 1, 100],
  [new Set('level tier stage'.split(' ')), 1, 20],
  [new Set(['age']), 18, 80],
  [new Set('gold price cost value coins amount quantity count number qty'.split(' ')), 1, 50],
  [new Set('score percent percentage trust affinity relationship reputation loyalty'.split(' ')), 0, 100],
  [new Set('probability chance confidence likelihood certainty ratio weight importance'.split(' ')), 0, 1],
  [new Set(['year']), 1200, 1400],
];

interface Bounds {
  lo: number;
  hi: number;
  loExclusive: boolean;
  hiExclusive: boolean;
}

function boundsOf(schema: Schema): Bounds {
  const bounds: Bounds = {
    lo: Number.NEGATIVE_INFINITY,
    hi: Number.POSITIVE_INFINITY,
    loExclusive: false,
    hiExclusive: false,
  };
  if (typeof schema.minimum === 'number') {
    bounds.lo = schema.minimum;
    bounds.loExclusive = schema.exclusiveMinimum === true; // draft-04
  }
  if (typeof schema.maximum === 'number') {
    bounds.hi = schema.maximum;
    bounds.hiExclusive = schema.exclusiveMaximum === true;
  }
  if (typeof schema.exclusiveMinimum === 'number' && schema.exclusiveMinimum >= bounds.lo) {
    bounds.lo = schema.exclusiveMinimum;
    bounds.loExclusive = true;
  }
  if (typeof schema.exclusiveMaximum === 'number' && schema.exclusiveMaximum <= bounds.hi) {
    bounds.hi = schema.exclusiveMaximum;
    bounds.hiExclusive = true;
  }
  return bounds;
}

function inBounds(value: number, bounds: Bounds): boolean {
  const aboveLo = bounds.loExclusive ? value > bounds.lo : value >= bounds.lo;
  const belowHi = bounds.hiExclusive ? value < bounds.hi : value <= bounds.hi;
  return aboveLo && belowHi;
}

/** The range to draw from: the name's plausible range within the bounds, else the bounds themselves. */
function targetRange(bounds: Bounds, key: string, integer: boolean): [number, number] {
  const word = lastWord(key);
  const named = NUMBER_RANGES.find(([keys]) => keys.has(word));
  const fraction = named !== undefined && named[2] === 1;
  const [lo, hi] = named && !(fraction && integer) ? [named[1], named[2]] : [1, 10];
  const from = Math.max(lo, bounds.lo);
  const to = Math.min(hi, bounds.hi);
  if (from <= to) return [from, to];
  if (Number.isFinite(bounds.lo) && Number.isFinite(bounds.hi)) return [bounds.lo, bounds.hi];
  return Number.isFinite(bounds.lo) ? [bounds.lo, bounds.lo + 10] : [bounds.hi - 10, bounds.hi];
}

function generateNumber(schema: Schema, walk: Walk, at: Position, integer: boolean): number {
  const bounds = boundsOf(schema);
  const [lo, hi] = targetRange(bounds, at.key, integer);
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) {
    return multipleWithin(schema.multipleOf, lo, hi, bounds, integer, walk.rng);
  }
  if (integer) {
    let from = Math.ceil(lo);
    let to = Math.floor(hi);
    if (!inBounds(from, bounds)) from += 1;
    if (!inBounds(to, bounds)) to -= 1;
    return from > to ? from : from + walk.rng.int(to - from + 1);
  }
  const value = Math.round((lo + walk.rng.next() * (hi - lo)) * 100) / 100;
  // Rounding can step outside a tight or exclusive range; its midpoint cannot.
  return inBounds(value, bounds) && value >= lo && value <= hi ? value : (lo + hi) / 2;
}

/** Removes float noise (3 * 0.1 = 0.30000000000000004) so the value divides as ajv checks it. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

function multipleWithin(
  step: number,
  lo: number,
  hi: number,
  bounds: Bounds,
  integer: boolean,
  rng: Rng,
): number {
  const first = Math.ceil(lo / step);
  const last = Math.max(first, Math.floor(hi / step));
  const span = Math.min(last - first + 1, 1000);
  const start = first + rng.int(span);
  // A few candidates: floats like 0.3 / 0.1 = 2.9999999999999996 fail ajv's check, their neighbours pass.
  for (let offset = 0; offset < 64; offset++) {
    const value = clean((first + ((start - first + offset) % span)) * step);
    if (Number.isInteger(value / step) && (!integer || Number.isInteger(value)) && inBounds(value, bounds))
      return value;
  }
  return clean(first * step);
}

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

type Role =
  | 'id'
  | 'name'
  | 'person'
  | 'title'
  | 'label'
  | 'narrative'
  | 'text'
  | 'reason'
  | 'dialogue'
  | 'mood'
  | 'place'
  | 'item'
  | 'tag'
  | 'type'
  | 'status'
  | 'role'
  | 'action'
  | 'color'
  | 'date'
  | 'email'
  | 'url'
  | 'flag'
  | 'other';

const ROLE_WORDS: ReadonlyArray<[Role, string]> = [
  ['id', 'id ids uuid guid key slug ref identifier handle'],
  [
    'person',
    'character npc speaker owner author who target faction person actor subject sender recipient creator giver villain hero ally enemy companion leader',
  ],
  ['name', 'name'],
  ['title', 'title heading headline caption header'],
  ['label', 'label button option choice verb cta command'],
  ['narrative', 'narration narrative story'],
  [
    'text',
    'description desc summary text content details detail body information info message response answer notes note observation outcome result consequence memory backstory history lore context effect prompt hint clue secret rumor rumour plot event scene',
  ],
  ['reason', 'reasoning reason explanation rationale justification why motivation cause'],
  ['dialogue', 'dialogue dialog line lines speech quote says said utterance reply greeting bark'],
  ['mood', 'mood emotion feeling tone attitude disposition sentiment temper vibe atmosphere'],
  [
    'place',
    'location place region area setting destination origin where zone room city town realm world home hometown site venue landmark',
  ],
  ['item', 'item object weapon loot artifact reward tool gear equipment possession treasure prize thing'],
  [
    'tag',
    'tag tags keyword keywords topic topics trait traits theme themes labels alias aliases skills abilities interests',
  ],
  ['type', 'type kind category class species race genre archetype'],
  ['status', 'status state phase'],
  ['role', 'role occupation job profession rank'],
  ['action', 'action actions intent intention goal objective quest task plan step move decision'],
  ['color', 'color colour'],
  ['date', 'date time timestamp created updated at when day'],
  ['email', 'email mail'],
  ['url', 'url uri link href website image avatar'],
];

const ROLE_BY_WORD = new Map<string, Role>(
  ROLE_WORDS.flatMap(([role, list]) => list.split(' ').map((word): [string, Role] => [word, role])),
);

const FLAG_PREFIXES = new Set(['is', 'has', 'can', 'should', 'was', 'did', 'will']);

/** Splits a property name into lowercase words: "newInformation", "entity_id", "ask-mira". */
function keyWords(key: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charAt(i);
    const upper = c !== c.toLowerCase();
    if (
      c === '_' ||
      c === '-' ||
      c === ' ' ||
      c === '.' ||
      (upper && current.length > 0 && !isUpper(key.charAt(i - 1)))
    ) {
      if (current) parts.push(current);
      current = c === '_' || c === '-' || c === ' ' || c === '.' ? '' : c.toLowerCase();
    } else current += c.toLowerCase();
  }
  if (current) parts.push(current);
  return parts;
}

function isUpper(c: string): boolean {
  return c !== c.toLowerCase();
}

function lastWord(key: string): string {
  return keyWords(key).at(-1) ?? '';
}

/** What a property holds, judged by its name: mostly its last word ("new_information" → text). */
function roleOf(key: string): Role {
  const parts = keyWords(key);
  if (parts.length > 1 && FLAG_PREFIXES.has(parts[0] ?? '')) return 'flag';
  for (let i = parts.length - 1; i >= 0; i--) {
    const role = ROLE_BY_WORD.get(parts[i] ?? '');
    if (role) return role;
  }
  return 'other';
}

const FALLBACK_NAMES: Record<EntityKind, readonly string[]> = {
  character: ['Aldric Vane', 'Brenna Holt', 'Corwin Ashby', 'Dara Quill', 'Elowen Marsh', 'Fenn Harrow'],
  place: ['Ravenford', 'the Old Mill', 'Thornwick Pass', 'the Salt Market'],
  item: ['a brass lantern', 'an old map', 'a silver key', 'an oak staff'],
};

/** "the dark forest" → "Dark Forest", "the Crown of Ash" → "Crown of Ash": how a name field reads. */
function asName(display: string): string {
  const bare = display.replace(/^(the|a|an|your|this|that) /i, '');
  return bare
    .split(' ')
    .map((word, i) => (i > 0 && (word === 'of' || word === 'the') ? word : capitalise(word)))
    .join(' ');
}

/** The prompt's entities of a kind, most relevant first, then stock names so a list never runs dry. */
function entityNames(facts: StoryFacts, kind: EntityKind): string[] {
  const own = kind === 'place' ? facts.places : kind === 'item' ? facts.items : facts.characters;
  const names = own.map(asName);
  return [...names, ...FALLBACK_NAMES[kind].map(asName).filter((name) => !names.includes(name))];
}

function entityName(walk: Walk, at: Position, kind: EntityKind = at.kind ?? 'character'): string {
  const names = entityNames(walk.facts, kind);
  return names[at.index % names.length] ?? '';
}

function tagWords(walk: Walk): string[] {
  const { facts } = walk;
  const found = [...facts.keywords, ...facts.characters, ...facts.places.map(asName)].map((word) =>
    word.toLowerCase(),
  );
  return [...new Set([...found, 'adventure', 'mystery', 'lore'])];
}

function actionLabel(walk: Walk, at: Position): string {
  const { facts } = walk;
  const clause = facts.action?.kind === 'deed' ? facts.action.text : undefined;
  const labels = [
    ...(clause?.startsWith('you ') ? [capitalise(clause.slice(4))] : []),
    `Talk to ${entityName(walk, at, 'character')}`,
    `Travel to ${entityName(walk, at, 'place')}`,
    'Look around',
    'Wait',
  ];
  return labels[at.index % labels.length] ?? 'Wait';
}

function title(walk: Walk, at: Position): string {
  const options = [
    entityName(walk, at, 'place'),
    entityName(walk, at, 'item'),
    `The Tale of ${entityName(walk, at, 'character')}`,
  ];
  return walk.rng.pick(options);
}

/** An id names what it points at: "location_id" → "sunken_library", "action_id" → "open_the_rusted_gate". */
function idFor(walk: Walk, at: Position): string {
  const owner = roleOf(keyWords(at.key).slice(0, -1).join('_'));
  if (owner === 'action' || owner === 'label') return slug(actionLabel(walk, at), '_');
  if (owner === 'place' || owner === 'item') return slug(entityName(walk, at, owner), '_');
  return slug(entityName(walk, at), '_');
}

/** The natural content of a string property, by its name. */
function textFor(walk: Walk, at: Position): string {
  const { facts, rng } = walk;
  if (at.key === '') return narrate(facts, rng);
  switch (roleOf(at.key)) {
    case 'id':
      return idFor(walk, at);
    case 'name':
      return entityName(walk, at);
    case 'person':
      return entityName(walk, at, 'character');
    case 'title':
      return title(walk, at);
    case 'label':
      return actionLabel(walk, at);
    case 'narrative':
      return narrate(facts, rng);
    case 'text':
      return describe(facts, rng);
    case 'reason':
      return explain(facts, rng);
    case 'dialogue':
      return speak(facts, rng);
    case 'mood':
      return pickMood(rng);
    case 'place':
      return entityName(walk, at, 'place');
    case 'item':
      return entityName(walk, at, 'item');
    case 'type':
      if (!setsKind(at.key)) return rng.pick(['status', 'knowledge', 'relationship', 'event']);
      return at.kind === 'place' ? 'location' : (at.kind ?? rng.pick(['character', 'location', 'item']));
    case 'status':
      return rng.pick(['active', 'resolved', 'pending']);
    case 'role':
      return rng.pick(['guide', 'rival', 'merchant', 'guard', 'scholar']);
    case 'action':
      return facts.action?.kind === 'deed' ? facts.action.text.replace(/^you /, '') : 'explore the area';
    case 'color':
      return rng.pick(['crimson', 'silver', 'ashen', 'emerald', 'amber']);
    case 'date':
      return dateTime(rng);
    case 'email':
      return email(walk, at);
    case 'url':
      return url(walk, at);
    default: {
      const pool = tagWords(walk);
      return pool[at.index % pool.length] ?? 'lore';
    }
  }
}

function generateString(schema: Schema, walk: Walk, at: Position): string {
  const min = Math.min(limit(schema.minLength, 0), MAX_STRING_LENGTH);
  const max = limit(schema.maxLength, Number.POSITIVE_INFINITY);
  const format = typeof schema.format === 'string' ? formatted(schema.format, walk, at) : undefined;
  const value = format ?? fitLength(textFor(walk, at), min, max, walk);
  return typeof schema.pattern === 'string' ? matchPattern(schema.pattern, value, min, max, walk) : value;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Pads with more narration or cuts (on a word boundary when one is near) to fit the length limits. */
function fitLength(text: string, min: number, max: number, walk: Walk): string {
  let value = text;
  let length = codePoints(value);
  if (length < min) {
    const filler = ` ${describe(walk.facts, walk.rng)}`;
    value = (value + filler.repeat(Math.ceil((min - length) / codePoints(filler)))).trimStart();
    length = codePoints(value);
  }
  if (length <= max) return value;
  const cut = Array.from(value).slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  const atWord = space >= max * 0.6 ? cut.slice(0, space).replace(/[\s,;:]+$/, '') : cut;
  return codePoints(atWord) >= min ? atWord : cut;
}

// ---------------------------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------------------------

/** Lowercase ASCII words joined by `separator`: "Mira Thornwood" → "mira_thornwood". */
function slug(text: string, separator: string): string {
  let out = '';
  let pending = false;
  for (const c of text.normalize('NFKD').toLowerCase()) {
    const code = c.charCodeAt(0);
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      if (pending && out.length > 0) out += separator;
      out += c;
      pending = false;
    } else if (code < 0x300 || code > 0x36f) pending = true; // combining accents vanish, others separate
  }
  return out || 'entity';
}

/** A date in 2024, from the seed (never the clock, so answers stay deterministic). */
function dateTime(rng: Rng): string {
  const seconds = rng.int(366 * 24 * 3600);
  return new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(16).toString(16));
  hex[12] = '4'; // version 4
  hex[16] = (8 + rng.int(4)).toString(16); // RFC 4122 variant
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function email(walk: Walk, at: Position): string {
  return `${slug(entityName(walk, at, 'character'), '.')}@loremaster.example`;
}

function url(walk: Walk, at: Position): string {
  const kind = at.kind ?? 'character';
  return `https://loremaster.example/${kind}/${slug(entityName(walk, at, kind), '-')}`;
}

function formatted(format: string, walk: Walk, at: Position): string | undefined {
  const { rng } = walk;
  switch (format) {
    case 'date-time':
      return dateTime(rng);
    case 'date':
      return dateTime(rng).slice(0, 10);
    case 'time':
      return dateTime(rng).slice(11);
    case 'email':
    case 'idn-email':
      return email(walk, at);
    case 'uri':
    case 'url':
    case 'iri':
      return url(walk, at);
    case 'uri-reference':
    case 'iri-reference':
      return new URL(url(walk, at)).pathname;
    case 'uuid':
      return uuid(rng);
    case 'hostname':
    case 'idn-hostname':
      return 'loremaster.example';
    case 'ipv4':
      return `10.${rng.int(256)}.${rng.int(256)}.${1 + rng.int(254)}`;
    case 'ipv6':
      return `2001:db8::${(1 + rng.int(0xfffe)).toString(16)}`;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Patterns (best effort)
// ---------------------------------------------------------------------------------------------

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

/** The natural value if it matches, else a slug form of it, else a string generated from the pattern. */
function matchPattern(pattern: string, value: string, min: number, max: number, walk: Walk): string {
  const regex = safeRegExp(pattern);
  if (!regex) return value;
  const fits = (candidate: string) => {
    const length = codePoints(candidate);
    return length >= min && length <= max && regex.test(candidate);
  };
  const natural = [
    value,
    slug(value, '_'),
    slug(value, '-'),
    slug(value, ''),
    slug(value, '_').toUpperCase(),
  ];
  const found = natural.find(fits);
  if (found !== undefined) return found;
  let generated: string | undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    generated = generateFromPattern(pattern, walk.rng);
    if (generated !== undefined && fits(generated)) return generated;
  }
  return generated ?? value;
}

type PatternNode =
  | { type: 'set'; chars: readonly string[] }
  | { type: 'group'; options: PatternNode[][] }
  | { type: 'repeat'; node: PatternNode; min: number; max: number };

class UnsupportedPattern extends Error {}

const range = (from: string, to: string): string[] => {
  const chars: string[] = [];
  // Large ranges are sampled from their start: any member will do.
  for (let c = from.codePointAt(0) ?? 0, end = Math.min(to.codePointAt(0) ?? 0, c + 255); c <= end; c++) {
    chars.push(String.fromCodePoint(c));
  }
  return chars;
};
const DIGITS = range('0', '9');
const LOWER = range('a', 'z');
const UPPER = range('A', 'Z');
const WORD_CHARS = [...LOWER, ...UPPER, ...DIGITS, '_'];
/** Characters tried for negated classes and their escapes (\D, \W, \S, [^…]). */
const PROBES = ['a', 'x', 'Q', '0', '7', '-', '_', ' ', '.', '#'];

/**
 * A small recursive-descent reader for the common regex subset: literals, ., classes with ranges and
 * negation, \d \w \s (and negations), \p{L}/\p{Lu}/\p{Ll}/\p{N}, groups (capturing, ?:, named),
 * alternation, and ? * + {n} {n,} {n,m} quantifiers (open ranges get at most 3 extra repeats).
 */
class PatternReader {
  private position = 0;

  constructor(private readonly source: string) {}

  read(): PatternNode[][] {
    const options = this.alternation();
    if (this.position < this.source.length) throw new UnsupportedPattern(this.source);
    return options;
  }

  private peek(): string {
    return this.source.charAt(this.position);
  }

  private alternation(): PatternNode[][] {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.position++;
      options.push(this.sequence());
    }
    return options;
  }

  private sequence(): PatternNode[] {
    const nodes: PatternNode[] = [];
    while (this.position < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      if (atom) nodes.push(this.quantified(atom));
    }
    return nodes;
  }

  private atom(): PatternNode | undefined {
    const c = this.source.charAt(this.position++);
    if (c === '^' || c === '$') return undefined;
    if (c === '.') return { type: 'set', chars: WORD_CHARS };
    if (c === '[') return this.characterClass();
    if (c === '\\') return this.escape();
    if (c === '(') return this.group();
    return { type: 'set', chars: [c] };
  }

  private group(): PatternNode {
    if (this.source.startsWith('?:', this.position)) this.position += 2;
    else if (
      this.source.startsWith('?<', this.position) &&
      !'=!'.includes(this.source.charAt(this.position + 2))
    ) {
      const end = this.source.indexOf('>', this.position);
      if (end < 0) throw new UnsupportedPattern(this.source);
      this.position = end + 1;
    } else if (this.peek() === '?') throw new UnsupportedPattern('lookaround');
    const options = this.alternation();
    if (this.source.charAt(this.position++) !== ')') throw new UnsupportedPattern(this.source);
    return { type: 'group', options };
  }

  private quantified(node: PatternNode): PatternNode {
    const c = this.peek();
    let bounds: [number, number] | undefined;
    if (c === '?') bounds = [0, 1];
    else if (c === '*') bounds = [0, 3];
    else if (c === '+') bounds = [1, 3];
    else if (c === '{') bounds = this.braces();
    if (!bounds) return node;
    if (c !== '{') this.position++;
    if (this.peek() === '?') this.position++; // lazy: same strings
    return { type: 'repeat', node, min: bounds[0], max: Math.min(bounds[1], bounds[0] + 3) };
  }

  private braces(): [number, number] | undefined {
    const end = this.source.indexOf('}', this.position);
    const body = end > 0 ? this.source.slice(this.position + 1, end) : '';
    const [low, high] = body.split(',');
    if (!low || !/^\d+$/.test(low) || (high !== undefined && high !== '' && !/^\d+$/.test(high)))
      return undefined;
    this.position = end + 1;
    const min = Number(low);
    return [min, high === undefined ? min : high === '' ? min + 3 : Number(high)];
  }

  private escape(): PatternNode | undefined {
    const c = this.source.charAt(this.position++);
    switch (c) {
      case 'd':
        return { type: 'set', chars: DIGITS };
      case 'w':
        return { type: 'set', chars: WORD_CHARS };
      case 's':
        return { type: 'set', chars: [' '] };
      case 'D':
      case 'W':
      case 'S':
        return { type: 'set', chars: PROBES.filter((probe) => !this.escapeMatches(c.toLowerCase(), probe)) };
      case 'b':
      case 'B':
        return undefined;
      case 'n':
        return { type: 'set', chars: ['\n'] };
      case 't':
        return { type: 'set', chars: ['\t'] };
      case 'p':
      case 'P':
        return this.property(c === 'P');
      case 'u':
      case 'x':
        return { type: 'set', chars: [this.codeEscape(c)] };
      default:
        if (c >= '1' && c <= '9') throw new UnsupportedPattern('backreference');
        return { type: 'set', chars: [c] };
    }
  }

  private escapeMatches(kind: string, probe: string): boolean {
    if (kind === 'd') return probe >= '0' && probe <= '9';
    if (kind === 'w') return WORD_CHARS.includes(probe);
    return probe === ' ';
  }

  private codeEscape(kind: string): string {
    if (kind === 'u' && this.peek() === '{') {
      const end = this.source.indexOf('}', this.position);
      const hex = this.source.slice(this.position + 1, end);
      this.position = end + 1;
      return String.fromCodePoint(Number.parseInt(hex, 16));
    }
    const length = kind === 'u' ? 4 : 2;
    const hex = this.source.slice(this.position, this.position + length);
    this.position += length;
    return String.fromCharCode(Number.parseInt(hex, 16));
  }

  private property(negated: boolean): PatternNode {
    const end = this.source.indexOf('}', this.position);
    const name = this.source.slice(this.position + 1, end);
    this.position = end + 1;
    const sets: Record<string, string[]> = {
      L: [...LOWER, ...UPPER],
      Lu: UPPER,
      Ll: LOWER,
      N: DIGITS,
      Nd: DIGITS,
    };
    const chars = sets[name.replace(/^(General_Category|gc)=/, '')];
    if (!chars || negated) throw new UnsupportedPattern(`\\p{${name}}`);
    return { type: 'set', chars };
  }

  private characterClass(): PatternNode {
    const negated = this.peek() === '^';
    if (negated) this.position++;
    const members: string[] = [];
    while (this.position < this.source.length && this.peek() !== ']') {
      let first = this.classAtom();
      if (this.peek() === '-' && this.source.charAt(this.position + 1) !== ']' && first.length === 1) {
        this.position++;
        const last = this.classAtom();
        first = range(first[0] ?? '', last[0] ?? '');
      }
      members.push(...first);
    }
    this.position++;
    if (!negated) return { type: 'set', chars: members.length > 0 ? members : ['a'] };
    const outside = PROBES.filter((probe) => !members.includes(probe));
    if (outside.length === 0) throw new UnsupportedPattern('negated class');
    return { type: 'set', chars: outside };
  }

  /** One class member: a character, or the members of an escape like \d. */
  private classAtom(): string[] {
    const c = this.source.charAt(this.position++);
    if (c !== '\\') return [c];
    const escaped = this.escape();
    return escaped?.type === 'set' ? [...escaped.chars] : [];
  }
}

function emit(nodes: readonly PatternNode[], rng: Rng, out: string[]): void {
  for (const node of nodes) {
    if (out.length > MAX_PATTERN_OUTPUT) return;
    if (node.type === 'set') out.push(rng.pick(node.chars));
    else if (node.type === 'group') emit(rng.pick(node.options), rng, out);
    else {
      const times = node.min + rng.int(node.max - node.min + 1);
      for (let i = 0; i < times && out.length <= MAX_PATTERN_OUTPUT; i++) emit([node.node], rng, out);
    }
  }
}

/** A string the pattern matches, or undefined for patterns outside the supported subset (or malformed). */
export function generateFromPattern(pattern: string, rng: Rng): string | undefined {
  try {
    const out: string[] = [];
    emit([{ type: 'group', options: new PatternReader(pattern).read() }], rng, out);
    return out.length > MAX_PATTERN_OUTPUT ? undefined : out.join('');
  } catch {
    return undefined;
  }
}

/**
 * Arrays: how many items (minItems/maxItems, or a few), tuples (prefixItems, items arrays,
 * additionalItems) and uniqueItems by retrying with a new index.
 */
import { kindFromKey } from './entity-kinds.js';
import { generate } from './generate.js';
import { limit, type Position, type Schema, SOFT_DEPTH, type Walk } from './walk.js';

/** Caps on what a schema can demand (minItems: 1e9), so one request cannot exhaust the server. */
const MAX_ARRAY_LENGTH = 10_000;

export function generateArray(schema: Schema, walk: Walk, at: Position): unknown[] {
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

/**
 * Arrays: how many items (minItems/maxItems, or a few), tuples (prefixItems then items, or items
 * arrays then additionalItems), `contains` (minContains items made to match it too) and uniqueItems
 * by retrying with a new index.
 */
import { kindFromKey } from './entity-kinds.js';
import { generate } from './generate.js';
import { isRecord, limit, type Position, type Schema, SOFT_DEPTH, type Walk } from './walk.js';

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
  const rest = Array.isArray(schema.prefixItems)
    ? schema.items
    : Array.isArray(schema.items)
      ? schema.additionalItems
      : schema.items;
  // `contains`: this many items (after the tuple's, when more may follow) also match its schema.
  const contains = isRecord(schema.contains) ? schema.contains : undefined;
  const containing = contains ? Math.min(limit(schema.minContains, 1), MAX_ARRAY_LENGTH) : 0;
  const firstContaining = rest === false ? 0 : tuple.length;
  const wanted = Math.max(
    at.depth >= SOFT_DEPTH ? min : Math.max(min, Math.min(max, tuple.length || 1 + walk.rng.int(3))),
    Math.min(max, firstContaining + containing),
  );
  const length = rest === false ? Math.min(wanted, Math.max(tuple.length, min)) : wanted;
  const unique = schema.uniqueItems === true;
  const seen = new Set<string>();
  const items: unknown[] = [];
  const kind = kindFromKey(at.key) ?? at.kind;
  // Retries (for uniqueItems) use a new index, which picks a different name or word.
  for (let attempt = 0; items.length < length && attempt < length * 4 + 8; attempt++) {
    const listed = items.length < tuple.length ? tuple[items.length] : rest;
    const position = items.length - firstContaining;
    const itemSchema =
      contains && position >= 0 && position < containing ? { allOf: [listed ?? {}, contains] } : listed;
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

/**
 * The cassette validator: compares two recordings entry by entry (in seq order) and reports the first
 * divergence with the path of the field that differs. Timing is never compared (latencies, offsets,
 * timestamps), nor what is unique to one run (seq numbers, request ids).
 */
import type { CassetteEntry } from './cassette.js';

/** Top-level fields that differ between two faithful runs. */
const IGNORED_FIELDS: ReadonlySet<string> = new Set(['seq', 'callId', 'timing', 'recordedAt']);
/** Timing fields inside results and stream events. */
const IGNORED_ANYWHERE: ReadonlySet<string> = new Set(['latencyMs', 'firstTokenMs']);
/** Compared first, so a changed prompt is reported at `request...`, not at the response it changed. */
const FIELD_ORDER = ['v', 'kind', 'model', 'provider', 'providerModel', 'request', 'meta', 'response', 'key'];

/** Characters of a value shown on each side of a divergence. */
const SHOWN_CHARS = 80;
/** Characters of common text kept before the first differing character of two strings. */
const CONTEXT_CHARS = 20;

export type Divergence =
  | {
      kind: 'field';
      /** Position in both cassettes (sorted by seq). */
      index: number;
      /** e.g. `response.result.text`, `request.messages[2].content`, `meta.tick`. */
      path: string;
      expected: string;
      actual: string;
    }
  | {
      kind: 'length';
      /** The first entry the shorter cassette lacks. */
      index: number;
      shorter: 'expected' | 'actual';
    };

export interface CassetteComparison {
  expectedEntries: number;
  actualEntries: number;
  /** Entries equal in both, position by position. */
  matches: number;
  /** The first divergence; undefined when the recordings are the same. */
  divergence: Divergence | undefined;
}

export function compareCassettes(
  expected: readonly CassetteEntry[],
  actual: readonly CassetteEntry[],
): CassetteComparison {
  let matches = 0;
  let divergence: Divergence | undefined;
  const common = Math.min(expected.length, actual.length);
  for (let index = 0; index < common; index++) {
    const difference = entryDifference(expected[index]!, actual[index]!);
    if (!difference) {
      matches++;
      continue;
    }
    divergence ??= { kind: 'field', index, ...difference };
  }
  if (!divergence && expected.length !== actual.length) {
    divergence = {
      kind: 'length',
      index: common,
      shorter: expected.length < actual.length ? 'expected' : 'actual',
    };
  }
  return { expectedEntries: expected.length, actualEntries: actual.length, matches, divergence };
}

export function formatDivergence(divergence: Divergence): string {
  if (divergence.kind === 'length') {
    return `the ${divergence.shorter} cassette ends after ${divergence.index} entries; the other goes on`;
  }
  return (
    `entry ${divergence.index}, ${divergence.path}\n` +
    `  expected: ${divergence.expected}\n` +
    `  actual:   ${divergence.actual}`
  );
}

interface Difference {
  path: string;
  expected: string;
  actual: string;
}

function entryDifference(expected: CassetteEntry, actual: CassetteEntry): Difference | undefined {
  const a = expected as unknown as Record<string, unknown>;
  const b = actual as unknown as Record<string, unknown>;
  const rest = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (key) => !FIELD_ORDER.includes(key),
  );
  for (const key of [...FIELD_ORDER, ...rest.sort()]) {
    if (IGNORED_FIELDS.has(key)) continue;
    const found = difference(a[key], b[key], key);
    if (found) return found;
  }
  return undefined;
}

function difference(a: unknown, b: unknown, path: string): Difference | undefined {
  if (Object.is(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const found = difference(a[i], b[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(typeFirst)) {
      if (IGNORED_ANYWHERE.has(key)) continue;
      const found = difference(a[key], b[key], `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  const [expected, actual] = shown(a, b);
  return { path, expected, actual };
}

/** `type` tells the variants of a union apart: a different variant is reported as that, not as a missing field. */
function typeFirst(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'type') return -1;
  if (b === 'type') return 1;
  return a < b ? -1 : 1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Two long strings are shown from a little before their first differing character. */
function shown(a: unknown, b: unknown): [string, string] {
  if (typeof a === 'string' && typeof b === 'string') {
    let same = 0;
    while (same < a.length && same < b.length && a[same] === b[same]) same++;
    const from = Math.max(0, same - CONTEXT_CHARS);
    return [excerpt(a, from), excerpt(b, from)];
  }
  return [show(a), show(b)];
}

function excerpt(text: string, from: number): string {
  const end = from + SHOWN_CHARS;
  return JSON.stringify(`${from > 0 ? '…' : ''}${text.slice(from, end)}${text.length > end ? '…' : ''}`);
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const json = JSON.stringify(value);
  return json.length > SHOWN_CHARS ? `${json.slice(0, SHOWN_CHARS)}…` : json;
}

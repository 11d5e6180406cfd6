/**
 * Strings: a format's value when the schema names one, else the prompt's natural content fitted to
 * minLength/maxLength, then made to match the pattern when there is one.
 */
import { formatted } from './formats.js';
import { fitLength } from './length.js';
import { matchPattern } from './patterns.js';
import { textFor } from './prompt-strings.js';
import { limit, type Position, type Schema, type Walk } from './walk.js';

/** Caps on what a schema can demand (minLength: 1e9), so one request cannot exhaust the server. */
const MAX_STRING_LENGTH = 100_000;

export function generateString(schema: Schema, walk: Walk, at: Position): string {
  const min = Math.min(limit(schema.minLength, 0), MAX_STRING_LENGTH);
  const max = limit(schema.maxLength, Number.POSITIVE_INFINITY);
  const format = typeof schema.format === 'string' ? formatted(schema.format, walk, at) : undefined;
  const value = format ?? fitLength(textFor(walk, at), min, max, walk);
  return typeof schema.pattern === 'string' ? matchPattern(schema.pattern, value, min, max, walk) : value;
}

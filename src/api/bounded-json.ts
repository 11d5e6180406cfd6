/**
 * Zod building blocks for route schemas that take what a game sends freely: free-form JSON objects
 * (world settings, session metadata and state, a turn's `state` patch) with a depth, key and size
 * limit, and integer query parameters with a range.
 *
 * Why: what a request stores, a later step reads. A world stored with settings nested 4,000 levels
 * deep, or a session whose state the narrator's variables refuse, answered 500 on every later read or
 * turn; these schemas refuse it when it is sent, with a 400 naming the field (issue 15, point 1).
 * The bounds are the narrative layer's own (`STATE_BOUNDS`), so creation and `PATCH` agree.
 */
import { z } from 'zod';
import { STATE_BOUNDS, type StateBounds } from '../narrative/index.js';

/** A world's settings are larger than a session's state (lore flags, imports), still bounded. */
export const SETTINGS_BOUNDS: StateBounds = { ...STATE_BOUNDS, maxBytes: 512 * 1024 };

/** Key names a JSON object may not use: they are merged into plain objects. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_KEY_CHARS = 200;

interface Problem {
  path: PropertyKey[];
  message: string;
}

/** The first place a value passes the bounds, or undefined. Recursion stops at `maxDepth`. */
export function jsonBoundsProblem(value: unknown, bounds: StateBounds): Problem | undefined {
  const problem = walk(value, [], 0, bounds);
  if (problem) return problem;
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > bounds.maxBytes)
    return { path: [], message: `${bytes} bytes as JSON; at most ${bounds.maxBytes} are kept` };
  return undefined;
}

function walk(value: unknown, path: PropertyKey[], depth: number, bounds: StateBounds): Problem | undefined {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      return { path, message: 'expected a finite number' };
    return undefined;
  }
  if (depth >= bounds.maxDepth) return { path, message: `nested deeper than ${bounds.maxDepth} levels` };
  if (Array.isArray(value)) {
    if (value.length > bounds.maxKeys)
      return { path, message: `${value.length} items; at most ${bounds.maxKeys}` };
    for (const [index, item] of value.entries()) {
      const problem = walk(item, [...path, index], depth + 1, bounds);
      if (problem) return problem;
    }
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length > bounds.maxKeys)
    return { path, message: `${keys.length} keys; at most ${bounds.maxKeys}` };
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) return { path: [...path, key], message: 'this key name is not allowed' };
    if (key.length > MAX_KEY_CHARS)
      return { path, message: `a key is longer than ${MAX_KEY_CHARS} characters` };
    const problem = walk((value as Record<string, unknown>)[key], [...path, key], depth + 1, bounds);
    if (problem) return problem;
  }
  return undefined;
}

function boundsText(bounds: StateBounds): string {
  return (
    `At most ${bounds.maxDepth} levels deep, ${bounds.maxKeys} keys per object or items per array, ` +
    `${Math.round(bounds.maxBytes / 1024)} KiB as JSON.`
  );
}

/**
 * A free-form JSON object within `bounds`; `shape` declares the fields a later step reads (they are
 * checked as declared, every other key is kept as sent).
 */
export function boundedJsonObject<Shape extends z.ZodRawShape = Record<never, never>>(
  bounds: StateBounds,
  shape?: Shape,
) {
  return z
    .looseObject(shape ?? ({} as Shape))
    .superRefine((value, ctx) => {
      const problem = jsonBoundsProblem(value, bounds);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
    })
    .describe(boundsText(bounds));
}

/** An integer query parameter (`?limit=20`) within [min, max]; anything else is a 400 naming it. */
export function queryInt(min: number, max: number) {
  return z.coerce.number().int().min(min).max(max);
}

/** The largest number a 32-bit integer column compares with (turn numbers, message ids). */
export const INT32_MAX = 2_147_483_647;

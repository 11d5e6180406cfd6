/**
 * JSON merge-patch (RFC 7396) for a session's live game state, with the bounds every stored state
 * keeps: a game posts its state on every tick, so a runaway client must get a 400 naming the field,
 * not a database row that grows without end or a document nested deep enough to stall a parser.
 *
 * Shared by `PATCH /sessions/{id}`, a turn's `state` patch, and the game's inbound events.
 */
import { NarrativeError } from './errors.js';

export type JsonObject = { [key: string]: unknown };

/** Bounds of a session's state (and of one patch of it). */
export interface StateBounds {
  /** Nesting of objects and arrays below the state itself. */
  maxDepth: number;
  /** The state as JSON, in bytes. */
  maxBytes: number;
  /** Keys of any one object. */
  maxKeys: number;
}

export const STATE_BOUNDS: StateBounds = { maxDepth: 8, maxBytes: 64 * 1024, maxKeys: 256 };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * RFC 7396: an object patch merges key by key (`null` removes a key); anything else (an array, a
 * string, a number) replaces the target whole. The target is not changed: a new value is returned.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * Checks a value against the bounds; a 400 names the first field past one (`state.inventory.items`).
 * Keys such as `__proto__` are refused: the state is merged into plain objects.
 */
export function checkStateBounds(value: unknown, param: string, bounds: StateBounds = STATE_BOUNDS): void {
  walk(value, param, 0, bounds);
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > bounds.maxBytes)
    throw invalid(param, `${param} is ${bytes} bytes as JSON; at most ${bounds.maxBytes} are kept`);
}

function walk(value: unknown, path: string, depth: number, bounds: StateBounds): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw invalid(path, `${path} must be a finite number`);
    return;
  }
  if (depth >= bounds.maxDepth)
    throw invalid(path, `${path} is nested deeper than ${bounds.maxDepth} levels`);
  if (Array.isArray(value)) {
    if (value.length > bounds.maxKeys)
      throw invalid(path, `${path} has ${value.length} items; at most ${bounds.maxKeys}`);
    for (const [index, item] of value.entries()) walk(item, `${path}[${index}]`, depth + 1, bounds);
    return;
  }
  const keys = Object.keys(value);
  if (keys.length > bounds.maxKeys)
    throw invalid(path, `${path} has ${keys.length} keys; at most ${bounds.maxKeys}`);
  for (const key of keys) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype')
      throw invalid(`${path}.${key}`, `${path}.${key}: this key name is not allowed`);
    if (key.length > 200) throw invalid(path, `${path} has a key longer than 200 characters`);
    walk((value as JsonObject)[key], `${path}.${key}`, depth + 1, bounds);
  }
}

function invalid(param: string, message: string): NarrativeError {
  return new NarrativeError(400, 'invalid_request', `Invalid request: ${message}`, param);
}

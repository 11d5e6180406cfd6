/**
 * Bounded request values the routes share, as zod schemas: a time in a query string, and free-form JSON.
 *
 * Why: a value a later step cannot use must be refused where it enters, with a 400 naming the field,
 * never met later as a 500. A time such as `since=99999999999999999999` is a number JavaScript cannot
 * turn into a date, and a free-form object nested thousands of levels deep or megabytes wide is stored,
 * rendered or walked by code that then fails or stalls. So a time is parsed and range-checked, and
 * free-form JSON is limited in depth and in size (its keys and strings counted).
 */
import { z } from 'zod';

/** The latest time a query accepts: the end of year 9999 (`Date` goes further, ISO 8601 does not). */
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const EPOCH_MS = /^\d{1,16}$/;

/**
 * A time in a query string: an ISO 8601 date or date-time, or epoch milliseconds. Parsed into epoch
 * milliseconds between 1970 and the end of year 9999; anything else is refused.
 */
export function queryTime(description: string) {
  return z
    .string()
    .trim()
    .min(1)
    .max(64)
    .transform((value, context) => {
      const ms = EPOCH_MS.test(value) ? Number(value) : /^\d{4}-\d{2}/.test(value) ? Date.parse(value) : NaN;
      if (Number.isNaN(ms)) {
        context.addIssue({ code: 'custom', message: 'expected an ISO 8601 date or epoch milliseconds' });
        return z.NEVER;
      }
      if (ms < 0 || ms > MAX_TIME_MS) {
        context.addIssue({ code: 'custom', message: 'expected a time between 1970 and the end of 9999' });
        return z.NEVER;
      }
      return ms;
    })
    .meta({ description: `${description} (an ISO 8601 date or date-time, or epoch milliseconds)` });
}

export interface JsonBounds {
  /** Nesting: a flat object is depth 1. */
  depth: number;
  /** Keys' and strings' characters, plus 8 for every other value, summed. */
  size: number;
}

/** The first bound a JSON value passes, or undefined (walked without recursion: any depth is safe). */
export function exceededBound(value: unknown, bounds: JsonBounds): string | undefined {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let size = 0;
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') size += item.length;
    else if (item !== null && typeof item === 'object') {
      if (depth + 1 > bounds.depth) return `nested deeper than ${bounds.depth} levels`;
      if (Array.isArray(item)) {
        size += 8;
        for (const child of item) stack.push([child, depth + 1]);
      } else
        for (const [key, child] of Object.entries(item)) {
          size += key.length;
          stack.push([child, depth + 1]);
        }
    } else size += 8;
    if (size > bounds.size) return `larger than ${bounds.size} characters`;
  }
  return undefined;
}

/** A free-form JSON object (variables, metadata, a JSON schema) within the given bounds. */
export function boundedObject(bounds: JsonBounds, description: string) {
  return z
    .record(z.string(), z.unknown(), { error: 'expected an object' })
    .superRefine((value, context) => {
      const problem = exceededBound(value, bounds);
      if (problem) context.addIssue({ code: 'custom', message: `${problem}` });
    })
    .meta({
      description: `${description} (at most ${bounds.depth} levels deep and ${bounds.size} characters)`,
    });
}

/** A free-form JSON value (an object, array, string…) within the given bounds. */
export function boundedJson(bounds: JsonBounds, description: string) {
  return z
    .unknown()
    .superRefine((value, context) => {
      const problem = exceededBound(value, bounds);
      if (problem) context.addIssue({ code: 'custom', message: `${problem}` });
    })
    .meta({
      description: `${description} (at most ${bounds.depth} levels deep and ${bounds.size} characters)`,
    });
}

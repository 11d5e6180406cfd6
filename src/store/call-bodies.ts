/**
 * The bodies of a call-log row (request, answer text, tool calls) made into bounded text for their
 * columns. The gateway hands the call's own objects over as they are; they are serialised here once,
 * when the batch is written (by the SQLite writer thread, or before a PostgreSQL batch), never on the
 * request path. A body longer than `maxChars` is cut and ends with a marker saying so, and the row's
 * `body_note` says which body was cut: a call whose request was cut cannot be sent again.
 */
import type { NewLlmCall } from './schema.js';

/** A row as recorded: `request` and `tool_calls` may still be the call's objects. */
export type PendingCall = Omit<NewLlmCall, 'request' | 'tool_calls'> & {
  request?: string | object | null;
  tool_calls?: string | readonly object[] | null;
};

/** What every cut body ends with (its length is counted in the limit). */
export const CUT_MARKER_PREFIX = '\n[cut by the call log:';

/** `text` within `maxChars`, ending with the cut marker when it had to be cut. */
export function bound(text: string, maxChars: number): { text: string; cut: boolean } {
  if (text.length <= maxChars) return { text, cut: false };
  const marker = `${CUT_MARKER_PREFIX} ${text.length} characters, ${maxChars} kept]`;
  return { text: text.slice(0, Math.max(0, maxChars - marker.length)) + marker, cut: true };
}

/** JSON text of an object body (a string is already text). */
export function serialised(body: string | object | null | undefined): string | null {
  if (body === null || body === undefined) return null;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * Turns the row's bodies into bounded text in place (idempotent: a body already bounded stays as it
 * is). `redact` runs on each serialised body before it is cut, so a secret is never half kept.
 */
export function finishBodies(
  row: PendingCall,
  maxChars: number,
  redact: (text: string) => string = (text) => text,
): NewLlmCall {
  const notes: string[] = row.body_note ? [row.body_note] : [];
  const fields = ['request', 'response', 'tool_calls'] as const;
  for (const field of fields) {
    const text = serialised(row[field]);
    if (text === null) continue;
    const bounded = bound(redact(text), maxChars);
    (row as Record<string, unknown>)[field] = bounded.text;
    if (bounded.cut)
      notes.push(
        `${field === 'response' ? 'answer' : field.replace('_', ' ')} cut to ${maxChars} characters`,
      );
  }
  row.body_note = notes.length > 0 ? notes.join('; ') : (row.body_note ?? null);
  return row as NewLlmCall;
}

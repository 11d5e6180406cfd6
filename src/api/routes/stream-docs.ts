/**
 * How a streamed answer is written into the OpenAPI document: a 200 whose `application/json` form is
 * the whole answer and whose `text/event-stream` form is a string of server-sent events. OpenAPI 3.1
 * cannot describe the events themselves, so the stream's schema carries them as `x-sse-events`: a
 * JSON Schema of one event, `{event, data}` (data parsed from JSON when it is JSON; `[DONE]` stays a
 * string), self-contained (no references), so a client generator or a test can read each event.
 */
import { z } from 'zod';

/** One kind of event: its `event:` name (null for an unnamed `data:` line) and its data. */
export function sseEvent(event: string | null, data: z.ZodType) {
  return z.object({ event: event === null ? z.null() : z.literal(event), data });
}

/** The `[DONE]` line that ends a stream. */
export const sseDone = sseEvent(null, z.literal('[DONE]'));

/** A 200 answered as JSON, or (when the request asks to stream) as server-sent events. */
export function jsonOrStream(
  description: string,
  json: z.ZodType,
  events: readonly [z.ZodType, z.ZodType, ...z.ZodType[]],
) {
  return {
    description,
    content: {
      'application/json': { schema: json },
      'text/event-stream': { schema: eventStream(events) },
    },
  };
}

/** A string of server-sent events whose events the `x-sse-events` schema describes. */
export function eventStream(events: readonly [z.ZodType, z.ZodType, ...z.ZodType[]]) {
  // An empty registry: ids of reused schemas are not turned into references the document cannot resolve.
  const each = z.toJSONSchema(z.union(events), { metadata: z.registry(), unrepresentable: 'any' });
  const { $schema: _drop, ...schema } = each as Record<string, unknown>;
  return z.string().meta({ description: 'Server-sent events (see x-sse-events)', 'x-sse-events': schema });
}

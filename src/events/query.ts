/** The query of GET /llm/events and /ws/llm/events: filters, a cursor, a page size. */
import { z } from 'zod';
import { splitList, typePatternSchema } from './filter.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}/;

const idOrTime = z.string().trim().min(1).max(128);
const typeList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => splitList(value))
  .pipe(z.array(typePatternSchema).max(50).optional());

export const eventFilterQuerySchema = z.object({
  types: typeList.optional(),
  world_id: z.string().min(1).max(128).optional(),
  session_id: z.string().min(1).max(128).optional(),
});

export const eventLogQuerySchema = eventFilterQuerySchema
  .extend({
    /** An event id (events after it) or an ISO-8601 time (events at or after it). */
    since: idOrTime.optional(),
    direction: z.enum(['in', 'out']).optional(),
    limit: z.coerce.number().int().min(1).max(1_000).default(100),
  })
  .strict();

export const eventSocketQuerySchema = eventFilterQuerySchema
  .extend({
    /** Resume: the stored events after this one are sent first. */
    last_event_id: idOrTime.optional(),
  })
  .strict();

/** `since` read as a time when it looks like one (an ISO date), else as an event id. */
export function readSince(since: string | undefined): { time?: string; eventId?: string } {
  if (since === undefined) return {};
  if (ISO_TIME.test(since)) {
    const time = Date.parse(since);
    if (Number.isNaN(time)) return { eventId: since };
    return { time: new Date(time).toISOString() };
  }
  return { eventId: since };
}

/**
 * Events: the stored log and live delivery.
 *
 *   GET  /llm/events?since=&types=&world_id=&session_id=&direction=&limit=   the stored log, oldest first
 *   GET  /ws/llm/events?types=&world_id=&session_id=&last_event_id=           live events (WebSocket)
 *   POST /llm/events                                                          the game's events (src/events/inbound.ts)
 *
 * Schema-first: bodies and queries are zod schemas on the routes (a 400 naming the field), answers are
 * described in the OpenAPI document. The WebSocket reads its own query, so a bad one is answered on the
 * socket (an error message, then close 4400) as its clients expect.
 */
import type {} from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { EventsConfig } from '../../config/events-schema.js';
import { serveEventSocket } from '../../events/delivery/socket.js';
import { splitList, typePatternSchema } from '../../events/filter.js';
import type { EventHub } from '../../events/hub.js';
import {
  type EventOutcome,
  type InboundEvents,
  inboundBodySchema,
  inboundShapeOf,
} from '../../events/inbound.js';
import { eventLogQuerySchema, eventSocketQuerySchema, readSince } from '../../events/query.js';
import { ApiError, parseBody } from '../errors.js';
import { MAX_TIME_MS } from './bounded.js';

export function eventRoutes(
  app: FastifyInstance,
  deps: { hub: EventHub; config: EventsConfig; inbound: InboundEvents },
): void {
  const { hub, config, inbound } = deps;

  // One event answers one outcome; a batch ({events: [...]}) a list, in order.
  app.withTypeProvider<ZodTypeProvider>().post(
    '/llm/events',
    {
      config: { scope: 'game' },
      schema: {
        summary: "The game's events: one, or a batch as {events: [...]}, idempotent by id",
        tags: ['events'],
        body: inboundBodySchema(config.inbound.max_batch),
        response: {
          200: z.union([
            outcomeSchema,
            z.object({ object: z.literal('list'), data: z.array(outcomeSchema) }),
          ]),
        },
      },
      // Before the schema: the body read as the shape it has, so a refusal names its field.
      preValidation: async (request) => {
        parseBody(inboundShapeOf(request.body, config.inbound.max_batch), request.body ?? {});
      },
    },
    async (request) => {
      const body = request.body;
      if ('events' in body) {
        const outcomes = await inbound.receive(body.events);
        return { object: 'list' as const, data: outcomes.map(outcomeView) };
      }
      const [outcome] = await inbound.receive([body]);
      return outcomeView(outcome as EventOutcome);
    },
  );

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/llm/events',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'The stored event log, oldest first (since an event id or a time)',
        tags: ['events'],
        querystring: logQuerySchema,
        response: {
          200: z.object({
            object: z.literal('list'),
            data: z.array(loggedEventSchema),
            has_more: z.boolean(),
            next_since: z.string().nullable().describe('Pass as since to read on from here'),
          }),
        },
      },
    },
    async (request) => {
      const query = request.query;
      const since = readSince(query.since);
      let afterSeq: number | undefined;
      if (since.eventId !== undefined) {
        afterSeq = await hub.seqOf(since.eventId);
        if (afterSeq === undefined)
          throw new ApiError(
            404,
            `Event ${since.eventId} is not in the stored log (unknown, or past its retention)`,
            {
              type: 'not_found_error',
              code: 'event_not_found',
              param: 'since',
            },
          );
      }
      await hub.flush();
      const filter = { types: query.types, worldId: query.world_id, sessionId: query.session_id };
      const events = await hub.read(
        {
          ...filter,
          ...(afterSeq !== undefined && { afterSeq }),
          ...(since.time !== undefined && { since: since.time }),
          ...(query.direction && { direction: query.direction }),
        },
        query.limit + 1,
      );
      const page = events.slice(0, query.limit);
      const last = page.at(-1);
      return {
        object: 'list' as const,
        data: page,
        has_more: events.length > query.limit,
        // Pass as `since` to read on from here.
        next_since: last?.id ?? query.since ?? null,
      };
    },
  );

  app.get(
    '/ws/llm/events',
    {
      websocket: true,
      config: { scope: 'read' },
      schema: {
        summary: 'Live events over a WebSocket, filtered by type pattern, world and session; resumable',
        tags: ['events'],
        description: SOCKET_PROTOCOL,
      },
    },
    (socket: WebSocket, request) => {
      const parsed = eventSocketQuerySchema.safeParse(request.query);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const param = issue?.path.join('.') || null;
        socket.send(
          JSON.stringify({
            type: 'error',
            error: {
              type: 'invalid_request_error',
              code: 'invalid_request',
              message: `Invalid request: ${param ? `${param}: ` : ''}${issue?.message ?? 'unexpected query'}`,
              param,
            },
          }),
        );
        socket.close(4400, 'invalid query');
        return;
      }
      const query = parsed.data;
      void serveEventSocket(socket, hub, {
        filter: { types: query.types, worldId: query.world_id, sessionId: query.session_id },
        lastEventId: query.last_event_id,
        heartbeatMs: config.socket.heartbeat_ms,
        maxBufferedBytes: config.socket.max_buffered_bytes,
        maxReplay: config.socket.max_replay,
      }).catch((error: unknown) => {
        request.log.warn({ err: error }, 'event socket failed');
        socket.close(1011, 'server error');
      });
    },
  );
}

/**
 * The log's query: `since` is an event id, or a time when it looks like one (an ISO date); a time that
 * does not parse, or lies past the end of 9999, is a 400 naming it (not read as an unknown event id).
 */
const logQuerySchema = eventLogQuerySchema.extend({
  types: z
    .union([z.string().max(5_100), z.array(z.string().max(100)).max(50)])
    .transform((value) => splitList(value))
    .pipe(z.array(typePatternSchema).max(50).optional())
    .optional()
    .describe('Event types or patterns (llm.*), comma-separated or repeated; at most 50'),
  since: eventLogQuerySchema.shape.since.superRefine((since, context) => {
    if (since === undefined || !/^\d{4}-\d{2}-\d{2}/.test(since)) return;
    const time = Date.parse(since);
    if (Number.isNaN(time) || time > MAX_TIME_MS)
      context.addIssue({ code: 'custom', message: 'expected an event id or an ISO 8601 time' });
  }),
});

/** An event as stored: the envelope and its place in the log. */
const loggedEventSchema = z
  .object({
    id: z.string(),
    version: z.number(),
    type: z.string(),
    time: z.string(),
    world_id: z.string().nullable(),
    session_id: z.string().nullable(),
    source: z.string(),
    data: z.record(z.string(), z.unknown()),
    seq: z.number().describe("The event's place in the stored log"),
  })
  .meta({ id: 'Event' });

const SOCKET_PROTOCOL = [
  'Auth: the Authorization header, or from a browser the subprotocols ["loremaster", "bearer.<key>"] (the',
  'server answers "loremaster") or ?api_key=<key> (URLs end up in proxy logs: prefer the subprotocol).',
  'Query: types (patterns such as llm.*, comma-separated), world_id, session_id, last_event_id (resume:',
  'the stored events after it are sent first). Server → client, one JSON object per message:',
  '{"type": "event", event} (an Event), {"type": "ready", replayed, truncated} once the replay is sent,',
  '{"type": "heartbeat", time}, {"type": "pong"}, {"type": "error", error}. A bad query is answered with',
  'an error and close code 4400, an unknown last_event_id closes with 4004, and a consumer too slow for',
  'its bounded buffer is closed with 4008. Client → server: {"type": "ping"} (optional).',
].join(' ');

/** What one event did: handled, the changes made, or why nothing was done. */
const outcomeSchema = z.object({
  object: z.literal('event.outcome'),
  id: z.string(),
  type: z.string(),
  handled: z.boolean(),
  /** The id was posted before: nothing was done again, the first answer is repeated. */
  duplicate: z.boolean(),
  changes: z.array(z.object({ kind: z.string() }).loose()),
  reason: z.string().nullable(),
  /** Handling failed inside Loremaster: the event was not kept and may be sent again. */
  retryable: z.boolean().optional(),
});

function outcomeView(outcome: EventOutcome): z.infer<typeof outcomeSchema> {
  return {
    object: 'event.outcome',
    id: outcome.id,
    type: outcome.type,
    handled: outcome.handled,
    duplicate: outcome.duplicate,
    changes: outcome.changes,
    reason: outcome.reason ?? null,
    ...(outcome.retryable && { retryable: true }),
  };
}

/**
 * Events: the stored log and live delivery.
 *
 *   GET  /llm/events?since=&types=&world_id=&session_id=&direction=&limit=   the stored log, oldest first
 *   GET  /ws/llm/events?types=&world_id=&session_id=&last_event_id=           live events (WebSocket)
 *   POST /llm/events                                                          the game's events (see inbound)
 */
import type {} from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { EventsConfig } from '../../config/events-schema.js';
import { serveEventSocket } from '../../events/delivery/socket.js';
import type { EventHub } from '../../events/hub.js';
import {
  type EventOutcome,
  type InboundEvent,
  type InboundEvents,
  inboundBodySchema,
} from '../../events/inbound.js';
import { eventLogQuerySchema, eventSocketQuerySchema, readSince } from '../../events/query.js';
import { ApiError, parseBody } from '../errors.js';

export function eventRoutes(
  app: FastifyInstance,
  deps: { hub: EventHub; config: EventsConfig; inbound: InboundEvents },
): void {
  const { hub, config, inbound } = deps;

  // One event answers one outcome; a batch (an array, or {events: [...]}) a list, in order.
  app.post('/llm/events', { config: { scope: 'game' } }, async (request) => {
    const body: unknown = parseBody(inboundBodySchema(request.body, config.inbound.max_batch), request.body);
    if (Array.isArray(body)) return listView(await inbound.receive(body));
    if (body && typeof body === 'object' && 'events' in body)
      return listView(await inbound.receive((body as { events: InboundEvent[] }).events));
    const [outcome] = await inbound.receive([body as InboundEvent]);
    return outcomeView(outcome as EventOutcome);
  });

  app.get('/llm/events', { config: { scope: 'read' } }, async (request) => {
    const query = parseBody(eventLogQuerySchema, request.query);
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
      object: 'list',
      data: page,
      has_more: events.length > query.limit,
      // Pass as `since` to read on from here.
      next_since: last?.id ?? query.since ?? null,
    };
  });

  app.get('/ws/llm/events', { websocket: true, config: { scope: 'read' } }, (socket: WebSocket, request) => {
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
  });
}

function listView(outcomes: EventOutcome[]) {
  return { object: 'list', data: outcomes.map(outcomeView) };
}

function outcomeView(outcome: EventOutcome) {
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

/**
 * One /ws/llm/events subscriber: live events that match its filter, after (when it resumes) the
 * stored events since its last event id.
 *
 * Bounded: a socket whose unsent bytes pass `maxBufferedBytes` is a slow consumer; it gets no more
 * events and is closed with 4008 (and cut off if it does not read its close frame in time), so a
 * client that stops reading costs the server a bounded amount of memory. Heartbeats: a JSON
 * `heartbeat` message and a WebSocket ping every `heartbeatMs`; a client that answered none of two
 * pings is cut off.
 */
import type { WebSocket } from 'ws';
import type { EventEnvelope } from '../envelope.js';
import type { EventFilter } from '../filter.js';
import type { EventHub } from '../hub.js';

export const CLOSE_SLOW_CONSUMER = 4008;
export const CLOSE_UNKNOWN_EVENT_ID = 4004;
/** How long a slow consumer has to read its close frame before the connection is cut. */
const CLOSE_GRACE_MS = 10_000;
const REPLAY_PAGE = 500;

export interface SocketOptions {
  filter: EventFilter;
  /** Resume after this stored event. */
  lastEventId?: string | undefined;
  heartbeatMs: number;
  maxBufferedBytes: number;
  maxReplay: number;
}

export async function serveEventSocket(
  socket: WebSocket,
  hub: EventHub,
  options: SocketOptions,
): Promise<void> {
  let closed = false;
  let alive = true;
  // Live events that arrive while the stored ones are replayed wait here (bounded by the same rule).
  let pending: EventEnvelope[] | undefined = options.lastEventId ? [] : undefined;
  let pendingBytes = 0;

  const close = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    socket.close(code, reason);
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
  };
  const send = (message: unknown): boolean => {
    if (closed || socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount > options.maxBufferedBytes) {
      close(CLOSE_SLOW_CONSUMER, 'slow consumer: events were not read fast enough');
      return false;
    }
    socket.send(JSON.stringify(message));
    return true;
  };

  const unsubscribe = hub.subscribe(options.filter, (event) => {
    if (pending) {
      pendingBytes += JSON.stringify(event.data).length;
      if (pendingBytes > options.maxBufferedBytes)
        close(CLOSE_SLOW_CONSUMER, 'slow consumer: too many events');
      else pending.push(event);
      return;
    }
    send({ type: 'event', event });
  });
  const heartbeat = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
    send({ type: 'heartbeat', time: new Date().toISOString() });
  }, options.heartbeatMs).unref();
  socket.on('pong', () => {
    alive = true;
  });
  socket.on('close', () => {
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
  });
  socket.on('message', (raw) => {
    alive = true;
    let message: { type?: unknown } | undefined;
    try {
      message = JSON.parse(raw.toString()) as { type?: unknown };
    } catch {
      message = undefined;
    }
    if (message?.type === 'ping') send({ type: 'pong' });
    else
      send({
        type: 'error',
        error: {
          type: 'invalid_request_error',
          code: 'invalid_message',
          message: 'This socket only takes {"type":"ping"}; choose events with the query string',
          param: null,
        },
      });
  });

  let replayed = 0;
  let truncated = false;
  if (options.lastEventId) {
    const after = await hub.seqOf(options.lastEventId);
    if (after === undefined) {
      send({
        type: 'error',
        error: {
          type: 'invalid_request_error',
          code: 'unknown_event_id',
          message: `Event ${options.lastEventId} is not in the stored log (unknown, or past its retention)`,
          param: 'last_event_id',
        },
      });
      close(CLOSE_UNKNOWN_EVENT_ID, 'unknown last_event_id');
      return;
    }
    // This instance's events not yet written are written first, so none falls between log and live.
    await hub.flush();
    const seen = new Set<string>();
    let cursor = after;
    while (!closed && replayed < options.maxReplay) {
      const page = await hub.read(
        { ...options.filter, afterSeq: cursor },
        Math.min(REPLAY_PAGE, options.maxReplay - replayed),
      );
      for (const event of page) {
        const { seq: _seq, ...envelope } = event;
        seen.add(envelope.id);
        send({ type: 'event', event: envelope });
        cursor = event.seq;
      }
      replayed += page.length;
      if (page.length < REPLAY_PAGE) break;
    }
    truncated = replayed >= options.maxReplay;
    const waiting = pending ?? [];
    pending = undefined;
    for (const event of waiting) if (!seen.has(event.id)) send({ type: 'event', event });
  }
  send({ type: 'ready', replayed, truncated });
}

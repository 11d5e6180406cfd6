/**
 * A subscription to Loremaster's live events over WebSocket (`/ws/llm/events`), as an async iterator
 * of event envelopes. Uses the runtime's global WebSocket (browsers, Node 22+) or the `ws` package
 * (Node 20). Heartbeats and `ready` are handled here; a close the caller did not ask for ends the
 * iteration with a `LoremasterSocketClosed` error naming the server's close code and reason.
 */
import type { components } from './schema.js';

export type LoremasterEvent = components['schemas']['Event'];

export interface SubscribeOptions {
  /** Only these event types (e.g. `['turn.played']`). */
  types?: string[];
  worldId?: string;
  sessionId?: string;
  /** Resume after this stored event id: the events since it are replayed first. */
  lastEventId?: string;
}

/** The minimum of a WebSocket this module needs (the WHATWG one and `ws` both have it). */
interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(
    type: string,
    listener: (event: { data?: unknown; code?: number; reason?: string }) => void,
  ): void;
}
export type WebSocketConstructor = new (url: string, init?: unknown) => unknown;

export class LoremasterSocketClosed extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`the event socket was closed by Loremaster (${code}${reason ? `: ${reason}` : ''})`);
    this.name = 'LoremasterSocketClosed';
  }
}

export interface EventSubscription extends AsyncIterable<LoremasterEvent> {
  /** Resolves once the server has replayed what was asked and sends live events (`ready`). */
  readonly ready: Promise<void>;
  close(): void;
}

async function socketConstructor(given?: WebSocketConstructor): Promise<WebSocketConstructor> {
  if (given) return given;
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global) return global;
  const ws = await import('ws');
  return ws.WebSocket as unknown as WebSocketConstructor;
}

export function subscribeToEvents(
  baseUrl: string,
  options: SubscribeOptions,
  auth: { apiKey?: string | undefined; WebSocket?: WebSocketConstructor | undefined },
): EventSubscription {
  const url = new URL('/ws/llm/events', baseUrl.replace(/^http/, 'ws'));
  if (options.types?.length) url.searchParams.set('types', options.types.join(','));
  if (options.worldId) url.searchParams.set('world_id', options.worldId);
  if (options.sessionId) url.searchParams.set('session_id', options.sessionId);
  if (options.lastEventId) url.searchParams.set('last_event_id', options.lastEventId);

  const queue: LoremasterEvent[] = [];
  let failure: Error | undefined;
  let finished = false;
  let wake: (() => void) | undefined;
  let socket: SocketLike | undefined;
  let markReady: () => void = () => {};
  let failReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => {});
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  const opened = socketConstructor(auth.WebSocket).then((Socket) => {
    if (finished) return;
    // The key as a subprotocol (["loremaster", "bearer.<key>"]): browsers can send no headers on a
    // WebSocket, and Loremaster answers with `loremaster` without echoing the key.
    const protocols = auth.apiKey ? ['loremaster', `bearer.${auth.apiKey}`] : undefined;
    socket = new Socket(url.toString(), protocols) as SocketLike;
    socket.addEventListener('message', (event) => {
      let message: { type?: string; event?: LoremasterEvent; error?: { message?: string } };
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (message.type === 'ready') markReady();
      // A refused query or cursor: the close that follows ends the iteration with this message.
      else if (message.type === 'error')
        failure = new Error(message.error?.message ?? 'refused by Loremaster');
      else if (message.type === 'event' && message.event) {
        queue.push(message.event);
        notify();
      }
    });
    socket.addEventListener('close', (event) => {
      if (!finished) failure ??= new LoremasterSocketClosed(event.code ?? 1006, event.reason ?? '');
      finished = true;
      failReady(failure ?? new Error('closed'));
      notify();
    });
    socket.addEventListener('error', () => {
      failure ??= new Error(`the event socket to ${url.origin} failed`);
      // A socket that errs is done. Node 22's WebSocket fires no close after a refused handshake (a 401:
      // it stays CONNECTING), so waiting for the close would leave `ready` and the iteration hanging.
      finished = true;
      failReady(failure);
      notify();
    });
  });
  opened.catch((error: Error) => {
    failure = error;
    finished = true;
    failReady(error);
    notify();
  });

  const close = () => {
    if (finished) return;
    finished = true;
    socket?.close(1000);
    failReady(new Error('closed'));
    notify();
  };

  return {
    ready,
    close,
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const next = queue.shift();
          if (next) {
            yield next;
            continue;
          }
          if (finished) {
            if (failure) throw failure;
            return;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      } finally {
        close();
      }
    },
  };
}

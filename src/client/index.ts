/**
 * `loremaster/client`: a typed client for a game (or a tool) that talks to Loremaster over HTTP.
 *
 * `client.api` is the whole API, typed from the OpenAPI document (openapi-fetch over the generated
 * `schema.ts`): every path, body and answer. On top, helpers for what a game does most, which answer
 * the data or throw a `LoremasterError` with the server's error (status, type, code, param): worlds,
 * sessions, turns (plain, and streamed as an async iterator of SSE events), live events over
 * WebSocket, content generation and images.
 */
import createFetchClient, { type Client } from 'openapi-fetch';
import {
  type EventSubscription,
  type SubscribeOptions,
  subscribeToEvents,
  type WebSocketConstructor,
} from './events-socket.js';
import type { components, paths } from './schema.js';
import { readSse } from './sse.js';

export type {
  EventSubscription,
  LoremasterEvent,
  SubscribeOptions,
  WebSocketConstructor,
} from './events-socket.js';
export { LoremasterSocketClosed } from './events-socket.js';
export type { components, operations, paths } from './schema.js';

export type Schemas = components['schemas'];
export type World = Schemas['World'];
export type Entity = Schemas['Entity'];
export type Session = Schemas['Session'];
export type Turn = Schemas['Turn'];
export type EntityImage = Schemas['EntityImage'];
export type ContentJob = Schemas['ContentJob'];
export type ApiErrorBody = Schemas['Error'];

/** The JSON body a path's method takes. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type ContentType = 'character' | 'campaign' | 'location' | 'npc' | 'quest' | 'item' | 'encounter';
type ContentPath<T extends ContentType> = `/content/${T}`;
export type ContentRequest<T extends ContentType> = RequestBody<ContentPath<T>, 'post'>;
export type GeneratedContent<T extends ContentType> = Schemas[`Generated${Capitalize<T>}`];

/** What a streamed turn yields: narration as it comes, then the whole turn. */
export type TurnStreamEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'turn';
      turn: Turn /** The first answer to this idempotency key, replayed. */;
      replayed: boolean;
    };

/** How a turn is sent. */
export interface TurnOptions {
  /**
   * Sent as `Idempotency-Key`: make one per turn (`crypto.randomUUID()`) and send it again on every
   * retry of that turn, so a retry whose first answer was lost gets that answer, not a second turn.
   */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface LoremasterClientOptions {
  /** Where Loremaster listens, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`, and on the event socket as the subprotocol `bearer.<key>`. */
  apiKey?: string;
  /** A fetch of your own (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
  /** A WebSocket class of your own; the global one (browsers, Node 22+) or the `ws` package by default. */
  WebSocket?: WebSocketConstructor;
}

/** An error answer of Loremaster: its status and the documented error shape. */
export class LoremasterError extends Error {
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;
  constructor(
    readonly status: number,
    body: unknown,
  ) {
    const error = (body as { error?: Partial<ApiErrorBody['error']> } | undefined)?.error;
    super(error?.message ?? `Loremaster answered ${status}`);
    this.name = 'LoremasterError';
    this.type = error?.type ?? 'unknown_error';
    this.code = error?.code ?? null;
    this.param = error?.param ?? null;
  }
}

function turnOptions(options: TurnOptions | AbortSignal | undefined): TurnOptions {
  if (options === undefined) return {};
  return isAbortSignal(options) ? { signal: options } : options;
}

function isAbortSignal(value: object): value is AbortSignal {
  return typeof (value as AbortSignal).aborted === 'boolean' && 'addEventListener' in value;
}

/** The data of an openapi-fetch answer, or its error thrown. */
function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok)
    throw new LoremasterError(result.response.status, result.error);
  return result.data as T;
}

export type LoremasterClient = ReturnType<typeof createLoremasterClient>;

export function createLoremasterClient(options: LoremasterClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  const fetcher = options.fetch ?? globalThis.fetch;
  const api: Client<paths> = createFetchClient<paths>({
    baseUrl,
    headers,
    fetch: (request) => fetcher(request),
  });

  async function* streamTurn(
    sessionId: string,
    body: Omit<RequestBody<'/sessions/{id}/turns', 'post'>, 'stream'>,
    /** Options, or (as before) the abort signal alone. */
    options?: TurnOptions | AbortSignal,
  ): AsyncGenerator<TurnStreamEvent> {
    const { signal, idempotencyKey } = turnOptions(options);
    const response = await fetcher(`${baseUrl}/sessions/${encodeURIComponent(sessionId)}/turns`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(idempotencyKey !== undefined && { 'idempotency-key': idempotencyKey }),
      },
      body: JSON.stringify({ ...body, stream: true }),
      ...(signal && { signal }),
    });
    const replayed = response.headers.get('idempotent-replayed') === 'true';
    if (!response.ok || !response.body) {
      throw new LoremasterError(response.status, await response.json().catch(() => undefined));
    }
    for await (const frame of readSse(response.body)) {
      if (frame.data === '[DONE]') return;
      const data = JSON.parse(frame.data);
      if (frame.event === 'delta') yield { type: 'delta', text: (data as { text: string }).text };
      else if (frame.event === 'turn') yield { type: 'turn', turn: data as Turn, replayed };
      else if (frame.event === 'error') throw new LoremasterError(500, data);
    }
  }

  return {
    /** The whole API, typed: `client.api.GET('/worlds/{id}', { params: { path: { id } } })`. */
    api,
    worlds: {
      create: async (body: RequestBody<'/worlds', 'post'>) => unwrap(await api.POST('/worlds', { body })),
      list: async () => unwrap(await api.GET('/worlds')),
      get: async (id: string) => unwrap(await api.GET('/worlds/{id}', { params: { path: { id } } })),
      update: async (id: string, body: RequestBody<'/worlds/{id}', 'patch'>) =>
        unwrap(await api.PATCH('/worlds/{id}', { params: { path: { id } }, body })),
      delete: async (id: string) => unwrap(await api.DELETE('/worlds/{id}', { params: { path: { id } } })),
      addEntity: async (worldId: string, body: RequestBody<'/worlds/{id}/entities', 'post'>) =>
        unwrap(await api.POST('/worlds/{id}/entities', { params: { path: { id: worldId } }, body })),
    },
    sessions: {
      /** Starts a session (a playthrough) in a world. */
      start: async (worldId: string, body: RequestBody<'/worlds/{id}/sessions', 'post'> = {}) =>
        unwrap(await api.POST('/worlds/{id}/sessions', { params: { path: { id: worldId } }, body })),
      get: async (id: string) => unwrap(await api.GET('/sessions/{id}', { params: { path: { id } } })),
      delete: async (id: string) => unwrap(await api.DELETE('/sessions/{id}', { params: { path: { id } } })),
    },
    turns: {
      /** Plays a turn and answers it whole (narration, panel, turn number). */
      play: async (
        sessionId: string,
        body: Omit<RequestBody<'/sessions/{id}/turns', 'post'>, 'stream'>,
        options: TurnOptions = {},
      ) =>
        unwrap(
          await api.POST('/sessions/{id}/turns', {
            params: {
              path: { id: sessionId },
              ...(options.idempotencyKey !== undefined && {
                header: { 'idempotency-key': options.idempotencyKey },
              }),
            },
            body: { ...body, stream: false },
            ...(options.signal && { signal: options.signal }),
          }),
        ) as Turn,
      /** Plays a turn streamed: `delta` events as the narration is written, then the `turn`. */
      stream: streamTurn,
    },
    events: {
      /** Posts a game's event (or `{ events: [...] }`, a batch). */
      publish: async (body: RequestBody<'/llm/events', 'post'>) =>
        unwrap(await api.POST('/llm/events', { body })),
      /** Live events over WebSocket, as an async iterator; `close()` when done. */
      subscribe: (subscribe: SubscribeOptions = {}): EventSubscription =>
        subscribeToEvents(baseUrl, subscribe, { apiKey: options.apiKey, WebSocket: options.WebSocket }),
    },
    content: {
      /** Generates a piece of content (an NPC, a quest…); `save: true` with a `world_id` keeps it in the world. */
      generate: async <T extends ContentType>(type: T, body: ContentRequest<T> = {} as ContentRequest<T>) => {
        const post = api.POST as unknown as (
          path: string,
          init: { body: unknown },
        ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
        return unwrap(
          await post(`/content/${type}`, { body: { ...(body as object), stream: false, async: false } }),
        ) as GeneratedContent<T>;
      },
      validate: async (body: RequestBody<'/content/validate', 'post'>) =>
        unwrap(await api.POST('/content/validate', { body })),
    },
    images: {
      /** A picture of an entity (portrait, heraldry, map), made now: the image and the updated entity. */
      generate: async (body: Omit<RequestBody<'/content/images', 'post'>, 'async'>) =>
        unwrap(await api.POST('/content/images', { body: { ...body, async: false } })) as EntityImage,
      /** A picture's bytes and media type. */
      get: async (id: string): Promise<{ bytes: Uint8Array; contentType: string }> => {
        const response = await fetcher(`${baseUrl}/images/${encodeURIComponent(id)}`, { headers });
        if (!response.ok)
          throw new LoremasterError(response.status, await response.json().catch(() => undefined));
        return {
          bytes: new Uint8Array(await response.arrayBuffer()),
          contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        };
      },
    },
  };
}

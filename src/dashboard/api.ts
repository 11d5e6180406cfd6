/**
 * The dashboard's one way to talk to Loremaster: JSON calls, server-sent event streams and the live
 * event socket, each carrying the API key the user typed in (kept in this browser's localStorage,
 * never in the bundle). A refused call throws `ApiError` with the server's documented error shape
 * (`{error: {message, type, code}}`), so every page shows the server's own words.
 */

const KEY_ITEM = 'loremaster.apiKey';

export function storedKey(): string {
  return localStorage.getItem(KEY_ITEM) ?? '';
}

export function storeKey(key: string): void {
  if (key) localStorage.setItem(KEY_ITEM, key);
  else localStorage.removeItem(KEY_ITEM);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

function headers(body: unknown): Record<string, string> {
  const key = storedKey();
  return {
    ...(key && { authorization: `Bearer ${key}` }),
    ...(body !== undefined && { 'content-type': 'application/json' }),
  };
}

/** The error a refused answer carries (Loremaster's shape, else its status text). */
async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { message?: string; type?: string; code?: string | null } };
    if (body.error?.message)
      return new ApiError(
        response.status,
        body.error.type ?? 'error',
        body.error.code ?? null,
        body.error.message,
      );
  } catch {
    // Not JSON: the status and the start of the text below.
  }
  return new ApiError(response.status, 'error', null, `${response.status} ${text.slice(0, 200)}`);
}

async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(body),
      ...(body !== undefined && { body: JSON.stringify(body) }),
      ...(signal && { signal }),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', null, `Loremaster did not answer (${String(error)})`);
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** A JSON call: the parsed answer, or an ApiError. */
export async function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await send(method, path, body, signal);
  return (await response.json()) as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, undefined, signal);

/** One server-sent event: its `event:` name (`message` without one) and its `data:` text. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * POSTs `body` and calls `onEvent` for each server-sent event as it arrives (the stream is read as it
 * comes, so narration shows word by word). Resolves when the stream ends.
 */
export async function postStream(
  path: string,
  body: unknown,
  onEvent: (event: SseEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const response = await send('POST', path, body, signal);
  if (!response.body) throw new ApiError(0, 'network_error', null, 'The answer has no body to stream');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parseBlock(block);
      if (event) onEvent(event);
      end = buffer.indexOf('\n\n');
    }
  }
}

function parseBlock(block: string): SseEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  return data.length ? { event, data: data.join('\n') } : undefined;
}

/** The error an `event: error` block of a stream carries. */
export function streamError(data: string): ApiError {
  try {
    const body = JSON.parse(data) as { error?: { message?: string; type?: string; code?: string } };
    return new ApiError(
      500,
      body.error?.type ?? 'error',
      body.error?.code ?? null,
      body.error?.message ?? data,
    );
  } catch {
    return new ApiError(500, 'error', null, data);
  }
}

/** One message of the live event socket (`/ws/llm/events`). */
export interface SocketMessage {
  type: 'event' | 'ready' | 'heartbeat' | 'pong' | 'error';
  event?: LoremasterEvent;
  error?: { message: string; type: string };
}

export interface LoremasterEvent {
  seq?: number;
  id: string;
  type: string;
  time: string;
  world_id: string | null;
  session_id: string | null;
  source: string;
  data: Record<string, unknown>;
}

/**
 * Opens the live event socket with the key as a browser can send it: the subprotocols
 * `loremaster` + `bearer.<key>` (the server answers `loremaster` and never echoes the key).
 */
export function openEventSocket(query: Record<string, string>, onMessage: (message: SocketMessage) => void) {
  const url = new URL('/ws/llm/events', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [name, value] of Object.entries(query)) if (value) url.searchParams.set(name, value);
  const key = storedKey();
  const socket = new WebSocket(url, key ? ['loremaster', `bearer.${key}`] : ['loremaster']);
  socket.onmessage = (message) => onMessage(JSON.parse(String(message.data)) as SocketMessage);
  return socket;
}

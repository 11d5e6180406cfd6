/**
 * The `fetch` the vendor SDKs are given. Node's built-in fetch pays the whole WHATWG fetch algorithm
 * on every call (about 8x slower than undici's `request` here); this keeps the fetch contract the AI
 * SDK relies on (a Response, AbortSignal, `TypeError('fetch failed')` on network errors) over undici's
 * pooled `request`, with keep-alive connections shared by every provider of the process.
 */
import { Readable } from 'node:stream';
import { Agent, type Dispatcher, request } from 'undici';

// Deadlines belong to the gateway (per attempt, and per stream part), so undici's own are only a
// backstop for connections nobody is waiting on any more. The lean OpenAI-wire provider sends its
// whole-answer calls (not its streams: stream-http.ts) through this same agent (sharing its
// keep-alive connections), with per-request timeouts.
// Over HTTP/1.1 a streamed answer holds its connection until its end, so this bounds the streams in
// flight per upstream: at 512, 10,000 streams held at once (bench/gateway, held) went upstream 512 at
// a time. 8,192 leaves room under an open-file limit of 20,000 for 10,000 client sockets beside
// them; the gateway's limiter and queue bound how many calls start.
export const upstreamAgent = new Agent({
  connections: 8_192,
  keepAliveTimeout: 30_000,
  headersTimeout: 600_000,
  bodyTimeout: 600_000,
});

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export const pooledFetch: typeof fetch = async (input, init = {}) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      dispatcher: upstreamAgent,
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: toHeaderRecord(init.headers),
      body: init.body as string | Buffer | Uint8Array | null | undefined,
      ...(signal && { signal }),
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // What fetch throws: the SDKs recognise it as a connection failure (and so as retryable).
    throw new TypeError('fetch failed', { cause: error });
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.append(name, value);
  }
  const status = response.statusCode;
  if (NULL_BODY_STATUS.has(status) || init.method === 'HEAD') {
    response.body.resume();
    return new Response(null, { status, headers });
  }
  // Event streams pass through as they come; anything else is read whole first, which is cheaper
  // than a web stream for the small JSON answers most calls get.
  if (headers.get('content-type')?.includes('text/event-stream')) {
    return new Response(Readable.toWeb(response.body) as ReadableStream<Uint8Array>, { status, headers });
  }
  try {
    return new Response(await response.body.arrayBuffer(), { status, headers });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new TypeError('fetch failed', { cause: error });
  }
};

function toHeaderRecord(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return headers as Record<string, string>;
}

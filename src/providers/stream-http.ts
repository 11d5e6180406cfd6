/**
 * The HTTP client of streamed model calls: Node's own `http`/`https`, with keep-alive agents shared by
 * every provider of the process.
 *
 * Why not undici, which carries every other upstream call (http.ts): on a reused keep-alive
 * connection undici writes the request only in the event loop's check phase, after the poll phase
 * has run every other ready callback (its idle-socket check, GHSA-35p6-xmwp-9g52), so under load a
 * streamed call waited a whole turn of the loop before it left. Node's client writes it in the same
 * turn. Measured with bench/gateway (`--only ttft --ttft-settings paced`, 50 streams in flight, an A/B
 * of two Loremasters in the same rounds, each build in both places, five pairs on 2026-12-05): the
 * first token waited 2.7–3.3 ms longer than direct at the median through Node's client, against
 * 3.6–7.2 ms through undici (5.9 or more in four of the five). Undici stays for whole answers: its `request` costs less CPU per call (25 against 40 µs
 * here), which is what a non-streamed call's throughput follows.
 *
 * Node's agent drops an idle connection the server said it would close (its `Keep-Alive: timeout`
 * hint, less a second) and a stale one is a network error, which the gateway retries before the
 * stream's first event.
 */
import * as http from 'node:http';
import * as https from 'node:https';

/** How long an idle keep-alive connection is kept (less when the server announces a shorter timeout). */
const IDLE_MS = 30_000;
// As upstreamAgent (http.ts): over HTTP/1.1 a streamed answer holds its connection until its end,
// so this bounds the streams in flight per upstream.
const MAX_SOCKETS = 8_192;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, timeout: IDLE_MS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, timeout: IDLE_MS }),
};

/**
 * Where streamed calls go and what they all send: the parts of the URL a request needs and its
 * headers as Node's flat list (`Host` included), worked out once per provider. A flat list goes to
 * the request head as it is: given an object, `http.request` checks and stores each header on every
 * call (7.8 against 12 µs a call in a loop of 10,000 here, more on a busy server's cold caches).
 */
export interface StreamTarget {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** Name, value, name, value…: the provider's headers and `host`. */
  headers: readonly string[];
}

export function streamTarget(origin: string, headers: Readonly<Record<string, string>> = {}): StreamTarget {
  const url = new URL(origin);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`not an http(s) URL: ${url.protocol}`);
  const flat: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'host' || name.toLowerCase() === 'content-length') continue;
    flat.push(name, value);
  }
  // As Node writes it: the port only when it is not the protocol's own (`url.host` drops it then).
  flat.push('host', url.host);
  return {
    protocol: url.protocol,
    // `[::1]` in a URL, `::1` to the socket.
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
    headers: flat,
  };
}

/** No byte for this long, while waiting for the answer's headers or between parts of its body. */
export class UpstreamTimeoutError extends Error {
  readonly code = 'UPSTREAM_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`no answer for ${timeoutMs} ms`);
  }
}

export interface StreamResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

/**
 * POSTs `body` (with the target's headers) and resolves with the answer's head once it arrives; its
 * body is read by the caller. `timeoutMs` bounds each silence (for the headers, then between parts of
 * the body); `signal` aborts the request and its body.
 */
export function postForStream(
  target: StreamTarget,
  path: string,
  body: string,
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<StreamResponse> {
  return new Promise((resolve, reject) => {
    let answer: http.IncomingMessage | undefined;
    const request = (target.protocol === 'https:' ? https : http).request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path,
        method: 'POST',
        agent: agents[target.protocol],
        setHost: false,
        headers: [...target.headers, 'content-length', String(Buffer.byteLength(body))],
      },
      (response) => {
        answer = response;
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: response });
      },
    );
    request.setTimeout(options.timeoutMs, () => {
      const error = new UpstreamTimeoutError(options.timeoutMs);
      // Once the answer has begun, its body is what the caller reads: it must fail with this error.
      answer?.destroy(error);
      request.destroy(error);
    });
    request.on('error', reject);
    // One listener of our own rather than http.request's `signal` option, which also wires up
    // end-of-stream tracking (about 8 µs more per call in a loop of 20,000 calls here; too small to
    // show in bench/gateway's first-token numbers).
    const signal = options.signal;
    if (signal) {
      const abort = () => {
        const error = signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
        answer?.destroy(error);
        request.destroy(error);
      };
      signal.addEventListener('abort', abort);
      request.once('close', () => signal.removeEventListener('abort', abort));
    }
    request.end(body);
  });
}

/**
 * Reads the rest of a finished stream's body (normally nothing but its end) so its connection goes
 * back to the pool; past `limit` bytes it is dropped instead.
 */
export function drain(body: http.IncomingMessage, limit: number): void {
  let read = 0;
  body.on('error', () => {});
  body.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > limit) body.destroy();
  });
  // A body its reader paused (BodyChunks) does not flow again for a new `data` listener alone.
  body.resume();
}

/** Chunks waiting to be read past this many, the body is paused until the reader catches up. */
const QUEUED_CHUNKS_HIGH = 16;

/**
 * A streamed answer's body, read one chunk at a time: `await next()` gives the next chunk, or
 * undefined at the end, and rejects with the body's error (a timeout, an abort, a reset).
 *
 * Hand-written hot path: it runs once per streamed token. A `data` listener hands each chunk over as
 * it arrives; the body's async iterator, which this replaced, goes through the `readable` event, a
 * `process.nextTick`, `read()` and a generator of its own first. Its share of a token, from the
 * upstream read to the provider's parser (a mark each side, one stream at a time, 40 tokens 3 ms
 * apart, ~40,000 tokens): 15.2 µs at the median through the iterator, 8.2 through this.
 */
export class BodyChunks {
  private readonly body: http.IncomingMessage;
  private readonly queue: Buffer[] = [];
  private head = 0;
  private ended = false;
  private failure: unknown;
  private waiting:
    | { resolve: (chunk: Buffer | undefined) => void; reject: (error: unknown) => void }
    | undefined;

  constructor(body: http.IncomingMessage) {
    this.body = body;
    body.on('data', this.onData);
    body.on('end', this.onEnd);
    body.on('error', this.onError);
    body.on('close', this.onClose);
  }

  next(): Promise<Buffer | undefined> {
    if (this.head < this.queue.length) {
      const chunk = this.queue[this.head]!;
      this.queue[this.head] = EMPTY;
      this.head += 1;
      if (this.head === this.queue.length) {
        this.queue.length = 0;
        this.head = 0;
        if (this.body.isPaused()) this.body.resume();
      }
      return Promise.resolve(chunk);
    }
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /**
   * Stops reading into the queue: the body is the caller's again (to drain it, or destroy it). An
   * answer's body emits an error only to listeners (Node's IncomingMessage), so none is left behind.
   */
  release(): void {
    const body = this.body;
    body.off('data', this.onData);
    body.off('end', this.onEnd);
    body.off('error', this.onError);
    body.off('close', this.onClose);
    this.queue.length = 0;
    this.head = 0;
  }

  private readonly onData = (chunk: Buffer): void => {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting.resolve(chunk);
      return;
    }
    this.queue.push(chunk);
    if (this.queue.length - this.head >= QUEUED_CHUNKS_HIGH) this.body.pause();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(undefined);
  };

  private readonly onError = (error: unknown): void => this.fail(error);

  /** Closed before its end and without an error of its own: as the body's iterator says it. */
  private readonly onClose = (): void => {
    if (!this.ended)
      this.fail(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
  };

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}

const EMPTY = Buffer.alloc(0);

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
function drain(body: http.IncomingMessage, limit: number): void {
  let read = 0;
  body.on('error', () => {});
  body.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > limit) body.destroy();
  });
  // A body its reader paused (BodyEvents) does not flow again for a new `data` listener alone.
  body.resume();
}

/** Events waiting to be read past this many, the body is paused until the reader catches up. */
const QUEUED_EVENTS_HIGH = 16;

/** How a BodyEvents turns a body's bytes into events. */
export interface BodyDecoder<T> {
  /**
   * Decodes one read of the body, handing each event to `emit` in order. Returns true once the
   * stream is complete (its end marker came): the rest of the body is drained, not decoded. Throws
   * to fail the stream (after the events already emitted).
   */
  push(chunk: Buffer, emit: (event: T) => void): boolean;
  /** The body ended: emits what it closes with, or throws (a stream cut short). */
  end(emit: (event: T) => void): void;
  /** What a failure (the decoder's own, or the body's: a timeout, an abort, a reset) is thrown as. */
  failure(error: unknown): unknown;
}

const DONE: IteratorResult<never, undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A streamed answer's body as an async iterator of the events `decoder` makes of it: each read is
 * decoded where it arrives (the body's `data` listener) and its events wait, in order, for `next()`,
 * which rejects with the decoder's `failure` of whatever breaks the stream (after the events that
 * came before it). The body is freed when the iterator is done with it: drained once the stream is
 * complete (its connection goes back to the pool), destroyed when it fails or its reader stops early
 * (`return()`). One `next()` at a time, as every reader of a stream here awaits each before the next
 * (a generator would queue a second; this one would leave the first unanswered).
 *
 * Hand-written hot path: it runs once per streamed token. A token that arrives while the reader
 * waits costs one promise, resolved from the listener; an async generator reading the body chunk by
 * chunk (the provider's loop this replaced) cost three awaits and the generator's own request and
 * promise. The body's own async iterator, before that, went through the `readable` event, a
 * `process.nextTick`, `read()` and a generator of its own.
 */
export class BodyEvents<T> implements AsyncIterator<T, undefined> {
  private readonly body: http.IncomingMessage;
  private readonly decoder: BodyDecoder<T>;
  private readonly queue: T[] = [];
  private head = 0;
  /** Reading the body; false once it is complete, has failed or the reader stopped. */
  private reading = true;
  private failed = false;
  private failure: unknown;
  private resolveNext: ((result: IteratorResult<T, undefined>) => void) | undefined;
  private rejectNext: ((error: unknown) => void) | undefined;

  constructor(body: http.IncomingMessage, decoder: BodyDecoder<T>) {
    this.body = body;
    this.decoder = decoder;
    body.on('data', this.onData);
    body.on('end', this.onEnd);
    body.on('error', this.onError);
    body.on('close', this.onClose);
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.head < this.queue.length) return Promise.resolve(this.take());
    if (this.failed) return Promise.reject(this.failure);
    if (!this.reading) return Promise.resolve(DONE);
    return new Promise(this.wait);
  }

  /** The reader stops: the body, unless complete, is destroyed, and nothing more is given. */
  return(): Promise<IteratorResult<T, undefined>> {
    this.queue.length = 0;
    this.head = 0;
    this.failed = false;
    this.failure = undefined;
    if (this.reading) this.release(false);
    this.settle(DONE);
    return Promise.resolve(DONE);
  }

  private readonly wait = (
    resolve: (result: IteratorResult<T, undefined>) => void,
    reject: (error: unknown) => void,
  ): void => {
    this.resolveNext = resolve;
    this.rejectNext = reject;
  };

  private take(): IteratorResult<T, undefined> {
    const value = this.queue[this.head]!;
    this.head += 1;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
      if (this.reading && this.body.isPaused()) this.body.resume();
    }
    return { done: false, value };
  }

  /** Gives the event to the waiting reader, or queues it. */
  private readonly emit = (event: T): void => {
    const resolve = this.resolveNext;
    if (resolve !== undefined) {
      this.resolveNext = undefined;
      this.rejectNext = undefined;
      resolve({ done: false, value: event });
      return;
    }
    this.queue.push(event);
    if (this.reading && this.queue.length - this.head >= QUEUED_EVENTS_HIGH) this.body.pause();
  };

  private settle(result: IteratorResult<T, undefined>): void {
    const resolve = this.resolveNext;
    this.resolveNext = undefined;
    this.rejectNext = undefined;
    resolve?.(result);
  }

  private readonly onData = (chunk: Buffer): void => {
    if (!this.reading) return;
    let complete: boolean;
    try {
      complete = this.decoder.push(chunk, this.emit);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (complete) this.complete();
  };

  private readonly onEnd = (): void => {
    if (!this.reading) return;
    try {
      this.decoder.end(this.emit);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.complete();
  };

  private readonly onError = (error: unknown): void => this.fail(error);

  /** Closed before its end and without an error of its own: as the body's iterator says it. */
  private readonly onClose = (): void => {
    this.fail(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
  };

  /** The stream is whole: what is queued is still given, then the end. */
  private complete(): void {
    this.release(true);
    if (this.head === this.queue.length) this.settle(DONE);
  }

  private fail(error: unknown): void {
    if (!this.reading) return;
    this.release(false);
    this.failed = true;
    this.failure = this.decoder.failure(error);
    const reject = this.rejectNext;
    if (reject === undefined) return;
    this.resolveNext = undefined;
    this.rejectNext = undefined;
    reject(this.failure);
  }

  /**
   * Stops reading: a complete body's rest (normally just its end) is read so its connection is
   * reused; otherwise the connection is freed instead of read on.
   */
  private release(complete: boolean): void {
    this.reading = false;
    const body = this.body;
    body.off('data', this.onData);
    body.off('end', this.onEnd);
    body.off('error', this.onError);
    body.off('close', this.onClose);
    if (body.destroyed) return;
    if (complete) drain(body, DRAIN_LIMIT_BYTES);
    else body.on('error', () => {}).destroy();
  }
}

/** Past this many bytes after its end marker, a complete stream's body is dropped rather than read. */
const DRAIN_LIMIT_BYTES = 32 * 1024 * 1024;

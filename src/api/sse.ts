/**
 * Streamed responses (server-sent events, newline-delimited JSON) on a raw Node response, with backpressure: a slow client never grows memory.
 *
 * Events written in one run of the event loop leave in one write: they are gathered into one string
 * and handed to the response once the current work is done (a `process.nextTick`), with the socket
 * corked so the chunk's framing and the headers (held until then) go out in one syscall. A burst from
 * the upstream (one network read holding many tokens) or an answer played back from the cache costs
 * one socket write instead of three per event (chunk size, data, CRLF); an event that arrives alone
 * still leaves at once, at the end of its own turn. On the bench's streams (bench/gateway, ttft) the
 * socket write was 12% of a streamed call's CPU, most of it spent per event.
 *
 * With `coalesceMs` (`server.stream_coalesce_ms`), a stream also writes at most once per that many
 * milliseconds: an event that comes within it of the stream's last write waits for the rest of it,
 * and leaves with every event that came meanwhile. The first write (headers and first token) and the
 * end are never held, and an event that comes after a pause leaves at once, so only the tokens of a
 * fast stream wait, each at most `coalesceMs`. With a token every 5 ms (bench/gateway, model-paced,
 * an A/B in the same rounds) 16 ms saved about a fifth of the server's CPU per stream and half of the
 * client's, the socket writes being the largest single cost of a streamed token for both.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** How the app's streamed responses write (from `server.stream_coalesce_ms`). */
    streaming: StreamWriterOptions;
  }
}

export interface StreamWriterOptions {
  /** At most one write per this many milliseconds after the first (0: every turn's events at once). */
  coalesceMs?: number;
}

/** The writer options of the app that answers `reply`. */
export function streamOptions(reply: FastifyReply): StreamWriterOptions {
  return reply.server.streaming;
}

/**
 * Past this many characters queued in one turn, they are written at once: a producer that never
 * yields the turn (a long cached answer played back) still meets backpressure as it writes.
 */
const FLUSH_AT_CHARS = 16 * 1024;

/**
 * A streamed response of text frames, batched per turn and held to the client's pace (the framing is
 * the subclass's: server-sent events, or one JSON object per line).
 */
export class BatchedResponseWriter {
  private readonly raw: ServerResponse;
  /** Frames written this turn and not yet handed to the response. */
  private pending = '';
  private scheduled = false;
  private readonly coalesceMs: number;
  /** When events were last written (performance.now()); -Infinity before the first. */
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** A flush held back to keep writes `coalesceMs` apart. */
  private held: NodeJS.Timeout | undefined;
  /** While the response is over its high-water mark: resolves when it drains (or closes). */
  private blocked: Promise<void> | undefined;

  constructor(
    raw: ServerResponse,
    contentType: string,
    headers: Record<string, string> = {},
    options: StreamWriterOptions = {},
  ) {
    this.raw = raw;
    this.coalesceMs = options.coalesceMs ?? 0;
    raw.writeHead(200, {
      'content-type': contentType,
      'cache-control': 'no-cache, no-transform',
      // No `connection` header: Node answers the client's own (`Connection: close` from node-fetch v2
      // must close the socket after the stream, or the client's next request on it is misread).
      'x-accel-buffering': 'no',
      ...headers,
    });
    // The headers leave at the end of this turn, with the first events when there are any.
    this.schedule();
  }

  get closed(): boolean {
    return this.raw.destroyed || this.raw.writableEnded;
  }

  /**
   * Queues one frame for this turn's write. Resolves at once, or, while the client is not reading
   * (the response is over its high-water mark), when it can take more.
   */
  protected queue(frame: string): Promise<void> {
    return this.enqueue(frame) ?? Promise.resolve();
  }

  /**
   * `queue` for a per-token loop: undefined unless the client is not reading, so the loop awaits
   * (and allocates) a promise only then.
   */
  protected enqueue(frame: string): Promise<void> | undefined {
    if (this.closed) return undefined;
    this.pending += frame;
    if (this.pending.length >= FLUSH_AT_CHARS) this.write();
    else this.schedule();
    return this.blocked;
  }

  /** Sends what is queued and ends the response, in one write. */
  end(): void {
    if (this.held) clearTimeout(this.held);
    this.held = undefined;
    if (this.closed) return;
    const rest = this.pending;
    this.pending = '';
    this.corked(() => (rest.length > 0 ? this.raw.end(rest) : this.raw.end()));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.coalesceMs > 0) {
      const wait = this.lastWriteAt + this.coalesceMs - performance.now();
      if (wait > 0) {
        this.held = setTimeout(this.flush, wait);
        return;
      }
    }
    process.nextTick(this.flush);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    this.held = undefined;
    this.write();
  };

  private write(): void {
    if (this.closed) {
      this.pending = '';
      return;
    }
    const chunk = this.pending;
    this.pending = '';
    if (chunk.length === 0) {
      if (!this.raw.headersSent) this.raw.flushHeaders();
      return;
    }
    let fits = true;
    this.lastWriteAt = performance.now();
    this.corked(() => {
      fits = this.raw.write(chunk);
    });
    if (!fits && !this.blocked) this.blocked = this.drained();
  }

  /** Runs `write` with the socket corked: what it writes (headers, chunk framing, data) is one syscall. */
  private corked(write: () => void): void {
    const socket = this.raw.socket;
    if (!socket) {
      write();
      return;
    }
    socket.cork();
    try {
      write();
    } finally {
      socket.uncork();
    }
  }

  private drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.raw.off('drain', done);
        this.raw.off('close', done);
        this.blocked = undefined;
        resolve();
      };
      this.raw.once('drain', done);
      this.raw.once('close', done);
    });
  }
}

/** Server-sent events: `data:` lines, each event ended by a blank line. */
export class SseWriter extends BatchedResponseWriter {
  constructor(raw: ServerResponse, headers: Record<string, string> = {}, options: StreamWriterOptions = {}) {
    super(raw, 'text/event-stream; charset=utf-8', headers, options);
  }

  /** One `data:` event (named by `event` when given). */
  data(payload: string, event?: string): Promise<void> {
    return this.queue(event ? `event: ${event}\ndata: ${payload}\n\n` : `data: ${payload}\n\n`);
  }

  /**
   * One unnamed `data:` event, for a loop that writes one per token: a promise only while the client
   * is not reading (await it then), else undefined.
   */
  dataOrWait(payload: string): Promise<void> | undefined {
    return this.enqueue(`data: ${payload}\n\n`);
  }
}

/** Newline-delimited JSON (Ollama's streaming format): one JSON object per line. */
export class NdjsonWriter extends BatchedResponseWriter {
  constructor(raw: ServerResponse, headers: Record<string, string> = {}, options: StreamWriterOptions = {}) {
    super(raw, 'application/x-ndjson', headers, options);
  }

  line(value: unknown): Promise<void> {
    return this.queue(`${JSON.stringify(value)}\n`);
  }
}

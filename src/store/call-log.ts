/**
 * The batched call-log writer: keeps the call log off the request path.
 *
 * `record()` is synchronous and O(1): it pushes into a bounded ring buffer and returns the call's id.
 * A timer flushes the buffer in batches, each batch in one transaction (calls + usage roll-ups).
 * When the buffer is full the OLDEST unwritten row is dropped and counted (`stats().dropped`): under
 * overload the newest calls are the most useful, and the process never grows without bound.
 * A batch that fails to write is put back at the front and retried on the next tick (still bounded:
 * if new rows arrived meanwhile the oldest are dropped and counted); after three failures it is tried
 * row by row, so a row the database will never take is dropped (and counted) instead of blocking the
 * log, while an outage keeps every row waiting. `close()` flushes everything.
 *
 * On SQLite the batches are written by a worker thread with its own connection
 * (`sqliteCallLogWrite`): better-sqlite3 is synchronous, and the request path must never wait on a
 * database write. PostgreSQL writes are asynchronous I/O already and stay on the main thread.
 */
import { Worker } from 'node:worker_threads';
import { redactSecrets } from '../config/redact.js';
import { finishBodies, type PendingCall } from './call-bodies.js';
import type { CallLogWorkerData, CallLogWorkerReply, CallLogWorkerRequest } from './call-log-worker.js';
import { type NewStoredEvent, toEventRow } from './repositories/events.js';
import type { NewLlmCall } from './schema.js';
import { newId, now } from './util.js';

/**
 * A call to log. `request` and `tool_calls` may be the call's own objects: they are serialised (once,
 * bounded to `maxBodyChars`) when the batch is written, not here.
 */
export type CallRecord = Omit<PendingCall, 'id' | 'created_at'> & { id?: string; created_at?: string };

export interface CallLogOptions {
  /**
   * Writes one batch atomically (the store wraps it in a transaction). Its bodies are bounded text
   * unless `bodiesInWrite`: then the rows still hold the call's objects (typed as text) and `write`
   * serialises, redacts and bounds them itself (the SQLite writer thread does, off the event loop).
   */
  write: (rows: NewLlmCall[]) => Promise<void>;
  bodiesInWrite?: boolean;
  /** Longest body kept, in characters (`database.call_log.bodies.max_chars`; 32,768 when omitted). */
  maxBodyChars?: number;
  bufferMax: number;
  batchSize: number;
  flushIntervalMs: number;
  /** Told about a failed batch (it is retried); defaults to nothing. */
  onError?: (error: unknown) => void;
  /** Called once by close() after the last write (e.g. to stop a writer thread). */
  release?: () => Promise<void>;
}

export interface CallLogStats {
  buffered: number;
  written: number;
  dropped: number;
  failedFlushes: number;
}

/**
 * How long one turn of the event loop serialises a batch before it lets the requests in flight go
 * on. The whole batch at once (500 calls with their bodies, and the redaction of that text) stalled
 * every stream in flight for 5-15 ms (bench/gateway, ttft, V8 profile). A fixed 50 rows a turn
 * throttled the event log instead: a turn lasts about 15 ms when 50 clients keep the server busy,
 * so 500 small event rows took ten turns, the log wrote fewer events than the calls made, and a
 * quarter of them were dropped (50 clients asking for cached answers, as bench/gateway's load rows). A time budget fits both: a few big call rows
 * or hundreds of event rows a turn.
 */
const SERIALISE_MS_PER_TURN = 0.5;

/** The default of `database.call_log.bodies.max_chars`. */
const DEFAULT_MAX_BODY_CHARS = 32_768;

/** Failed writes of one batch before it is tried row by row (to find a poison row). */
const SPLIT_AFTER_FAILURES = 3;

function whole(value: number | null | undefined): number {
  return Number.isFinite(value) ? Math.round(value as number) : 0;
}

export class CallLogWriter {
  private readonly options: CallLogOptions;
  /** Ring buffer: `head` is the oldest row, `size` rows follow it. */
  private readonly ring: Array<PendingCall | undefined>;
  private head = 0;
  private size = 0;
  private written = 0;
  private dropped = 0;
  private failedFlushes = 0;
  /** Consecutive failed writes of the batch at the front. */
  private batchFailures = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private flushSoon: NodeJS.Immediate | undefined;
  /** Rows of the batch being written (taken from the buffer, not written yet). */
  private writing = 0;
  private closed = false;

  constructor(options: CallLogOptions) {
    this.options = options;
    this.ring = new Array(options.bufferMax);
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
    // The timer alone never keeps the process alive; close() does the final flush.
    this.timer.unref();
  }

  /**
   * Queues one call for writing; never waits and never throws. Returns the call's id. The object
   * becomes the row as it is (no copy: this runs once per request), so the caller hands it over.
   */
  record(call: CallRecord): string {
    const row = call as PendingCall;
    row.id ??= newId();
    row.created_at ??= now();
    // Integer columns get integers: one fractional millisecond must not make PostgreSQL refuse a batch.
    row.input_tokens = whole(call.input_tokens);
    row.output_tokens = whole(call.output_tokens);
    row.latency_ms = whole(call.latency_ms);
    row.first_token_ms = call.first_token_ms == null ? null : whole(call.first_token_ms);
    if (this.closed) {
      this.dropped += 1;
      return row.id;
    }
    this.push(row);
    // A full batch is written soon, not inside this call: the request that filled it is not held up.
    if (this.size >= this.options.batchSize && !this.flushing && !this.flushSoon) {
      this.flushSoon = setImmediate(() => {
        this.flushSoon = undefined;
        void this.flush();
      });
    }
    return row.id;
  }

  stats(): CallLogStats {
    return {
      // Rows in a batch being written are not written yet either.
      buffered: this.size + this.writing,
      written: this.written,
      dropped: this.dropped,
      failedFlushes: this.failedFlushes,
    };
  }

  /** Writes everything buffered now, batch by batch. Concurrent callers share one flush. */
  flush(): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.drain().finally(() => {
        this.flushing = undefined;
      });
    }
    return this.flushing;
  }

  /**
   * Stops the timer and writes every buffered row. Later `record()` calls are counted as dropped.
   * If the database refuses the rows three times, they are counted as dropped and reported.
   */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.flushSoon) clearImmediate(this.flushSoon);
    this.flushSoon = undefined;
    this.closed = true;
    for (let attempt = 0; attempt < 3 && (this.size > 0 || this.flushing); attempt += 1) {
      await this.flush();
    }
    if (this.size > 0) {
      this.options.onError?.(new Error(`call log closed with ${this.size} unwritten rows`));
      this.dropped += this.size;
      this.take(this.size);
    }
    await this.options.release?.();
  }

  private async drain(): Promise<void> {
    while (this.size > 0) {
      const batch = this.take(this.options.batchSize);
      this.prepare(batch);
      this.writing = batch.length;
      try {
        await this.options.write(batch as NewLlmCall[]);
        this.written += batch.length;
        this.batchFailures = 0;
      } catch (error) {
        this.failedFlushes += 1;
        this.options.onError?.(error);
        this.batchFailures += 1;
        if (this.batchFailures >= SPLIT_AFTER_FAILURES && (await this.writeOneByOne(batch))) continue;
        this.putBack(batch);
        return;
      } finally {
        this.writing = 0;
      }
    }
  }

  /**
   * A batch refused again and again: one bad row, or the database is down? Row by row tells.
   * Rows the database takes are written; if it takes some, the ones it refuses are poison and are
   * dropped (and counted). If it takes none, it is down: false, and the batch waits for it.
   */
  private async writeOneByOne(batch: PendingCall[]): Promise<boolean> {
    const refused: PendingCall[] = [];
    for (const row of batch) {
      try {
        await this.options.write([row as NewLlmCall]);
        this.written += 1;
      } catch {
        refused.push(row);
      }
    }
    if (refused.length === batch.length) return false;
    this.batchFailures = 0;
    this.dropped += refused.length;
    return true;
  }

  /**
   * Bodies made into bounded, redacted text before `write`, unless the write does that itself; a
   * request that is already text (a conversation call's) is redacted here either way, since the
   * thread redacts the batch's JSON, where such text is escaped twice.
   */
  private prepare(batch: PendingCall[]): void {
    const max = this.options.maxBodyChars ?? DEFAULT_MAX_BODY_CHARS;
    for (const row of batch) {
      if (!this.options.bodiesInWrite) finishBodies(row, max, redactSecrets);
      else if (typeof row.request === 'string') row.request = redactSecrets(row.request);
      if (row.error_message) row.error_message = redactSecrets(row.error_message);
    }
  }

  private push(row: PendingCall): void {
    const capacity = this.ring.length;
    if (this.size === capacity) {
      // Full: overwrite the oldest.
      this.ring[this.head] = row;
      this.head = (this.head + 1) % capacity;
      this.dropped += 1;
      return;
    }
    this.ring[(this.head + this.size) % capacity] = row;
    this.size += 1;
  }

  private take(count: number): PendingCall[] {
    const n = Math.min(count, this.size);
    const out: PendingCall[] = [];
    for (let i = 0; i < n; i += 1) {
      out.push(this.ring[this.head]!);
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % this.ring.length;
    }
    this.size -= n;
    return out;
  }

  /** Returns a failed batch to the front, dropping (and counting) whatever no longer fits. */
  private putBack(batch: PendingCall[]): void {
    const capacity = this.ring.length;
    const room = capacity - this.size;
    const keep = batch.slice(Math.max(0, batch.length - room));
    this.dropped += batch.length - keep.length;
    for (let i = keep.length - 1; i >= 0; i -= 1) {
      this.head = (this.head - 1 + capacity) % capacity;
      this.ring[this.head] = keep[i];
      this.size += 1;
    }
  }
}

/**
 * A `write` (and its `release`) for CallLogWriter that sends each batch to a worker thread owning its
 * own connection to the SQLite file `file`: one transaction per batch, calls and (with `rollUp`) their
 * usage roll-ups together. The thread starts at the first batch and is restarted if it dies; it keeps
 * the process alive only while a batch is being written. A batch the thread fails to write rejects,
 * so the writer retries it.
 */
export function sqliteCallLogWrite(
  file: string,
  options: { rollUp: boolean; maxBodyChars?: number },
): Pick<CallLogOptions, 'write' | 'release' | 'bodiesInWrite'> {
  const thread = sqliteWriterThread(file, options);
  return { write: thread.writeCalls, release: thread.release, bodiesInWrite: true };
}

export interface SqliteWriterThread {
  /** Serialises the batch once (bodies nested in it), redacts that text, and the thread bounds each body. */
  writeCalls(rows: readonly PendingCall[]): Promise<void>;
  /** Event-log rows, in one transaction; a row whose event id is stored already is skipped. */
  writeEvents(events: readonly NewStoredEvent[]): Promise<void>;
  release(): Promise<void>;
}

/**
 * The writer thread of the call log and the event log (call-log-worker.ts). Every model call adds a
 * call-log row and two events: written on the event loop, the events cost about 18 us each in
 * better-sqlite3 and stalled every stream in flight for the 5-20 ms of each 500-event batch
 * (bench/gateway, ttft); here the main thread only serialises them.
 */
export function sqliteWriterThread(
  file: string,
  options: { rollUp: boolean; maxBodyChars?: number },
): SqliteWriterThread {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  const start = (): Worker => {
    const workerData: CallLogWorkerData = {
      file,
      rollUp: options.rollUp,
      maxBodyChars: options.maxBodyChars ?? DEFAULT_MAX_BODY_CHARS,
    };
    // Run from TypeScript sources (tests, tsx), the thread registers tsx's loader first; compiled, plain JS.
    const thread = import.meta.url.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
            new URL('./call-log-worker.ts', import.meta.url).href,
          )}); });`,
          { eval: true, workerData },
        )
      : new Worker(new URL('./call-log-worker.js', import.meta.url), { workerData });
    thread.unref();
    thread.on('message', (reply: CallLogWorkerReply) => {
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (pending.size === 0) thread.unref();
      if (reply.ok) waiter.resolve();
      else waiter.reject(new Error(reply.message));
    });
    thread.on('error', (error) => failAll(error));
    thread.on('exit', (code) => {
      if (worker === thread) worker = undefined;
      failAll(new Error(`call-log writer thread exited (${code})`));
    });
    return thread;
  };
  const encoder = new TextEncoder();
  const send = (request: CallLogWorkerRequest): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      worker ??= start();
      // While a batch is in the thread's hands the process stays up for its answer (a final flush
      // at exit must not be cut short); idle, the thread never keeps the process alive.
      if (pending.size === 0) worker.ref();
      pending.set(request.id, { resolve, reject });
      const pieces = 'rows' in request ? request.rows : 'events' in request ? request.events : [];
      worker.postMessage(
        request,
        pieces.map((piece) => piece.buffer as ArrayBuffer),
      );
    });
  /**
   * A batch as JSON bytes, a piece (a JSON array) per turn of the event loop, each turn's piece as
   * many rows as SERIALISE_MS_PER_TURN allows (the streams in flight go on between pieces); `map`
   * makes each row what is stored, and with `redact` each piece's text is redacted.
   */
  const serialised = async <T>(
    rows: readonly T[],
    redact: boolean,
    map?: (row: T) => unknown,
  ): Promise<Uint8Array[]> => {
    const pieces: Uint8Array[] = [];
    let index = 0;
    while (index < rows.length) {
      if (index > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const until = performance.now() + SERIALISE_MS_PER_TURN;
      const parts: string[] = [];
      do {
        const row = rows[index++]!;
        parts.push(JSON.stringify(map ? map(row) : row));
      } while (index < rows.length && performance.now() < until);
      const json = `[${parts.join(',')}]`;
      pieces.push(encoder.encode(redact ? redactSecrets(json) : json));
    }
    return pieces;
  };

  return {
    // The batch crosses as JSON bytes whose buffers are transferred (moved, not copied): cheaper
    // than a structured clone of the row objects, or of long strings. Its bodies are serialised
    // here, inside the pieces' JSON text, and redacted in one pass over each piece.
    writeCalls: async (rows) => send({ id: nextId++, rows: await serialised(rows, true) }),
    writeEvents: async (events) =>
      send({ id: nextId++, events: await serialised(events, false, toEventRow) }),
    release: async () => {
      const thread = worker;
      if (!thread) return;
      try {
        await send({ id: nextId++, close: true });
      } finally {
        worker = undefined;
        await thread.terminate();
      }
    },
  };
}

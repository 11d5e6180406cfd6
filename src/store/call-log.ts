/**
 * The batched call-log writer: keeps the call log off the request path.
 *
 * `record()` is synchronous and O(1): it pushes into a bounded ring buffer and returns the call's id.
 * A timer flushes the buffer in batches, each batch in one transaction (calls + usage roll-ups).
 * When the buffer is full the OLDEST unwritten row is dropped and counted (`stats().dropped`): under
 * overload the newest calls are the most useful, and the process never grows without bound.
 * A batch that fails to write is put back at the front and retried on the next tick (still bounded:
 * if new rows arrived meanwhile the oldest are dropped and counted). `close()` flushes everything.
 */
import type { NewLlmCall } from './schema.js';
import { newId, now } from './util.js';

export type CallRecord = Omit<NewLlmCall, 'id' | 'created_at'> & { id?: string; created_at?: string };

export interface CallLogOptions {
  /** Writes one batch atomically (the store wraps it in a transaction). */
  write: (rows: NewLlmCall[]) => Promise<void>;
  bufferMax: number;
  batchSize: number;
  flushIntervalMs: number;
  /** Told about a failed batch (it is retried); defaults to nothing. */
  onError?: (error: unknown) => void;
}

export interface CallLogStats {
  buffered: number;
  written: number;
  dropped: number;
  failedFlushes: number;
}

export class CallLogWriter {
  private readonly options: CallLogOptions;
  /** Ring buffer: `head` is the oldest row, `size` rows follow it. */
  private readonly ring: Array<NewLlmCall | undefined>;
  private head = 0;
  private size = 0;
  private written = 0;
  private dropped = 0;
  private failedFlushes = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(options: CallLogOptions) {
    this.options = options;
    this.ring = new Array(options.bufferMax);
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
    // The timer alone never keeps the process alive; close() does the final flush.
    this.timer.unref();
  }

  /** Queues one call for writing; never waits and never throws. Returns the call's id. */
  record(call: CallRecord): string {
    const row: NewLlmCall = { ...call, id: call.id ?? newId(), created_at: call.created_at ?? now() };
    if (this.closed) {
      this.dropped += 1;
      return row.id;
    }
    this.push(row);
    if (this.size >= this.options.batchSize && !this.flushing) void this.flush();
    return row.id;
  }

  stats(): CallLogStats {
    return {
      buffered: this.size,
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
    this.closed = true;
    for (let attempt = 0; attempt < 3 && (this.size > 0 || this.flushing); attempt += 1) {
      await this.flush();
    }
    if (this.size > 0) {
      this.options.onError?.(new Error(`call log closed with ${this.size} unwritten rows`));
      this.dropped += this.size;
      this.take(this.size);
    }
  }

  private async drain(): Promise<void> {
    while (this.size > 0) {
      const batch = this.take(this.options.batchSize);
      try {
        await this.options.write(batch);
        this.written += batch.length;
      } catch (error) {
        this.failedFlushes += 1;
        this.putBack(batch);
        this.options.onError?.(error);
        return;
      }
    }
  }

  private push(row: NewLlmCall): void {
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

  private take(count: number): NewLlmCall[] {
    const n = Math.min(count, this.size);
    const out: NewLlmCall[] = [];
    for (let i = 0; i < n; i += 1) {
      out.push(this.ring[this.head]!);
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % this.ring.length;
    }
    this.size -= n;
    return out;
  }

  /** Returns a failed batch to the front, dropping (and counting) whatever no longer fits. */
  private putBack(batch: NewLlmCall[]): void {
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

/**
 * Writes published events to the stored log in batches, off the publisher's path: `add` only pushes
 * to a bounded buffer (the oldest unwritten events are dropped, and counted, when it is full); a
 * timer or a full batch writes them. A failed batch is put back and tried again.
 */
import type { EventEnvelope } from './envelope.js';

export interface LogWriterOptions {
  /** Stores one batch (and whatever follows from it: webhook deliveries). */
  write(batch: readonly EventEnvelope[]): Promise<void>;
  bufferMax: number;
  batchSize: number;
  flushIntervalMs: number;
  onError?: (error: unknown) => void;
}

export class EventLogWriter {
  private buffer: EventEnvelope[] = [];
  /** The next write of what is waiting, `flushIntervalMs` after the first event that waits. */
  private timer: NodeJS.Timeout | undefined;
  /** A full batch's write, at the end of this turn of the event loop (not inside the publisher). */
  private soon: NodeJS.Immediate | undefined;
  /**
   * The one write under way, batch after batch until the buffer is empty: every caller shares it.
   * (Each `add` past a full batch once awaited the write in flight on its own; under load thousands
   * of them woke at the end of every batch: with 50 clients asking for cached answers, the garbage
   * collector took 23% of the event loop, 4% with one shared write (V8 profile of the server, as
   * `npm run bench:gateway -- --only load --profile DIR` takes it).)
   */
  private flushing: Promise<void> | undefined;
  /** Events of the batch being written (taken from the buffer, not written yet). */
  private writing = 0;
  /** Events dropped because the buffer was full. */
  dropped = 0;
  written = 0;

  constructor(private readonly options: LogWriterOptions) {}

  add(event: EventEnvelope): void {
    if (this.buffer.length >= this.options.bufferMax) {
      this.buffer.shift();
      this.dropped += 1;
    }
    this.buffer.push(event);
    // A write under way takes this event too; otherwise a full batch goes soon, the rest on the timer.
    if (this.buffer.length >= this.options.batchSize && !this.flushing)
      this.soon ??= setImmediate(this.onSoon);
    this.timer ??= setTimeout(this.onTimer, this.options.flushIntervalMs).unref();
  }

  /** Events not written yet: waiting, or in the batch being written. */
  get pending(): number {
    return this.buffer.length + this.writing;
  }

  /** Writes everything buffered so far; resolves when it is stored (or a write failed). */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Writes what is left (tries a failing batch at most a few times). */
  async close(): Promise<void> {
    for (let attempt = 0; attempt < 3 && (this.buffer.length > 0 || this.flushing); attempt += 1) {
      await this.flush();
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.soon) clearImmediate(this.soon);
    this.soon = undefined;
  }

  private readonly onSoon = (): void => {
    this.soon = undefined;
    void this.flush();
  };

  private readonly onTimer = (): void => {
    this.timer = undefined;
    void this.flush();
  };

  private async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.soon) clearImmediate(this.soon);
    this.soon = undefined;
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.options.batchSize);
      this.writing = batch.length;
      try {
        await this.options.write(batch);
        this.written += batch.length;
      } catch (error) {
        // Back in front, within the bound: the timer tries again.
        this.buffer.unshift(...batch.slice(0, Math.max(0, this.options.bufferMax - this.buffer.length)));
        this.options.onError?.(error);
        this.timer ??= setTimeout(this.onTimer, this.options.flushIntervalMs).unref();
        return;
      } finally {
        this.writing = 0;
      }
    }
  }
}

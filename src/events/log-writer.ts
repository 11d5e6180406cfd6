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
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
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
    if (this.buffer.length >= this.options.batchSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs).unref();
  }

  get pending(): number {
    return this.buffer.length;
  }

  /** Writes everything buffered so far; resolves when it is stored (or its write failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer.splice(0, this.options.batchSize);
    this.writing = this.options
      .write(batch)
      .then(() => {
        this.written += batch.length;
      })
      .catch((error: unknown) => {
        // Back in front, within the bound: the next flush tries again.
        this.buffer.unshift(...batch.slice(0, Math.max(0, this.options.bufferMax - this.buffer.length)));
        this.options.onError?.(error);
      })
      .finally(() => {
        this.writing = undefined;
      });
    await this.writing;
    if (this.buffer.length > 0) {
      if (this.buffer.length >= this.options.batchSize) return this.flush();
      this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs).unref();
    }
  }

  /** Writes what is left (tries a failing batch at most a few times). */
  async close(): Promise<void> {
    for (let attempt = 0; attempt < 3 && this.buffer.length > 0; attempt += 1) await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { type EventEnvelope, newEvent } from '../../src/events/envelope.js';
import { EventLogWriter } from '../../src/events/log-writer.js';

/** A write the test lets finish: batches are recorded when they start and held until `open()`. */
function gatedStore() {
  const batches: string[][] = [];
  let closed = true;
  const waiting: Array<() => void> = [];
  return {
    batches,
    write: (batch: readonly EventEnvelope[]) => {
      batches.push(batch.map((event) => event.data.n as string));
      if (!closed) return Promise.resolve();
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    open: () => {
      closed = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

const event = (n: number) => newEvent('llm.request', 'gateway', { n: String(n) });
const writers: EventLogWriter[] = [];
afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.close();
});

type WriterOptions = ConstructorParameters<typeof EventLogWriter>[0];

function writer(options: Partial<WriterOptions> & Pick<WriterOptions, 'write'>) {
  const made = new EventLogWriter({ bufferMax: 100_000, batchSize: 500, flushIntervalMs: 10, ...options });
  writers.push(made);
  return made;
}

describe('EventLogWriter', () => {
  it('writes every event once, in order, when a burst arrives while a batch is being written', async () => {
    const store = gatedStore();
    const log = writer({ write: store.write });
    const flush = vi.spyOn(log, 'flush');
    for (let i = 0; i < 600; i++) log.add(event(i));
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.batches).toHaveLength(1); // the first full batch is being written
    for (let i = 600; i < 10_600; i++) log.add(event(i));
    // The write under way takes the burst: no event starts (or waits on) a flush of its own.
    expect(flush.mock.calls.length).toBeLessThanOrEqual(1);
    store.open();
    await log.flush();
    const written = store.batches.flat();
    expect(written).toEqual(Array.from({ length: 10_600 }, (_, i) => String(i)));
    expect(log.written).toBe(10_600);
    expect(log.pending).toBe(0);
  });

  it('writes a partial batch on its timer, and flush() resolves once what was added is stored', async () => {
    const store = gatedStore();
    store.open();
    const log = writer({ write: store.write, flushIntervalMs: 20 });
    log.add(event(1));
    log.add(event(2));
    await vi.waitFor(() => expect(store.batches).toEqual([['1', '2']]), { timeout: 2_000 });
    log.add(event(3));
    await log.flush();
    expect(store.batches.flat()).toEqual(['1', '2', '3']);
  });

  it('puts a refused batch back in front and writes it, in order, on a later try', async () => {
    const written: string[][] = [];
    let refuse = 1;
    const errors: unknown[] = [];
    const log = writer({
      write: async (batch) => {
        if (refuse-- > 0) throw new Error('database is locked');
        written.push(batch.map((e) => e.data.n as string));
      },
      batchSize: 2,
      onError: (error) => errors.push(error),
    });
    for (let i = 0; i < 5; i++) log.add(event(i));
    await vi.waitFor(() => expect(written.flat()).toEqual(['0', '1', '2', '3', '4']), { timeout: 2_000 });
    expect(errors).toHaveLength(1);
    expect(log.written).toBe(5);
  });

  it('drops the oldest unwritten events past its bound, and counts them', async () => {
    const store = gatedStore();
    const log = writer({ write: store.write, bufferMax: 10, batchSize: 500, flushIntervalMs: 60_000 });
    for (let i = 0; i < 15; i++) log.add(event(i));
    expect(log.dropped).toBe(5);
    store.open();
    await log.flush();
    expect(store.batches.flat()).toEqual(['5', '6', '7', '8', '9', '10', '11', '12', '13', '14']);
  });
});

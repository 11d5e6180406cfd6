/** The batched call-log writer on its own: bounded buffer, drops counted, retries, nothing lost on close. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../../src/config/redact.js';
import {
  CallLogWriter,
  type CallRecord,
  sqliteCallLogWrite,
  sqliteWriterThread,
} from '../../src/store/call-log.js';
import { openStore } from '../../src/store/index.js';
import type { NewLlmCall } from '../../src/store/schema.js';

const call = (n: number): CallRecord => ({
  provider: 'offline',
  model: 'm',
  role: '',
  call_type: 'chat',
  status: 'ok',
  input_tokens: n,
  output_tokens: 0,
  cost: 0,
  latency_ms: 1,
});

/** A SQLite file with the store's schema (from its migrations) for `use`, removed after it. */
async function withCallsDatabase(use: (file: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'loremaster-call-log-'));
  const file = join(dir, 'calls.db');
  const store = await openStore({
    sqlite_path: file,
    call_log: {
      buffer_max: 1_000,
      batch_size: 100,
      flush_interval_ms: 60_000,
      bodies: { enabled: true, max_chars: 32_768 },
    },
  } as Parameters<typeof openStore>[0]);
  try {
    await use(file);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('CallLogWriter', () => {
  it('record() is synchronous and returns the id; close() writes everything in batches', async () => {
    const batches: NewLlmCall[][] = [];
    const writer = new CallLogWriter({
      write: async (rows) => {
        batches.push(rows);
      },
      bufferMax: 10_000,
      batchSize: 100,
      flushIntervalMs: 60_000,
    });
    const ids = new Set<string>();
    for (let i = 0; i < 1_050; i += 1) ids.add(writer.record(call(i)));
    expect(ids.size).toBe(1_050);
    await writer.close();
    const written = batches.flat();
    expect(written.map((row) => row.input_tokens)).toEqual(Array.from({ length: 1_050 }, (_, i) => i));
    expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(100);
    expect(writer.stats()).toEqual({ buffered: 0, written: 1_050, dropped: 0, failedFlushes: 0 });
  });

  it('when the buffer is full, drops the oldest rows and counts them', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const written: NewLlmCall[] = [];
    const writer = new CallLogWriter({
      write: async (rows) => {
        await blocked;
        written.push(...rows);
      },
      bufferMax: 100,
      batchSize: 1_000,
      flushIntervalMs: 60_000,
    });
    for (let i = 0; i < 250; i += 1) writer.record(call(i));
    expect(writer.stats()).toMatchObject({ buffered: 100, dropped: 150 });
    release();
    await writer.close();
    // The newest 100 survive, in order.
    expect(written.map((row) => row.input_tokens)).toEqual(Array.from({ length: 100 }, (_, i) => 150 + i));
    expect(writer.stats()).toMatchObject({ written: 100, dropped: 150, buffered: 0 });
  });

  it('keeps a batch whose write failed and writes it on the next flush', async () => {
    let failures = 1;
    const written: NewLlmCall[] = [];
    const errors: unknown[] = [];
    const writer = new CallLogWriter({
      write: async (rows) => {
        if (failures-- > 0) throw new Error('database is locked');
        written.push(...rows);
      },
      bufferMax: 1_000,
      batchSize: 10,
      flushIntervalMs: 60_000,
      onError: (error) => errors.push(error),
    });
    for (let i = 0; i < 25; i += 1) writer.record(call(i));
    await writer.flush();
    expect(writer.stats()).toMatchObject({ failedFlushes: 1, buffered: 25 });
    await writer.close();
    expect(written.map((row) => row.input_tokens)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(errors).toHaveLength(1);
  });

  it('counts rows recorded after close as dropped, and reports rows the database refused', async () => {
    const errors: unknown[] = [];
    const writer = new CallLogWriter({
      write: async () => {
        throw new Error('disk full');
      },
      bufferMax: 100,
      batchSize: 10,
      flushIntervalMs: 60_000,
      onError: (error) => errors.push(error),
    });
    for (let i = 0; i < 5; i += 1) writer.record(call(i));
    await writer.close();
    writer.record(call(99));
    expect(writer.stats()).toMatchObject({ written: 0, dropped: 6, buffered: 0 });
    expect(String(errors.at(-1))).toMatch(/5 unwritten rows/);
  });

  it('flushes on its timer without being asked', async () => {
    const written: NewLlmCall[] = [];
    const writer = new CallLogWriter({
      write: async (rows) => {
        written.push(...rows);
      },
      bufferMax: 100,
      batchSize: 50,
      flushIntervalMs: 10,
    });
    writer.record(call(1));
    for (let i = 0; i < 100 && written.length === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(written).toHaveLength(1);
    await writer.close();
  });

  it('drops only a poison row that the database refuses every time, and writes the rest', async () => {
    const written: NewLlmCall[] = [];
    const writer = new CallLogWriter({
      write: async (rows) => {
        if (rows.some((row) => row.input_tokens === 13)) throw new Error('value out of range');
        written.push(...rows);
      },
      bufferMax: 100,
      batchSize: 10,
      flushIntervalMs: 60_000,
    });
    for (let i = 0; i < 20; i += 1) writer.record(call(i));
    for (let attempt = 0; attempt < 5; attempt += 1) await writer.flush();
    expect(written.map((row) => row.input_tokens).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 13),
    );
    expect(writer.stats()).toMatchObject({ written: 19, dropped: 1, buffered: 0 });
    await writer.close();
  });

  it('keeps every row through an outage, however many flushes fail', async () => {
    let down = true;
    const written: NewLlmCall[] = [];
    const writer = new CallLogWriter({
      write: async (rows) => {
        if (down) throw new Error('connection refused');
        written.push(...rows);
      },
      bufferMax: 100,
      batchSize: 10,
      flushIntervalMs: 60_000,
    });
    for (let i = 0; i < 30; i += 1) writer.record(call(i));
    for (let attempt = 0; attempt < 10; attempt += 1) await writer.flush();
    expect(writer.stats()).toMatchObject({ written: 0, dropped: 0, buffered: 30 });
    down = false;
    await writer.close();
    expect(written).toHaveLength(30);
  });

  it('stores whole numbers in integer columns', async () => {
    const written: NewLlmCall[] = [];
    const writer = new CallLogWriter({
      write: async (rows) => {
        written.push(...rows);
      },
      bufferMax: 10,
      batchSize: 10,
      flushIntervalMs: 60_000,
    });
    writer.record({ ...call(1), latency_ms: 12.6, first_token_ms: 3.2, output_tokens: Number.NaN });
    await writer.close();
    expect(written[0]).toMatchObject({ latency_ms: 13, first_token_ms: 3, output_tokens: 0 });
  });
});

describe('the SQLite writer thread', () => {
  it('writes batches on its own connection, off the event loop, and stops with the writer', async () => {
    await withCallsDatabase(async (file) => {
      const writer = new CallLogWriter({
        ...sqliteCallLogWrite(file, { rollUp: true }),
        bufferMax: 1_000,
        batchSize: 100,
        flushIntervalMs: 60_000,
      });
      for (let i = 0; i < 250; i += 1) writer.record(call(i));
      await writer.flush();
      const db = new SqliteDatabase(file, { readonly: true });
      try {
        expect(db.prepare('select count(*) as n from llm_calls').get()).toEqual({ n: 250 });
        expect(db.prepare("select sum(calls) as n from usage_rollups where period = 'day'").get()).toEqual({
          n: 250,
        });
      } finally {
        db.close();
      }
      writer.record(call(250));
      await writer.close();
      expect(writer.stats()).toEqual({ buffered: 0, written: 251, dropped: 0, failedFlushes: 0 });

      // Without roll-ups (the server's way): prepared single-row inserts, every column kept.
      const plain = new CallLogWriter({
        ...sqliteCallLogWrite(file, { rollUp: false }),
        bufferMax: 1_000,
        batchSize: 100,
        flushIntervalMs: 60_000,
      });
      plain.record({
        ...call(7),
        id: 'with-error',
        status: 'error',
        error_code: 'timeout',
        first_token_ms: 4.4,
      });
      for (let i = 0; i < 150; i += 1) plain.record(call(i));
      await plain.close();
      expect(plain.stats()).toEqual({ buffered: 0, written: 151, dropped: 0, failedFlushes: 0 });
      const check = new SqliteDatabase(file, { readonly: true });
      try {
        expect(check.prepare('select count(*) as n from llm_calls').get()).toEqual({ n: 402 });
        expect(check.prepare("select sum(calls) as n from usage_rollups where period = 'day'").get()).toEqual(
          {
            n: 251,
          },
        );
        expect(
          check
            .prepare("select status, error_code, first_token_ms from llm_calls where id = 'with-error'")
            .get(),
        ).toEqual({ status: 'error', error_code: 'timeout', first_token_ms: 4 });
      } finally {
        check.close();
      }

      // Bodies: the call's own objects cross to the thread inside the batch's JSON, are redacted there
      // as one text, and each is made into bounded column text by the thread.
      registerSecret('sk-writer-thread-secret-1234');
      const bodies = new CallLogWriter({
        ...sqliteCallLogWrite(file, { rollUp: false, maxBodyChars: 300 }),
        bufferMax: 10,
        batchSize: 10,
        flushIntervalMs: 60_000,
      });
      const messages = [{ role: 'user', content: 'my key sk-writer-thread-secret-1234, and the toll road' }];
      bodies.record({
        ...call(1),
        id: 'with-bodies',
        request: { kind: 'chat', model: 'offline', messages, options: { temperature: 0.2 } },
        response: 'The toll house stands.',
        tool_calls: [{ id: 'c1', name: 'roll', arguments: '{"sides":20}' }],
        finish_reason: 'tool_calls',
      });
      bodies.record({
        ...call(2),
        id: 'cut-bodies',
        request: { messages: [{ content: 'x'.repeat(1_000) }] },
      });
      await bodies.close();
      const read = new SqliteDatabase(file, { readonly: true });
      try {
        const kept = read
          .prepare(
            "select request, response, tool_calls, finish_reason, body_note from llm_calls where id = 'with-bodies'",
          )
          .get() as Record<string, string | null>;
        expect(JSON.parse(kept.request!)).toEqual({
          kind: 'chat',
          model: 'offline',
          messages: [{ role: 'user', content: 'my key [REDACTED], and the toll road' }],
          options: { temperature: 0.2 },
        });
        expect(kept).toMatchObject({
          response: 'The toll house stands.',
          finish_reason: 'tool_calls',
          body_note: null,
        });
        expect(JSON.parse(kept.tool_calls!)).toEqual([{ id: 'c1', name: 'roll', arguments: '{"sides":20}' }]);
        const cut = read
          .prepare("select request, body_note from llm_calls where id = 'cut-bodies'")
          .get() as { request: string; body_note: string };
        expect(cut.request.length).toBe(300);
        expect(cut.request).toMatch(/\[cut by the call log: 1029 characters, 300 kept\]$/);
        expect(cut.body_note).toBe('request cut to 300 characters');
      } finally {
        read.close();
      }
    });
  });

  it('serialises a large batch a piece per turn of the event loop, and writes it whole', async () => {
    await withCallsDatabase(async (file) => {
      const writer = new CallLogWriter({
        ...sqliteCallLogWrite(file, { rollUp: false }),
        bufferMax: 1_000,
        batchSize: 500,
        flushIntervalMs: 60_000,
      });
      // Each row says when it is serialised (and takes 10 µs: the batch takes 5 ms, many turns'
      // worth); a tick of the event loop says when it runs.
      const order: string[] = [];
      for (let i = 0; i < 500; i += 1) {
        const row = { ...call(i), id: `row-${i}` };
        writer.record(
          Object.assign(row, {
            toJSON: () => {
              order.push(row.id);
              const until = performance.now() + 0.01;
              while (performance.now() < until) {
                // serialising a big row
              }
              const { toJSON: _, ...plain } = row as typeof row & { toJSON: unknown };
              return plain;
            },
          }),
        );
      }
      const flushed = writer.flush();
      setImmediate(() => order.push('tick'));
      await flushed;
      // The tick ran between two pieces of the batch, not after the whole of it.
      const tick = order.indexOf('tick');
      expect(tick).toBeGreaterThan(0);
      expect(tick).toBeLessThan(order.length - 1);
      expect(order.filter((entry) => entry !== 'tick')).toEqual(
        Array.from({ length: 500 }, (_, i) => `row-${i}`),
      );
      expect(writer.stats()).toMatchObject({ written: 500, failedFlushes: 0 });
      const db = new SqliteDatabase(file, { readonly: true });
      try {
        expect(db.prepare('select count(*) as n from llm_calls').get()).toEqual({ n: 500 });
      } finally {
        db.close();
      }
      await writer.close();
    });
  });

  it('serialises a batch of small rows in a few turns of a busy event loop, not a turn per 50 rows', async () => {
    await withCallsDatabase(async (file) => {
      const thread = sqliteWriterThread(file, { rollUp: false });
      const events = Array.from({ length: 1_000 }, (_, i) => ({
        eventId: `evt_${i}`,
        type: 'llm.response',
        source: 'gateway',
        worldId: null,
        sessionId: null,
        payload: { call_id: `call-${i}`, latency_ms: 230 },
        time: new Date().toISOString(),
        version: 1,
        direction: 'out' as const,
      }));
      // The thread started and its statements ready: what is counted below is the batch's own turns.
      await thread.writeEvents(events.slice(0, 1).map((event) => ({ ...event, eventId: 'evt_warm' })));
      // Every turn of the loop is 20 ms of other work. Long turns: the thread's own write, slow on a
      // loaded machine (tens of ms in CI), then spans few of them, and what is counted is the turns
      // the batch took to serialise.
      let turns = 0;
      let busy = true;
      const spin = () => {
        if (!busy) return;
        turns += 1;
        const until = performance.now() + 20;
        while (performance.now() < until) {
          // other requests
        }
        setImmediate(spin);
      };
      setImmediate(spin);
      try {
        await thread.writeEvents(events);
      } finally {
        busy = false;
      }
      // 1,000 rows of about 150 bytes serialise in a few milliseconds, and the thread writes them in a
      // few turns more: 50 rows a turn took twenty turns before the write began (400 ms here).
      expect(turns).toBeLessThan(15);
      const db = new SqliteDatabase(file, { readonly: true });
      try {
        expect(db.prepare('select count(*) as n from events').get()).toEqual({ n: 1_001 });
      } finally {
        db.close();
      }
      await thread.release();
    });
  });
});

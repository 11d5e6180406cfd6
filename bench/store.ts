/**
 * bench/store: the store on SQLite and PostgreSQL, in one run.
 *
 *   call log   rows/second written by the batched writer (record() then flush), against the
 *              baseline of one row per transaction, as a naive logger would write.
 *   event log  rows/s of the event log as the server writes it (batches of 500, two events per model
 *              call), over the last quarter of `--events` rows: ids in time order (`newId`, UUID
 *              version 7) against random UUIDs (version 4) written the same way to a second, fresh
 *              store. A random id lands anywhere in the unique index of event ids, so its cost grows
 *              with the table.
 *   read       p50/p99 of reading a conversation with 1,000 messages (the conversation and all its
 *              messages, as GET /llm/conversation/:id?limit=1000 does), against reading the same
 *              messages in ten pages of 100.
 *
 * PostgreSQL: the machine's server (LOREMASTER_TEST_PG, default postgres://postgres@127.0.0.1:5432/test);
 * a database is created for the run and dropped after.
 *
 *   npm run bench:store [-- --rows 20000 --reads 200 --events 200000]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type DatabaseConfig, databaseConfigSchema } from '../src/config/store-schema.js';
import type { CallRecord } from '../src/store/call-log.js';
import { openStore, type Store } from '../src/store/index.js';
import { newId } from '../src/store/util.js';
import { createTestDatabase } from '../test/support/postgres.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '20000' },
    baseline: { type: 'string', default: '1000' },
    reads: { type: 'string', default: '200' },
    events: { type: 'string', default: '200000' },
  },
});
const ROWS = Number(values.rows);
const BASELINE_ROWS = Number(values.baseline);
const READS = Number(values.reads);
const EVENTS = Number(values.events);
const EVENT_BATCH = 500;
const MESSAGES = 1_000;

interface Row {
  backend: string;
  measure: string;
  result: string;
  baseline: string;
  ratio: string;
}

function callRecord(i: number): CallRecord & { request?: string | null; tool_calls?: string | null } {
  return {
    provider: i % 2 ? 'openai' : 'offline',
    model: 'gpt-4o-mini',
    role: 'generation',
    call_type: 'chat',
    conversation_id: null,
    request: JSON.stringify({ messages: [{ role: 'user', content: `I open door number ${i}.` }] }),
    response: 'The door creaks open onto a dusty hall, lit by one guttering candle.',
    status: 'ok',
    input_tokens: 40,
    output_tokens: 18,
    cost: 0.00002,
    latency_ms: 350,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function benchCallLog(store: Store): Promise<{ batched: number; rowAtATime: number }> {
  // Baseline: each call in its own transaction, awaited (what a naive logger on the request path does).
  let started = performance.now();
  for (let i = 0; i < BASELINE_ROWS; i += 1) {
    const record = callRecord(i);
    await store.transaction((tx) =>
      tx.calls.insertMany([{ ...record, id: `baseline-${i}`, created_at: new Date().toISOString() }]),
    );
  }
  const rowAtATime = BASELINE_ROWS / ((performance.now() - started) / 1000);

  started = performance.now();
  for (let i = 0; i < ROWS; i += 1) {
    store.callLog.record(callRecord(i));
    // Let the writer's batches interleave with recording, as they do in a server.
    if (i % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  await store.callLog.flush();
  const batched = ROWS / ((performance.now() - started) / 1000);
  const stats = store.callLog.stats();
  if (stats.dropped > 0 || stats.written !== ROWS)
    throw new Error(`call log lost rows: ${JSON.stringify(stats)}`);
  return { batched, rowAtATime };
}

/**
 * Writes EVENTS events in batches as the event hub does; rows/s over the last quarter of them (the
 * table then holds three quarters already).
 */
async function benchEventLog(store: Store, id: () => string): Promise<number> {
  const payload = {
    call_id: id(),
    kind: 'chat',
    model: 'openai/gpt-4o-mini',
    provider: 'openai',
    usage: { input_tokens: 40, output_tokens: 18, total_tokens: 58 },
    latency_ms: 350,
  };
  let measured = 0;
  let seconds = 0;
  for (let written = 0; written < EVENTS; written += EVENT_BATCH) {
    const batch = Array.from({ length: EVENT_BATCH }, (_, i) => ({
      eventId: `evt_${id()}`,
      type: i % 2 ? 'llm.response' : 'llm.request',
      source: 'gateway',
      worldId: null,
      sessionId: null,
      payload,
      time: new Date().toISOString(),
      version: 1,
      direction: 'out' as const,
    }));
    const started = performance.now();
    await store.appendEvents(batch);
    if (written >= (EVENTS * 3) / 4) {
      seconds += (performance.now() - started) / 1000;
      measured += EVENT_BATCH;
    }
  }
  return measured / seconds;
}

async function benchRead(store: Store): Promise<{ whole: number[]; paged: number[] }> {
  const conversation = await store.conversations.create({
    model: 'generation',
    title: 'A long night at the inn',
  });
  await store.transaction(async (tx) => {
    for (let i = 0; i < MESSAGES; i += 1) {
      await tx.conversations.addMessage(conversation.id, {
        role: i % 2 ? 'assistant' : 'user',
        content: `Line ${i}: the fire crackles while Mira pours another cup and the rain keeps on.`,
        tokens: 20,
      });
    }
  });
  const whole: number[] = [];
  const paged: number[] = [];
  for (let i = 0; i < READS; i += 1) {
    let started = performance.now();
    await store.conversations.get(conversation.id);
    const all = await store.conversations.messages(conversation.id, { limit: MESSAGES });
    whole.push(performance.now() - started);
    if (all.length !== MESSAGES) throw new Error(`read ${all.length} messages`);

    started = performance.now();
    await store.conversations.get(conversation.id);
    let after: number | undefined;
    for (let page = 0; page < 10; page += 1) {
      const rows = await store.conversations.messages(conversation.id, {
        limit: 100,
        ...(after !== undefined && { afterId: after }),
      });
      after = rows[rows.length - 1]?.id;
    }
    paged.push(performance.now() - started);
  }
  return { whole: whole.sort((a, b) => a - b), paged: paged.sort((a, b) => a - b) };
}

async function run(backend: string, config: DatabaseConfig, fresh: DatabaseConfig): Promise<Row[]> {
  const store = await openStore(config);
  const randomIds = await openStore(fresh);
  try {
    const log = await benchCallLog(store);
    const ordered = await benchEventLog(store, newId);
    const random = await benchEventLog(randomIds, randomUUID);
    const read = await benchRead(store);
    const fmt = (n: number) => n.toFixed(2);
    return [
      {
        backend,
        measure: `call log rows/s (${ROWS} rows)`,
        result: Math.round(log.batched).toLocaleString('en'),
        baseline: `${Math.round(log.rowAtATime).toLocaleString('en')} (row at a time)`,
        ratio: `${(log.batched / log.rowAtATime).toFixed(1)}x`,
      },
      {
        backend,
        measure: `event log rows/s (rows ${(EVENTS * 3) / 4}-${EVENTS}), ids in time order`,
        result: Math.round(ordered).toLocaleString('en'),
        baseline: `${Math.round(random).toLocaleString('en')} (random UUIDs)`,
        ratio: `${(ordered / random).toFixed(1)}x`,
      },
      {
        backend,
        measure: `read 1,000 messages p50 ms (${READS} reads)`,
        result: fmt(percentile(read.whole, 50)),
        baseline: `${fmt(percentile(read.paged, 50))} (10 pages of 100)`,
        ratio: `${(percentile(read.paged, 50) / percentile(read.whole, 50)).toFixed(1)}x`,
      },
      {
        backend,
        measure: `read 1,000 messages p99 ms (${READS} reads)`,
        result: fmt(percentile(read.whole, 99)),
        baseline: `${fmt(percentile(read.paged, 99))} (10 pages of 100)`,
        ratio: `${(percentile(read.paged, 99) / percentile(read.whole, 99)).toFixed(1)}x`,
      },
    ];
  } finally {
    await store.close();
    await randomIds.close();
  }
}

function printTable(rows: Row[]): void {
  const headers: Row = {
    backend: 'backend',
    measure: 'measure',
    result: 'result',
    baseline: 'baseline',
    ratio: 'vs baseline',
  };
  const keys = Object.keys(headers) as (keyof Row)[];
  const widths = keys.map((key) => Math.max(...[headers, ...rows].map((row) => row[key].length)));
  const line = (row: Row) => keys.map((key, i) => row[key].padEnd(widths[i]!)).join(' | ');
  process.stdout.write(`${line(headers)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'loremaster-bench-store-'));
const database = await createTestDatabase();
const baselineDatabase = await createTestDatabase();
try {
  const callLog = { buffer_max: Math.max(ROWS, 10_000), batch_size: 500, flush_interval_ms: 50 };
  const rows = [
    ...(await run(
      'sqlite',
      databaseConfigSchema.parse({ sqlite_path: join(dir, 'bench.db'), call_log: callLog }),
      databaseConfigSchema.parse({ sqlite_path: join(dir, 'random-ids.db'), call_log: callLog }),
    )),
    ...(await run(
      'postgres',
      databaseConfigSchema.parse({ url: database.url, call_log: callLog }),
      databaseConfigSchema.parse({ url: baselineDatabase.url, call_log: callLog }),
    )),
  ];
  process.stdout.write(`\nbench/store (Node ${process.version}, ${new Date().toISOString()})\n\n`);
  printTable(rows);
} finally {
  await database.drop();
  await baselineDatabase.drop();
  rmSync(dir, { recursive: true, force: true });
}

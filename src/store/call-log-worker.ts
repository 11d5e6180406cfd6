/**
 * The SQLite writer thread of the call log and the event log: it owns its own better-sqlite3
 * connection to the server's database file (WAL: the main thread's reads never wait for it), so a
 * batch of calls (with their usage roll-ups) or of events is written without blocking the event loop
 * that serves requests. Batches arrive one at a time from `sqliteWriterThread` (call-log.ts); each is
 * one transaction, answered ok or with its error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';
import { finishBodies, type PendingCall } from './call-bodies.js';
import { connectSqlite } from './connect.js';
import { Repositories } from './repositories/index.js';
import type { NewLlmCall } from './schema.js';

export interface CallLogWorkerData {
  file: string;
  rollUp: boolean;
  /** Longest body kept (`database.call_log.bodies.max_chars`): each is serialised and cut here. */
  maxBodyChars: number;
}

/**
 * `rows`: a batch of calls as UTF-8 JSON arrays (NewLlmCall[] each, in order); `events`: a batch of
 * event-log rows the same way (EventRow[] each); each buffer transferred. A batch comes in pieces
 * because the sender serialises it a piece per turn of its event loop; it is still one transaction.
 */
export type CallLogWorkerRequest =
  | { id: number; rows: Uint8Array[] }
  | { id: number; events: Uint8Array[] }
  | { id: number; close: true };

/** One event-log row as the `events` table stores it (payload and result already JSON text). */
export interface EventRow {
  event_id: string;
  type: string;
  source: string;
  world_id: string | null;
  session_id: string | null;
  payload: string;
  created_at: string;
  version: number;
  direction: 'out' | 'in';
  result: string | null;
}
export type CallLogWorkerReply = { id: number; ok: true } | { id: number; ok: false; message: string };

const { file, rollUp, maxBodyChars } = workerData as CallLogWorkerData;
const connection = connectSqlite(file);
const sqlite = connection.sqlite!;
const port = parentPort!;
const decoder = new TextDecoder();
// One batch at a time, in arrival order.
let queue: Promise<void> = Promise.resolve();

/**
 * Without roll-ups (the server: its usage tracker writes them), rows go in through one prepared
 * single-row INSERT per set of columns, reused for every row: far cheaper than a fresh multi-row
 * statement per batch. The columns are the rows' own keys, so the schema is never restated here.
 */
const inserts = new Map<string, SqliteDatabase.Statement>();
const insertRows = sqlite.transaction((rows: NewLlmCall[]) => {
  for (const row of rows) {
    const columns = Object.keys(row);
    const signature = columns.join(',');
    let insert = inserts.get(signature);
    if (!insert) {
      if (!columns.every((column) => /^[a-z_][a-z0-9_]*$/.test(column)))
        throw new Error(`not a call-log column: ${signature}`);
      insert = sqlite.prepare(
        `insert into llm_calls (${signature}) values (${columns.map((column) => `@${column}`).join(',')})`,
      );
      inserts.set(signature, insert);
    }
    insert.run(row);
  }
});

/** An event already stored (same envelope id) is left as it is, as `EventRepository.appendMany` does. */
let insertEvent: SqliteDatabase.Statement | undefined;
const insertEvents = sqlite.transaction((rows: EventRow[]) => {
  insertEvent ??= sqlite.prepare(
    'insert into events (event_id, type, source, world_id, session_id, payload, created_at, version, direction, result) ' +
      'values (@event_id, @type, @source, @world_id, @session_id, @payload, @created_at, @version, @direction, @result) ' +
      'on conflict (event_id) do nothing',
  );
  for (const row of rows) insertEvent.run(row);
});

/** The rows of a batch's pieces, in order. */
function parsed<T>(pieces: Uint8Array[]): T[] {
  return pieces.flatMap((piece) => JSON.parse(decoder.decode(piece)) as T[]);
}

port.on('message', (request: CallLogWorkerRequest) => {
  queue = queue.then(async () => {
    try {
      if ('close' in request) await connection.close();
      else if ('events' in request) {
        insertEvents.immediate(parsed<EventRow>(request.events));
      } else {
        // Already redacted as one text by the sender; here each body becomes its bounded column text.
        const rows = parsed<PendingCall>(request.rows).map((row) => finishBodies(row, maxBodyChars));
        if (!rollUp) insertRows.immediate(rows);
        else
          await connection.db
            .transaction()
            .execute((trx) => new Repositories(trx).calls.insertMany(rows, { rollUp }));
      }
      port.postMessage({ id: request.id, ok: true } satisfies CallLogWorkerReply);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ id: request.id, ok: false, message } satisfies CallLogWorkerReply);
    }
  });
});

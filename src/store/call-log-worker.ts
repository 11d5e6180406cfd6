/**
 * The call log's SQLite writer thread: it owns its own better-sqlite3 connection to the server's
 * database file (WAL: the main thread's reads never wait for it), so a batch of calls and their usage
 * roll-ups is written without blocking the event loop that serves requests. Batches arrive one at a
 * time from `sqliteCallLogWrite` (call-log.ts); each is one transaction, answered ok or with its error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectSqlite } from './connect.js';
import { Repositories } from './repositories/index.js';
import type { NewLlmCall } from './schema.js';

export interface CallLogWorkerData {
  file: string;
  rollUp: boolean;
}

/** `rows`: the batch as JSON text (NewLlmCall[]). */
export type CallLogWorkerRequest = { id: number; rows: string } | { id: number; close: true };
export type CallLogWorkerReply = { id: number; ok: true } | { id: number; ok: false; message: string };

const { file, rollUp } = workerData as CallLogWorkerData;
const connection = connectSqlite(file);
const port = parentPort!;
// One batch at a time, in arrival order.
let queue: Promise<void> = Promise.resolve();

port.on('message', (request: CallLogWorkerRequest) => {
  queue = queue.then(async () => {
    try {
      if ('close' in request) await connection.close();
      else
        await connection.db
          .transaction()
          .execute((trx) =>
            new Repositories(trx).calls.insertMany(JSON.parse(request.rows) as NewLlmCall[], { rollUp }),
          );
      port.postMessage({ id: request.id, ok: true } satisfies CallLogWorkerReply);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ id: request.id, ok: false, message } satisfies CallLogWorkerReply);
    }
  });
});

/**
 * The neural embedder's thread: loads the model once and embeds the batches the main thread sends,
 * answering with one Float32Array of `count × dimensions` values whose buffer is transferred.
 */
import { parentPort } from 'node:worker_threads';
import { loadUseModel } from './neural-model.js';

export type NeuralRequest = { id: number; texts: string[]; query: boolean };
export type NeuralReply =
  | { id: number; ok: true; vectors: Float32Array; dimensions: number }
  | { id: number; ok: false; message: string };

/** Documents are embedded one at a time, so a query waits for at most one document. */
const STEP = 1;

interface Job {
  request: NeuralRequest;
  rows: number[][];
  next: number;
}

const port = parentPort;
if (!port) throw new Error('neural-worker runs as a worker thread');
const queries: Job[] = [];
const documents: Job[] = [];
let running = false;

// The model loads as soon as the thread starts, not on its first request.
loadUseModel().catch(() => {});

port.on('message', (request: NeuralRequest) => {
  (request.query ? queries : documents).push({ request, rows: [], next: 0 });
  if (!running) void drain();
});

/**
 * One step at a time, queries first: a player's turn never waits behind a backlog of documents, only
 * for the step under way (one document). The thread reads its messages between steps.
 */
async function drain(): Promise<void> {
  running = true;
  try {
    const model = await loadUseModel().catch((error: unknown) => error as Error);
    for (let job = queries[0] ?? documents[0]; job; job = queries[0] ?? documents[0]) {
      // The model's promises settle as microtasks, so without this the thread would read no message
      // until every waiting document was done: a query that arrived meanwhile would wait for all.
      await new Promise((resolve) => setImmediate(resolve));
      job = queries[0] ?? documents[0];
      if (!job) break;
      const current = job;
      const queue = queries[0] === current ? queries : documents;
      try {
        if (model instanceof Error) throw model;
        const texts = current.request.texts.slice(
          current.next,
          current.next + (current.request.query ? current.request.texts.length : STEP),
        );
        current.rows.push(...(await model.embed(texts)));
        current.next += texts.length;
        if (current.next < current.request.texts.length) continue;
        queue.shift();
        reply(current);
      } catch (error) {
        queue.shift();
        port?.postMessage({
          id: current.request.id,
          ok: false,
          message: (error as Error).message ?? String(error),
        } satisfies NeuralReply);
      }
    }
  } finally {
    running = false;
  }
}

function reply(job: Job): void {
  const dimensions = job.rows[0]?.length ?? 0;
  const vectors = new Float32Array(job.rows.length * dimensions);
  job.rows.forEach((row, index) => {
    vectors.set(row, index * dimensions);
  });
  port?.postMessage({ id: job.request.id, ok: true, vectors, dimensions } satisfies NeuralReply, [
    vectors.buffer,
  ]);
}

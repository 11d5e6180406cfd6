/**
 * The neural embedder's thread: loads the model once and embeds the batches the main thread sends,
 * answering with one Float32Array of `count × dimensions` values whose buffer is transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadUseModel, type UseBackend } from './neural-model.js';

/** What the main thread starts the thread with. */
export interface NeuralWorkerData {
  backend: UseBackend;
}
const { backend } = workerData as NeuralWorkerData;

/** Which queue a request waits in: players' queries, then background queries, then documents. */
export type NeuralLane = 'query' | 'background' | 'document';
export type NeuralRequest = { id: number; texts: string[]; lane: NeuralLane };
/** Asks the thread to end once the step under way is done (see `stop`). */
export type NeuralClose = { close: true };
export type NeuralReply =
  | { id: number; ok: true; vectors: Float32Array; dimensions: number }
  | { id: number; ok: false; message: string };

/** Documents are embedded one at a time, so a query waits for at most one document. */
const STEP = 1;

interface Job {
  request: NeuralRequest;
  rows: Float32Array[];
  next: number;
}

const port = parentPort;
if (!port) throw new Error('neural-worker runs as a worker thread');
const lanes: Record<NeuralLane, Job[]> = { query: [], background: [], document: [] };
const next = (): Job | undefined => lanes.query[0] ?? lanes.background[0] ?? lanes.document[0];
let running = false;
let closing = false;

// The model loads as soon as the thread starts, not on its first request.
loadUseModel(backend).catch(() => {});

port.on('message', (message: NeuralRequest | NeuralClose) => {
  if ('close' in message) {
    closing = true;
    if (!running) void stop();
    return;
  }
  lanes[message.lane].push({ request: message, rows: [], next: 0 });
  if (!running) void drain();
});

/**
 * Ends the thread from within, between two steps and after the model has loaded: ONNX Runtime's
 * native code aborts the whole process when a thread is terminated while it runs (a load or a step),
 * so the main thread asks for this instead of terminating. What is still waiting is rejected by the
 * main thread when the thread exits.
 */
async function stop(): Promise<void> {
  await loadUseModel(backend).catch(() => {});
  process.exit(0);
}

/**
 * One step at a time, players' queries first, then background queries (a turn's analysis), then
 * documents: a player's turn never waits behind a backlog, only for the step under way (one document
 * or one analysis query). The thread reads its messages between steps.
 */
async function drain(): Promise<void> {
  running = true;
  try {
    const model = await loadUseModel(backend).catch((error: unknown) => error as Error);
    for (let job = next(); job && !closing; job = next()) {
      // The model's promises settle as microtasks, so without this the thread would read no message
      // until every waiting document was done: a query that arrived meanwhile would wait for all.
      await new Promise((resolve) => setImmediate(resolve));
      job = next();
      if (!job || closing) break;
      const current = job;
      const queue = lanes[current.request.lane];
      try {
        if (model instanceof Error) throw model;
        const texts = current.request.texts.slice(
          current.next,
          current.next + (current.request.lane === 'document' ? STEP : current.request.texts.length),
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
    if (closing) void stop();
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

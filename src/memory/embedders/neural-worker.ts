/**
 * The neural embedder's thread: loads the model once and embeds the batches the main thread sends,
 * answering with one Float32Array of `count × dimensions` values whose buffer is transferred.
 */
import { parentPort } from 'node:worker_threads';
import { loadUseModel } from './neural-model.js';

export type NeuralRequest = { id: number; texts: string[] };
export type NeuralReply =
  | { id: number; ok: true; vectors: Float32Array; dimensions: number }
  | { id: number; ok: false; message: string };

const port = parentPort;
if (!port) throw new Error('neural-worker runs as a worker thread');
let queue = Promise.resolve();
port.on('message', (request: NeuralRequest) => {
  // One batch at a time: TensorFlow.js runs them one after another anyway, and memory stays bounded.
  queue = queue.then(async () => {
    try {
      const model = await loadUseModel();
      const rows = await model.embed(request.texts);
      const dimensions = rows[0]?.length ?? 0;
      const vectors = new Float32Array(rows.length * dimensions);
      rows.forEach((row, index) => {
        vectors.set(row, index * dimensions);
      });
      const reply: NeuralReply = { id: request.id, ok: true, vectors, dimensions };
      port.postMessage(reply, [vectors.buffer]);
    } catch (error) {
      const reply: NeuralReply = {
        id: request.id,
        ok: false,
        message: (error as Error).message ?? String(error),
      };
      port.postMessage(reply);
    }
  });
});

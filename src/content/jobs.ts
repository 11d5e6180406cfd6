/**
 * Background content generation (`async: true`): the job is a row in `content_jobs` and its work a
 * GENERATE_CONTENT task of the maintenance queue, written in one transaction, so a job survives a
 * restart (the queue hands the task to the next worker). The handler is idempotent: a job already
 * finished is not generated twice. When it ends, `content_job_completed` is published.
 */
import { randomUUID } from 'node:crypto';
import type { MaintenanceQueue, Task } from '../jobs/types.js';
import { type RunningWorker, startWorker } from '../jobs/worker.js';
import { type ContentJob, Repositories, type Store } from '../store/index.js';
import { ContentError } from './errors.js';
import type { ContentEventPublisher } from './events.js';
import type { GenerateRequest } from './request.js';
import type { ContentType } from './schemas.js';
import type { ContentService } from './service.js';

export interface ContentJobsOptions {
  store: Store;
  queue: MaintenanceQueue;
  service: ContentService;
  events: ContentEventPublisher;
  maxAttempts: number;
}

export class ContentJobs {
  private worker: RunningWorker | undefined;

  constructor(private readonly options: ContentJobsOptions) {}

  async enqueue(type: ContentType, request: GenerateRequest): Promise<ContentJob> {
    const id = `job_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    const { async: _async, stream: _stream, ...rest } = request;
    const job = await this.options.store.db.transaction().execute(async (trx) => {
      const created = await new Repositories(trx).content.createJob({
        id,
        contentType: type,
        request: rest as Record<string, unknown>,
        worldId: request.world_id ?? null,
      });
      await this.options.queue.enqueue(
        [
          {
            type: 'GENERATE_CONTENT',
            data: { jobId: id },
            worldId: request.world_id ?? null,
            maxAttempts: this.options.maxAttempts,
          },
        ],
        trx,
      );
      return created;
    });
    this.worker?.wake();
    return job;
  }

  async get(id: string): Promise<ContentJob> {
    const job = await this.options.store.content.getJob(id);
    if (!job) throw new ContentError(404, 'job_not_found', `Job ${id} not found`, 'id');
    return job;
  }

  /** The GENERATE_CONTENT handler. */
  async handle(task: Task): Promise<unknown> {
    const jobId = (task.data as { jobId?: unknown })?.jobId;
    if (typeof jobId !== 'string')
      throw Object.assign(new Error('GENERATE_CONTENT task without a jobId'), { permanent: true });
    const { store, service } = this.options;
    const job = await store.content.getJob(jobId);
    if (!job) throw Object.assign(new Error(`content job ${jobId} does not exist`), { permanent: true });
    if (job.status === 'succeeded' || job.status === 'failed') return { skipped: job.status };
    await store.content.startJob(jobId);
    try {
      const result = await service.generate(job.contentType as ContentType, job.request as GenerateRequest);
      await store.content.finishJob(jobId, { result });
      await this.completed(job, 'succeeded', null);
      return { jobId, status: 'succeeded' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Invalid content or a bad reference will not get better by retrying; a provider outage may.
      const final = error instanceof ContentError || task.attempts >= task.maxAttempts;
      if (!final) throw error;
      await store.content.finishJob(jobId, { error: message });
      await this.completed(job, 'failed', message);
      return { jobId, status: 'failed' };
    }
  }

  /** Runs GENERATE_CONTENT tasks in this process. */
  start(options: {
    concurrency: number;
    idleMs: number;
    leaseMs: number;
    onError?: (error: unknown, task?: Task) => void;
  }): void {
    if (this.worker) return;
    this.worker = startWorker({
      queue: this.options.queue,
      handlers: { GENERATE_CONTENT: (task) => this.handle(task) },
      owner: `content:${process.pid}:${randomUUID().slice(0, 8)}`,
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

  private async completed(
    job: ContentJob,
    status: 'succeeded' | 'failed',
    error: string | null,
  ): Promise<void> {
    await this.options.events.publish({
      type: 'content_job_completed',
      worldId: job.worldId,
      data: { job_id: job.id, content_type: job.contentType, status, error },
    });
  }
}

/** A job as the API shows it. */
export function jobView(job: ContentJob) {
  return {
    object: 'content.job',
    id: job.id,
    type: job.contentType,
    status: job.status,
    world_id: job.worldId,
    attempts: job.attempts,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
    finished_at: job.finishedAt,
    result: job.result ?? null,
    error: job.error ? { type: 'content_job_failed', message: job.error } : null,
  };
}

/**
 * Background content generation (`async: true`) and pictures (`POST /content/images`, a job by default):
 * the job is a row in `content_jobs` and its work a GENERATE_CONTENT task of the maintenance queue,
 * written in one transaction, so a job survives a restart (the queue hands the task to the next
 * worker). The handler is idempotent: a job already finished is not generated twice. When it ends,
 * `content_job_completed` is published.
 */
import { randomUUID } from 'node:crypto';
import { isGatewayError } from '../gateway/index.js';
import type { MaintenanceQueue, Task } from '../jobs/types.js';
import { type RunningWorker, startWorker } from '../jobs/worker.js';
import { isProviderError } from '../providers/index.js';
import { type ContentJob, Repositories, type Store } from '../store/index.js';
import { ContentError } from './errors.js';
import type { ContentEventPublisher } from './events.js';
import { type EntityImageRequest, entityImageRequestSchema } from './image-request.js';
import type { ImageService } from './images.js';
import type { GenerateRequest } from './request.js';
import type { ContentType } from './schemas.js';
import type { ContentService } from './service.js';

export interface ContentJobsOptions {
  store: Store;
  queue: MaintenanceQueue;
  service: ContentService;
  events: ContentEventPublisher;
  maxAttempts: number;
  /** Draws the pictures of `image` jobs. */
  images?: ImageService;
}

/** The content type of a picture job. */
export const IMAGE_JOB_TYPE = 'image';

export class ContentJobs {
  private worker: RunningWorker | undefined;

  constructor(private readonly options: ContentJobsOptions) {}

  async enqueue(type: ContentType, request: GenerateRequest): Promise<ContentJob> {
    const { async: _async, stream: _stream, ...rest } = request;
    return this.queued(type, rest as Record<string, unknown>, request.world_id ?? null);
  }

  /** A picture of an entity as a job (the entity was checked by `ImageService.prepare`). */
  async enqueueImage(request: EntityImageRequest, worldId: string): Promise<ContentJob> {
    return this.queued(IMAGE_JOB_TYPE, { ...request, async: false }, worldId);
  }

  private async queued(
    type: string,
    request: Record<string, unknown>,
    worldId: string | null,
  ): Promise<ContentJob> {
    const id = `job_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    const job = await this.options.store.db.transaction().execute(async (trx) => {
      const created = await new Repositories(trx).content.createJob({
        id,
        contentType: type,
        request,
        worldId,
      });
      await this.options.queue.enqueue(
        [
          {
            type: 'GENERATE_CONTENT',
            data: { jobId: id },
            worldId,
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
      const result =
        job.contentType === IMAGE_JOB_TYPE
          ? await this.drawImage(job)
          : await service.generate(job.contentType as ContentType, job.request as GenerateRequest);
      await store.content.finishJob(jobId, { result });
      await this.completed(job, 'succeeded', null);
      return { jobId, status: 'succeeded' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Invalid content or a bad reference will not get better by retrying; a provider outage may.
      const final =
        error instanceof ContentError || isRequestError(error) || task.attempts >= task.maxAttempts;
      if (!final) throw error;
      await store.content.finishJob(jobId, { error: message });
      await this.completed(job, 'failed', message);
      return { jobId, status: 'failed' };
    }
  }

  private async drawImage(job: ContentJob): Promise<unknown> {
    const images = this.options.images;
    if (!images) throw new ContentError(409, 'images_unavailable', 'This process has no image service');
    const parsed = entityImageRequestSchema.safeParse(job.request);
    if (!parsed.success)
      throw new ContentError(
        400,
        'invalid_request',
        `Job ${job.id}: ${parsed.error.issues[0]?.message ?? 'bad request'}`,
      );
    return images.forEntity(parsed.data);
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

/** The request itself is at fault (not found, not honoured, refused by the vendor): retrying will not help. */
function isRequestError(error: unknown): boolean {
  const status =
    (error as { statusCode?: unknown; status?: unknown }).statusCode ??
    (isGatewayError(error) ? error.status : undefined);
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429) return true;
  return isProviderError(error) && (error.code === 'upstream_bad_request' || error.code === 'content_policy');
}

/** A job as the API shows it. */
export function jobView(job: ContentJob) {
  return {
    object: 'content.job' as const,
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

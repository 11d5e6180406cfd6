/**
 * The background loops `loremaster serve` runs besides the maintenance roles, for `loremaster worker`:
 * webhook deliveries (signed, retried with backoff, dead-lettered), batches (`POST /llm/batch`) and
 * content and image jobs. A deployment whose servers run with `narrative.workers_in_serve: false` gets
 * them done by its worker processes instead; the queue's leases and the deliveries' leases keep two
 * processes from running one piece of work at once, so servers and workers may also both run them.
 *
 * The worker publishes what these loops publish (`batch.completed`, `webhook.dead_lettered`, content
 * events) through an event hub of its own: stored in the event log, fanned out with `REDIS_URL`, and
 * turned into webhook deliveries like any server's events. Built like the server's (src/api/app.ts).
 */
import { batchItemRunner, describeBatchError } from '../api/routes/llm-batch.js';
import type { LoadedConfig, Logger } from '../config/index.js';
import { createContent, hubPublisher } from '../content/index.js';
import { EventHub } from '../events/hub.js';
import { WebhookDispatcher, WebhookService } from '../events/webhooks/index.js';
import type { Gateway } from '../gateway/index.js';
import { Batches } from '../jobs/batch.js';
import type { MaintenanceQueue } from '../jobs/index.js';
import type { Memory } from '../memory/index.js';
import type { Narrative } from '../narrative/index.js';
import type { PromptDeps } from '../prompts/index.js';
import { imageStoreFor, type Store } from '../store/index.js';

export interface BackgroundLoopDeps {
  config: LoadedConfig;
  logger: Logger;
  store: Store;
  gateway: Gateway;
  queue: MaintenanceQueue;
  memory: Memory;
  narrative: Narrative;
  prompts: PromptDeps;
}

export interface BackgroundLoops {
  /** What runs, for the worker's start line. */
  names: string[];
  close(): Promise<void>;
}

/** Starts webhook deliveries, batches and content/image jobs in this process. */
export async function startBackgroundLoops(deps: BackgroundLoopDeps): Promise<BackgroundLoops> {
  const { config, logger, store, queue } = deps;
  const { settings, secrets } = config;
  const imageStore = imageStoreFor(settings, secrets);
  let dispatcher: WebhookDispatcher | undefined;
  const webhooks = new WebhookService({
    store,
    config: settings.events.webhooks,
    onQueued: () => dispatcher?.wake(),
  });
  const hub = new EventHub({
    store,
    config: settings.events,
    logger,
    redisUrl: secrets.values.REDIS_URL,
    onStored: (batch) => webhooks.enqueueFor(batch),
  });
  await hub.start();
  dispatcher = new WebhookDispatcher({
    store,
    config: settings.events.webhooks,
    logger,
    publish: hub.publishEvent,
  });
  dispatcher.start();
  const batches = new Batches({
    store,
    queue,
    run: batchItemRunner(deps.prompts),
    describeError: describeBatchError,
    concurrency: settings.llm.batch.concurrency,
    publish: hub.publishEvent,
  });
  const content = await createContent({
    store,
    prompts: deps.prompts,
    worlds: deps.narrative.worlds,
    queue,
    settings,
    embedder: deps.memory.embedder,
    events: hubPublisher(hub.publishEvent),
    gateway: deps.gateway,
    imageStore,
  });
  content.jobs.start({
    concurrency: 2,
    idleMs: settings.narrative.worker_idle_ms,
    leaseMs: settings.jobs.lease_ms,
    onError: (error, task) => logger.warn({ err: error, task: task?.id }, 'content job failed'),
  });
  batches.start({
    concurrency: settings.llm.batch.workers,
    idleMs: settings.narrative.worker_idle_ms,
    leaseMs: settings.jobs.lease_ms,
    onError: (error, task) => logger.warn({ err: error, task: task?.id }, 'batch failed'),
  });
  return {
    names: ['webhook deliveries', 'batches', 'content and image jobs'],
    async close() {
      await batches.stop();
      await content.jobs.stop();
      await dispatcher?.stop();
      await hub.close();
    },
  };
}

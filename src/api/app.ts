/** The Fastify app: routes, auth and error shapes over a gateway. No business logic lives here. */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { LoadedConfig, Logger } from '../config/index.js';
import { createGateway, type Gateway } from '../gateway/index.js';
import { Memory, startEmbeddingWorker } from '../memory/index.js';
import type { Store } from '../store/index.js';
import { registerAuth } from './auth.js';
import { registerErrorHandlers } from './errors.js';
import { analyticsRoutes } from './routes/analytics.js';
import { conversationRoutes } from './routes/conversations.js';
import { healthRoute } from './routes/health.js';
import { chatCompletionsRoute } from './routes/openai-chat.js';
import { embeddingsRoute } from './routes/openai-embeddings.js';
import { modelsRoute } from './routes/openai-models.js';
import { promptRoutes } from './routes/prompts.js';
import { searchRoutes } from './routes/search.js';

export interface AppOptions {
  config: LoadedConfig;
  logger: Logger;
  /** Defaults to a gateway over the providers named in config. */
  gateway?: Gateway;
  /** The store; without one, the routes that need it (/llm/conversation…) are not registered. */
  store?: Store;
  /** World search (/worlds/:id/search); default: memory over the store, its index opened at start. */
  memory?: Memory;
}

export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; gateway: Gateway }> {
  const { settings, secrets } = options.config;
  const gateway =
    options.gateway ??
    (await createGateway({
      settings,
      secrets,
      logger: options.logger,
      // Usage roll-ups persist in the store (and survive restarts).
      ...(options.store && { usageSink: options.store.usageSink }),
    }));
  const app = Fastify({
    // pino's Logger and Fastify's logger type differ only in generics.
    loggerInstance: options.logger as FastifyBaseLogger,
    // Per-request logs cost throughput; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: settings.server.body_limit_bytes,
    return503OnClosing: true,
  });
  // The API speaks JSON only: anything else is a 415, not a string the schema then rejects.
  app.removeContentTypeParser('text/plain');
  registerErrorHandlers(app, secrets);
  registerAuth(app, secrets.apiKeys);
  healthRoute(app, gateway);
  modelsRoute(app, gateway);
  chatCompletionsRoute(app, gateway, secrets);
  embeddingsRoute(app, gateway);
  analyticsRoutes(app, { ...gateway.parts, stats: () => gateway.stats() });
  if (options.store) conversationRoutes(app, { gateway, store: options.store, settings, secrets });
  if (options.store) {
    const memory = options.memory ?? new Memory({ store: options.store, settings, gateway });
    if (!options.memory) await memory.open();
    searchRoutes(app, { memory, store: options.store });
    if (!options.memory) {
      // The Embedding role in the background: EMBED_DOCUMENTS tasks from the maintenance queue.
      const worker = startEmbeddingWorker(memory.sync, {
        owner: `embedding:${process.pid}:${randomUUID().slice(0, 8)}`,
        onError: (error) => options.logger.warn({ err: error }, 'embedding worker pass failed'),
      });
      app.addHook('onClose', async () => {
        await worker.stop();
        await memory.close();
      });
    }
  }
  if (options.store) {
    // Shipped templates are synced into the store (a changed file is a new version) and watched.
    await promptRoutes(app, {
      gateway,
      store: options.store,
      settings,
      environment: process.env.LOREMASTER_ENV?.trim() || undefined,
      watch: true,
    });
  }
  // A gateway this app created is this app's to close (flushes usage and cassettes).
  if (!options.gateway) app.addHook('onClose', () => gateway.close());
  await app.ready();
  return { app, gateway };
}

/** The Fastify app: routes, auth and error shapes over a gateway. No business logic lives here. */

import type { Socket } from 'node:net';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { LoadedConfig, Logger, Settings } from '../config/index.js';
import { contentEventHandlers, createContent, hubPublisher } from '../content/index.js';
import { ConversationService } from '../conversations/index.js';
import { bridgeGatewayEvents } from '../events/gateway-bridge.js';
import { EventHub } from '../events/hub.js';
import { InboundEvents } from '../events/inbound.js';
import { WebhookDispatcher, WebhookService } from '../events/webhooks/index.js';
import { CallLog } from '../gateway/call-log.js';
import { createGateway, type Gateway } from '../gateway/index.js';
import { Batches } from '../jobs/batch.js';
import { type MaintenanceQueue, openQueue } from '../jobs/index.js';
import { embedderFor, Memory } from '../memory/index.js';
import { Narrative } from '../narrative/index.js';
import { PromptService } from '../prompts/index.js';
import { imageStoreFor, type Store } from '../store/index.js';
import { KeyRing, registerAuth } from './auth.js';
import { registerCors } from './cors.js';
import { dashboardRoutes } from './dashboard.js';
import {
  frameworkErrorHandler,
  refuseConnect,
  refuseHandshake,
  registerErrorHandlers,
  shapedClientErrorHandler,
  toApiError,
} from './errors.js';
import { registerJsonBody } from './json-body.js';
import { registerLogMetrics } from './log-metrics.js';
import { refuseNulInUrl } from './nul-text.js';
import { openApiRoutes, registerOpenApi } from './openapi.js';
import { refuseUnknownQueryParameters } from './query-parameters.js';
import { lazyRequestLogger } from './request-logger.js';
import { RouteMethods } from './route-methods.js';
import { analyticsRoutes } from './routes/analytics.js';
import { anthropicMessagesRoutes } from './routes/anthropic-messages.js';
import { callRoutes } from './routes/calls.js';
import { contentRoutes } from './routes/content.js';
import { conversationRoutes } from './routes/conversations.js';
import { eventRoutes } from './routes/events.js';
import { healthRoute } from './routes/health.js';
import { healthProbeRoutes } from './routes/health-probes.js';
import { imageRoutes } from './routes/images.js';
import { koboldRoutes } from './routes/kobold.js';
import { liveStateRoutes } from './routes/live-state.js';
import { llamaCppRoutes } from './routes/llamacpp.js';
import { llamaCppEmbeddingRoutes } from './routes/llamacpp-embedding.js';
import { batchItemRunner, batchRoutes, describeBatchError } from './routes/llm-batch.js';
import { llmContextRoutes } from './routes/llm-context.js';
import { generateRoute } from './routes/llm-generate.js';
import { llmStatusRoute } from './routes/llm-status.js';
import { llmStreamRoute } from './routes/llm-stream.js';
import { maintenanceRoutes } from './routes/maintenance.js';
import { ollamaRoutes } from './routes/ollama.js';
import { ollamaEmbedRoutes } from './routes/ollama-embed.js';
import { ollamaModelRoutes } from './routes/ollama-models.js';
import { openServerModelRoutes } from './routes/open-server-models.js';
import { chatCompletionsRoute } from './routes/openai-chat.js';
import { completionsRoute } from './routes/openai-completions.js';
import { embeddingsRoute } from './routes/openai-embeddings.js';
import { modelsRoute } from './routes/openai-models.js';
import { responsesRoutes } from './routes/openai-responses.js';
import { promptRoutes } from './routes/prompts.js';
import { searchRoutes } from './routes/search.js';
import { themeRoutes } from './routes/themes.js';
import { tokenCountRoutes } from './routes/token-counts.js';
import { turnSocketRoute } from './routes/turn-socket.js';
import { webhookRoutes } from './routes/webhooks.js';
import { worldRoutes } from './routes/worlds.js';
import { registerSchemaCompilers } from './schema-compilers.js';
import { requireRouteScopes } from './scopes.js';
import { StoredResponses } from './stored-responses.js';
import { chooseSubprotocol } from './websocket-auth.js';
import { closeRefusedUpgrades, upgradeRequiredOnPlainGet } from './websocket-routes.js';

export interface AppOptions {
  config: LoadedConfig;
  logger: Logger;
  /** Defaults to a gateway over the providers named in config. */
  gateway?: Gateway;
  /** The store; without one, the routes that need it (/llm/conversation…) are not registered. */
  store?: Store;
  /** World search (/worlds/:id/search); default: memory over the store, its index opened at start. */
  memory?: Memory;
  /** The maintenance queue; default: the one `jobs.queue` chooses for the store. */
  queue?: MaintenanceQueue;
  /** Run the background workers in this process (default: `narrative.workers_in_serve`). */
  workers?: boolean;
}

export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; gateway: Gateway }> {
  const { settings, secrets } = options.config;
  // First: a picture bucket configured without its keys stops the start before anything is opened.
  const imageStore = imageStoreFor(settings, secrets);
  const gateway =
    options.gateway ??
    (await createGateway({
      settings,
      secrets,
      logger: options.logger,
      // Usage roll-ups persist in the store (and survive restarts).
      ...(options.store && { usageSink: options.store.usageSink, budgetStore: options.store.budgetSink }),
    }));
  const app = Fastify({
    // pino's Logger and Fastify's logger type differ only in generics.
    loggerInstance: options.logger as FastifyBaseLogger,
    // Per-request logs cost throughput; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    // Each request's logger is made the first time it logs (see request-logger.ts).
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: settings.server.body_limit_bytes,
    return503OnClosing: true,
    // `/v1/models/` and `//v1/models` are the same route as `/v1/models` (clients join URLs carelessly).
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    // Errors found before a route runs (bad URL encoding, an over-long path parameter, malformed HTTP,
    // header overflow, a body that never finishes) answer in the same error shape as every other error.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler: shapedClientErrorHandler,
    requestTimeout: settings.server.timeouts.request_ms,
    keepAliveTimeout: settings.server.timeouts.keep_alive_ms,
    http: {
      requestTimeout: settings.server.timeouts.request_ms,
      headersTimeout: settings.server.timeouts.headers_ms,
      // How often Node looks for requests past their deadline (its default, 30 s, would let a short
      // request timeout run up to 30 s late).
      connectionsCheckingInterval: Math.min(1_000, settings.server.timeouts.headers_ms),
    },
  });
  // Streamed answers (SSE, NDJSON) read how to write from here: see src/api/sse.ts.
  app.decorate('streaming', { coalesceMs: settings.server.stream_coalesce_ms });
  // Every route's path and methods, so a wrong method is a 405 naming the right ones (not a 404).
  const routeMethods = new RouteMethods();
  routeMethods.watch(app);
  // A CONNECT (proxy tunnel) request gets a 405 in the error shape, not a silently closed socket.
  app.server.on('connect', (_request: unknown, socket: Socket) => refuseConnect(socket));
  // A plain GET on a WebSocket route answers 426 in the error shape (not an empty 404).
  upgradeRequiredOnPlainGet(app);
  // An upgrade answered over HTTP (401, 404, 426…) closes its socket after the answer.
  closeRefusedUpgrades(app);
  // The API speaks JSON only: anything else is a 415, not a string the schema then rejects.
  app.removeContentTypeParser('text/plain');
  // JSON bodies: Fastify's parser (prototype keys refused) behind a nesting limit.
  registerJsonBody(app, { maxDepth: settings.server.max_json_depth });
  // A NUL character in a path parameter or query value: a 400 naming it (PostgreSQL cannot store it).
  refuseNulInUrl(app);
  registerErrorHandlers(app, secrets, routeMethods);
  // Before auth: a browser's preflight carries no API key. Its OPTIONS route is the one route without
  // a scope (it is answered before any key is read, and is no operation of the API).
  await registerCors(app, settings.server.cors);
  // From here every route must declare its scope, and is written into the OpenAPI document.
  requireRouteScopes(app);
  // A query parameter a route does not take: a 400 naming it (see query-parameters.ts).
  refuseUnknownQueryParameters(app);
  registerSchemaCompilers(app);
  await registerOpenApi(app);
  const keys = new KeyRing(secrets.apiKeyGrants, options.store?.apiKeys);
  // A stored key's own rate limits and budget are enforced by the gateway under the key's id.
  keys.onKeys = (known) =>
    gateway.setKeyLimits(
      known.map((key) => ({
        id: key.id,
        ...(key.limits && { rate: key.limits }),
        ...(key.budget && { budget: key.budget }),
      })),
    );
  await keys.start();
  app.addHook('onClose', () => keys.close());
  registerAuth(app, keys);
  openApiRoutes(app);
  dashboardRoutes(app);
  healthRoute(app, gateway);
  healthProbeRoutes(app, options.store);
  modelsRoute(app, gateway);
  chatCompletionsRoute(app, gateway, secrets);
  anthropicMessagesRoutes(app, gateway, secrets);
  responsesRoutes(app, gateway, secrets, new StoredResponses(options.store, settings.responses));
  completionsRoute(app, gateway, secrets);
  ollamaRoutes(app, gateway, secrets);
  ollamaModelRoutes(app, gateway);
  llamaCppRoutes(app, gateway, secrets);
  tokenCountRoutes(app);
  openServerModelRoutes(app, gateway);
  koboldRoutes(app, gateway, secrets);
  analyticsRoutes(app, { ...gateway.parts, stats: () => gateway.stats() });
  if (options.store) {
    const store = options.store;
    // Events: published here, stored in batches, fanned out through Redis (REDIS_URL) to every instance.
    // The instance that stores an event queues its webhook deliveries; every instance sends them.
    let dispatcher: WebhookDispatcher | undefined;
    const webhooks = new WebhookService({
      store,
      config: settings.events.webhooks,
      onQueued: () => dispatcher?.wake(),
    });
    const hub = new EventHub({
      store,
      config: settings.events,
      logger: options.logger,
      redisUrl: secrets.values.REDIS_URL,
      onStored: (batch) => webhooks.enqueueFor(batch),
      settle: () => gateway.settle(),
    });
    await hub.start();
    registerLogMetrics(gateway.parts.metrics.registry, {
      callLog: () => {
        const { written, buffered, dropped } = store.callLog.stats();
        return { written, waiting: buffered, dropped };
      },
      eventLog: () => {
        const { written, pending, dropped } = hub.stats().log;
        return { written, waiting: pending, dropped };
      },
    });
    dispatcher = new WebhookDispatcher({
      store,
      config: settings.events.webhooks,
      logger: options.logger,
      publish: hub.publishEvent,
    });
    // Like batches and content jobs below: a server whose background work runs in `loremaster worker`
    // processes (`narrative.workers_in_serve: false`) leaves webhook deliveries to them.
    const inProcess = options.workers ?? settings.narrative.workers_in_serve;
    if (inProcess) dispatcher.start();
    const unbridge = bridgeGatewayEvents(gateway.bus, hub.publishEvent);
    const conversations = new ConversationService({
      gateway,
      store,
      settings,
      publish: hub.publishEvent,
      describeFailure: toApiError,
    });
    conversationRoutes(app, { conversations, secrets });
    // The maintenance queue: the table queue on SQLite, pg-boss on PostgreSQL (see jobs.queue).
    const queue =
      options.queue ??
      (await openQueue(store, {
        jobs: settings.jobs,
        database: settings.database,
        onError: (error) => options.logger.warn({ err: error }, 'maintenance queue error'),
      }));
    const memory = options.memory ?? new Memory({ store, settings, gateway, queue });
    if (!options.memory) {
      await memory.open();
      if (settings.memory.warm_up_embedder) await memory.warmUp();
    }
    searchRoutes(app, { memory, store });
    callRoutes(app, new CallLog({ store, gateway }));
    const embedding = { gateway, roleEmbedder: roleRunsInProcess(settings) ? memory.embedder : undefined };
    embeddingsRoute(app, embedding);
    ollamaEmbedRoutes(app, embedding);
    llamaCppEmbeddingRoutes(app, embedding);
    // Shipped templates are synced into the store (a changed file is a new version) and watched.
    const promptService = await PromptService.open({
      gateway,
      store,
      settings,
      environment: process.env.LOREMASTER_ENV?.trim() || undefined,
      watch: true,
      onWatchError: (error) => app.log.warn({ err: error }, 'prompt file not synced'),
    });
    app.addHook('onClose', () => promptService.close());
    promptRoutes(app, promptService);
    const prompts = promptService.deps;
    const narrative = new Narrative({
      store,
      gateway,
      memory,
      prompts,
      settings,
      queue,
      publish: hub.publishEvent,
    });
    await app.register(websocket, {
      // A browser authenticates with the subprotocols `loremaster` + `bearer.<key>`: the answer is
      // `loremaster`, never the key (websocket-auth.ts).
      options: { maxPayload: 64 * 1024, handleProtocols: chooseSubprotocol },
      // A socket error (a message over maxPayload, bad UTF-8, a handler that threw) ends the socket with
      // a close code the client can read (1009, 1007, 1011), not a torn-down connection (1006).
      errorHandler: (error, socket, request) => {
        request.log.warn(
          { code: (error as NodeJS.ErrnoException).code, message: error.message },
          'websocket error',
        );
        // ws is already closing with the code that names the client's fault: let it finish.
        if (socket.readyState === socket.CLOSING) return;
        if (socket.readyState === socket.OPEN) socket.close(1011, 'server error');
        else socket.terminate();
      },
    });
    // A handshake `ws` refuses is answered in the error shape (its own answer is plain text).
    app.websocketServer.on('wsClientError', (error: Error, socket: Socket) => refuseHandshake(error, socket));
    webhookRoutes(app, webhooks);
    worldRoutes(app, { narrative, store, importBodyLimit: settings.server.import_body_limit_bytes });
    liveStateRoutes(app, { narrative, store });
    llmContextRoutes(app, { narrative, prompts, store });
    maintenanceRoutes(app, { queue, narrative, store });
    turnSocketRoute(app, { narrative });
    // The generation endpoints: one generation (JSON, SSE, WebSocket), batches in the background, status.
    generateRoute(app, { prompts });
    llmStreamRoute(app, { prompts, settings });
    llmStatusRoute(app, { gateway, queue });
    const batches = new Batches({
      store,
      queue,
      run: batchItemRunner(prompts),
      describeError: describeBatchError,
      concurrency: settings.llm.batch.concurrency,
      publish: hub.publishEvent,
    });
    batchRoutes(app, { batches, settings });
    // Content: generation, themes and validation; its background jobs go through the same queue.
    const content = await createContent({
      store,
      prompts,
      worlds: narrative.worlds,
      queue,
      settings,
      embedder: memory.embedder,
      events: hubPublisher(hub.publishEvent),
      gateway,
      imageStore,
    });
    // Before the content routes: /content/images is its own route, not a content type.
    if (content.images) imageRoutes(app, { images: content.images, jobs: content.jobs });
    contentRoutes(app, content);
    // The game's events: handled by src/events/handlers, which change sessions and entities through
    // the narrative layer and hand characters, campaigns and themes to the content service.
    const inbound = new InboundEvents({
      store,
      hub,
      logger: options.logger,
      deps: {
        store,
        worlds: narrative.worlds,
        patchSession: (sessionId, patch, changedBy) =>
          narrative.live.patchSession(sessionId, patch, changedBy),
        content: contentEventHandlers(content.service),
        publish: hub.publishEvent,
      },
    });
    eventRoutes(app, { hub, config: settings.events, inbound });
    themeRoutes(app, content.themes);
    // The background roles (analysis, maintenance, simulation, embedding) run in this process unless
    // they run as `loremaster worker` processes of their own.
    if (options.workers ?? settings.narrative.workers_in_serve)
      narrative.startWorkers({
        onError: (error, task) =>
          options.logger.warn({ err: error, task: task?.id, type: task?.type }, 'maintenance task failed'),
        onSkipped: (task, reason) =>
          options.logger.info(
            { task: task.id, type: task.type, turn: task.turnId, reason },
            'maintenance task skipped',
          ),
      });
    if (options.workers ?? settings.narrative.workers_in_serve)
      content.jobs.start({
        concurrency: 2,
        idleMs: settings.narrative.worker_idle_ms,
        leaseMs: settings.jobs.lease_ms,
        onError: (error, task) => options.logger.warn({ err: error, task: task?.id }, 'content job failed'),
      });
    if (options.workers ?? settings.narrative.workers_in_serve)
      batches.start({
        concurrency: settings.llm.batch.workers,
        idleMs: settings.narrative.worker_idle_ms,
        leaseMs: settings.jobs.lease_ms,
        onError: (error, task) => options.logger.warn({ err: error, task: task?.id }, 'batch failed'),
      });
    app.addHook('onClose', async () => {
      await batches.stop();
      await content.jobs.stop();
      await narrative.stopWorkers();
      // The last calls' held events reach the log before the bridge goes.
      gateway.settle();
      unbridge();
      await hub.close();
      await dispatcher?.stop();
      if (!options.queue) await queue.stop();
      if (!options.memory) await memory.close();
    });
  }
  // Without a store there is no world memory, but `embedding` still means the role's own embedder.
  if (!options.store) {
    const embedding = {
      gateway,
      roleEmbedder: roleRunsInProcess(settings) ? embedderFor(settings) : undefined,
    };
    embeddingsRoute(app, embedding);
    ollamaEmbedRoutes(app, embedding);
    llamaCppEmbeddingRoutes(app, embedding);
  }
  // A gateway this app created is this app's to close (flushes usage and cassettes).
  if (!options.gateway) app.addHook('onClose', () => gateway.close());
  await app.ready();
  return { app, gateway };
}

/** The embedding role embeds in this process (the offline provider) rather than through a vendor. */
function roleRunsInProcess(settings: Settings): boolean {
  return settings.providers[settings.roles.embedding.provider]?.type === 'offline';
}

/** Starting and stopping the HTTP server, safe by default. */
import type { FastifyInstance } from 'fastify';
import { ConfigError, type LoadedConfig, type Logger } from '../config/index.js';
import type { Gateway } from '../gateway/index.js';
import type { UsageRollup } from '../gateway/usage/usage-tracker.js';
import { openStore, type Store } from '../store/index.js';
import { buildApp } from './app.js';
import { CONVERSATION_CALL_PREFIX } from './routes/conversations.js';

export interface RunningServer {
  app: FastifyInstance;
  gateway: Gateway;
  store: Store;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** How far back stored usage is read at start (the tracker keeps 62 days of daily roll-ups). */
const USAGE_SEED_MS = 62 * 86_400_000;

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}

/**
 * Refuses to listen beyond this machine without API keys: an open LLM endpoint spends someone's
 * money and leaks their world.
 */
export function assertSafeBinding(config: LoadedConfig): void {
  const { host } = config.settings.server;
  if (!isLoopback(host) && config.secrets.apiKeys.length === 0) {
    throw new ConfigError(
      `Refusing to listen on ${host} without API keys: set LOREMASTER_API_KEYS (comma-separated) so every ` +
        'request needs "Authorization: Bearer <key>", or bind to 127.0.0.1.',
    );
  }
}

export async function startServer(config: LoadedConfig, logger: Logger): Promise<RunningServer> {
  assertSafeBinding(config);
  // Opening the store runs its migrations: the server never serves on an old schema.
  const store = await openStore(config.settings.database, {
    onCallLogError: (error) => logger.warn({ err: error }, 'call log batch not written (will retry)'),
    // The gateway's usage tracker writes the roll-ups (through store.usageSink): count each call once.
    rollUpCallLog: false,
  });
  const { host, port } = config.settings.server;
  const { app, gateway } = await buildApp({ config, logger, store }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  try {
    // Analytics survive restarts: the usage tracker starts from the roll-ups already stored.
    const since = Date.now() - USAGE_SEED_MS;
    const stored = [
      ...(await store.usageSink.read('hour', since)),
      ...(await store.usageSink.read('day', since)),
    ];
    gateway.parts.usage.load(stored as UsageRollup[]);
    logGatewayCalls(gateway, store);
    await app.listen({ host, port });
  } catch (error) {
    await app.close().catch(() => {});
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    app,
    gateway,
    store,
    url: `http://${urlHost}:${boundPort}`,
    port: boundPort,
    // Requests finish first; then the call log is flushed and the database closed: nothing is lost.
    close: async () => {
      try {
        await app.close();
      } finally {
        await store.close();
      }
    },
  };
}

/**
 * Every model call the gateway makes goes to the call log: recorded synchronously from the gateway's
 * events, written in batches off the request path. Calls of the conversation API are skipped here:
 * the route logs them itself, with their conversation and prompt.
 */
function logGatewayCalls(gateway: Gateway, store: Store): void {
  // One object literal per call (no spreads): this runs once per request.
  gateway.bus.on('llm.response', (event) => {
    if (event.id.startsWith(CONVERSATION_CALL_PREFIX)) return;
    store.callLog.record({
      provider: event.provider,
      role: event.role ?? '',
      call_type: event.kind,
      api_key_id: event.apiKeyId ?? null,
      latency_ms: event.latencyMs,
      model: event.providerModel,
      input_tokens: event.usage.inputTokens,
      output_tokens: event.usage.outputTokens,
      cost: event.costUsd,
      first_token_ms: event.firstTokenMs,
      status: 'ok',
    });
  });
  gateway.bus.on('llm.error', (event) => {
    if (event.id.startsWith(CONVERSATION_CALL_PREFIX)) return;
    store.callLog.record({
      provider: event.provider,
      role: event.role ?? '',
      call_type: event.kind,
      api_key_id: event.apiKeyId ?? null,
      latency_ms: event.latencyMs,
      model: event.model,
      input_tokens: 0,
      output_tokens: 0,
      cost: 0,
      status: 'error',
      error_code: event.code,
      error_message: event.message.slice(0, 2_000),
    });
  });
}

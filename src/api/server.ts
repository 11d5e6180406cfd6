/** Starting and stopping the HTTP server, safe by default. */
import { isIPv6, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ConfigError, type LoadedConfig, type Logger } from '../config/index.js';
import { CONVERSATION_CALL_PREFIX } from '../conversations/index.js';
import { type Gateway, storedRequestOf } from '../gateway/index.js';
import type { UsageRollup } from '../gateway/usage/usage-tracker.js';
import { openStore, type Store } from '../store/index.js';
import { buildApp } from './app.js';

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
/**
 * Connections the kernel keeps waiting to be accepted (it caps this at net.core.somaxconn). Node's
 * default, 511, overflowed when 10,000 game clients opened streams at once (bench/gateway, held):
 * the connections left over were reset after the kernel's handshake retries ran out (about 31 s).
 */
const LISTEN_BACKLOG = 8_192;

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|::1|localhost)$/;

/**
 * The address to bind, as Node's `listen` wants it: IPv6 without brackets and in its short form
 * (`[::1]`, `0:0:0:0:0:0:0:1` → `::1`). Anything else (a name, IPv4) is left as given.
 */
export function bindAddress(host: string): string {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIPv6(bare)) return new URL(`http://[${bare}]`).hostname.slice(1, -1);
  return bare;
}

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(bindAddress(host));
}

/**
 * Refuses to listen beyond this machine without API keys: an open LLM endpoint spends someone's
 * money and leaks their world.
 */
export function assertSafeBinding(config: LoadedConfig, storedKeys = 0): void {
  const { host } = config.settings.server;
  if (!isLoopback(host) && config.secrets.apiKeys.length === 0 && storedKeys === 0) {
    throw new ConfigError(
      `Refusing to listen on ${host} without API keys: set LOREMASTER_API_KEYS (comma-separated) or ` +
        'create one with `loremaster keys create` so every request needs "Authorization: Bearer <key>", ' +
        'or bind to 127.0.0.1.',
    );
  }
}

export async function startServer(config: LoadedConfig, logger: Logger): Promise<RunningServer> {
  // Opening the store runs its migrations: the server never serves on an old schema.
  const store = await openStore(config.settings.database, {
    onCallLogError: (error) => logger.warn({ err: error }, 'call log batch not written (will retry)'),
    // The gateway's usage tracker writes the roll-ups (through store.usageSink): count each call once.
    rollUpCallLog: false,
  });
  // Keys created with `loremaster keys create` count as much as those in the environment.
  if (!isLoopback(config.settings.server.host) && config.secrets.apiKeys.length === 0) {
    const stored = await store.apiKeys.active().catch(async (error: unknown) => {
      await store.close();
      throw error;
    });
    try {
      assertSafeBinding(config, stored.length);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  const { port, timeouts } = config.settings.server;
  const host = bindAddress(config.settings.server.host);
  const { app, gateway } = await buildApp({ config, logger, store }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  let sockets = new Set<Socket>();
  try {
    // Analytics survive restarts: the usage tracker starts from the roll-ups already stored.
    const since = Date.now() - USAGE_SEED_MS;
    const stored = [
      ...(await store.usageSink.read('hour', since)),
      ...(await store.usageSink.read('day', since)),
    ];
    gateway.parts.usage.load(stored as UsageRollup[]);
    logGatewayCalls(gateway, store);
    sockets = trackSockets(app);
    await app.listen({ host, port, backlog: LISTEN_BACKLOG });
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
    close: () => stopGracefully(app, store, sockets, timeouts.shutdown_grace_ms),
  };
}

/** Time for the close hooks (workers, gateway, vector index) once connections are gone. */
const CLOSE_HOOKS_MS = 15_000;

/**
 * Stops in bounded time: requests in flight get `graceMs` to finish, then every connection still open
 * (an unfinished body, a slow reader, a stream) is closed. The close hooks then stop the workers and
 * save the vector index, and the call log is flushed as the store closes, whatever happened before.
 */
async function stopGracefully(
  app: FastifyInstance,
  store: Store,
  sockets: Set<Socket>,
  graceMs: number,
): Promise<void> {
  // Every socket the server accepted, whatever state its request is in.
  const closeAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  const force = setTimeout(closeAll, graceMs);
  try {
    await withDeadline(app.close(), graceMs + CLOSE_HOOKS_MS);
  } finally {
    clearTimeout(force);
    closeAll();
    await store.close();
  }
}

/** The server's open sockets, for closing them all at the end of a graceful stop. */
function trackSockets(app: FastifyInstance): Set<Socket> {
  const sockets = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function withDeadline(work: PromiseLike<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([Promise.resolve(work).then(() => {}), deadline]).finally(() => clearTimeout(timer));
}

/**
 * Every model call the gateway makes goes to the call log: recorded synchronously from the gateway's
 * events, written in batches off the request path. Calls of the conversation API and the prompt API
 * are skipped here: their services log them themselves, with their conversation or prompt. With bodies on, the row holds the
 * call's request and answer objects as they are: the writer serialises them once, off this path.
 */
function logGatewayCalls(gateway: Gateway, store: Store): void {
  const bodies = gateway.settings.database.call_log.bodies.enabled;
  // Says why a call has no body (only for calls that could have one: images never do).
  const bodiesOff = bodies ? null : 'bodies off (database.call_log.bodies.enabled is false)';
  // One object literal per call (no spreads): this runs once per request.
  gateway.bus.on('llm.response', (event) => {
    if (event.id.startsWith(CONVERSATION_CALL_PREFIX)) return;
    // A call rendered from the prompt library (a turn's narrator, an analysis) counts for that prompt's
    // version, variant and A/B arm in its statistics.
    const meta = event.meta;
    const answer = event.answer;
    const toolCalls = answer?.toolCalls;
    store.callLog.record({
      // The gateway's id for the call: what the answer's `call_id` and POST /llm/feedback name.
      id: event.id,
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
      prompt_id: text(meta?.prompt_id),
      prompt_version: typeof meta?.prompt_version === 'number' ? meta.prompt_version : null,
      prompt_variant: text(meta?.prompt_variant),
      prompt_arm: text(meta?.prompt_arm),
      request: bodies && event.call ? storedRequestOf(event.call) : null,
      response: answer ? answer.text : null,
      tool_calls: toolCalls && toolCalls.length > 0 ? toolCalls : null,
      finish_reason: event.finishReason ?? null,
      body_note: event.call ? bodiesOff : null,
    });
  });
  gateway.bus.on('llm.error', (event) => {
    if (event.id.startsWith(CONVERSATION_CALL_PREFIX)) return;
    const meta = event.meta;
    store.callLog.record({
      id: event.id,
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
      prompt_id: text(meta?.prompt_id),
      prompt_version: typeof meta?.prompt_version === 'number' ? meta.prompt_version : null,
      prompt_variant: text(meta?.prompt_variant),
      prompt_arm: text(meta?.prompt_arm),
      // A failed call keeps its request too: replaying it shows whether it fails again.
      request: bodies && event.call ? storedRequestOf(event.call) : null,
      body_note: event.call ? bodiesOff : null,
    });
  });
}

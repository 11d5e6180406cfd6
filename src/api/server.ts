/** Starting and stopping the HTTP server, safe by default. */
import { isIPv6, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ConfigError, type LoadedConfig, type Logger } from '../config/index.js';
import { accountCalls, type Gateway } from '../gateway/index.js';
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
    // Every model call the gateway makes goes to the call log, once, from the gateway's events.
    accountCalls(gateway.bus, store.callLog, { bodies: config.settings.database.call_log.bodies.enabled });
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

function withDeadline(work: PromiseLike<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([Promise.resolve(work).then(() => {}), deadline]).finally(() => clearTimeout(timer));
}

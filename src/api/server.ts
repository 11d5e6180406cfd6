/** Starting and stopping the HTTP server, safe by default. */
import type { FastifyInstance } from 'fastify';
import { ConfigError, type LoadedConfig, type Logger } from '../config/index.js';
import type { Gateway } from '../gateway/index.js';
import { buildApp } from './app.js';

export interface RunningServer {
  app: FastifyInstance;
  gateway: Gateway;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  close(): Promise<void>;
}

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
  const { app, gateway } = await buildApp({ config, logger });
  const { host, port } = config.settings.server;
  await app.listen({ host, port });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    app,
    gateway,
    url: `http://${urlHost}:${boundPort}`,
    port: boundPort,
    close: () => app.close(),
  };
}

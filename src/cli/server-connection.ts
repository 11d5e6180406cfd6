/**
 * How the client commands (`chat`, `status`) reach a running Loremaster: `--url` (else
 * `$LOREMASTER_URL`, else the host and port of the effective config), `--api-key` (else
 * `$LOREMASTER_API_KEY`). A failure to reach the server, or an error answer, becomes one `CliError`
 * line: what failed and what to do, never a stack trace.
 */
import type { Command } from 'commander';
import { createLoremasterClient, type LoremasterClient, LoremasterError } from '../client/index.js';
import type { LoadedConfig } from '../config/index.js';
import { CliError } from './cli-error.js';

export interface ConnectionOptions {
  url?: string;
  apiKey?: string;
}

export interface ServerConnection {
  baseUrl: string;
  client: LoremasterClient;
  /** `Authorization` header (empty without a key), for the calls the typed client has no helper for. */
  headers: Record<string, string>;
  /** fetch, with an unreachable server turned into a `CliError`. */
  fetch: typeof fetch;
  /** GET a JSON document; a refused or unreachable request throws a `CliError`. */
  getJson<T>(path: string): Promise<T>;
  /** GET a JSON document; the status and body, whatever the status (unreachable still throws). */
  probe(path: string): Promise<{ status: number; body: unknown }>;
}

/** Adds `--url` and `--api-key` to a command. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option(
      '--url <url>',
      'the Loremaster server (default $LOREMASTER_URL, else the configured host and port)',
    )
    .option('--api-key <key>', 'an API key of the server (default $LOREMASTER_API_KEY)');
}

/** The server's URL: the flag, the environment, or where the config says `serve` listens. */
export function serverUrl(options: ConnectionOptions, load: () => LoadedConfig): string {
  const given = options.url ?? process.env.LOREMASTER_URL?.trim();
  if (given) {
    try {
      const url = new URL(given);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    } catch {
      throw new CliError(`--url: expected an http(s) URL such as http://127.0.0.1:8080, got "${given}"`);
    }
    return given.replace(/\/+$/, '');
  }
  const { host, port } = load().settings.server;
  // A server bound to every interface is reached on loopback from this machine.
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export function connect(options: ConnectionOptions, load: () => LoadedConfig): ServerConnection {
  const baseUrl = serverUrl(options, load);
  const apiKey = options.apiKey ?? process.env.LOREMASTER_API_KEY?.trim() ?? undefined;
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  // Every request, the typed client's too, goes through here: a network failure becomes one line.
  const reachingFetch: typeof fetch = async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      throw unreachable(baseUrl, error);
    }
  };
  const client = createLoremasterClient({ baseUrl, ...(apiKey && { apiKey }), fetch: reachingFetch });
  return {
    baseUrl,
    client,
    headers,
    fetch: reachingFetch,
    async getJson<T>(path: string) {
      const { status, body } = await this.probe(path);
      if (status >= 400) throw refused(new LoremasterError(status, body));
      return body as T;
    },
    async probe(path: string) {
      const response = await reachingFetch(`${baseUrl}${path}`, {
        headers: { ...headers, accept: 'application/json' },
      });
      const body = await response.json().catch(() => undefined);
      return { status: response.status, body };
    },
  };
}

/** The one line a user reads when the server cannot be reached. */
export function unreachable(baseUrl: string, error: unknown): CliError {
  if (error instanceof CliError) return error;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason =
    cause?.code === 'ECONNREFUSED'
      ? 'connection refused'
      : cause?.code === 'ENOTFOUND'
        ? 'no such host'
        : (cause?.message ?? (error as Error).message ?? String(error));
  return new CliError(
    `cannot reach Loremaster at ${baseUrl}: ${reason} (is \`loremaster serve\` running? --url names another server)`,
  );
}

/** An error answer of the server, as one line (and what to do for the usual ones). */
export function refused(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (!(error instanceof LoremasterError)) return new CliError((error as Error).message || String(error));
  const hint =
    error.status === 401
      ? ' (pass --api-key or set LOREMASTER_API_KEY)'
      : error.status === 403
        ? ' (this key lacks the scope for it)'
        : '';
  return new CliError(`the server answered ${error.status} ${error.type}: ${error.message}${hint}`);
}

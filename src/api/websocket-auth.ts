/**
 * API keys on WebSocket upgrades from browsers. A browser's `new WebSocket(url, protocols)` cannot set
 * an Authorization header, so a /ws route also takes the key
 *
 *   - as a subprotocol: `new WebSocket(url, ['loremaster', 'bearer.<key>'])` (preferred). The server
 *     answers with the `loremaster` subprotocol, which the browser requires to accept the handshake,
 *     and never echoes the `bearer.` one (it carries the key);
 *   - as the query parameter `?api_key=<key>`: simpler, but URLs end up in proxies' and browsers' logs.
 *     Loremaster's own logs redact it (config/redact.ts, `redactUrlKeys`).
 *
 * Both are read only on an upgrade request; a plain HTTP request still needs a header.
 */
import type { FastifyRequest } from 'fastify';

/** The subprotocol the server answers with (a client must offer it alongside `bearer.<key>`). */
export const LOREMASTER_SUBPROTOCOL = 'loremaster';
const BEARER_PREFIX = 'bearer.';

export function isWebSocketUpgrade(request: FastifyRequest): boolean {
  return (
    request.headers.upgrade?.toLowerCase() === 'websocket' &&
    /\bupgrade\b/i.test(String(request.headers.connection ?? ''))
  );
}

/** The subprotocols a client offered, in its order. */
function offeredProtocols(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== '');
}

/** The key a browser's upgrade carries: a `bearer.<key>` subprotocol first, else `?api_key=`. */
export function browserSocketKey(request: FastifyRequest): string | undefined {
  const bearer = offeredProtocols(request.headers['sec-websocket-protocol']).find((protocol) =>
    protocol.toLowerCase().startsWith(BEARER_PREFIX),
  );
  if (bearer !== undefined) return bearer.slice(BEARER_PREFIX.length) || undefined;
  const query = request.url.indexOf('?');
  if (query < 0) return undefined;
  const key = new URLSearchParams(request.url.slice(query + 1)).get('api_key');
  return key?.trim() || undefined;
}

/**
 * `ws`'s `handleProtocols`: answers `loremaster` when the client offered it, and no subprotocol
 * otherwise (ws's default would answer the first one offered, which may be `bearer.<key>`).
 */
export function chooseSubprotocol(protocols: Set<string>): string | false {
  return protocols.has(LOREMASTER_SUBPROTOCOL) ? LOREMASTER_SUBPROTOCOL : false;
}

/** Drops `api_key` from the parsed query, so a route's query schema neither sees nor refuses it. */
export function removeQueryKey(request: FastifyRequest): void {
  const query = request.query as Record<string, unknown> | undefined;
  if (query && typeof query === 'object' && 'api_key' in query) delete query.api_key;
}

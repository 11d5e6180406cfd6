/**
 * WebSocket routes answer a plain HTTP GET (no upgrade) with 426 in the error shape. @fastify/websocket
 * answers such a request with an empty 404; this hook runs before its own and gives every
 * `{websocket: true}` route an HTTP handler of its own.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

function upgradeRequired(request: FastifyRequest, reply: FastifyReply): void {
  const error = new ApiError(
    426,
    `${request.url.split('?')[0]} is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket)`,
    { code: 'upgrade_required' },
  );
  // `Connection: Upgrade` alone would make Node keep the socket open even for a client that asked
  // for `Connection: close` (or spoke HTTP/1.0): it would wait out the keep-alive timeout.
  const connection = reply.raw.shouldKeepAlive ? 'Upgrade' : 'Upgrade, close';
  void reply.code(426).header('upgrade', 'websocket').header('connection', connection).send(error.body());
}

/** Must be called before @fastify/websocket is registered (route hooks run in order). */
export function upgradeRequiredOnPlainGet(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    // Typed loosely: @fastify/websocket's augmentation types wsHandler apart from handler.
    const options = route as unknown as { websocket?: boolean; wsHandler?: unknown };
    if (!options.websocket || options.wsHandler) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((method) => method === 'HEAD')) return;
    options.wsHandler = route.handler;
    options.websocket = false;
    route.handler = upgradeRequired;
  });
}

/**
 * An upgrade request answered over HTTP instead of upgraded (no API key, a route that is not a
 * WebSocket, a bad handshake): its socket left Node's HTTP server when the upgrade began, so nothing
 * else would ever close it: each such request held a connection open for good. The answer says
 * `Connection: close`, and the socket is closed once it is sent.
 */
export function closeRefusedUpgrades(app: FastifyInstance): void {
  const isUpgrade = (request: FastifyRequest) =>
    request.headers.upgrade !== undefined && /\bupgrade\b/i.test(String(request.headers.connection ?? ''));
  app.addHook('onSend', async (request, reply, payload) => {
    if (isUpgrade(request)) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async (request) => {
    if (isUpgrade(request)) request.raw.socket?.destroySoon?.();
  });
}

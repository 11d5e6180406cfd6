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
  void reply.code(426).header('upgrade', 'websocket').header('connection', 'Upgrade').send(error.body());
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

/** Builds the configured middleware chain, in the order `gateway.chain` gives. */
import type { MiddlewareName } from '../../config/index.js';
import type { MiddlewareDeps } from '../deps.js';
import type { Middleware } from '../types.js';
import { createLimiterMiddleware } from './limiter.js';
import { createReplayMiddleware } from './replay.js';
import { createResilienceMiddleware } from './resilience.js';
import { createSecurityMiddleware } from './security.js';

/** Objects other parts read (analytics routes): present when their middleware is in the chain. */
export interface GatewayParts {
  [key: string]: unknown;
}

export async function buildMiddlewares(
  deps: MiddlewareDeps,
): Promise<{ middlewares: Middleware[]; parts: GatewayParts }> {
  const parts: GatewayParts = {};
  const factories: Partial<Record<MiddlewareName, () => Middleware | undefined>> = {
    security: () => createSecurityMiddleware(deps),
    limiter: () => createLimiterMiddleware(deps),
    resilience: () => createResilienceMiddleware(deps),
    // Off unless record or replay is asked for: no cost on the hot path.
    replay: () => (deps.settings.gateway.replay.mode === 'off' ? undefined : createReplayMiddleware(deps)),
  };
  const middlewares: Middleware[] = [];
  for (const name of deps.settings.gateway.chain) {
    const middleware = factories[name]?.();
    if (middleware) middlewares.push(middleware);
  }
  return { middlewares, parts };
}

/**
 * Route scopes. Every route says who may call it in its options, `config: { scope }`:
 *
 *   public  no key needed (liveness, readiness, the API's own documentation)
 *   read    reads only (any key)
 *   game    what a game does: turns, generation, events in, and every read
 *   admin   everything: prompt writes, maintenance, imports, webhooks, keys
 *
 * A key's scope allows its own routes and every lower one (admin ⊃ game ⊃ read ⊃ public). A route
 * registered without a scope stops the server from starting: forgetting one must not open a route.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

export const KEY_SCOPES = ['admin', 'game', 'read'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];
export const ROUTE_SCOPES = ['admin', 'game', 'read', 'public'] as const;
export type RouteScope = (typeof ROUTE_SCOPES)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route (see src/api/scopes.ts). Required on every route. */
    scope?: RouteScope;
  }
}

const RANK: Record<RouteScope, number> = { public: 0, read: 1, game: 2, admin: 3 };

/** May a key of scope `key` call a route of scope `route`? */
export function scopeAllows(key: KeyScope, route: RouteScope): boolean {
  return RANK[key] >= RANK[route];
}

export function isKeyScope(value: unknown): value is KeyScope {
  return typeof value === 'string' && (KEY_SCOPES as readonly string[]).includes(value);
}

/** A route as registered: what the scope table test and the OpenAPI test walk through. */
export interface RegisteredRoute {
  method: string;
  url: string;
  scope: RouteScope;
  websocket: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered after `requireRouteScopes`, in order. */
    registeredRoutes: RegisteredRoute[];
  }
}

/**
 * Refuses (throws at registration, so the server does not start) any route without a valid
 * `config.scope`, and lists the routes it saw. Must be called before any route is registered.
 */
export function requireRouteScopes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    const scope = route.config?.scope;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!(ROUTE_SCOPES as readonly string[]).includes(scope as string)) {
      throw new Error(
        `Route ${methods.join(',')} ${route.url} declares no scope: give it config: { scope: ` +
          `'admin' | 'game' | 'read' | 'public' } (see src/api/scopes.ts)`,
      );
    }
    const websocket = Boolean((route as unknown as { websocket?: boolean }).websocket);
    for (const method of methods)
      routes.push({ method, url: route.url, scope: scope as RouteScope, websocket });
  });
}

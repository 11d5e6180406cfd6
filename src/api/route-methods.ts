/**
 * Which methods a path has, for the answer to a method it has not: `PUT /worlds` is a 405 with an
 * `Allow` header in the error shape (not a 404 that says the route does not exist), and a bare
 * `OPTIONS` (no CORS preflight) is a 204 with `Allow`. Fastify's router answers only "no route", so
 * every route's pattern is kept here as it is registered; the list is read only on the not-found path.
 */
import type { FastifyInstance } from 'fastify';

interface RoutePattern {
  pattern: RegExp;
  methods: Set<string>;
}

export class RouteMethods {
  private readonly routes = new Map<string, RoutePattern>();

  /** Call before any route is added (onRoute sees only the routes registered after it). */
  watch(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const key = normalise(route.url);
      // A catch-all (the CORS preflight's `OPTIONS *`) says nothing about which paths exist.
      if (key === '/*' || key === '*') return;
      let entry = this.routes.get(key);
      if (!entry) {
        entry = { pattern: patternOf(key), methods: new Set() };
        this.routes.set(key, entry);
      }
      for (const method of methods) entry.methods.add(String(method).toUpperCase());
    });
  }

  /** The methods some route answers on this path (empty: no route has the path at all). */
  allowed(path: string): string[] {
    const target = normalise(path);
    const methods = new Set<string>();
    for (const route of this.routes.values())
      if (route.pattern.test(target)) for (const method of route.methods) methods.add(method);
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}

/** Doubled and trailing slashes do not matter (the router ignores them too). */
function normalise(path: string): string {
  const collapsed = path.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed;
}

/** `/worlds/:id/entities/*` → a regular expression: a parameter is one segment, `*` the rest. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

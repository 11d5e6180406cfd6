/**
 * NUL characters (U+0000) are refused where requests enter: in a path parameter, a query value or a
 * JSON body's strings and keys, a 400 `invalid_text` naming the field. PostgreSQL cannot store NUL in
 * text or JSON (`invalid byte sequence for encoding "UTF8": 0x00`), so on PostgreSQL such an id or
 * name was a 500 at every route that looked it up; on SQLite it went in and came back to break
 * clients. No game needs it. The hot path pays one `includes` on the URL (`%00`) and on the body
 * (`\u0000`); only a hit walks the values to name the field.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';

const NUL = '\u0000';

/** The path (`a.b.0`) of the first string or key holding NUL, or undefined. Bounded by the body's depth limit. */
export function nulPath(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path.join('.') || '(body)' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes(NUL)) return [...path, key.replaceAll(NUL, '\\u0000')].join('.');
    const found = nulPath(item, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function nulRefused(param: string | null): ApiError {
  return new ApiError(
    400,
    `Invalid request: ${param ? `${param}: ` : ''}text may not hold a NUL character (U+0000)`,
    { param, code: 'invalid_text' },
  );
}

/** A `%00` in the URL: a 400 naming the path parameter or query field that holds it. */
export function refuseNulInUrl(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.url.includes('%00')) return done();
    const param =
      nulPath(request.params as Record<string, unknown>) ?? nulPath(request.query as Record<string, unknown>);
    done(nulRefused(param ?? null));
  });
}

/**
 * The web dashboard: `GET /` serves its page and `GET /dashboard/assets/:file` its bundled files, both
 * built by `npm run build` (Vite, src/dashboard → dist/dashboard). No CDN: everything the page needs is
 * in that folder. The page and its files are public (they hold no data and no secret); every API call
 * the page makes carries the key the user typed in, so with keys set the data stays behind them.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from './errors.js';

/** dist/dashboard at the package's root: the same path from src/api (tsx) and dist/api (built). */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../dist/dashboard/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A bundled file's name: Vite's `name-hash.ext`, never a path. */
const fileName = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*\.(js|css|svg|png|woff2)$/, 'expected a file of the dashboard');

function notBuilt(): ApiError {
  return new ApiError(404, 'The dashboard is not built: run `npm run build` (it writes dist/dashboard)', {
    type: 'not_found_error',
    code: 'dashboard_not_built',
  });
}

export function dashboardRoutes(app: FastifyInstance, dir = DASHBOARD_DIR): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Read once: the files only change with a new build (a restart).
  const files = new Map<string, Promise<Buffer | undefined>>();
  const load = (name: string) => {
    let content = files.get(name);
    if (!content) {
      content = readFile(join(dir, name)).catch(() => undefined);
      files.set(name, content);
    }
    return content;
  };

  api.get(
    '/',
    {
      config: { scope: 'public' },
      schema: {
        summary: 'The web dashboard (its API calls need a key when keys are set)',
        tags: ['dashboard'],
        response: { 200: { content: { 'text/html': { schema: z.string() } } } },
      },
    },
    async (_request, reply) => {
      const page = await load('index.html');
      if (!page) throw notBuilt();
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(page as never);
    },
  );

  api.get(
    '/dashboard/assets/:file',
    {
      config: { scope: 'public' },
      schema: {
        summary: "The dashboard's bundled files (scripts, styles)",
        tags: ['dashboard'],
        params: z.object({ file: fileName }),
        response: {
          200: {
            content: Object.fromEntries(
              [...new Set(Object.values(TYPES))].map((type) => [type, { schema: z.string() }]),
            ),
          },
        },
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      const content = await load(join('assets', file));
      if (!content)
        throw new ApiError(404, `No dashboard file ${file}`, { type: 'not_found_error', code: 'not_found' });
      return (
        reply
          .type(TYPES[extname(file)]!)
          // Names carry a content hash: a file never changes under its name.
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff')
          .send(content as never)
      );
    },
  );
}

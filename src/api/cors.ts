/**
 * Cross-origin access for browser games (`server.cors`). Off unless origins are listed, so a page on
 * another site cannot spend the server's models by default. Preflight requests are answered before
 * authentication (a browser sends them without the API key).
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../config/index.js';

/** Headers a browser script may read from an answer: which provider answered, cache state, limits. */
const EXPOSED_HEADERS = [
  'retry-after',
  'x-loremaster-provider',
  'x-loremaster-cache',
  'x-loremaster-attempts',
  'x-loremaster-call-id',
  'request-id',
];

export async function registerCors(
  app: FastifyInstance,
  settings: Settings['server']['cors'],
): Promise<void> {
  if (settings.origins.length === 0) return;
  await app.register(cors, {
    origin: settings.origins.includes('*') ? '*' : settings.origins,
    credentials: settings.credentials,
    maxAge: settings.max_age_seconds,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // No fixed list: the SDKs send headers of their own (`x-stainless-*`, `anthropic-version`), and the
    // origin list is what guards access, so the headers a preflight asks for are allowed.
    allowedHeaders: null as unknown as string[],
    exposedHeaders: EXPOSED_HEADERS,
  });
}

/**
 * Bearer-key authentication. With `LOREMASTER_API_KEYS` set, every request must carry
 * `Authorization: Bearer <key>`. Keys are compared as SHA-256 digests in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Which API key the client used: the first 16 hex digits of its SHA-256 (never the key). */
    apiKeyId: string | undefined;
  }
}

/** The id of an API key as limits, budgets and analytics name it. */
export function apiKeyIdOf(key: string): string {
  return digest(key).toString('hex').slice(0, 16);
}

export function registerAuth(app: FastifyInstance, apiKeys: readonly string[]): void {
  app.decorateRequest('apiKeyId', undefined);
  if (apiKeys.length === 0) return;
  const digests = apiKeys.map(digest);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    // Anthropic's SDKs send the key as `x-api-key`.
    const alternative = request.headers['x-api-key'];
    const key = header?.startsWith('Bearer ')
      ? header.slice(7).trim()
      : typeof alternative === 'string'
        ? alternative.trim()
        : undefined;
    if (key) {
      const presented = digest(key);
      // Check every key so the time taken does not tell which one nearly matched.
      let ok = false;
      for (const candidate of digests) ok = timingSafeEqual(presented, candidate) || ok;
      if (ok) {
        request.apiKeyId = presented.toString('hex').slice(0, 16);
        return;
      }
    }
    const error = new ApiError(
      401,
      key ? 'Invalid API key' : 'Missing API key: send Authorization: Bearer <key> (or x-api-key: <key>)',
      { code: 'invalid_api_key' },
    );
    return reply.code(401).header('www-authenticate', 'Bearer').send(error.bodyFor(request.url));
  });
}

/**
 * Loremaster's own request headers on the OpenAI routes (any OpenAI SDK can send extra headers):
 *   x-loremaster-priority: high | medium | low
 *   x-loremaster-cache:    auto | force | off
 *   x-loremaster-tick, x-loremaster-seed: the game tick and seed, recorded with the call
 * and the response headers that say what happened to a call.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type CacheMode,
  type CallMeta,
  type CallOptions,
  type CallState,
  newCallState,
  type Priority,
} from '../gateway/index.js';
import { ApiError } from './errors.js';

const PRIORITIES = new Set(['high', 'medium', 'low']);
const CACHE_MODES = new Set(['auto', 'force', 'off']);

export function callOptionsFrom(request: FastifyRequest, signal: AbortSignal): CallOptions {
  const headers = request.headers;
  // No id: the gateway gives the call one (unique, unlike Fastify's per-process request ids).
  // An HTTP client waits on the call, keyed or not: over a limit it is told when to come back.
  const options: CallOptions = { signal, state: newCallState(), client: true };
  if (request.apiKeyId !== undefined) options.apiKeyId = request.apiKeyId;
  const priority = header(headers['x-loremaster-priority']);
  if (priority !== undefined) {
    if (!PRIORITIES.has(priority)) throw badHeader('x-loremaster-priority', 'high, medium or low');
    options.priority = priority as Priority;
  }
  const cache = header(headers['x-loremaster-cache']);
  if (cache !== undefined) {
    if (!CACHE_MODES.has(cache)) throw badHeader('x-loremaster-cache', 'auto, force or off');
    options.cache = cache as CacheMode;
  }
  const meta: CallMeta = {};
  for (const field of ['tick', 'seed'] as const) {
    const value = header(headers[`x-loremaster-${field}`]);
    if (value === undefined) continue;
    if (!/^-?\d+$/.test(value)) throw badHeader(`x-loremaster-${field}`, 'an integer');
    meta[field] = Number(value);
  }
  if (meta.tick !== undefined || meta.seed !== undefined) options.meta = meta;
  return options;
}

/** Aborts the upstream call when the client goes away before the answer is complete. */
export function abortOnClose(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function badHeader(name: string, expected: string): ApiError {
  return new ApiError(400, `Invalid header ${name}: expected ${expected}`, {
    param: name,
    code: 'invalid_header',
  });
}

/** Response headers that say which call answered and how: call id, provider, cache, attempts, failover. */
export function callHeaders(provider: string, state: CallState | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'x-loremaster-provider': provider };
  if (!state) return headers;
  if (state.callId) headers['x-loremaster-call-id'] = state.callId;
  if (state.cache) headers['x-loremaster-cache'] = state.cache;
  headers['x-loremaster-attempts'] = String(state.attempts);
  if (state.failedOver.length > 0) headers['x-loremaster-failed-over'] = state.failedOver.join(',');
  if (state.coalesced) headers['x-loremaster-coalesced'] = 'true';
  return headers;
}

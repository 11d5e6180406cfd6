/**
 * What every streaming route does when its stream fails after the first byte: the status is already
 * sent, so the error travels in the stream (each route in its own wire format). Logged once, its message
 * cleared of secrets.
 */
import type { FastifyReply } from 'fastify';
import { redactText, type Secrets } from '../../config/index.js';
import { type ApiError, toApiError } from '../errors.js';

export function lateStreamError(error: unknown, reply: FastifyReply, secrets: Secrets): ApiError {
  const apiError = toApiError(error);
  reply.log.warn({ code: apiError.code }, 'stream failed after first byte');
  apiError.message = redactText(apiError.message, secrets);
  return apiError;
}

/** OpenAI's `created` fields: seconds since the epoch. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

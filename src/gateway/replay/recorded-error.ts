/** Errors to and from the cassette: a recorded failure replays as the same class, code and status. */
import { isProviderError, ProviderError, type ProviderErrorCode } from '../../providers/index.js';
import { GatewayError, type GatewayErrorCode, isGatewayError } from '../errors.js';
import type { RecordedError } from './cassette.js';

export function recordError(error: unknown): RecordedError {
  if (isProviderError(error)) {
    return {
      source: 'provider',
      code: error.code,
      message: error.message,
      provider: error.provider,
      ...(error.upstreamStatus !== undefined && { upstreamStatus: error.upstreamStatus }),
      ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }),
      retryable: error.retryable,
    };
  }
  if (isGatewayError(error)) {
    return {
      source: 'gateway',
      code: error.code,
      message: error.message,
      ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }),
    };
  }
  return { source: 'other', message: error instanceof Error ? error.message : String(error) };
}

export function rebuildError(recorded: RecordedError): Error {
  const retryAfter = recorded.retryAfterSeconds !== undefined && {
    retryAfterSeconds: recorded.retryAfterSeconds,
  };
  switch (recorded.source) {
    case 'provider':
      // The codes were written by recordError from the same unions, so the casts hold for our own cassettes.
      return new ProviderError((recorded.code ?? 'bad_response') as ProviderErrorCode, recorded.message, {
        provider: recorded.provider ?? 'unknown',
        ...(recorded.upstreamStatus !== undefined && { upstreamStatus: recorded.upstreamStatus }),
        ...retryAfter,
        ...(recorded.retryable !== undefined && { retryable: recorded.retryable }),
      });
    case 'gateway':
      return new GatewayError((recorded.code ?? 'unsupported') as GatewayErrorCode, recorded.message, {
        ...retryAfter,
      });
    case 'other':
      return new Error(recorded.message);
  }
}

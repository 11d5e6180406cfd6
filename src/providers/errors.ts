/**
 * Provider errors, classified once so the gateway and the API can decide what to do
 * (retry, fail over, which HTTP status to answer) without knowing the vendor.
 */
import { redactSecrets } from '../config/redact.js';

export type ProviderErrorCode =
  | 'rate_limited' // upstream 429
  | 'upstream_unavailable' // upstream 5xx
  | 'upstream_auth' // upstream rejected our credentials (401/403)
  | 'upstream_bad_request' // upstream 400/404/422: the request itself is wrong
  | 'content_policy' // upstream refused the content
  | 'timeout' // no answer within the deadline
  | 'network' // connection refused, reset, DNS
  | 'bad_response' // malformed JSON, a stream cut mid-way
  | 'aborted' // the caller went away
  | 'unsupported' // the provider cannot do this (e.g. embeddings on Anthropic)
  | 'not_configured'; // missing API key or base URL

const RETRYABLE: ReadonlySet<ProviderErrorCode> = new Set([
  'rate_limited',
  'upstream_unavailable',
  'timeout',
  'network',
  'bad_response',
]);

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly provider: string;
  /** The upstream HTTP status, when there was one. */
  readonly upstreamStatus: number | undefined;
  /** Seconds the upstream asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;
  readonly retryable: boolean;
  /** The request option at fault (`unsupported`: the option this provider cannot honour, e.g. `logprobs`). */
  readonly param: string | undefined;

  constructor(
    code: ProviderErrorCode,
    message: string,
    options: {
      provider: string;
      upstreamStatus?: number;
      retryAfterSeconds?: number;
      retryable?: boolean;
      param?: string;
      cause?: unknown;
    },
  ) {
    // An upstream may echo the key it was sent: the message carries it nowhere (the cause keeps the raw).
    super(redactSecrets(message), { cause: options.cause });
    this.name = 'ProviderError';
    this.code = code;
    this.provider = options.provider;
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.retryable = options.retryable ?? RETRYABLE.has(code);
    this.param = options.param;
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** Parses a Retry-After header (delta-seconds or HTTP date) into seconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Classifies an upstream HTTP status. */
export function codeForStatus(status: number): ProviderErrorCode {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'upstream_auth';
  if (status === 408) return 'timeout';
  if (status === 409 || status === 425) return 'upstream_unavailable';
  if (status >= 500) return 'upstream_unavailable';
  return 'upstream_bad_request';
}

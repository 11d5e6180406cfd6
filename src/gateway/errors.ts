/** Errors the gateway raises itself (routing, limits, budgets, replay), as opposed to a provider's. */

export type GatewayErrorCode =
  | 'model_not_found' // 404: no such model, provider or role
  | 'provider_not_configured' // 503: missing key or base URL
  | 'unsupported' // 400: e.g. embeddings on a chat-only provider
  | 'prompt_too_large' // 413: over the security limits
  | 'image_limit' // 400: more images, or a larger one, than the security limits allow
  | 'quota_exceeded' // 429: an API key's daily quota
  | 'rate_limited' // 429: an API client over its rate limit
  | 'budget_exceeded' // 429: a budget's hard stop
  | 'queue_full' // 503: the priority queue is at its bound
  | 'queue_timeout' // 503: waited in the queue past its deadline
  | 'circuit_open' // 503: every provider of the chain is failing
  | 'replay_miss'; // 409: replay mode, and the request is not in the cassette

const STATUS: Record<GatewayErrorCode, number> = {
  model_not_found: 404,
  provider_not_configured: 503,
  unsupported: 400,
  prompt_too_large: 413,
  image_limit: 400,
  quota_exceeded: 429,
  rate_limited: 429,
  budget_exceeded: 429,
  queue_full: 503,
  queue_timeout: 503,
  circuit_open: 503,
  replay_miss: 409,
};

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  /** The HTTP status this error answers with. */
  readonly status: number;
  /** Seconds after which trying again may succeed (Retry-After). */
  readonly retryAfterSeconds: number | undefined;
  /** The request parameter at fault, when one is (`unsupported`: the one that cannot be honoured). */
  readonly param: string | undefined;

  constructor(
    code: GatewayErrorCode,
    message: string,
    options: { retryAfterSeconds?: number; cause?: unknown; param?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = STATUS[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.param = options.param;
  }
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}

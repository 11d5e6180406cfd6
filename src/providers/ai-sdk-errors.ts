/** Maps what the AI SDK throws (or puts in a stream's `error` part) onto Loremaster's ProviderError. */
import { APICallError } from '@ai-sdk/provider';
import { codeForStatus, ProviderError, type ProviderErrorCode, parseRetryAfter } from './errors.js';

export interface AbortContext {
  /** Set when our own per-attempt deadline fired. */
  timedOut: () => boolean;
  timeoutMs: number;
  /** The caller's signal (client went away). */
  callerSignal: AbortSignal | undefined;
}

const CONTENT_POLICY = /content[_ ]?(policy|filter|management)|safety/i;
const BAD_RESPONSE_ERRORS = new Set([
  'AI_JSONParseError',
  'AI_TypeValidationError',
  'AI_EmptyResponseBodyError',
  'AI_InvalidResponseDataError',
]);

export function toProviderError(error: unknown, provider: string, abort: AbortContext): ProviderError {
  if (error instanceof ProviderError) return error;
  if (abort.timedOut()) {
    return new ProviderError('timeout', `${provider} did not answer within ${abort.timeoutMs} ms`, {
      provider,
    });
  }
  if (abort.callerSignal?.aborted) {
    return new ProviderError('aborted', 'The request was cancelled', { provider, retryable: false });
  }
  if (APICallError.isInstance(error)) return fromApiCallError(error, provider);
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (BAD_RESPONSE_ERRORS.has(name)) {
    return new ProviderError('bad_response', `${provider} sent a malformed response: ${firstLine(message)}`, {
      provider,
      cause: error,
    });
  }
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new ProviderError('timeout', `${provider} did not answer within ${abort.timeoutMs} ms`, {
      provider,
    });
  }
  if (isNetworkError(error)) {
    return new ProviderError('network', `${provider} connection failed: ${firstLine(message)}`, {
      provider,
      cause: error,
    });
  }
  return new ProviderError('bad_response', `${provider} call failed: ${firstLine(message)}`, {
    provider,
    cause: error,
  });
}

function fromApiCallError(error: APICallError, provider: string): ProviderError {
  const status = error.statusCode;
  if (status === undefined) {
    return new ProviderError('network', `${provider} connection failed: ${firstLine(error.message)}`, {
      provider,
      cause: error,
    });
  }
  // A 2xx here means the answer arrived but could not be read: malformed JSON or a stream cut short.
  if (status >= 200 && status < 300) {
    return new ProviderError(
      'bad_response',
      `${provider} sent a malformed or truncated response: ${firstLine(error.message)}`,
      {
        provider,
        upstreamStatus: status,
        cause: error,
      },
    );
  }
  let code: ProviderErrorCode = codeForStatus(status);
  if (
    code === 'upstream_bad_request' &&
    CONTENT_POLICY.test(`${error.message} ${error.responseBody ?? ''}`)
  ) {
    code = 'content_policy';
  }
  const retryAfter = parseRetryAfter(error.responseHeaders?.['retry-after']);
  const detail =
    code === 'upstream_auth' ? 'the upstream rejected the configured credentials' : firstLine(error.message);
  return new ProviderError(code, `${provider} answered ${status}: ${detail}`, {
    provider,
    upstreamStatus: status,
    ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }),
    cause: error,
  });
}

function isNetworkError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: string; message?: string };
    if (code && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR_\w+)$/.test(code))
      return true;
    if (message && /fetch failed|terminated|socket hang up|other side closed/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

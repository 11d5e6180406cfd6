/**
 * What the vendor image providers share on the wire: a JSON POST with a deadline (the caller's signal
 * and the provider's timeout together), errors classified into ProviderErrors, and pictures read from
 * base64 or downloaded from a URL the vendor answered with.
 */
import { codeForStatus, ProviderError, parseRetryAfter } from '../errors.js';
import { pooledFetch } from '../http.js';
import { type GeneratedImage, sniffContentType } from './types.js';

/** Raster pictures only: an SVG from a vendor could carry script, served later from Loremaster's origin. */
function rasterType(bytes: Buffer) {
  const type = sniffContentType(bytes);
  return type === 'image/svg+xml' ? undefined : type;
}

/** Largest picture accepted from a vendor (a bound on memory per image). */
const MAX_IMAGE_BYTES = 32 * 1024 * 1024;

export interface WireOptions {
  provider: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

function deadline(options: WireOptions): AbortSignal {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  return options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
}

/** Turns a fetch failure into a ProviderError: the caller left, the deadline passed, or the network failed. */
function failure(error: unknown, options: WireOptions): ProviderError {
  if (error instanceof ProviderError) return error;
  if (options.signal?.aborted)
    return new ProviderError('aborted', 'The caller went away', { provider: options.provider, cause: error });
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new ProviderError('timeout', `${options.provider} did not answer within ${options.timeoutMs} ms`, {
      provider: options.provider,
      cause: error,
    });
  return new ProviderError(
    'network',
    `${options.provider} could not be reached: ${(error as Error).message}`,
    {
      provider: options.provider,
      cause: error,
    },
  );
}

/** POSTs JSON and returns the parsed JSON answer; a non-2xx answer is a classified ProviderError. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  options: WireOptions,
): Promise<Record<string, unknown>> {
  let response: Response;
  let text: string;
  try {
    response = await pooledFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: deadline(options),
    });
    text = await response.text();
  } catch (error) {
    throw failure(error, options);
  }
  if (!response.ok) throw statusError(response, text, options.provider);
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ProviderError('bad_response', `${options.provider} answered with malformed JSON`, {
      provider: options.provider,
      cause: error,
    });
  }
}

function statusError(response: Response, text: string, provider: string): ProviderError {
  let message = text.slice(0, 500);
  let code: string | undefined;
  try {
    const parsed = JSON.parse(text) as {
      error?: { message?: unknown; code?: unknown } | string;
      message?: unknown;
    };
    const error = parsed.error;
    if (typeof error === 'string') message = error;
    else if (error && typeof error.message === 'string') message = error.message;
    else if (typeof parsed.message === 'string') message = parsed.message;
    if (error && typeof error === 'object' && typeof error.code === 'string') code = error.code;
  } catch {
    // Not JSON: the text itself is the message.
  }
  const status = response.status;
  const kind = code === 'content_policy_violation' ? 'content_policy' : codeForStatus(status);
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  return new ProviderError(kind, `${provider} answered ${status}: ${message}`, {
    provider,
    upstreamStatus: status,
    ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }),
  });
}

/** A base64 picture from a vendor's answer. */
export function imageFromBase64(
  data: unknown,
  provider: string,
  extra: Partial<GeneratedImage> = {},
): GeneratedImage {
  if (typeof data !== 'string' || data.length === 0)
    throw new ProviderError('bad_response', `${provider} answered without an image`, { provider });
  const raw = data.startsWith('data:') ? data.slice(data.indexOf(',') + 1) : data;
  const bytes = Buffer.from(raw, 'base64');
  const contentType = rasterType(bytes);
  if (!contentType)
    throw new ProviderError('bad_response', `${provider} answered with bytes that are no PNG, JPEG or WebP`, {
      provider,
    });
  return { bytes, contentType, ...extra };
}

/** Downloads a picture a vendor answered with as a URL (OpenAI's `url`, GetImg's `response_format: url`). */
export async function downloadImage(
  url: unknown,
  options: WireOptions,
  extra: Partial<GeneratedImage> = {},
): Promise<GeneratedImage> {
  const provider = options.provider;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url))
    throw new ProviderError('bad_response', `${provider} answered with no usable image URL`, { provider });
  let bytes: Buffer;
  try {
    const response = await pooledFetch(url, { method: 'GET', signal: deadline(options) });
    if (!response.ok) {
      throw new ProviderError('upstream_unavailable', `${provider}'s image URL answered ${response.status}`, {
        provider,
        upstreamStatus: response.status,
      });
    }
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw failure(error, options);
  }
  if (bytes.length > MAX_IMAGE_BYTES)
    throw new ProviderError('bad_response', `${provider}'s image is over ${MAX_IMAGE_BYTES} bytes`, {
      provider,
    });
  const contentType = rasterType(bytes);
  if (!contentType)
    throw new ProviderError('bad_response', `${provider}'s image URL served no PNG, JPEG or WebP`, {
      provider,
    });
  return { bytes, contentType, ...extra };
}

/**
 * One error shape everywhere, OpenAI's: `{error: {message, type, param, code}}`, with the right status.
 * Never a stack trace; messages pass through secret redaction before they leave.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redactText, type Secrets } from '../config/index.js';
import { ContentError } from '../content/errors.js';
import { ConversationError } from '../conversations/errors.js';
import { EventsError } from '../events/errors.js';
import { GatewayError } from '../gateway/index.js';
import { NarrativeError } from '../narrative/errors.js';
import { TemplateError } from '../prompts/index.js';
import { isProviderError, type ProviderError } from '../providers/index.js';
import { isStoreUnavailable } from '../store/index.js';
import { RouteMethods } from './route-methods.js';

export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    options: {
      type?: string;
      param?: string | null;
      code?: string | null;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.status = status;
    this.type = options.type ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
    this.param = options.param ?? null;
    // A 400 always names its kind, as the schema's own refusals do (`invalid_request`); clients switch on it.
    this.code = options.code !== undefined ? options.code : status === 400 ? 'invalid_request' : null;
    this.headers = options.headers ?? {};
  }

  body(): ErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  /** Anthropic's error shape, for the Anthropic-compatible routes (`/v1/messages…`). */
  anthropicBody(): AnthropicErrorBody {
    return { type: 'error', error: { type: anthropicErrorType(this.status), message: this.message } };
  }

  /** Ollama's error shape, for the Ollama-compatible routes (`/api/…`): `{error: message}`. */
  ollamaBody(): OllamaErrorBody {
    return { error: this.message };
  }

  /** KoboldCpp's error shape, for its routes (`/api/v1/…`, `/api/extra/…`): `{detail: {msg, type}}`. */
  koboldBody(): KoboldErrorBody {
    return { detail: { msg: this.message, type: this.code ?? this.type } };
  }

  /** The body in the shape the route's clients expect. */
  bodyFor(url: string): ErrorBody | AnthropicErrorBody | OllamaErrorBody | KoboldErrorBody {
    if (isAnthropicRoute(url)) return this.anthropicBody();
    if (isKoboldRoute(url)) return this.koboldBody();
    return isOllamaRoute(url) ? this.ollamaBody() : this.body();
  }
}

export interface KoboldErrorBody {
  detail: { msg: string; type: string };
}

export interface OllamaErrorBody {
  error: string;
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** `/v1/messages` and below speak Anthropic's dialect, errors included. */
export function isAnthropicRoute(url: string): boolean {
  return /^\/+v1\/+messages(?:[/?]|$)/.test(url);
}

/** `/api/v1/…` and `/api/extra/…` speak KoboldCpp's dialect (its native API), errors included. */
export function isKoboldRoute(url: string): boolean {
  return /^\/+api\/+(?:v1|extra)(?:[/?]|$)/.test(url);
}

/** `/api/…` (but KoboldCpp's) speaks Ollama's dialect (its native API), errors included. */
export function isOllamaRoute(url: string): boolean {
  return /^\/+api(?:[/?]|$)/.test(url);
}

/** Anthropic's error types by status (docs: "Errors"). */
function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
    case 408:
    case 414:
    case 415:
    case 422:
    case 431:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** Parses a request body with a zod schema; failures name the field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw invalidRequest(result.error);
}

/** A 400 naming the first offending field of a failed zod parse (route schemas and `parseBody`). */
export function invalidRequest(error: z.ZodError): ApiError {
  const issue = error.issues[0]!;
  // An unknown field is named as the parameter itself: it is what the client must remove.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const param = path.map(String).join('.') || null;
  const detail =
    issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
  return new ApiError(400, param ? `Invalid request: ${param}: ${detail}` : `Invalid request: ${detail}`, {
    param,
    code: 'invalid_request',
  });
}

function fromProviderError(error: ProviderError): ApiError {
  const message = error.message;
  switch (error.code) {
    case 'rate_limited':
      return new ApiError(429, message, {
        type: 'rate_limit_error',
        code: 'upstream_rate_limited',
        headers: { 'retry-after': String(Math.ceil(error.retryAfterSeconds ?? 1)) },
      });
    case 'upstream_unavailable':
      return new ApiError(error.upstreamStatus === 503 || error.upstreamStatus === 529 ? 503 : 502, message, {
        type: 'upstream_error',
        code: 'upstream_unavailable',
      });
    case 'upstream_auth':
      return new ApiError(502, message, { type: 'upstream_error', code: 'upstream_auth_failed' });
    case 'upstream_bad_request': {
      const status =
        error.upstreamStatus === 404 || error.upstreamStatus === 422 ? error.upstreamStatus : 400;
      return new ApiError(status, message, { code: 'upstream_rejected_request' });
    }
    case 'content_policy':
      return new ApiError(400, message, { code: 'content_policy_violation' });
    case 'timeout':
      return new ApiError(504, message, { type: 'upstream_error', code: 'upstream_timeout' });
    case 'network':
    case 'bad_response':
      return new ApiError(502, message, { type: 'upstream_error', code: `upstream_${error.code}` });
    case 'aborted':
      return new ApiError(499, message, { code: 'client_closed_request' });
    case 'unsupported':
      return new ApiError(400, message, { code: 'unsupported', param: error.param ?? null });
    case 'not_configured':
      return new ApiError(503, message, { type: 'server_error', code: 'provider_not_configured' });
  }
}

/** Maps anything thrown by a route or by Fastify itself onto an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isProviderError(error)) return fromProviderError(error);
  if (error instanceof GatewayError) {
    const type =
      error.status === 429
        ? 'rate_limit_error'
        : error.status >= 500
          ? 'server_error'
          : 'invalid_request_error';
    return new ApiError(error.status, error.message, {
      type,
      code: error.code,
      ...(error.code === 'model_not_found' && { param: 'model' }),
      ...(error.param !== undefined && { param: error.param }),
      ...(error.retryAfterSeconds !== undefined && {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) },
      }),
    });
  }
  if (error instanceof ContentError)
    return new ApiError(error.statusCode, error.message, {
      type:
        error.statusCode === 404
          ? 'not_found_error'
          : error.statusCode >= 500
            ? 'server_error'
            : 'invalid_request_error',
      code: error.code,
      param: error.param,
    });
  // Of its status's ordinary type (invalid_request_error), as the conversation API has always answered.
  if (error instanceof ConversationError)
    return new ApiError(error.statusCode, error.message, { code: error.code, param: error.param });
  if (error instanceof EventsError)
    return new ApiError(error.statusCode, error.message, {
      type: error.statusCode === 404 ? 'not_found_error' : 'invalid_request_error',
      code: error.code,
      param: error.param,
    });
  if (error instanceof NarrativeError)
    return new ApiError(error.statusCode, error.message, {
      type:
        error.statusCode === 404
          ? 'not_found_error'
          : error.statusCode === 429
            ? 'rate_limit_error'
            : 'invalid_request_error',
      code: error.code,
      param: error.param,
      ...(error.retryAfterSeconds !== undefined && {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) },
      }),
    });
  // A template that stops at a limit or misses a variable, met outside the prompt API (a turn's render).
  if (error instanceof TemplateError) return new ApiError(400, error.message, { code: error.code });
  if (error instanceof z.ZodError)
    return new ApiError(400, `Invalid request: ${error.issues[0]?.message ?? ''}`);
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_BAD_URL':
      return new ApiError(400, 'The URL is not valid: check its percent-encoding', { code: 'invalid_url' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError(414, 'A path parameter is too long (at most 100 characters)', {
        code: 'uri_too_long',
      });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'Request body is too large', { code: 'request_too_large' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'Unsupported content type: send application/json', {
        code: 'unsupported_media_type',
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'Request body is empty: send a JSON object', { code: 'invalid_json' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(400, 'Invalid Content-Length', { code: 'invalid_request' });
  }
  if (fastifyError instanceof SyntaxError || fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new ApiError(400, 'Request body is not valid JSON', { code: 'invalid_json' });
  }
  // The database is down or restarting: a clean 503 the client can retry, not an internal error.
  if (isStoreUnavailable(error))
    return new ApiError(503, 'The database is unavailable right now; try again shortly', {
      type: 'server_error',
      code: 'database_unavailable',
      headers: { 'retry-after': '2' },
    });
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, fastifyError.message, { code: fastifyError.code ?? null });
  }
  return new ApiError(500, 'Internal server error', { code: 'internal_error' });
}

export function registerErrorHandlers(
  app: FastifyInstance,
  secrets: Secrets,
  routes: RouteMethods = new RouteMethods(),
): void {
  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500 && apiError.code === 'internal_error') {
      request.log.error({ err: error }, 'unhandled error');
    } else if (apiError.status >= 500) {
      request.log.warn(
        { code: apiError.code, message: redactText(apiError.message, secrets) },
        'upstream error',
      );
    }
    apiError.message = redactText(apiError.message, secrets);
    void reply.code(apiError.status).headers(apiError.headers).send(apiError.bodyFor(request.url));
  });
  // Every 4xx and 5xx has a body a client can show, whoever sent it empty (a plugin, a bare `send()`).
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400 || (payload !== undefined && payload !== null && payload !== ''))
      return payload;
    if (request.method === 'HEAD') return payload;
    const status = reply.statusCode;
    const error = new ApiError(status, STATUS_CODES[status] ?? `HTTP ${status}`, {
      code: (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '_'),
    });
    reply.header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(error.bodyFor(request.url));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // The path exists with other methods: 405 with Allow (a bare OPTIONS: 204 with Allow).
    const allowed = routes.allowed(path);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      if (request.method === 'OPTIONS') return void reply.code(204).send();
      const error = new ApiError(
        405,
        `${request.method} is not allowed on ${path}: use ${allowed.join(', ')}`,
        {
          code: 'method_not_allowed',
        },
      );
      return void reply.code(405).send(error.bodyFor(request.url));
    }
    const error = new ApiError(404, `No route for ${request.method} ${path}`, { code: 'not_found' });
    void reply.code(404).send(error.bodyFor(request.url));
  });
}

/** Fastify's own routing errors (bad URL encoding, an over-long path parameter) in the error shape. */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const apiError = toApiError(error);
  void reply.code(apiError.status).send(apiError.body());
}

/** A whole HTTP answer in the error shape written on a raw socket, which is then closed. */
function answerOnSocket(
  socket: Socket,
  status: number,
  message: string,
  code: string,
  headers: Record<string, string> = {},
): void {
  // Once an answer has started on this socket, another status line would corrupt it.
  const pending = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !pending?.headersSent) {
    const body = JSON.stringify(new ApiError(status, message, { code }).body());
    const extra = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * A CONNECT request (a proxy tunnel): Node hands it to a `connect` listener and, without one, closes
 * the socket with no answer at all. Loremaster is no proxy: a 405 in the error shape, then close.
 */
export function refuseConnect(socket: Socket): void {
  answerOnSocket(socket, 405, 'CONNECT is not supported: Loremaster is not a proxy', 'method_not_allowed');
}

/**
 * A WebSocket handshake the `ws` server refuses (no or a bad `Sec-WebSocket-Key`, an `Upgrade` that is
 * not websocket, a bad version or subprotocol): the error shape instead of `ws`'s plain-text answer.
 */
export function refuseHandshake(error: Error, socket: Socket): void {
  const method = error.message === 'Invalid HTTP method';
  answerOnSocket(
    socket,
    method ? 405 : 400,
    `WebSocket handshake refused: ${error.message}`,
    method ? 'method_not_allowed' : 'invalid_websocket_handshake',
    /version/i.test(error.message) ? { 'Sec-WebSocket-Version': '13, 8' } : {},
  );
}

/**
 * Errors Node's HTTP parser finds before there is a request (malformed request line or framing, header
 * overflow, a request not received in time): a whole HTTP answer in the error shape, then the
 * connection is closed (it cannot be trusted to carry another request).
 */
export function shapedClientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message, code] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request was not received in time', 'request_timeout']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request headers are too large', 'headers_too_large']
        : [400, 'Malformed HTTP request', 'malformed_request'];
  answerOnSocket(socket, status, message, code);
}

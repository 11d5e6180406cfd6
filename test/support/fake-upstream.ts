/**
 * A fake LLM upstream: a real HTTP server on 127.0.0.1 that speaks the OpenAI, Anthropic and Mistral wire
 * formats closely enough for the Vercel AI SDK providers and the official `openai` package to parse it,
 * with settable latency, token pacing and injectable faults.
 *
 * Base URLs to give the clients:
 * - OpenAI (`createOpenAI`, `createOpenAICompatible`, `new OpenAI`): `${url}/v1` (images too)
 * - GetImg: `${url}/getimg` (fake-upstream-images.ts)
 * - Anthropic (`createAnthropic`): `${url}/v1`
 * - Mistral (`createMistral`): `${url}/mistral/v1`
 *
 * Answers are deterministic (built from the last user message) so tests can check what was sent.
 * Tools, tool results, `n`, `logprobs` and JSON schemas get richer answers in each vendor's own wire
 * format (fake-upstream-openai-tools.ts, fake-upstream-anthropic-tools.ts; the decisions they share,
 * such as which tool to call and arguments that fit its schema, are in fake-upstream-tools.ts).
 * Everything on the hot path is plain `node:http` with keep-alive and no per-request heavy work, so a
 * benchmark can hammer it.
 *
 * The same controls work over HTTP, for a fake started by the CLI: `POST /__fake/config` (Partial options
 * plus `faults: FakeFault[]`; `times: "Infinity"` since JSON has no Infinity; `answers: string[]` for
 * `scriptAnswers`), `POST /__fake/reset`,
 * `GET /__fake/stats`, `GET /__fake/requests`. Control requests are never delayed, faulted or recorded.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { richAnthropicMessage, wantsRichAnthropicAnswer } from './fake-upstream-anthropic-tools.js';
import { IMAGE_ROUTES, type ImageReply, servedImage } from './fake-upstream-images.js';
import { richChatCompletion, wantsRichAnswer } from './fake-upstream-openai-tools.js';

// ---------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------

/** `off-schema`: a chat asking for JSON is answered with plain text (the model ignored the format). */
export type FakeFaultType = 'status' | 'hang' | 'reset' | 'cut-stream' | 'malformed-json' | 'off-schema';

export interface FakeFault {
  type: FakeFaultType;
  /** For 'status' (e.g. 429, 500, 503, 400, 401); default 500. */
  status?: number;
  /** Retry-After header value for 'status'. */
  retryAfter?: string;
  /** How many requests it applies to (default 1); Infinity allowed. */
  times?: number;
  /** Only requests whose path ends with this (e.g. '/chat/completions', '/messages', '/embeddings'). */
  path?: string;
  /** For 'cut-stream': chunks sent before the socket is destroyed (default 2). */
  afterChunks?: number;
  /** For 'status': the error message quotes the API key the request carried (as some servers do). */
  echoKey?: boolean;
}

export interface FakeUpstreamOptions {
  port?: number;
  host?: string;
  /** Delay before the response starts. */
  latencyMs?: number;
  /** Stream pacing; 0/undefined = as fast as possible. */
  tokensPerSecond?: number;
  /** Words in each answer (default 12). */
  answerWords?: number;
  /** 0..1 probability a request gets `randomFault` (seeded PRNG, deterministic, `seed` option). */
  faultRate?: number;
  randomFault?: FakeFault;
  seed?: number;
  /**
   * Whether vendor endpoints demand an API key (default true). Set false to mimic a local
   * llama.cpp/Ollama server, which accepts requests without one; the key `bad-key` is still refused.
   */
  requireAuth?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; the raw text when it was not JSON; undefined when empty. */
  body: unknown;
}

export interface FakeUpstreamStats {
  total: number;
  byPath: Record<string, number>;
  faultsInjected: number;
  /** Paced streams the client closed before their end (a client abort that reached the upstream). */
  streamsAbandoned: number;
}

export interface FakeUpstream {
  /** e.g. http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  port: number;
  configure(options: Partial<FakeUpstreamOptions>): void;
  /** Queued, consumed in order by matching requests. */
  injectFault(...faults: FakeFault[]): void;
  /**
   * Queued answer texts, consumed in order by chat requests (OpenAI, Mistral and Anthropic formats,
   * streamed or not): the model says exactly this, whatever was asked (tools and schemas included).
   * For tests that need a vendor to answer something particular, such as a document breaking a rule.
   */
  scriptAnswers(...texts: string[]): void;
  /** Clear faults, stats, recorded requests and options back to start values. */
  reset(): void;
  stats(): FakeUpstreamStats;
  /** Bounded ring of the last 50 requests, oldest first. */
  lastRequests(): RecordedRequest[];
  /** Closes all sockets, including hung ones. */
  close(): Promise<void>;
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const fake = new FakeUpstreamServer(options);
  await fake.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return fake;
}

// ---------------------------------------------------------------------------------------------------------
// Constants and small helpers
// ---------------------------------------------------------------------------------------------------------

const RING_SIZE = 50;
const DEFAULT_ANSWER_WORDS = 12;
const DEFAULT_EMBEDDING_DIMENSIONS = 8;
const DEFAULT_CUT_AFTER_CHUNKS = 2;
/** How many words of the last user message an answer echoes back. */
const ECHO_WORDS = 5;
/** Padding for answers: deterministic, and fitting for a project called Loremaster. */
const FILLER = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit'];
const FAULT_TYPES: readonly FakeFaultType[] = [
  'status',
  'hang',
  'reset',
  'cut-stream',
  'malformed-json',
  'off-schema',
];
const OPENAI_MODELS = ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small', 'fake-model'];
const MISTRAL_MODELS = ['mistral-small-latest', 'mistral-large-latest', 'mistral-embed'];
const ANTHROPIC_MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5'];

type Vendor = 'openai' | 'anthropic' | 'mistral';
type JsonObject = Record<string, unknown>;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** mulberry32: tiny, fast and good enough to make fault injection reproducible from a seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: turns an embedding input into a seed, so equal texts get equal vectors. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

/** Token counts are whitespace-separated words: deterministic and cheap, which is all tests need. */
function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || (code >= 9 && code <= 13);
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

/** All the text in a message's content, whatever shape the vendor uses (string, parts, blocks). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map(textOf)
      .filter((text) => text.length > 0)
      .join(' ');
  if (isRecord(content)) {
    if (typeof content.text === 'string') return content.text;
    if (content.content !== undefined) return textOf(content.content);
  }
  return '';
}

function lastUserText(messages: unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (isRecord(message) && message.role === 'user') return textOf(message.content);
  }
  return '';
}

function promptTokens(messages: unknown[], system?: unknown): number {
  let total = system === undefined ? 0 : countWords(textOf(system));
  for (const message of messages) {
    if (isRecord(message)) total += countWords(textOf(message.content));
  }
  return Math.max(1, total);
}

/** Resolves true after `ms`, or false as soon as the response closes (client gone or server closing). */
function waitUnlessClosed(ms: number, res: ServerResponse): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(!res.destroyed);
    }, ms);
    res.once('close', onClose);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------------------

interface Answer {
  /** Stream deltas, one word each; joined they give `text`. */
  pieces: string[];
  text: string;
  /** True when max_tokens cut the answer short. */
  truncated: boolean;
  echo: string;
}

/**
 * The deterministic answer: `Fake reply to "<first words>"` padded with filler to `answerWords`, or
 * `{"fake":true,"echo":"<first words>"}` in JSON mode; cut to `maxTokens` words when that is smaller.
 */
function buildAnswer(userText: string, answerWords: number, json: boolean, maxTokens: unknown): Answer {
  const echo = splitWords(userText).slice(0, ECHO_WORDS).join(' ');
  let words = json ? JSON.stringify({ fake: true, echo }).split(' ') : `Fake reply to "${echo}"`.split(' ');
  if (!json) {
    for (let i = 0; words.length < answerWords; i++) words.push(FILLER[i % FILLER.length]!);
    words = words.slice(0, answerWords);
  }
  const limit =
    typeof maxTokens === 'number' && Number.isFinite(maxTokens)
      ? Math.max(0, Math.floor(maxTokens))
      : Infinity;
  const truncated = words.length > limit;
  if (truncated) words = words.slice(0, limit);
  return {
    pieces: words.map((word, i) => (i === 0 ? word : ` ${word}`)),
    text: words.join(' '),
    truncated,
    echo,
  };
}

function wantsJsonFormat(format: unknown): boolean {
  return isRecord(format) && (format.type === 'json_object' || format.type === 'json_schema');
}

/** Deterministic unit vector per text, rounded to float32 so the float and base64 encodings agree exactly. */
function embed(text: string, dimensions: number): number[] {
  const random = mulberry32(fnv1a(text));
  const vector = Array.from({ length: dimensions }, () => random() * 2 - 1);
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => Math.fround(value / norm));
}

/** The OpenAI base64 encoding: little-endian float32 bytes. */
function toBase64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes.toString('base64');
}

// ---------------------------------------------------------------------------------------------------------
// Replies: what a handler wants sent, before faults and pacing are applied
// ---------------------------------------------------------------------------------------------------------

/** One SSE event. `paced` frames wait for their turn under `tokensPerSecond`. */
interface Frame {
  text: string;
  paced: boolean;
}

type Reply =
  | { kind: 'json'; status: number; body: string; headers?: Record<string, string> }
  | { kind: 'sse'; frames: Frame[] }
  | { kind: 'binary'; status: number; body: Buffer; contentType: string };

/** An image endpoint's answer (fake-upstream-images.ts) as a reply. */
function fromImageReply(reply: ImageReply): Reply {
  return reply.kind === 'json' ? jsonReply(reply.status, reply.value) : reply;
}

function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { kind: 'json', status, body: JSON.stringify(value), headers };
}

function eventFrame(event: string, value: unknown, paced = false): Frame {
  return { text: `event: ${event}\ndata: ${JSON.stringify(value)}\n\n`, paced };
}

const DONE_FRAME: Frame = { text: 'data: [DONE]\n\n', paced: false };

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

/** Error type names as each vendor spells them, by status. */
function errorType(vendor: Vendor, status: number): string {
  if (vendor === 'anthropic') {
    return ANTHROPIC_ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  }
  if (status === 429) return 'rate_limit_error';
  if (status === 403) return 'permission_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

function errorCode(status: number): string | null {
  if (status === 401) return 'invalid_api_key';
  if (status === 429) return 'rate_limit_exceeded';
  if (status === 404) return 'not_found';
  return null;
}

/** An error in the vendor's own shape, so each SDK's error handler parses it (message, type, code). */
function errorReply(vendor: Vendor, status: number, message: string, retryAfter?: string): Reply {
  const headers = retryAfter === undefined ? undefined : { 'retry-after': retryAfter };
  const type = errorType(vendor, status);
  switch (vendor) {
    case 'anthropic':
      return jsonReply(status, { type: 'error', error: { type, message } }, headers);
    case 'mistral':
      return jsonReply(
        status,
        { object: 'error', message, type, param: null, code: errorCode(status) },
        headers,
      );
    case 'openai':
      return jsonReply(status, { error: { message, type, param: null, code: errorCode(status) } }, headers);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Endpoint handlers
// ---------------------------------------------------------------------------------------------------------

/** One request being served. `body` is a parsed JSON object (checked before any handler runs). */
interface Call {
  vendor: Vendor;
  body: JsonObject;
  stream: boolean;
  answerWords: number;
  /** Sequence number of the request, for deterministic ids. */
  seq: number;
  /** The answer a test queued with `scriptAnswers`, said as it is. */
  scripted?: string | undefined;
}

/** A queued answer as the deterministic answers are shaped: word pieces that join back to the text. */
function scriptedAnswer(text: string): Answer {
  const pieces = text.split(/(?= )/);
  return { pieces, text, truncated: false, echo: '' };
}

type Handler = (call: Call) => Reply;

function requireMessages(call: Call): unknown[] | Reply {
  if (typeof call.body.model !== 'string' || call.body.model.length === 0) {
    return errorReply(call.vendor, 400, "you must provide a 'model' parameter");
  }
  const messages = call.body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return errorReply(call.vendor, 400, "'messages' must be a non-empty array");
  }
  return messages;
}

/** Chat Completions for OpenAI, OpenAI-compatible servers and Mistral, which differ only in details. */
function chatCompletions(call: Call): Reply {
  const messages = requireMessages(call);
  if (!Array.isArray(messages)) return messages;
  const { body } = call;
  const prefix = call.vendor === 'mistral' ? mistralPrefix(messages) : '';
  if (prefix === undefined)
    return errorReply(
      call.vendor,
      400,
      'Expected last role User or Tool (or Assistant with prefix True) for serving but got assistant',
    );
  // Tools, n, logprobs and json_schema: the richer answers (OpenAI's wire format), in their own module.
  if (call.scripted === undefined && wantsRichAnswer(body))
    return richChatCompletion(call, messages, promptTokens(messages));
  const json = wantsJsonFormat(body.response_format);
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const continued =
    call.scripted !== undefined
      ? scriptedAnswer(call.scripted)
      : buildAnswer(lastUserText(messages), call.answerWords, json, maxTokens);
  // A scripted answer is said exactly, prefix or not.
  const answer = prefix === '' || call.scripted !== undefined ? continued : afterPrefix(prefix, continued);
  const prompt = promptTokens(messages);
  const completion = answer.pieces.length;
  const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  const id = `${call.vendor === 'mistral' ? 'cmpl' : 'chatcmpl'}-fake-${call.seq}`;
  const created = Math.floor(Date.now() / 1000);
  const model = body.model as string;
  const finishReason = answer.truncated ? 'length' : 'stop';
  const thinking = thinksAloud(model) ? `Thinking about "${answer.echo}".` : undefined;
  if (call.stream) return chatStream(call, { id, created, model }, answer, finishReason, usage, thinking);
  const said = { role: 'assistant', content: answer.text, ...(thinking && { reasoning_content: thinking }) };
  const choice =
    call.vendor === 'openai'
      ? { index: 0, message: { ...said, refusal: null }, logprobs: null, finish_reason: finishReason }
      : { index: 0, message: said, finish_reason: finishReason };
  return jsonReply(200, { id, object: 'chat.completion', created, model, choices: [choice], usage });
}

/**
 * A reasoning model on an open server (a model named like DeepSeek's `deepseek-reasoner` or Qwen's
 * thinking models): its thinking comes first, in `reasoning_content`, as llama.cpp's server and vLLM send it.
 */
function thinksAloud(model: string): boolean {
  return /reasoner|think/i.test(model);
}

/**
 * Mistral takes a closing assistant message only as the start of its answer (`prefix: true`), and
 * refuses one without it: the prefix (undefined when refused), or '' when the last message is another's.
 */
function mistralPrefix(messages: unknown[]): string | undefined {
  const last = messages.at(-1);
  if (!isRecord(last) || last.role !== 'assistant') return '';
  return last.prefix === true ? textOf(last.content) : undefined;
}

/** Mistral's answer to a prefix: the prefix said again, word by word, then the continuation. */
function afterPrefix(prefix: string, continued: Answer): Answer {
  const [first = '', ...rest] = continued.pieces;
  return {
    ...continued,
    pieces: [...prefix.split(/(?= )/), ` ${first}`, ...rest],
    text: `${prefix} ${continued.text}`,
  };
}

/**
 * The chat SSE stream. OpenAI sends usage in an extra `choices: []` chunk, and only when
 * `stream_options.include_usage` is set; Mistral always puts it on the final chunk, and its SDK
 * reads `choices[0]` of every chunk unguarded, so a Mistral chunk must never have empty choices.
 */
function chatStream(
  call: Call,
  head: { id: string; created: number; model: string },
  answer: Answer,
  finishReason: string,
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number },
  thinking?: string,
): Reply {
  // Every chunk repeats the same head: serialising it once, not per word, keeps streams cheap to build.
  const prefix =
    `data: {"id":${JSON.stringify(head.id)},"object":"chat.completion.chunk","created":${head.created},` +
    `"model":${JSON.stringify(head.model)},"choices":`;
  const chunk = (delta: string, finish: string, paced = false, tail = ''): Frame => ({
    text: `${prefix}[{"index":0,"delta":${delta},"finish_reason":${finish}}]${tail}}\n\n`,
    paced,
  });
  const frames: Frame[] = [chunk('{"role":"assistant","content":""}', 'null')];
  // DeepSeek's form: no content beside a piece of the thinking.
  for (const piece of thinking?.split(/(?= )/) ?? [])
    frames.push(chunk(`{"content":null,"reasoning_content":${JSON.stringify(piece)}}`, 'null'));
  for (const [i, piece] of answer.pieces.entries()) {
    frames.push(chunk(`{"content":${JSON.stringify(piece)}}`, 'null', i > 0));
  }
  const finish = JSON.stringify(finishReason);
  const usageTail = `,"usage":${JSON.stringify(usage)}`;
  if (call.vendor === 'mistral') {
    frames.push(chunk('{"content":""}', finish, false, usageTail));
  } else {
    frames.push(chunk('{}', finish));
    const streamOptions = call.body.stream_options;
    if (isRecord(streamOptions) && streamOptions.include_usage === true) {
      frames.push({ text: `${prefix}[]${usageTail}}\n\n`, paced: false });
    }
  }
  frames.push(DONE_FRAME);
  return { kind: 'sse', frames };
}

/**
 * Legacy text completions (`POST /v1/completions`, as llama.cpp, vLLM, Ollama and LM Studio serve it):
 * the prompt continued with the deterministic answer (a `suffix` is said back after it, so a test sees
 * it arrived), `n` answers told apart by their index, `logprobs` as the completions form has them.
 */
function textCompletions(call: Call): Reply {
  const { body } = call;
  if (typeof body.model !== 'string' || body.model.length === 0)
    return errorReply(call.vendor, 400, "you must provide a 'model' parameter");
  if (typeof body.prompt !== 'string') return errorReply(call.vendor, 400, "'prompt' must be a string");
  const n = typeof body.n === 'number' ? body.n : 1;
  const base = buildAnswer(body.prompt, call.answerWords, false, body.max_tokens);
  const suffix = typeof body.suffix === 'string' ? ` [then: ${body.suffix}]` : '';
  const answers = Array.from({ length: n }, (_, index) => {
    const pieces = [...base.pieces];
    if (index > 0) pieces[0] = `(${index}) ${pieces[0]}`;
    if (suffix) pieces.push(suffix);
    return pieces;
  });
  const finishReason = base.truncated ? 'length' : 'stop';
  const prompt = Math.max(1, countWords(body.prompt));
  const usage = { prompt_tokens: prompt, completion_tokens: base.pieces.length * n, total_tokens: 0 };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const logprobsOf = (pieces: string[]) =>
    typeof body.logprobs === 'number'
      ? {
          tokens: pieces,
          token_logprobs: pieces.map((_, i) => -0.1 * (i + 1)),
          top_logprobs: pieces.map((piece) => ({ [piece]: -0.1 })),
          text_offset: pieces.map((_, i) => pieces.slice(0, i).join('').length),
        }
      : null;
  const head = {
    id: `cmpl-fake-${call.seq}`,
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
  };
  if (!call.stream)
    return jsonReply(200, {
      ...head,
      choices: answers.map((pieces, index) => ({
        text: pieces.join(''),
        index,
        logprobs: logprobsOf(pieces),
        finish_reason: finishReason,
      })),
      usage,
    });
  const frames: Frame[] = [];
  answers.forEach((pieces, index) => {
    for (const [i, piece] of pieces.entries())
      frames.push({
        text: `data: ${JSON.stringify({ ...head, choices: [{ text: piece, index, logprobs: logprobsOf([piece]), finish_reason: null }] })}\n\n`,
        paced: i > 0,
      });
    frames.push({
      text: `data: ${JSON.stringify({ ...head, choices: [{ text: '', index, logprobs: null, finish_reason: finishReason }] })}\n\n`,
      paced: false,
    });
  });
  const streamOptions = body.stream_options;
  if (isRecord(streamOptions) && streamOptions.include_usage === true)
    frames.push({ text: `data: ${JSON.stringify({ ...head, choices: [], usage })}\n\n`, paced: false });
  frames.push(DONE_FRAME);
  return { kind: 'sse', frames };
}

function embeddings(call: Call): Reply {
  const { body } = call;
  if (typeof body.model !== 'string') {
    return errorReply(call.vendor, 400, "you must provide a 'model' parameter");
  }
  const raw = body.input;
  const inputs = Array.isArray(raw) ? raw : [raw];
  if (raw === undefined || inputs.length === 0 || !inputs.every((item) => typeof item === 'string')) {
    return errorReply(call.vendor, 400, "'input' must be a string or a non-empty array of strings");
  }
  const requested = body.dimensions ?? body.output_dimension;
  const dimensions =
    typeof requested === 'number' && Number.isInteger(requested) && requested > 0
      ? requested
      : DEFAULT_EMBEDDING_DIMENSIONS;
  const base64 = body.encoding_format === 'base64';
  const data = (inputs as string[]).map((text, index) => {
    const vector = embed(text, dimensions);
    return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector };
  });
  const tokens = (inputs as string[]).reduce((sum, text) => sum + countWords(text), 0);
  if (call.vendor === 'mistral') {
    const usage = { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0 };
    return jsonReply(200, { id: `embd-fake-${call.seq}`, object: 'list', data, model: body.model, usage });
  }
  const usage = { prompt_tokens: tokens, total_tokens: tokens };
  return jsonReply(200, { object: 'list', data, model: body.model, usage });
}

function modelList(vendor: Vendor): Reply {
  if (vendor === 'anthropic') {
    const data = ANTHROPIC_MODELS.map((id) => ({
      type: 'model',
      id,
      display_name: id,
      created_at: '2025-01-01T00:00:00Z',
    }));
    return jsonReply(200, { data, has_more: false, first_id: data[0]!.id, last_id: data.at(-1)!.id });
  }
  const ids = vendor === 'mistral' ? MISTRAL_MODELS : OPENAI_MODELS;
  const ownedBy = vendor === 'mistral' ? 'mistralai' : 'fake-upstream';
  return jsonReply(200, {
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: ownedBy })),
  });
}

/** The model lists never change, so they are serialised once; a probe or benchmark gets them for free. */
const MODEL_LISTS: Record<Vendor, Reply> = {
  openai: modelList('openai'),
  anthropic: modelList('anthropic'),
  mistral: modelList('mistral'),
};

/** `GET /v1/models` is shared by OpenAI and Anthropic; Anthropic clients give themselves away by header. */
function models(call: Call): Reply {
  return MODEL_LISTS[call.vendor];
}

/**
 * Whether an Anthropic request asks for JSON text: native structured output (`output_config.format`,
 * older API: `output_format`), or a system prompt that asks for JSON (Anthropic has no JSON mode, and
 * Claude does as its system prompt says). Tools, tool results and schemas with properties get the
 * richer answers.
 */
function anthropicWantsJson(body: JsonObject): boolean {
  const config = body.output_config;
  if (isRecord(config) && wantsJsonFormat(config.format)) return true;
  return wantsJsonFormat(body.output_format) || /\bJSON\b/.test(textOf(body.system));
}

function anthropicMessages(call: Call): Reply {
  const messages = requireMessages(call);
  if (!Array.isArray(messages)) return messages;
  const { body } = call;
  if (typeof body.max_tokens !== 'number') return errorReply('anthropic', 400, 'max_tokens: Field required');
  const input = promptTokens(messages, body.system);
  // Tools, tool results and structured output: the richer answers (Anthropic's wire format), in their own module.
  if (call.scripted !== undefined || wantsRichAnthropicAnswer(body))
    return richAnthropicMessage(call, messages, input);
  const answer = buildAnswer(
    lastUserText(messages),
    call.answerWords,
    anthropicWantsJson(body),
    body.max_tokens,
  );
  const head = {
    id: `msg_fake_${call.seq}`,
    type: 'message',
    role: 'assistant',
    model: body.model as string,
  };
  const stopReason = answer.truncated ? 'max_tokens' : 'end_turn';
  if (call.stream) return anthropicStream(head, answer, stopReason, input);
  return jsonReply(200, {
    ...head,
    content: [{ type: 'text', text: answer.text }],
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: input, output_tokens: answer.pieces.length },
  });
}

function anthropicStream(
  head: { id: string; model: string },
  answer: Answer,
  stopReason: string,
  inputTokens: number,
): Reply {
  const message = { ...head, content: [], stop_reason: null, stop_sequence: null };
  const frames: Frame[] = [
    eventFrame('message_start', {
      type: 'message_start',
      message: { ...message, usage: { input_tokens: inputTokens, output_tokens: 1 } },
    }),
    eventFrame('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }),
    eventFrame('ping', { type: 'ping' }),
  ];
  // One frame per word: templated rather than serialised as objects, since this is the hot part.
  for (const [i, piece] of answer.pieces.entries()) {
    const data = `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(piece)}}}`;
    frames.push({ text: `event: content_block_delta\ndata: ${data}\n\n`, paced: i > 0 });
  }
  frames.push(
    eventFrame('content_block_stop', { type: 'content_block_stop', index: 0 }),
    eventFrame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: answer.pieces.length },
    }),
    eventFrame('message_stop', { type: 'message_stop' }),
  );
  return { kind: 'sse', frames };
}

/** The endpoints a scripted answer is for. */
const CHAT_PATHS = new Set(['/v1/chat/completions', '/mistral/v1/chat/completions', '/v1/messages']);

/** Routes by `METHOD path`. The OpenAI and Mistral clients append these paths to their base URLs. */
const ROUTES: Record<string, Handler> = {
  'POST /v1/chat/completions': chatCompletions,
  'POST /v1/completions': textCompletions,
  'POST /v1/embeddings': embeddings,
  'GET /v1/models': models,
  'POST /v1/messages': anthropicMessages,
  'POST /mistral/v1/chat/completions': chatCompletions,
  'POST /mistral/v1/embeddings': embeddings,
  'GET /mistral/v1/models': models,
};

function vendorOf(path: string, headers: IncomingHttpHeaders): Vendor {
  if (path.startsWith('/mistral/')) return 'mistral';
  if (path === '/v1/messages' || headers['anthropic-version'] !== undefined) return 'anthropic';
  return 'openai';
}

/** The key a request carries: Bearer for OpenAI/Mistral; x-api-key (or the SDK's authToken Bearer) for Anthropic. */
function apiKeyOf(vendor: Vendor, headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (vendor === 'anthropic' && typeof apiKey === 'string' && apiKey.length > 0) return apiKey;
  const match = /^Bearer\s+(\S+)/i.exec(headers.authorization ?? '');
  return match?.[1];
}

function missingKeyMessage(vendor: Vendor): string {
  return vendor === 'anthropic'
    ? 'x-api-key header is required'
    : 'Missing API key: send Authorization: Bearer <key>';
}

/** The malformed-json fault: 200 with a body, or a stream event, that no JSON parser accepts. */
function malformedReply(vendor: Vendor, stream: boolean): Reply {
  if (!stream) return { kind: 'json', status: 200, body: '{"id":"fake-malformed","choices":[{' };
  const frames: Frame[] =
    vendor === 'anthropic'
      ? [{ text: 'event: message_start\ndata: {not json\n\n', paced: false }]
      : [{ text: 'data: {not json\n\n', paced: false }, DONE_FRAME];
  return { kind: 'sse', frames };
}

// ---------------------------------------------------------------------------------------------------------
// Faults and control-endpoint input
// ---------------------------------------------------------------------------------------------------------

interface QueuedFault {
  fault: FakeFault;
  remaining: number;
}

function faultMatches(fault: FakeFault, path: string): boolean {
  return fault.path === undefined || path.endsWith(fault.path);
}

function optionalNumber(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  // JSON has no Infinity, so the HTTP controls accept the string (e.g. `times: "Infinity"`).
  if (value === 'Infinity') return Infinity;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${name} must be a number`);
  return value;
}

/** Validates a fault from the HTTP control endpoint (the typed library API gets the same checks). */
function parseFault(input: unknown): FakeFault {
  if (!isRecord(input)) throw new TypeError('a fault must be an object');
  const type = input.type;
  if (typeof type !== 'string' || !FAULT_TYPES.includes(type as FakeFaultType)) {
    throw new TypeError(`fault type must be one of ${FAULT_TYPES.join(', ')}`);
  }
  const fault: FakeFault = { type: type as FakeFaultType };
  const status = optionalNumber(input.status, 'status');
  if (status !== undefined) {
    if (!Number.isInteger(status) || status < 100 || status > 599)
      throw new TypeError('status must be 100..599');
    fault.status = status;
  }
  const times = optionalNumber(input.times, 'times');
  if (times !== undefined) fault.times = times;
  const afterChunks = optionalNumber(input.afterChunks, 'afterChunks');
  if (afterChunks !== undefined) fault.afterChunks = afterChunks;
  if (input.echoKey !== undefined) {
    if (typeof input.echoKey !== 'boolean') throw new TypeError('echoKey must be a boolean');
    fault.echoKey = input.echoKey;
  }
  for (const key of ['retryAfter', 'path'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new TypeError(`${key} must be a string`);
    fault[key] = value;
  }
  return fault;
}

/** Validates the body of `POST /__fake/config`: Partial options plus optional `faults`. */
function parseConfigBody(input: unknown): {
  options: Partial<FakeUpstreamOptions>;
  faults: FakeFault[];
  answers: string[];
} {
  if (!isRecord(input)) throw new TypeError('config must be a JSON object');
  const options: Partial<FakeUpstreamOptions> = {};
  for (const key of ['latencyMs', 'tokensPerSecond', 'answerWords', 'faultRate', 'seed'] as const) {
    const value = optionalNumber(input[key], key);
    if (value !== undefined) options[key] = value;
  }
  if (input.requireAuth !== undefined) {
    if (typeof input.requireAuth !== 'boolean') throw new TypeError('requireAuth must be a boolean');
    options.requireAuth = input.requireAuth;
  }
  if (input.randomFault !== undefined) options.randomFault = parseFault(input.randomFault);
  const faults = input.faults === undefined ? [] : input.faults;
  if (!Array.isArray(faults)) throw new TypeError('faults must be an array');
  const answers = input.answers === undefined ? [] : input.answers;
  if (!Array.isArray(answers) || !answers.every((answer) => typeof answer === 'string'))
    throw new TypeError('answers must be an array of strings');
  return { options, faults: faults.map(parseFault), answers };
}

// ---------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------

interface Settings {
  latencyMs: number;
  tokensPerSecond: number;
  answerWords: number;
  faultRate: number;
  randomFault: FakeFault | undefined;
  seed: number;
  requireAuth: boolean;
}

function settingsFrom(options: Partial<FakeUpstreamOptions>, base?: Settings): Settings {
  return {
    latencyMs: options.latencyMs ?? base?.latencyMs ?? 0,
    tokensPerSecond: options.tokensPerSecond ?? base?.tokensPerSecond ?? 0,
    answerWords: options.answerWords ?? base?.answerWords ?? DEFAULT_ANSWER_WORDS,
    faultRate: options.faultRate ?? base?.faultRate ?? 0,
    randomFault: 'randomFault' in options ? options.randomFault : base?.randomFault,
    seed: options.seed ?? base?.seed ?? 1,
    requireAuth: options.requireAuth ?? base?.requireAuth ?? true,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () =>
      resolve(chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString()),
    );
    req.on('error', reject);
  });
}

/**
 * Closes the connection in the middle of a response. flushHeaders() makes sure the status line goes out
 * even when no chunk was written (`headersSent` turns true at writeHead(), before anything is sent). The
 * http layer corks the socket until the next tick, and from Node 24 on what it holds is dropped by a
 * socket ended before then; so the socket is ended after that tick, and destroySoon() flushes what was
 * written before closing: the client really receives the partial response.
 */
function cutConnection(res: ServerResponse): void {
  res.flushHeaders();
  setImmediate(() => res.socket?.destroySoon());
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

class FakeUpstreamServer implements FakeUpstream {
  url = '';
  port = 0;
  private readonly initial: Settings;
  private settings: Settings;
  private random: () => number;
  private faults: QueuedFault[] = [];
  private scripted: string[] = [];
  private total = 0;
  private byPath: Record<string, number> = {};
  private faultsInjected = 0;
  private streamsAbandoned = 0;
  private ring: RecordedRequest[] = [];
  private ringNext = 0;
  private seq = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => {
    this.handle(req, res).catch((error: unknown) => this.fail(res, error));
  });
  private closing: Promise<void> | undefined;

  constructor(options: FakeUpstreamOptions) {
    this.initial = settingsFrom(options);
    this.settings = this.initial;
    this.random = mulberry32(this.initial.seed);
    // Longer than client pools keep idle sockets (undici: 4 s), so the server never closes one under a client.
    this.server.keepAliveTimeout = 65_000;
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        this.port = address.port;
        const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        this.url = `http://${hostPart}:${this.port}`;
        resolve();
      });
    });
  }

  configure(options: Partial<FakeUpstreamOptions>): void {
    this.settings = settingsFrom(options, this.settings);
    if (options.seed !== undefined) this.random = mulberry32(options.seed);
  }

  injectFault(...faults: FakeFault[]): void {
    for (const fault of faults) {
      const parsed = parseFault(fault);
      const remaining = parsed.times ?? 1;
      if (remaining > 0) this.faults.push({ fault: parsed, remaining });
    }
  }

  scriptAnswers(...texts: string[]): void {
    this.scripted.push(...texts);
  }

  reset(): void {
    this.scripted = [];
    this.settings = this.initial;
    this.random = mulberry32(this.initial.seed);
    this.faults = [];
    this.total = 0;
    this.byPath = {};
    this.faultsInjected = 0;
    this.streamsAbandoned = 0;
    this.ring = [];
    this.ringNext = 0;
  }

  stats(): FakeUpstreamStats {
    return {
      total: this.total,
      byPath: { ...this.byPath },
      faultsInjected: this.faultsInjected,
      streamsAbandoned: this.streamsAbandoned,
    };
  }

  lastRequests(): RecordedRequest[] {
    return [...this.ring.slice(this.ringNext), ...this.ring.slice(0, this.ringNext)];
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Hung requests and idle keep-alive sockets would otherwise hold server.close() open forever.
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  // --- request pipeline -----------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const text = await readBody(req);
    if (path.startsWith('/__fake/')) return this.control(method, path, text, res);

    const parsed = text.length > 0 ? parseJson(text) : undefined;
    const headers = req.headers;
    this.record({
      method,
      path,
      headers,
      body: parsed === undefined ? undefined : parsed.ok ? parsed.value : text,
    });
    const vendor = vendorOf(path, headers);
    const body = parsed?.ok && isRecord(parsed.value) ? parsed.value : undefined;
    const stream = body?.stream === true;

    const latencyMs = this.settings.latencyMs;
    if (latencyMs > 0 && !(await waitUnlessClosed(latencyMs, res))) return;
    const fault = this.takeFault(path);
    if (fault?.type === 'hang') return; // never answer; close() or the client ends it
    if (fault?.type === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (fault?.type === 'status') {
      const status = fault.status ?? 500;
      const echoed = fault.echoKey ? ` (request made with key ${apiKeyOf(vendor, headers) ?? 'none'})` : '';
      return this.send(
        res,
        errorReply(vendor, status, `Fake upstream fault: status ${status}${echoed}`, fault.retryAfter),
      );
    }
    if (fault?.type === 'malformed-json') return this.send(res, malformedReply(vendor, stream));
    const asked = fault?.type === 'off-schema' && body ? { ...body, response_format: undefined } : body;
    const reply = this.route(method, path, vendor, headers, parsed, asked, stream);
    return this.send(
      res,
      reply,
      fault?.type === 'cut-stream' ? (fault.afterChunks ?? DEFAULT_CUT_AFTER_CHUNKS) : undefined,
    );
  }

  /** Checks in the order real APIs do: route, then key, then body; then the endpoint handler. */
  private route(
    method: string,
    path: string,
    vendor: Vendor,
    headers: IncomingHttpHeaders,
    parsed: { ok: boolean } | undefined,
    body: JsonObject | undefined,
    stream: boolean,
  ): Reply {
    // Pictures handed out as URLs are public, as OpenAI's are: no key needed.
    const picture = method === 'GET' ? servedImage(path) : undefined;
    if (picture) return fromImageReply(picture);
    const imageHandler = IMAGE_ROUTES[`${method} ${path}`];
    const handler = ROUTES[`${method} ${path}`];
    if (!handler && !imageHandler)
      return errorReply(vendor, 404, `Fake upstream does not serve ${method} ${path}`);
    const key = apiKeyOf(vendor, headers);
    if (key === 'bad-key' || (key === undefined && this.settings.requireAuth)) {
      return errorReply(
        vendor,
        401,
        key === undefined ? missingKeyMessage(vendor) : 'Incorrect API key provided: bad-key',
      );
    }
    if (vendor === 'anthropic' && headers['anthropic-version'] === undefined) {
      return errorReply(vendor, 400, 'anthropic-version: header is required');
    }
    if (method === 'POST' && !body) {
      const problem = parsed?.ok ? 'must be a JSON object' : 'could not be parsed as JSON';
      return errorReply(vendor, 400, `The request body ${problem}`);
    }
    if (imageHandler) {
      const origin = `http://${headers.host ?? `127.0.0.1:${this.port}`}`;
      return fromImageReply(imageHandler({ body: body ?? {}, seq: ++this.seq, origin, path }));
    }
    const answerWords = this.settings.answerWords;
    const scripted = CHAT_PATHS.has(path) ? this.scripted.shift() : undefined;
    return handler!({ vendor, body: body ?? {}, stream, answerWords, seq: ++this.seq, scripted });
  }

  private record(request: RecordedRequest): void {
    this.total++;
    this.byPath[request.path] = (this.byPath[request.path] ?? 0) + 1;
    this.ring[this.ringNext] = request;
    this.ringNext = (this.ringNext + 1) % RING_SIZE;
  }

  /** Queued faults first (first matching path wins), then the seeded `faultRate` lottery. */
  private takeFault(path: string): FakeFault | undefined {
    const index = this.faults.findIndex((queued) => faultMatches(queued.fault, path));
    const queued = this.faults[index];
    if (queued) {
      queued.remaining--;
      if (queued.remaining <= 0) this.faults.splice(index, 1);
      this.faultsInjected++;
      return queued.fault;
    }
    const { faultRate, randomFault } = this.settings;
    if (randomFault && faultRate > 0 && faultMatches(randomFault, path) && this.random() < faultRate) {
      this.faultsInjected++;
      return randomFault;
    }
    return undefined;
  }

  private control(method: string, path: string, text: string, res: ServerResponse): void {
    this.send(res, this.controlReply(`${method} ${path}`, text));
  }

  private controlReply(route: string, text: string): Reply {
    switch (route) {
      case 'GET /__fake/stats':
        return jsonReply(200, this.stats());
      case 'GET /__fake/requests':
        return jsonReply(200, this.lastRequests());
      case 'POST /__fake/reset':
        this.reset();
        return jsonReply(200, { ok: true });
      case 'POST /__fake/config':
        try {
          const parsed = text.length > 0 ? parseJson(text) : { ok: true as const, value: {} };
          if (!parsed.ok) throw new TypeError('config body is not JSON');
          const { options, faults, answers } = parseConfigBody(parsed.value);
          this.configure(options);
          this.injectFault(...faults);
          this.scriptAnswers(...answers);
          return jsonReply(200, { ok: true, queuedFaults: this.faults.length });
        } catch (error) {
          return jsonReply(400, { error: { message: (error as Error).message } });
        }
      default:
        return jsonReply(404, { error: { message: `unknown control endpoint ${route}` } });
    }
  }

  // --- writing --------------------------------------------------------------------------------------------

  /** Sends a reply; `cutAfter` (the cut-stream fault) destroys the socket partway through it. */
  private send(res: ServerResponse, reply: Reply, cutAfter?: number): Promise<void> | undefined {
    if (res.destroyed) return undefined;
    if (reply.kind === 'sse') return this.sendStream(res, reply.frames, cutAfter);
    if (reply.kind === 'binary') {
      res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': reply.body.length });
      res.end(reply.body);
      return undefined;
    }
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(reply.body),
      ...reply.headers,
    };
    res.writeHead(reply.status, headers);
    if (cutAfter === undefined) {
      res.end(reply.body);
      return undefined;
    }
    // Half the promised body, then a closed socket: the client sees a truncated response.
    res.write(reply.body.slice(0, Math.floor(reply.body.length / 2)));
    cutConnection(res);
    return undefined;
  }

  private async sendStream(res: ServerResponse, frames: Frame[], cutAfter?: number): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const tokensPerSecond = this.settings.tokensPerSecond;
    if (cutAfter === undefined && !(tokensPerSecond > 0)) {
      res.end(frames.map((frame) => frame.text).join('')); // one write: the fast path for benchmarks
      return;
    }
    const interval = tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0;
    const start = performance.now();
    let paced = 0;
    for (let i = 0; i < frames.length; i++) {
      if (cutAfter !== undefined && i >= cutAfter) break;
      const frame = frames[i]!;
      if (frame.paced && interval > 0) {
        // Schedule against the start time so timer overshoot does not accumulate over a long answer.
        const delay = start + ++paced * interval - performance.now();
        if (delay >= 1 && !(await waitUnlessClosed(delay, res))) {
          this.streamsAbandoned++;
          return;
        }
      }
      if (res.destroyed) {
        this.streamsAbandoned++;
        return;
      }
      res.write(frame.text);
    }
    if (cutAfter === undefined) res.end();
    else cutConnection(res);
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    this.send(res, jsonReply(500, { error: { message: `fake upstream bug: ${(error as Error).message}` } }));
  }
}

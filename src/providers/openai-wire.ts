/**
 * The lean provider for OpenAI's Chat Completions wire format, spoken by OpenAI, Mistral and every
 * OpenAI-compatible server (llama.cpp, Ollama, vLLM). It is the gateway's hot path: the request JSON
 * is built by hand, sent with undici's pooled `request` (streams: Node's own client, stream-http.ts;
 * no fetch, no web streams), the answer read with one JSON.parse and streams parsed incrementally,
 * line by line, with bounded buffers.
 *
 * It sends what the AI SDK's providers send for the same call (system → developer and no sampling
 * options for OpenAI reasoning models, Mistral's `random_seed`, JSON instruction and answer prefix,
 * usage asked for in streams), reads what they read (the text, tool calls, and a reasoning model's
 * thinking as the open servers and Mistral send it) and classifies failures the same way (status →
 * ProviderError code, Retry-After, timeouts, resets, malformed JSON, truncated streams). Embeddings and the connection probe are not
 * on the hot path: they stay with the AI SDK provider given as `sdk`.
 */

import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type {
  ChatChoice,
  ChatMessage,
  ChatOptions,
  ChatResult,
  ContentPart,
  EmbedOptions,
  EmbedResult,
  FinishReason,
  StreamEvent,
  TokenLogprob,
  ToolCall,
  ToolChoice,
  Usage,
} from '../vocabulary/index.js';
import { refuseUnsupportedMessages, refuseUnsupportedOptions } from './capabilities.js';
import { ChunkTemplate } from './chunk-template.js';
import { codeForStatus, ProviderError, type ProviderErrorCode, parseRetryAfter } from './errors.js';
import { upstreamAgent } from './http.js';
import { imageUrl } from './image-input.js';
import { asChatChunk, asChatCompletion, textCompletionBody } from './openai-text-completions.js';
import { PrefixEchoDecoder, withoutEchoedPrefix } from './prefix-echo.js';
import { thinkingText } from './reasoning.js';
import { forwardedSamplers } from './samplers.js';
import {
  type BodyDecoder,
  BodyEvents,
  postForStream,
  type StreamResponse,
  type StreamTarget,
  streamTarget,
} from './stream-http.js';
import { resolveThink } from './think.js';
import type { ConnectionStatus, Provider, ProviderKind } from './types.js';

/** Which dialect of the Chat Completions API the server speaks. */
export type WireDialect = 'openai' | 'openai-compatible' | 'mistral';

export interface OpenAIWireOptions {
  name: string;
  kind: ProviderKind;
  dialect: WireDialect;
  /** e.g. `https://api.openai.com/v1` (no trailing slash). */
  baseUrl: string;
  apiKey: string | undefined;
  defaultModel: string;
  models: readonly string[];
  /** Deadline for the answer's headers, then for each gap between parts of its body. */
  timeoutMs: number;
  /** Embeddings and the connection probe. */
  sdk: Pick<Provider, 'embed' | 'testConnection' | 'defaultEmbeddingModel'>;
}

/** An answer (or one SSE line) larger than this is refused: no upstream makes the gateway buffer without bound. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const MAX_LINE_BYTES = 4 * 1024 * 1024;
/** Of an error body, only this much is read (for its message). */
const MAX_ERROR_BYTES = 64 * 1024;
const CONTENT_POLICY = /content[_ ]?(policy|filter|management)|safety/i;
const NETWORK_CODES = /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR_\w+)$/;
const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UPSTREAM_TIMEOUT',
]);
const MISTRAL_JSON_INSTRUCTION = 'You MUST answer with JSON.';

export class OpenAIWireProvider implements Provider {
  readonly name: string;
  readonly kind: ProviderKind;
  readonly defaultModel: string;
  readonly defaultEmbeddingModel: string | undefined;
  readonly models: readonly string[];
  private readonly dialect: WireDialect;
  private readonly timeoutMs: number;
  private readonly origin: string;
  /** The same server, as the streamed calls' client (stream-http.ts) addresses it. */
  private readonly target: StreamTarget;
  private readonly path: string;
  /** Text completions (/v1/completions), which OpenAI-compatible servers serve beside chat. */
  private readonly textPath: string;
  private readonly headers: Record<string, string>;
  private readonly sdk: OpenAIWireOptions['sdk'];

  constructor(options: OpenAIWireOptions) {
    this.name = options.name;
    this.kind = options.kind;
    this.dialect = options.dialect;
    this.defaultModel = options.defaultModel;
    this.defaultEmbeddingModel = options.sdk.defaultEmbeddingModel;
    this.models = options.models;
    this.timeoutMs = options.timeoutMs;
    this.sdk = options.sdk;
    const url = new URL(`${options.baseUrl}/chat/completions`);
    this.origin = url.origin;
    this.path = url.pathname + url.search;
    const textUrl = new URL(`${options.baseUrl}/completions`);
    this.textPath = textUrl.pathname + textUrl.search;
    this.headers = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(options.apiKey && { authorization: `Bearer ${options.apiKey}` }),
    };
    this.target = streamTarget(url.origin, this.headers);
  }

  async chat(messages: ChatMessage[], asked: ChatOptions = {}): Promise<ChatResult> {
    const model = asked.model ?? this.defaultModel;
    const started = performance.now();
    const signal = asked.signal;
    try {
      const options = resolveThink(this.kind, this.name, asked);
      refuseUnsupportedOptions(this.kind, this.name, options);
      refuseUnsupportedMessages(this.kind, this.name, messages);
      const textCompletion = this.isTextCompletion(options);
      const response = textCompletion
        ? await this.send(textCompletionBody(model, options, false), signal, this.textPath)
        : await this.send(requestBody(this.dialect, model, messages, options, false), signal);
      // A declared length within bounds is read by undici in one go; otherwise chunk by chunk, bounded.
      const length = Number(response.headers['content-length']);
      const raw =
        length >= 0 && length <= MAX_BODY_BYTES
          ? await response.body.text()
          : await readBody(response.body, MAX_BODY_BYTES, this.name);
      let answer: ChatCompletion;
      try {
        const parsed: unknown = JSON.parse(raw);
        answer = (textCompletion ? asChatCompletion(parsed) : parsed) as ChatCompletion;
      } catch (error) {
        throw malformed(this.name, response.statusCode, `invalid JSON (${(error as Error).message})`);
      }
      const wireChoices = answer?.choices;
      if (!Array.isArray(wireChoices) || wireChoices.length === 0) {
        throw malformed(this.name, response.statusCode, 'the answer has no choices');
      }
      const choices: ChatChoice[] = [];
      for (const choice of wireChoices) {
        if (!choice || typeof choice !== 'object' || !choice.message)
          throw malformed(this.name, response.statusCode, 'an answer choice has no message');
        choices[typeof choice.index === 'number' ? choice.index : choices.length] = toChoice(choice);
      }
      const prefix = textCompletion ? undefined : this.answerPrefix(messages);
      if (prefix !== undefined)
        for (const choice of choices) if (choice) choice.text = withoutEchoedPrefix(choice.text, prefix);
      const first = choices[0];
      if (!first) throw malformed(this.name, response.statusCode, 'the answer has no choice 0');
      return {
        ...first,
        usage: toUsage(answer.usage),
        model: typeof answer.model === 'string' && answer.model ? answer.model : model,
        provider: this.name,
        latencyMs: performance.now() - started,
        ...(choices.length > 1 && { choices }),
      };
    } catch (error) {
      throw this.providerError(error, signal);
    }
  }

  /**
   * The call is sent when the first event is asked for; from then on the answer's events are decoded
   * as its bytes arrive (WireStreamDecoder, read through BodyEvents: no generator per stream).
   */
  stream(messages: ChatMessage[], asked: ChatOptions = {}): AsyncIterable<StreamEvent> {
    return {
      [Symbol.asyncIterator]: () => {
        let events: BodyEvents<StreamEvent> | undefined;
        let stopped = false;
        return {
          next: () => {
            if (events !== undefined) return events.next();
            // Stopped, or its start failed: done, as a generator that threw would be.
            if (stopped) return Promise.resolve({ done: true, value: undefined });
            return this.openStream(messages, asked).then(
              (opened) => {
                events = opened;
                return stopped ? opened.return() : opened.next();
              },
              (error: unknown) => {
                stopped = true;
                throw error;
              },
            );
          },
          return: () => {
            stopped = true;
            return events !== undefined ? events.return() : Promise.resolve({ done: true, value: undefined });
          },
        };
      },
    };
  }

  /** Sends a streamed call; its answer's events, once its head has come with a 2xx status. */
  private async openStream(messages: ChatMessage[], asked: ChatOptions): Promise<BodyEvents<StreamEvent>> {
    const model = asked.model ?? this.defaultModel;
    const started = performance.now();
    const signal = asked.signal;
    try {
      const options = resolveThink(this.kind, this.name, asked);
      refuseUnsupportedOptions(this.kind, this.name, options);
      refuseUnsupportedMessages(this.kind, this.name, messages);
      const textCompletion = this.isTextCompletion(options);
      const response = textCompletion
        ? await this.sendForStream(textCompletionBody(model, options, true), signal, this.textPath)
        : await this.sendForStream(requestBody(this.dialect, model, messages, options, true), signal);
      const decoder = new WireStreamDecoder(this.name, model, started, textCompletion, (error) =>
        this.providerError(error, signal),
      );
      const prefix = textCompletion ? undefined : this.answerPrefix(messages);
      return new BodyEvents(
        response.body,
        prefix === undefined ? decoder : new PrefixEchoDecoder(decoder, prefix),
      );
    } catch (error) {
      throw this.providerError(error, signal);
    }
  }

  embed(texts: string[], options?: EmbedOptions): Promise<EmbedResult> {
    return this.sdk.embed(texts, options);
  }

  testConnection(signal?: AbortSignal): Promise<ConnectionStatus> {
    return this.sdk.testConnection(signal);
  }

  /** Mistral: the start a conversation's closing assistant message gives the answer (prefix-echo.ts). */
  private answerPrefix(messages: readonly ChatMessage[]): string | undefined {
    if (this.dialect !== 'mistral') return undefined;
    const last = messages.at(-1);
    if (last === undefined) return undefined;
    const wire = wireMessage(this.dialect, last, 'system');
    return isAnswerPrefix(wire) ? (wire.content as string) : undefined;
  }

  /** A text completion with a raw prompt goes to an OpenAI-compatible server's /completions as it is. */
  private isTextCompletion(options: ChatOptions): boolean {
    return options.textPrompt !== undefined && this.dialect === 'openai-compatible';
  }

  /** POSTs the body; an answer other than 2xx becomes a classified ProviderError. */
  private async send(
    body: string,
    signal: AbortSignal | undefined,
    path = this.path,
  ): Promise<Dispatcher.ResponseData> {
    if (signal?.aborted) throw signal.reason;
    const response = await upstreamAgent.request({
      origin: this.origin,
      path,
      method: 'POST',
      headers: this.headers,
      body,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      ...(signal && { signal }),
    });
    return this.checked(response);
  }

  /** `send` for a streamed answer, through Node's client (see stream-http.ts for why). */
  private async sendForStream(
    body: string,
    signal: AbortSignal | undefined,
    path = this.path,
  ): Promise<StreamResponse> {
    if (signal?.aborted) throw signal.reason;
    const response = await postForStream(this.target, path, body, {
      timeoutMs: this.timeoutMs,
      signal,
    });
    return this.checked(response);
  }

  /** The answer when its status is 2xx; otherwise its error body read (bounded) into a ProviderError. */
  private async checked<R extends { statusCode: number; headers: StatusHeaders; body: Readable }>(
    response: R,
  ): Promise<R> {
    if (response.statusCode >= 200 && response.statusCode < 300) return response;
    let text = '';
    try {
      text = await readBody(response.body, MAX_ERROR_BYTES, this.name, true);
    } catch {
      // The status says enough.
    }
    throw statusError(this.name, response.statusCode, response.headers, text);
  }

  /** What any failure of a call becomes, classified like the AI SDK path. */
  private providerError(error: unknown, signal: AbortSignal | undefined): ProviderError {
    if (error instanceof ProviderError) return error;
    if (signal?.aborted) {
      return new ProviderError('aborted', 'The request was cancelled', {
        provider: this.name,
        retryable: false,
      });
    }
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
      return new ProviderError('timeout', `${this.name} did not answer within ${this.timeoutMs} ms`, {
        provider: this.name,
      });
    }
    if (isNetworkError(error)) {
      return new ProviderError('network', `${this.name} connection failed: ${firstLine(message)}`, {
        provider: this.name,
        cause: error,
      });
    }
    return new ProviderError('bad_response', `${this.name} call failed: ${firstLine(message)}`, {
      provider: this.name,
      cause: error,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------

/** OpenAI's content parts: what a user message with images is sent as (Mistral and the open servers share it). */
type WirePart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } };

interface WireMessage {
  role: string;
  content: string | WirePart[] | null;
  name?: string;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  /** Open servers: an earlier answer's thinking, sent back. */
  reasoning_content?: string;
  /** Mistral: this closing assistant message is the start of the answer (prefix-echo.ts). */
  prefix?: true;
}

function wireMessage(dialect: WireDialect, message: ChatMessage, systemRole: string): WireMessage {
  switch (message.role) {
    case 'system':
      return named(dialect, { role: systemRole, content: message.content }, message.name);
    case 'tool':
      return {
        role: 'tool',
        content: message.content,
        tool_call_id: message.toolCallId ?? '',
        ...(message.name !== undefined && { name: message.name }),
      };
    case 'assistant': {
      const calls = message.toolCalls;
      // An earlier answer's thinking goes back to an open server as it returned it (llama.cpp's server
      // gives it to the chat templates that use it, gpt-oss's in a tool loop).
      const thinking = dialect === 'openai-compatible' ? thinkingText(message.reasoning) : '';
      if (!calls || calls.length === 0)
        return named(
          dialect,
          { role: 'assistant', content: message.content, ...(thinking && { reasoning_content: thinking }) },
          message.name,
        );
      return named(
        dialect,
        {
          role: 'assistant',
          content: message.content.length > 0 ? message.content : null,
          ...(thinking && { reasoning_content: thinking }),
          tool_calls: calls.map((call) => ({
            id: call.id,
            type: 'function' as const,
            function: { name: call.name, arguments: call.arguments },
          })),
        },
        message.name,
      );
    }
    default:
      return named(
        dialect,
        { role: message.role, content: message.parts ? message.parts.map(wirePart) : message.content },
        message.name,
      );
  }
}

function wirePart(part: ContentPart): WirePart {
  if (part.type === 'text') return part;
  return {
    type: 'image_url',
    image_url: { url: imageUrl(part), ...(part.detail !== undefined && { detail: part.detail }) },
  };
}

/** OpenAI's `name` field; Mistral has none, so there the speaker leads the text. */
function named(dialect: WireDialect, message: WireMessage, name: string | undefined): WireMessage {
  if (name === undefined) return message;
  if (dialect !== 'mistral') return { ...message, name };
  if (Array.isArray(message.content))
    return { ...message, content: [{ type: 'text', text: `${name}:` }, ...message.content] };
  return { ...message, content: `${name}: ${message.content ?? ''}` };
}

/** The request JSON for one call, as the AI SDK's provider for the dialect would send it. */
export function requestBody(
  dialect: WireDialect,
  model: string,
  messages: readonly ChatMessage[],
  options: ChatOptions,
  stream: boolean,
): string {
  const reasoning = dialect === 'openai' && isOpenAIReasoningModel(model);
  const systemRole = reasoning ? 'developer' : 'system';
  let wire: WireMessage[] = [];
  if (options.system) wire.push({ role: systemRole, content: options.system });
  for (const message of messages) wire.push(wireMessage(dialect, message, systemRole));
  const json = options.jsonSchema !== undefined || options.json === true;
  if (dialect === 'mistral' && json && options.jsonSchema === undefined) wire = withJsonInstruction(wire);
  if (dialect === 'mistral') markAnswerPrefix(wire);

  const body: Record<string, unknown> = { model };
  let temperature = options.temperature;
  let topP = options.topP;
  if (reasoning || /^gpt-4o(-mini)?-search-preview/.test(model)) temperature = undefined;
  if (reasoning) topP = undefined;
  if (options.maxTokens !== undefined)
    body[reasoning ? 'max_completion_tokens' : 'max_tokens'] = options.maxTokens;
  if (temperature !== undefined) body.temperature = temperature;
  if (topP !== undefined) body.top_p = topP;
  if (json) body.response_format = responseFormat(dialect, options);
  if (options.stop !== undefined) body.stop = options.stop;
  if (options.seed !== undefined) body[dialect === 'mistral' ? 'random_seed' : 'seed'] = options.seed;
  if (options.n !== undefined && options.n !== 1) body.n = options.n;
  if (options.frequencyPenalty !== undefined) body.frequency_penalty = options.frequencyPenalty;
  if (options.presencePenalty !== undefined) body.presence_penalty = options.presencePenalty;
  if (options.topK !== undefined) body.top_k = options.topK;
  // Only an OpenAI-compatible server gets here with samplers: every other dialect refused them.
  if (dialect === 'openai-compatible') Object.assign(body, forwardedSamplers(options.samplers));
  if (options.logitBias !== undefined) body.logit_bias = options.logitBias;
  if (options.logprobs) {
    body.logprobs = true;
    if (options.topLogprobs !== undefined) body.top_logprobs = options.topLogprobs;
  }
  if (options.user !== undefined) body.user = options.user;
  // OpenAI takes the end user's id by its newer name; the open servers know only `user`.
  if (options.safetyIdentifier !== undefined) {
    if (dialect === 'openai') body.safety_identifier = options.safetyIdentifier;
    else body.user ??= options.safetyIdentifier;
  }
  // OpenAI's own prompt cache: other servers have none to route to.
  if (options.promptCacheKey !== undefined && dialect === 'openai')
    body.prompt_cache_key = options.promptCacheKey;
  if (options.reasoningEffort !== undefined) body.reasoning_effort = options.reasoningEffort;
  // Only OpenAI gets here with it: every other dialect refused it.
  if (options.verbosity !== undefined) body.verbosity = options.verbosity;
  if (options.metadata !== undefined) body.metadata = options.metadata;
  if (options.store !== undefined) body.store = options.store;
  if (options.serviceTier !== undefined) body.service_tier = options.serviceTier;
  if (options.tools !== undefined && options.tools.length > 0) {
    body.tools = options.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined && { description: tool.description }),
        parameters: tool.parameters,
        ...(tool.strict !== undefined && { strict: tool.strict }),
      },
    }));
    if (options.toolChoice !== undefined) body.tool_choice = wireToolChoice(dialect, options.toolChoice);
    if (options.parallelToolCalls !== undefined) body.parallel_tool_calls = options.parallelToolCalls;
  }
  body.messages = wire;
  if (stream) {
    body.stream = true;
    // Mistral always reports usage on its last chunk; the others only when asked.
    if (dialect !== 'mistral') body.stream_options = { include_usage: true };
  }
  return JSON.stringify(body);
}

/** Mistral calls "required" "any". */
function wireToolChoice(dialect: WireDialect, choice: ToolChoice): unknown {
  if (typeof choice === 'object') return { type: 'function', function: { name: choice.name } };
  return dialect === 'mistral' && choice === 'required' ? 'any' : choice;
}

/** The schema travels to every dialect: OpenAI-compatible servers (llama.cpp, vLLM, Ollama) constrain to it. */
function responseFormat(dialect: WireDialect, options: ChatOptions): Record<string, unknown> {
  if (options.jsonSchema === undefined) return { type: 'json_object' };
  const strict = options.jsonSchemaStrict ?? (dialect === 'openai' ? true : undefined);
  return {
    type: 'json_schema',
    json_schema: {
      name: options.jsonSchemaName ?? 'response',
      schema: options.jsonSchema,
      ...(strict !== undefined && { strict }),
    },
  };
}

/**
 * Mistral refuses a conversation that ends with an assistant message unless it is marked as the
 * answer's start, as the AI SDK's Mistral provider marks it. An empty one gives nothing to continue
 * (Anthropic reads it so) and is left out: a prefix of nothing sets Mistral's models rambling.
 */
function markAnswerPrefix(wire: WireMessage[]): void {
  const last = wire.at(-1);
  if (last === undefined || last.role !== 'assistant' || last.tool_calls !== undefined) return;
  if (isAnswerPrefix(last)) last.prefix = true;
  else if (wire.length > 1) wire.pop();
}

/** A closing assistant message Mistral continues: text, no tool calls. */
function isAnswerPrefix(message: WireMessage): boolean {
  return (
    message.role === 'assistant' &&
    message.tool_calls === undefined &&
    typeof message.content === 'string' &&
    message.content.length > 0
  );
}

/** Mistral's JSON mode without a schema: the instruction goes into the (first) system message. */
function withJsonInstruction(messages: WireMessage[]): WireMessage[] {
  const first = messages[0];
  if (first?.role === 'system') {
    const content = first.content
      ? `${first.content}\n\n${MISTRAL_JSON_INSTRUCTION}`
      : MISTRAL_JSON_INSTRUCTION;
    return [{ role: 'system', content }, ...messages.slice(1)];
  }
  return [{ role: 'system', content: MISTRAL_JSON_INSTRUCTION }, ...messages];
}

/** o-series and GPT-5 and later (but not the gpt-5 chat models): system → developer, no sampling options. */
export function isOpenAIReasoningModel(model: string): boolean {
  if (/^o\d+(?:-|$)/.test(model)) return true;
  const gpt = /^gpt-(\d+)(?:\.(\d+))?(?:-(.+))?$/.exec(model);
  if (!gpt || Number(gpt[1]) < 5) return false;
  const isChat = gpt[2] === undefined && (gpt[3]?.startsWith('chat') ?? false);
  return !isChat;
}

// ---------------------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------------------

interface WireUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
}

type WireContent =
  | string
  | null
  | undefined
  | Array<{ type?: string; text?: string; thinking?: Array<{ type?: string; text?: string }> }>;

/** Where an answer's or a delta's text and thinking are. */
interface WireText {
  content?: WireContent;
  /** The thinking, as llama.cpp's server, vLLM, LM Studio and DeepSeek send it. */
  reasoning_content?: string | null;
  /** The same, as vLLM's newer versions, Ollama and OpenRouter name it. */
  reasoning?: string | null;
}

interface WireToolCall {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

interface WireLogprobs {
  content?: Array<{
    token?: string;
    logprob?: number;
    bytes?: number[] | null;
    top_logprobs?: Array<{ token?: string; logprob?: number; bytes?: number[] | null }>;
  }> | null;
}

interface WireChoice {
  index?: number;
  message?: WireText & { refusal?: string | null; tool_calls?: WireToolCall[] | null };
  finish_reason?: string | null;
  logprobs?: WireLogprobs | null;
}

interface ChatCompletion {
  model?: string;
  choices?: WireChoice[];
  usage?: WireUsage | null;
}

interface ChatChunk {
  model?: string;
  choices?: Array<{
    index?: number;
    delta?: (WireText & { refusal?: string | null; tool_calls?: WireToolCall[] | null }) | null;
    finish_reason?: string | null;
    logprobs?: WireLogprobs | null;
  }>;
  usage?: WireUsage | null;
  error?: unknown;
}

function toChoice(choice: WireChoice): ChatChoice {
  const message = choice.message ?? {};
  const refusal = typeof message.refusal === 'string' ? message.refusal : '';
  const result: ChatChoice = {
    text: contentText(message.content) + refusal,
    finishReason: toFinishReason(choice.finish_reason, refusal.length > 0),
  };
  const toolCalls: ToolCall[] = [];
  for (const call of message.tool_calls ?? []) {
    if (call?.function?.name === undefined) continue;
    toolCalls.push({
      id: call.id ?? `call_${toolCalls.length}`,
      name: call.function.name,
      arguments: call.function.arguments ?? '',
    });
  }
  if (toolCalls.length > 0) result.toolCalls = toolCalls;
  // An open server's thinking has no signature: it is the model's own text, not a vendor's proof.
  const thinking = wireThinking(message);
  if (thinking.length > 0) result.reasoning = [{ type: 'thinking', text: thinking, signature: '' }];
  const logprobs = toLogprobs(choice.logprobs);
  if (logprobs) result.logprobs = logprobs;
  return result;
}

function toolCallEvent(call: WireToolCall, choice: number): StreamEvent {
  const event: Extract<StreamEvent, { type: 'tool-call-delta' }> = {
    type: 'tool-call-delta',
    index: typeof call.index === 'number' ? call.index : 0,
    arguments: call.function?.arguments ?? '',
  };
  if (call.id) event.id = call.id;
  if (call.function?.name) event.name = call.function.name;
  if (choice !== 0) event.choice = choice;
  return event;
}

function toLogprobs(logprobs: WireLogprobs | null | undefined): TokenLogprob[] | undefined {
  const content = logprobs?.content;
  if (!Array.isArray(content)) return undefined;
  return content.map((entry) => ({
    token: String(entry?.token ?? ''),
    logprob: Number(entry?.logprob ?? 0),
    bytes: Array.isArray(entry?.bytes) ? entry.bytes : null,
    topLogprobs: (entry?.top_logprobs ?? []).map((top) => ({
      token: String(top?.token ?? ''),
      logprob: Number(top?.logprob ?? 0),
      bytes: Array.isArray(top?.bytes) ? top.bytes : null,
    })),
  }));
}

/** Content is a string; Mistral may send parts (text and "thinking"): the text parts. */
function contentText(content: WireContent): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) if (part?.type === 'text' && typeof part.text === 'string') text += part.text;
  return text;
}

/**
 * The model's thinking beside its answer: `reasoning_content` or `reasoning` (one server may send both,
 * the same text under two names: the first is taken), or Mistral's `thinking` parts.
 */
function wireThinking(fields: WireText): string {
  if (typeof fields.reasoning_content === 'string' && fields.reasoning_content.length > 0)
    return fields.reasoning_content;
  if (typeof fields.reasoning === 'string') return fields.reasoning;
  const content = fields.content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (part?.type !== 'thinking' || !Array.isArray(part.thinking)) continue;
    for (const piece of part.thinking) if (typeof piece?.text === 'string') text += piece.text;
  }
  return text;
}

function toUsage(usage: WireUsage | null | undefined): Usage {
  const inputTokens = Number(usage?.prompt_tokens ?? 0) || 0;
  const outputTokens = Number(usage?.completion_tokens ?? 0) || 0;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

function toFinishReason(reason: string | null | undefined, refused: boolean): FinishReason {
  switch (reason) {
    case 'stop':
      return refused ? 'content_filter' : 'stop';
    case 'length':
    case 'model_length':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    case 'function_call':
    case 'tool_calls':
      return 'tool_calls';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}

/**
 * One streamed answer's events, decoded from the server-sent events of OpenAI's chunks as the bytes
 * arrive: a delta per text (the common token through the stream's ChunkTemplate, anything else
 * parsed whole), a tool-call delta per piece of a call, and at the end, `done` with the usage, the
 * finish reasons (one per answer when n > 1), the model the server named and the timings. A chunk
 * carrying an error fails the stream, as does an end before both the finish reason and `[DONE]`.
 */
class WireStreamDecoder implements BodyDecoder<StreamEvent> {
  private readonly parser = new SseParser(MAX_LINE_BYTES);
  /** Text completions are reshaped from another form first: only chat chunks take the fast path. */
  private readonly template: ChunkTemplate | undefined;
  private firstTokenMs: number | null = null;
  private usage: Usage | undefined;
  /** By answer index: a call with n > 1 streams several answers interleaved. */
  private readonly finishes: string[] = [];
  private readonly refused: boolean[] = [];
  private sawOutput = false;
  private modelSeen = false;

  constructor(
    private readonly provider: string,
    private model: string,
    private readonly started: number,
    private readonly textCompletion: boolean,
    readonly failure: (error: unknown) => ProviderError,
  ) {
    this.template = textCompletion ? undefined : new ChunkTemplate();
  }

  push(chunk: Buffer, emit: (event: StreamEvent) => void): boolean {
    const events = this.parser.push(chunk);
    if (events === undefined) throw malformed(this.provider, 200, 'an SSE line longer than allowed');
    for (const data of events) {
      if (data === '[DONE]') {
        emit(this.done());
        return true;
      }
      // The common token: the stream's template around a new text (see chunk-template.ts).
      const templated = this.template?.textOf(data);
      if (templated !== undefined) {
        if (templated.length > 0) {
          this.sawOutput = true;
          this.firstTokenMs ??= performance.now() - this.started;
          emit({ type: 'delta', text: templated });
        }
        continue;
      }
      this.chunk(data, emit);
    }
    return false;
  }

  /** The body ended without `[DONE]`: whole if the answer had finished, else cut short. */
  end(emit: (event: StreamEvent) => void): void {
    if (this.finishes[0] === undefined) {
      throw new ProviderError('bad_response', `${this.provider} stream ended before it finished`, {
        provider: this.provider,
      });
    }
    emit(this.done());
  }

  /** A chunk off the template: parsed whole. */
  private chunk(data: string, emit: (event: StreamEvent) => void): void {
    let value: ChatChunk;
    try {
      const parsed: unknown = JSON.parse(data);
      value = (this.textCompletion ? asChatChunk(parsed) : parsed) as ChatChunk;
    } catch (error) {
      throw malformed(this.provider, 200, `invalid JSON in the stream (${(error as Error).message})`);
    }
    if (value === null || typeof value !== 'object')
      throw malformed(this.provider, 200, 'a chunk is not an object');
    if (value.error !== undefined) throw streamError(this.provider, value.error, this.sawOutput);
    if (!this.modelSeen && typeof value.model === 'string' && value.model) {
      this.model = value.model;
      this.modelSeen = true;
    }
    if (value.usage) this.usage = toUsage(value.usage);
    this.template?.learn(data, value);
    const choices = value.choices;
    if (!choices) return;
    for (const choice of choices) {
      const index = typeof choice.index === 'number' ? choice.index : 0;
      if (choice.finish_reason != null) this.finishes[index] = choice.finish_reason;
      const delta = choice.delta;
      if (!delta) continue;
      const thinking = wireThinking(delta);
      if (thinking.length > 0) {
        this.sawOutput = true;
        emit(
          index === 0
            ? { type: 'reasoning-delta', text: thinking }
            : { type: 'reasoning-delta', text: thinking, choice: index },
        );
      }
      let text = contentText(delta.content);
      if (typeof delta.refusal === 'string' && delta.refusal.length > 0) {
        this.refused[index] = true;
        text += delta.refusal;
      }
      const logprobs = toLogprobs(choice.logprobs);
      if (text.length > 0 || logprobs) {
        this.sawOutput = true;
        this.firstTokenMs ??= performance.now() - this.started;
        const event: StreamEvent = { type: 'delta', text };
        if (index !== 0) event.choice = index;
        if (logprobs) event.logprobs = logprobs;
        emit(event);
      }
      if (!Array.isArray(delta.tool_calls)) continue;
      for (const call of delta.tool_calls) {
        this.sawOutput = true;
        this.firstTokenMs ??= performance.now() - this.started;
        emit(toolCallEvent(call, index));
      }
    }
  }

  private done(): StreamEvent {
    const finishes = this.finishes;
    const finish = finishes[0];
    return {
      type: 'done',
      usage: this.usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      finishReason: finish === undefined ? 'other' : toFinishReason(finish, this.refused[0] === true),
      ...(finishes.length > 1 && {
        finishReasons: Array.from(finishes, (reason, index) =>
          reason === undefined ? 'other' : toFinishReason(reason, this.refused[index] === true),
        ),
      }),
      model: this.model,
      provider: this.provider,
      latencyMs: performance.now() - this.started,
      firstTokenMs: this.firstTokenMs,
    };
  }
}

/**
 * Server-sent events, parsed as the bytes arrive: complete lines are handled at once and only the
 * unfinished last line is kept (up to `maxBytes`). Returns each event's data; undefined when a line
 * (or an event's data) grows past the bound.
 *
 * Hand-written hot path: it runs once per upstream read, for every streamed token. Lines are found
 * in the bytes and only a `data:` line's value is decoded, whole: a newline byte never falls inside
 * a multi-byte UTF-8 character, so no streaming decoder is needed. Against decoding each read with
 * a streaming TextDecoder first, a 40-token stream of OpenAI chunks, one per read, went from 1.7-2.2
 * to 1.4-1.8 µs a chunk with each event's JSON.parse (median of 15 runs), about 0.35 µs a token.
 */
export class SseParser {
  private readonly maxBytes: number;
  /** The unfinished last line's bytes (a copy: the read's buffer is not held). */
  private pending: Buffer | undefined;
  private data: string | undefined;
  private started = false;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  push(chunk: Uint8Array): string[] | undefined {
    let bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.pending !== undefined) {
      bytes = Buffer.concat([this.pending, bytes]);
      this.pending = undefined;
    }
    let start = 0;
    // A byte order mark may open the stream (as the TextDecoder this replaced, and the SSE spec, skip it).
    if (!this.started && bytes.length > 0) {
      if (bytes.length < 3 && BOM.subarray(0, bytes.length).equals(bytes)) {
        this.pending = Buffer.from(bytes);
        return [];
      }
      this.started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    }
    const out: string[] = [];
    for (;;) {
      const newline = bytes.indexOf(NEWLINE, start);
      if (newline === -1) break;
      let end = newline;
      if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end -= 1;
      this.line(bytes, start, end, out);
      start = newline + 1;
    }
    if (start < bytes.length) {
      if (bytes.length - start > this.maxBytes) return undefined;
      this.pending = Buffer.from(bytes.subarray(start));
    }
    if ((this.data?.length ?? 0) > this.maxBytes) return undefined;
    return out;
  }

  private line(bytes: Buffer, start: number, end: number, out: string[]): void {
    if (start === end) {
      // A blank line ends the event.
      if (this.data !== undefined) out.push(this.data);
      this.data = undefined;
      return;
    }
    // `data:` lines only (event names, ids, retry hints and comments carry nothing we use).
    if (!isDataField(bytes, start, end)) return;
    const valueStart = bytes[start + 5] === SPACE ? start + 6 : start + 5;
    const value = valueStart < end ? bytes.toString('utf8', valueStart, end) : '';
    this.data = this.data === undefined ? value : `${this.data}\n${value}`;
  }
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Whether the line from `start` to `end` begins with `data:`. */
function isDataField(bytes: Buffer, start: number, end: number): boolean {
  return (
    end - start >= 5 &&
    bytes[start] === 0x64 && // d
    bytes[start + 1] === 0x61 && // a
    bytes[start + 2] === 0x74 && // t
    bytes[start + 3] === 0x61 && // a
    bytes[start + 4] === 0x3a // :
  );
}

/** Reads a response body whole, refusing more than `max` bytes (or, with `truncate`, keeping the first `max`). */
async function readBody(body: Readable, max: number, provider: string, truncate = false): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.on('error', () => {}).destroy();
      if (truncate) break;
      throw malformed(provider, 200, `an answer larger than ${max} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
}

// ---------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------

function malformed(provider: string, status: number, detail: string): ProviderError {
  return new ProviderError('bad_response', `${provider} sent a malformed or truncated response: ${detail}`, {
    provider,
    upstreamStatus: status,
  });
}

/** An upstream error answer: its status classified, its message (never the request) kept. */
/** Response headers as either client gives them (only `retry-after` is read). */
type StatusHeaders = Record<string, string | string[] | undefined>;

function statusError(provider: string, status: number, headers: StatusHeaders, body: string): ProviderError {
  let code: ProviderErrorCode = codeForStatus(status);
  const message = errorMessage(body) ?? `HTTP ${status}`;
  if (code === 'upstream_bad_request' && CONTENT_POLICY.test(`${message} ${body}`)) code = 'content_policy';
  const header = headers['retry-after'];
  const retryAfter = parseRetryAfter(Array.isArray(header) ? header[0] : header);
  const detail =
    code === 'upstream_auth' ? 'the upstream rejected the configured credentials' : firstLine(message);
  return new ProviderError(code, `${provider} answered ${status}: ${detail}`, {
    provider,
    upstreamStatus: status,
    ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }),
  });
}

/** The message of an error body: OpenAI's `{error: {message}}`, Mistral's `{message}`, or plain text. */
function errorMessage(body: string): string | undefined {
  if (body.length === 0) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof parsed.error === 'object' && typeof parsed.error?.message === 'string')
      return parsed.error.message;
    if (typeof parsed.error === 'string') return parsed.error;
    if (typeof parsed.message === 'string') return parsed.message;
    if (parsed.message !== undefined) return JSON.stringify(parsed.message);
  } catch {
    // not JSON: the text itself
  }
  return body;
}

/**
 * An `error` object inside a stream. Before any output it is the upstream refusing the call (its
 * status or type says how); after output the answer is broken: bad_response, which may be retried.
 */
function streamError(provider: string, error: unknown, sawOutput: boolean): ProviderError {
  const record = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as {
    message?: unknown;
    code?: unknown;
    type?: unknown;
  };
  const message = typeof record.message === 'string' ? record.message : 'stream error';
  const status = sawOutput ? undefined : streamErrorStatus(record.code, record.type);
  if (status === undefined) {
    return new ProviderError('bad_response', `${provider} stream failed: ${firstLine(message)}`, {
      provider,
    });
  }
  const code: ProviderErrorCode =
    status === 400 && CONTENT_POLICY.test(`${message} ${String(record.code)}`)
      ? 'content_policy'
      : codeForStatus(status);
  return new ProviderError(code, `${provider} answered ${status}: ${firstLine(message)}`, {
    provider,
    upstreamStatus: status,
    ...(record.code === 'insufficient_quota' && { retryable: false }),
  });
}

function streamErrorStatus(code: unknown, type: unknown): number | undefined {
  const numeric =
    typeof code === 'number' ? code : typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : NaN;
  if (numeric >= 400 && numeric < 600) return numeric;
  const words = [code, type]
    .filter((value) => typeof value === 'string')
    .join(' ')
    .toLowerCase();
  if (words.includes('insufficient_quota') || words.includes('rate_limit')) return 429;
  if (words.includes('authentication')) return 401;
  if (words.includes('permission')) return 403;
  if (words.includes('not_found')) return 404;
  if (words.includes('invalid') || words.includes('bad_request') || words.includes('context_length'))
    return 400;
  if (words.includes('server_error') || words.includes('overloaded') || words.includes('unavailable'))
    return 503;
  return undefined;
}

function isNetworkError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: string; message?: string };
    if (code && NETWORK_CODES.test(code)) return true;
    if (message && /fetch failed|terminated|socket hang up|other side closed/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

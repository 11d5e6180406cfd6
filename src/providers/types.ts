/**
 * The one provider interface every model backend implements (the "handle" of the map), and the
 * vocabulary every layer shares: messages (with tool calls and tool results), call options, results
 * and stream events. Nothing above `providers/` sees a vendor's wire format: only these types.
 * Types only: this module holds no code, so it can move below the gateway without dragging anything.
 */

/** `tool`: a tool's result, answering one of the assistant's tool calls (see `toolCallId`). */
export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export interface ChatMessage {
  role: ChatRole;
  /**
   * The text; '' for an assistant message that only calls tools. A tool message's result as text.
   * With `parts`, the text of its text parts (so every layer that reads only text keeps working).
   */
  content: string;
  /**
   * User and tool messages that carry images: the message's text and images in the order the client
   * sent them. Absent for text-only messages (the common case); `content` then is the whole message.
   */
  parts?: ContentPart[];
  /** Optional speaker name (an NPC, a player). */
  name?: string;
  /** Assistant messages: the tools it called, in order. */
  toolCalls?: ToolCall[];
  /** Tool messages: the id of the call this result answers. */
  toolCallId?: string;
}

/** A piece of a message: text, or an image the model looks at. */
export type ContentPart = { type: 'text'; text: string } | ImagePart;

/** OpenAI's resolution hint: `low` (a 512 px thumbnail), `high` (tiles), `auto` (the vendor decides). */
export type ImageDetail = 'auto' | 'low' | 'high';

/**
 * An image in a message. `base64`: its bytes inline (a data: URL, Anthropic's base64 source), with
 * the media type the client declared (image/png, image/jpeg, image/gif or image/webp); `url`: an
 * http(s) address the provider fetches itself.
 */
export interface ImagePart {
  type: 'image';
  source: { type: 'base64'; mediaType: string; data: string } | { type: 'url'; url: string };
  detail?: ImageDetail;
}

/** A JSON Schema (draft 7 subset) the answer must satisfy. */
export type JsonSchema = Record<string, unknown>;

/** A function the model may call. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** The arguments' JSON Schema (an object schema); `{type: 'object', properties: {}}` when it takes none. */
  parameters: JsonSchema;
  /** OpenAI's strict mode: the arguments must follow the schema exactly. */
  strict?: boolean;
}

/**
 * `auto`: the model decides; `none`: no tool call; `required`: at least one call;
 * `{name}`: exactly that function.
 */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** One call of a tool by the model. */
export interface ToolCall {
  /** The provider's id for the call (`call_…`, `toolu_…`); a tool message answers it by this id. */
  id: string;
  /** The function's name. */
  name: string;
  /** The arguments as JSON text, exactly as the model wrote them (it may be invalid JSON). */
  arguments: string;
}

/** One token's log probability, with the most likely alternatives when asked (OpenAI's shape). */
export interface TokenLogprob {
  token: string;
  logprob: number;
  /** UTF-8 bytes of the token; null when the token is not whole characters. */
  bytes: number[] | null;
  topLogprobs: Array<{ token: string; logprob: number; bytes: number[] | null }>;
}

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

export interface ChatOptions {
  /** Extra system prompt, placed before any system messages. */
  system?: string;
  /** The provider's own model id; the provider's default model when omitted. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  /** When set, the answer is JSON valid against this schema. */
  jsonSchema?: JsonSchema;
  /** The schema's name (OpenAI's `json_schema.name`); `response` when omitted. */
  jsonSchemaName?: string;
  /** OpenAI's strict structured outputs for `jsonSchema` (its own default when omitted). */
  jsonSchemaStrict?: boolean;
  /** When set without a schema, the answer is a JSON object. */
  json?: boolean;
  /** Functions the model may call. */
  tools?: ToolDefinition[];
  /** How the model uses `tools`; `auto` when tools are given and this is omitted. */
  toolChoice?: ToolChoice;
  /** False: at most one tool call per answer. Default: the provider's (true for OpenAI). */
  parallelToolCalls?: boolean;
  /** How many alternative answers to generate (OpenAI's `n`); 1 when omitted. */
  n?: number;
  /** Return each output token's log probability. */
  logprobs?: boolean;
  /** With `logprobs`: this many most likely alternatives per token (0–20). */
  topLogprobs?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  /** Sample from the k likeliest tokens only (Anthropic, llama.cpp, vLLM, Ollama); never 0 (0 means off). */
  topK?: number;
  /**
   * The open servers' own sampling fields (min_p, repetition_penalty, mirostat, DRY, grammar...), by
   * the names the client sent, off values too: see samplers.ts for what each provider does with them.
   */
  samplers?: Record<string, unknown>;
  /** Token id (as a string) → bias from -100 to 100. */
  logitBias?: Record<string, number>;
  /** The end user's id, for the upstream's abuse monitoring. */
  user?: string;
  /** Reasoning models: how much to think. */
  reasoningEffort?: ReasoningEffort;
  /** OpenAI's stored-completion options, passed through where the provider has them. */
  metadata?: Record<string, string>;
  store?: boolean;
  serviceTier?: string;
  /**
   * A text completion's raw prompt (/v1/completions). A provider with a text completions endpoint
   * (OpenAI-compatible servers) sends it there as it is; every other provider answers the messages,
   * which hold the same prompt as a continuation request.
   */
  textPrompt?: string;
  /** With `textPrompt`: text that comes after the completion (OpenAI's `suffix`). */
  suffix?: string;
  /** With `textPrompt`: candidates generated server-side to return the best `n` of (OpenAI's `best_of`). */
  bestOf?: number;
  signal?: AbortSignal;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'error' | 'other';

/** One answer of a call: a call with `n > 1` has several. */
export interface ChatChoice {
  text: string;
  /** The tools the model called (finish reason `tool_calls`); absent or empty when none. */
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  /** Per output token, when `logprobs` was asked. */
  logprobs?: TokenLogprob[];
}

export interface ChatResult extends ChatChoice {
  usage: Usage;
  /** The model that answered, as the provider reports it. */
  model: string;
  /** The provider name (its key in config). */
  provider: string;
  latencyMs: number;
  /**
   * Every answer, in order, when more than one was asked (`n > 1`); the first is the same answer
   * as the fields above. Absent for a single answer. Usage covers them all.
   */
  choices?: ChatChoice[];
}

/**
 * A stream's events. Text and tool calls arrive as deltas; `choice` is the answer's index when
 * `n > 1` (0 when absent). The `done` event ends every successful stream.
 */
export type StreamEvent =
  | {
      type: 'delta';
      text: string;
      choice?: number;
      /** The log probabilities of the tokens in this delta, when asked. */
      logprobs?: TokenLogprob[];
    }
  | {
      /**
       * A piece of a tool call. The first piece of call `index` carries its `id` and `name` (and
       * maybe the first arguments); the following pieces only more `arguments` text. Concatenating
       * the `arguments` of one index gives the call's arguments.
       */
      type: 'tool-call-delta';
      /** The call's position in the answer's list of tool calls (0, 1, ...). */
      index: number;
      id?: string;
      name?: string;
      arguments: string;
      choice?: number;
    }
  | {
      type: 'done';
      usage: Usage;
      /** Of the first (or only) answer. */
      finishReason: FinishReason;
      /** With `n > 1`: every answer's finish reason, by index. */
      finishReasons?: FinishReason[];
      model: string;
      provider: string;
      latencyMs: number;
      /** Time from the call to the first text or tool-call delta. */
      firstTokenMs: number | null;
    };

export interface EmbedOptions {
  model?: string;
  dimensions?: number;
  signal?: AbortSignal;
}

export interface EmbedResult {
  embeddings: number[][];
  usage: { inputTokens: number };
  model: string;
  provider: string;
  latencyMs: number;
}

export interface ConnectionStatus {
  ok: boolean;
  latencyMs: number;
  message?: string;
}

export type ProviderKind = 'openai' | 'anthropic' | 'mistral' | 'openai-compatible' | 'offline' | 'mock';

export interface Provider {
  /** The provider's name in config (e.g. `openai`, `ollama`). */
  readonly name: string;
  readonly kind: ProviderKind;
  readonly defaultModel: string;
  readonly defaultEmbeddingModel: string | undefined;
  /** Models this provider advertises (for `/v1/models` and routing of bare model names). */
  readonly models: readonly string[];
  /**
   * Throws a ProviderError `unsupported` naming the option (`param`) when the provider cannot
   * honour an option. Every provider's `chat` and `stream` refuse such options the same way.
   */
  chat(messages: ChatMessage[], options?: ChatOptions): Promise<ChatResult>;
  stream(messages: ChatMessage[], options?: ChatOptions): AsyncIterable<StreamEvent>;
  embed(texts: string[], options?: EmbedOptions): Promise<EmbedResult>;
  testConnection(signal?: AbortSignal): Promise<ConnectionStatus>;
}

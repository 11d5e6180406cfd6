/**
 * The one provider interface every model backend implements (the "handle" of the map).
 * Nothing above `providers/` sees a vendor's wire format: only these types.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** Optional speaker name (an NPC, a player). */
  name?: string;
}

/** A JSON Schema (draft 7 subset) the answer must satisfy. */
export type JsonSchema = Record<string, unknown>;

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
  /** When set without a schema, the answer is a JSON object. */
  json?: boolean;
  signal?: AbortSignal;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'error' | 'other';

export interface ChatResult {
  text: string;
  usage: Usage;
  finishReason: FinishReason;
  /** The model that answered, as the provider reports it. */
  model: string;
  /** The provider name (its key in config). */
  provider: string;
  latencyMs: number;
}

export type StreamEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'done';
      usage: Usage;
      finishReason: FinishReason;
      model: string;
      provider: string;
      latencyMs: number;
      /** Time from the call to the first text delta. */
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
  chat(messages: ChatMessage[], options?: ChatOptions): Promise<ChatResult>;
  stream(messages: ChatMessage[], options?: ChatOptions): AsyncIterable<StreamEvent>;
  embed(texts: string[], options?: EmbedOptions): Promise<EmbedResult>;
  testConnection(signal?: AbortSignal): Promise<ConnectionStatus>;
}

/**
 * The one provider interface every model backend implements (the "handle" of the map). It speaks the
 * shared vocabulary (src/vocabulary: messages, options, results, stream events), which lives below the
 * providers so the layers above name it without importing providers/. Nothing above `providers/` sees
 * a vendor's wire format: only these types.
 */
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  EmbedOptions,
  EmbedResult,
  StreamEvent,
} from '../vocabulary/index.js';

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

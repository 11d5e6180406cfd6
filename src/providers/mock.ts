/**
 * A scripted provider for tests: answers come from a script, in order, then from a fallback.
 * It records every call so a test can check what the gateway sent.
 */
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  EmbedOptions,
  EmbedResult,
  FinishReason,
  StreamEvent,
} from '../vocabulary/index.js';
import { ProviderError, type ProviderErrorCode } from './errors.js';
import type { ConnectionStatus, Provider } from './types.js';

export type MockStep =
  | { text: string; delayMs?: number; finishReason?: FinishReason }
  | { error: ProviderErrorCode; message?: string; retryAfterSeconds?: number; delayMs?: number };

export interface MockProviderOptions {
  name?: string;
  script?: MockStep[];
  /** Answer once the script is used up (default: echo the last user message). */
  fallback?: (messages: ChatMessage[]) => MockStep;
  dimensions?: number;
}

export interface MockCall {
  kind: 'chat' | 'stream' | 'embed';
  messages?: ChatMessage[];
  options?: ChatOptions;
  texts?: string[];
}

export class MockProvider implements Provider {
  readonly name: string;
  readonly kind = 'mock' as const;
  readonly defaultModel = 'mock-1';
  readonly defaultEmbeddingModel = 'mock-embed-1';
  readonly models = ['mock-1', 'mock-embed-1'];
  readonly calls: MockCall[] = [];
  private readonly script: MockStep[];
  private readonly fallback: (messages: ChatMessage[]) => MockStep;
  private readonly dimensions: number;

  constructor(options: MockProviderOptions = {}) {
    this.name = options.name ?? 'mock';
    this.script = [...(options.script ?? [])];
    this.fallback = options.fallback ?? ((messages) => ({ text: `mock: ${messages.at(-1)?.content ?? ''}` }));
    this.dimensions = options.dimensions ?? 8;
  }

  /** Appends steps to the script. */
  enqueue(...steps: MockStep[]): void {
    this.script.push(...steps);
  }

  async chat(messages: ChatMessage[], options: ChatOptions = {}): Promise<ChatResult> {
    this.calls.push({ kind: 'chat', messages, options });
    const started = performance.now();
    const text = await this.next(messages, options.signal);
    return {
      text: text.text,
      usage: usageOf(messages, text.text),
      finishReason: text.finishReason ?? 'stop',
      model: options.model ?? this.defaultModel,
      provider: this.name,
      latencyMs: performance.now() - started,
    };
  }

  async *stream(messages: ChatMessage[], options: ChatOptions = {}): AsyncGenerator<StreamEvent> {
    this.calls.push({ kind: 'stream', messages, options });
    const started = performance.now();
    const step = await this.next(messages, options.signal);
    const words = step.text.match(/\S+\s*/g) ?? [];
    for (const word of words) yield { type: 'delta', text: word };
    yield {
      type: 'done',
      usage: usageOf(messages, step.text),
      finishReason: step.finishReason ?? 'stop',
      model: options.model ?? this.defaultModel,
      provider: this.name,
      latencyMs: performance.now() - started,
      firstTokenMs: words.length > 0 ? 0 : null,
    };
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<EmbedResult> {
    this.calls.push({ kind: 'embed', texts });
    const dimensions = options.dimensions ?? this.dimensions;
    return {
      embeddings: texts.map((text) => {
        const vector = Array.from(
          { length: dimensions },
          (_, i) => ((text.charCodeAt(i % Math.max(1, text.length)) || 1) % 7) + 1,
        );
        const norm = Math.hypot(...vector);
        return vector.map((v) => v / norm);
      }),
      usage: { inputTokens: texts.reduce((sum, text) => sum + wordCount(text), 0) },
      model: options.model ?? this.defaultEmbeddingModel,
      provider: this.name,
      latencyMs: 0,
    };
  }

  async testConnection(): Promise<ConnectionStatus> {
    return { ok: true, latencyMs: 0 };
  }

  private async next(
    messages: ChatMessage[],
    signal: AbortSignal | undefined,
  ): Promise<{ text: string; finishReason?: FinishReason }> {
    const step = this.script.shift() ?? this.fallback(messages);
    if (step.delayMs) await sleep(step.delayMs, signal, this.name);
    if ('error' in step) {
      throw new ProviderError(step.error, step.message ?? `mock ${step.error}`, {
        provider: this.name,
        ...(step.retryAfterSeconds !== undefined && { retryAfterSeconds: step.retryAfterSeconds }),
      });
    }
    return step;
  }
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function usageOf(messages: ChatMessage[], text: string) {
  const inputTokens = messages.reduce((sum, message) => sum + wordCount(message.content), 0);
  const outputTokens = wordCount(text);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

function sleep(ms: number, signal: AbortSignal | undefined, provider: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ProviderError('aborted', 'The request was cancelled', { provider, retryable: false }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Loremaster's embedded default model: no network, no weights, deterministic. It narrates from the
 * prompt (narrator.ts), answers JSON from a schema (json-from-schema.ts) and embeds by feature hashing
 * (embedder.ts). Every call is pure CPU work of microseconds, so it can sit behind the gateway at
 * thousands of requests per second.
 */
import { ProviderError } from '../errors.js';
import { countTextTokens } from '../tokens.js';
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ConnectionStatus,
  EmbedOptions,
  EmbedResult,
  FinishReason,
  Provider,
  StreamEvent,
  Usage,
} from '../types.js';
import { answerWorldRequest } from './analyst/world-requests.js';
import { DEFAULT_DIMENSIONS, offlineEmbed } from './embedder.js';
import { generateFreeJson, generateFromSchema } from './json-from-schema.js';
import { createRng, extractFacts, hashRequest, limitText, narrate, splitWords } from './narrator.js';

export const OFFLINE_MODEL = 'loremaster-offline-1';
export const OFFLINE_EMBEDDING_MODEL = 'loremaster-embed-offline-1';

/** Embeddings wider than this are refused: the vector is allocated per text. */
const MAX_DIMENSIONS = 8192;

/** OpenAI's chat format costs about this many tokens per message (role, separators) and per reply. */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;

export interface OfflineProviderOptions {
  /** The provider's name in config (default "offline"). */
  name?: string;
  defaultModel?: string;
  defaultEmbeddingModel?: string;
}

interface Answer {
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  model: string;
}

export class OfflineProvider implements Provider {
  readonly name: string;
  readonly kind = 'offline' as const;
  readonly defaultModel: string;
  readonly defaultEmbeddingModel: string;
  readonly models: readonly string[];

  constructor(options: OfflineProviderOptions = {}) {
    this.name = options.name ?? 'offline';
    this.defaultModel = options.defaultModel ?? OFFLINE_MODEL;
    this.defaultEmbeddingModel = options.defaultEmbeddingModel ?? OFFLINE_EMBEDDING_MODEL;
    this.models = [this.defaultModel, this.defaultEmbeddingModel];
  }

  async chat(messages: ChatMessage[], options: ChatOptions = {}): Promise<ChatResult> {
    const started = performance.now();
    this.throwIfAborted(options.signal);
    const answer = this.answer(messages, options);
    return { ...answer, provider: this.name, latencyMs: performance.now() - started };
  }

  /** The same text as `chat`, in word-sized deltas; stops (with an `aborted` error) when the signal fires. */
  async *stream(messages: ChatMessage[], options: ChatOptions = {}): AsyncGenerator<StreamEvent> {
    const started = performance.now();
    this.throwIfAborted(options.signal);
    const answer = this.answer(messages, options);
    let firstTokenMs: number | null = null;
    for (const piece of splitWords(answer.text)) {
      this.throwIfAborted(options.signal);
      firstTokenMs ??= performance.now() - started;
      yield { type: 'delta', text: piece };
    }
    yield {
      type: 'done',
      usage: answer.usage,
      finishReason: answer.finishReason,
      model: answer.model,
      provider: this.name,
      latencyMs: performance.now() - started,
      firstTokenMs,
    };
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<EmbedResult> {
    const started = performance.now();
    this.throwIfAborted(options.signal);
    const dimensions = options.dimensions ?? DEFAULT_DIMENSIONS;
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
      throw new ProviderError(
        'upstream_bad_request',
        `dimensions must be an integer from 1 to ${MAX_DIMENSIONS}`,
        {
          provider: this.name,
          retryable: false,
        },
      );
    }
    return {
      embeddings: texts.map((text) => offlineEmbed(text, dimensions)),
      usage: { inputTokens: texts.reduce((sum, text) => sum + countTextTokens(text), 0) },
      model: options.model ?? this.defaultEmbeddingModel,
      provider: this.name,
      latencyMs: performance.now() - started,
    };
  }

  async testConnection(signal?: AbortSignal): Promise<ConnectionStatus> {
    if (signal?.aborted) return { ok: false, latencyMs: 0, message: 'aborted' };
    return { ok: true, latencyMs: 0, message: 'built-in offline model' };
  }

  /**
   * Builds the whole answer up front (it takes microseconds). The seed covers the resolved model, so
   * naming the default model explicitly or leaving it out gives the same text. JSON answers are never
   * cut by maxTokens: a truncated JSON document is of no use to a game.
   */
  private answer(messages: ChatMessage[], options: ChatOptions): Answer {
    const model = options.model ?? this.defaultModel;
    const seed = hashRequest(messages, {
      system: options.system,
      model,
      temperature: options.temperature,
      seed: options.seed,
    });
    const rng = createRng(seed);
    const facts = extractFacts(messages, options.system);
    let text: string;
    let finishReason: FinishReason = 'stop';
    const world = answerWorldRequest(messages, options);
    if (world !== undefined) text = world;
    else if (options.jsonSchema)
      text = JSON.stringify(generateFromSchema(options.jsonSchema, facts, rng) ?? null);
    else if (options.json) text = JSON.stringify(generateFreeJson(facts, rng));
    else ({ text, finishReason } = limitText(narrate(facts, rng), options));
    const inputTokens = countPromptTokens(messages, options.system);
    const outputTokens = countTextTokens(text);
    return {
      text,
      finishReason,
      model,
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    };
  }

  private throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) {
      throw new ProviderError('aborted', 'The request was cancelled', {
        provider: this.name,
        retryable: false,
      });
    }
  }
}

/** Prompt tokens as OpenAI counts a chat: each message's text plus a small fixed overhead. */
function countPromptTokens(messages: readonly ChatMessage[], system: string | undefined): number {
  let total = TOKENS_PER_REPLY + (system ? countTextTokens(system) + TOKENS_PER_MESSAGE : 0);
  for (const message of messages) {
    total +=
      TOKENS_PER_MESSAGE +
      countTextTokens(message.content) +
      (message.name ? countTextTokens(message.name) : 0);
  }
  return total;
}

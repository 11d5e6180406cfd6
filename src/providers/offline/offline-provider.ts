/**
 * Loremaster's embedded default model: no network, no weights, deterministic. It narrates from the
 * prompt (narrator/), answers JSON from a schema (json/) and embeds by feature hashing
 * (embedder.ts). Every call is pure CPU work of microseconds, so it can sit behind the gateway at
 * thousands of requests per second.
 */
import type {
  ChatChoice,
  ChatMessage,
  ChatOptions,
  ChatResult,
  EmbedOptions,
  EmbedResult,
  FinishReason,
  StreamEvent,
  Usage,
} from '../../vocabulary/index.js';
import { countTextTokens } from '../../vocabulary/tokens.js';
import { refuseUnsupportedMessages, refuseUnsupportedOptions } from '../capabilities.js';
import { ProviderError } from '../errors.js';
import { schemaInPrompt } from '../prompt-schema.js';
import { samplerSeedKey } from '../samplers.js';
import { resolveThink } from '../think.js';
import type { ConnectionStatus, Provider } from '../types.js';
import { answerWorldRequest } from './analyst/world-requests.js';
import { generateContent, readBrief } from './content/generate.js';
import { DEFAULT_DIMENSIONS, offlineEmbed } from './embedder.js';
import { imageNote, imageSeed } from './image-note.js';
import { generateFreeJson, generateFromSchema } from './json/index.js';
import { offlineLogprobs } from './logprobs.js';
import {
  createRng,
  extractFacts,
  hashRequest,
  limitText,
  narrate,
  type StoryFacts,
  splitWords,
} from './narrator/index.js';
import { offlineThinking, wantsThinking } from './thinking.js';
import { toolArguments } from './tools/arguments.js';
import { chooseTools } from './tools/choose.js';
import { toolResultSentences } from './tools/results.js';

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

interface Answer extends ChatChoice {
  usage: Usage;
  model: string;
  choices?: ChatChoice[];
}

/** Tries at most this many seeds for an answer that differs from the ones before it. */
const MAX_VARIANT_TRIES = 8;

function choiceKey(choice: ChatChoice): string {
  return choice.text + JSON.stringify(choice.toolCalls ?? []);
}

/** The sampling options that change the answer but are not part of the seed's own fields. */
function samplingKey(options: ChatOptions): string {
  const parts = [
    options.topP,
    options.frequencyPenalty,
    options.presencePenalty,
    options.topK,
    options.reasoningEffort,
    options.verbosity,
    options.logitBias && JSON.stringify(options.logitBias),
    samplerSeedKey(options.samplers) || undefined,
  ];
  return parts.every((part) => part === undefined) ? '' : parts.map((part) => part ?? '').join('|');
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
    const choices = answer.choices ?? [answer];
    for (const [index, choice] of choices.entries()) {
      const at = index === 0 ? {} : { choice: index };
      for (const block of choice.reasoning ?? []) {
        if (block.type !== 'thinking') continue;
        firstTokenMs ??= performance.now() - started;
        for (const piece of splitWords(block.text)) yield { type: 'reasoning-delta', text: piece, ...at };
        yield { type: 'reasoning-signature', signature: block.signature, ...at };
      }
      let logprobs = choice.logprobs ?? [];
      for (const piece of splitWords(choice.text)) {
        this.throwIfAborted(options.signal);
        firstTokenMs ??= performance.now() - started;
        if (!choice.logprobs) {
          yield { type: 'delta', text: piece, ...at };
          continue;
        }
        // A word's log probabilities are those of the tokens it spans.
        let taken = 0;
        let chars = 0;
        while (taken < logprobs.length && chars < piece.length) chars += logprobs[taken++]!.token.length;
        yield { type: 'delta', text: piece, ...at, logprobs: logprobs.slice(0, taken) };
        logprobs = logprobs.slice(taken);
      }
      for (const [position, call] of (choice.toolCalls ?? []).entries()) {
        this.throwIfAborted(options.signal);
        firstTokenMs ??= performance.now() - started;
        yield {
          type: 'tool-call-delta',
          index: position,
          id: call.id,
          name: call.name,
          arguments: '',
          ...at,
        };
        // Arguments arrive in pieces, as from a real model.
        for (const part of call.arguments.match(/.{1,16}/gs) ?? [])
          yield { type: 'tool-call-delta', index: position, arguments: part, ...at };
      }
    }
    yield {
      type: 'done',
      usage: answer.usage,
      finishReason: answer.finishReason,
      ...(answer.choices && { finishReasons: answer.choices.map((choice) => choice.finishReason) }),
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
   * cut by maxTokens: a truncated JSON document is of no use to a game. With `n`, each further answer
   * comes from the next seed and differs from the ones before.
   */
  private answer(messages: ChatMessage[], asked: ChatOptions): Answer {
    const options = resolveThink(this.kind, this.name, asked);
    refuseUnsupportedOptions(this.kind, this.name, options);
    refuseUnsupportedMessages(this.kind, this.name, messages);
    const model = options.model ?? this.defaultModel;
    const seed = hashRequest(messages, {
      system: options.system,
      model,
      temperature: options.temperature,
      seed: options.seed,
      extra: samplingKey(options) + imageSeed(messages),
    });
    const facts = extractFacts(messages, options.system);
    const count = options.n ?? 1;
    const choices: ChatChoice[] = [];
    const seen = new Set<string>();
    for (let index = 0; index < count; index++) {
      let choice = this.choice(messages, options, facts, seed + index * 7_919, index);
      for (let retry = 1; retry <= MAX_VARIANT_TRIES && seen.has(choiceKey(choice)); retry++)
        choice = this.choice(messages, options, facts, seed + index * 7_919 + retry * 104_729, index);
      seen.add(choiceKey(choice));
      if (wantsThinking(options)) choice.reasoning = [offlineThinking(messages, choice)];
      choices.push(choice);
    }
    const inputTokens = countPromptTokens(messages, options);
    let outputTokens = 0;
    for (const choice of choices) {
      outputTokens += countTextTokens(choice.text);
      // Thinking is output, as Anthropic counts it.
      for (const block of choice.reasoning ?? [])
        if (block.type === 'thinking') outputTokens += countTextTokens(block.text);
      for (const call of choice.toolCalls ?? []) outputTokens += countTextTokens(call.name + call.arguments);
    }
    return {
      ...choices[0]!,
      ...(count > 1 && { choices }),
      model,
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    };
  }

  private choice(
    messages: ChatMessage[],
    options: ChatOptions,
    facts: StoryFacts,
    seed: number,
    index: number,
  ): ChatChoice {
    const rng = createRng(seed);
    const calls = chooseTools(
      options.tools ?? [],
      options.toolChoice ?? 'auto',
      options.parallelToolCalls !== false,
      messages,
    );
    if (calls.length > 0) {
      const toolCalls = calls.map((tool, position) => ({
        id: `call_${(seed >>> 0).toString(36)}${index}${position}`,
        name: tool.name,
        arguments: toolArguments(tool, messages, facts, rng),
      }));
      return { text: '', toolCalls, finishReason: 'tool_calls' };
    }
    let text: string;
    let finishReason: FinishReason = 'stop';
    const schema =
      options.jsonSchema ?? (options.json ? schemaInPrompt(messages, options.system) : undefined);
    // Loremaster's own world-keeping prompts get answers read from their text (the offline analyst).
    // The content service's requests (a schema of its own) get game content written from their brief.
    const brief = contentBrief(messages, options);
    const world = brief ? undefined : answerWorldRequest(messages, options);
    if (brief) text = JSON.stringify(generateContent(brief, rng));
    else if (world !== undefined) text = world;
    else if (schema) text = JSON.stringify(generateFromSchema(schema, facts, rng) ?? null);
    else if (options.json) text = JSON.stringify(generateFreeJson(facts, rng));
    else {
      const woven = [imageNote(messages), toolResultSentences(messages)].filter(Boolean).join(' ');
      const narration = narrate(facts, rng);
      ({ text, finishReason } = limitText(woven ? `${woven} ${narration}` : narration, options));
    }
    const choice: ChatChoice = { text, finishReason };
    if (options.logprobs) choice.logprobs = offlineLogprobs(text, seed, options.topLogprobs ?? 0);
    return choice;
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

/** The content service's brief, when the request asks for one of its JSON schemas (`loremaster.content.*`). */
function contentBrief(messages: readonly ChatMessage[], options: ChatOptions) {
  const title = (options.jsonSchema as { title?: unknown } | undefined)?.title;
  if (typeof title !== 'string' || !title.startsWith('loremaster.content.')) return undefined;
  const user = messages.findLast((message) => message.role === 'user');
  return user ? readBrief(user.content) : undefined;
}

/** Prompt tokens as OpenAI counts a chat: each message's text plus a small fixed overhead, and the tools offered. */
function countPromptTokens(messages: readonly ChatMessage[], options: ChatOptions): number {
  const system = options.system;
  let total = TOKENS_PER_REPLY + (system ? countTextTokens(system) + TOKENS_PER_MESSAGE : 0);
  for (const message of messages) {
    total +=
      TOKENS_PER_MESSAGE +
      countTextTokens(message.content) +
      (message.name ? countTextTokens(message.name) : 0);
    for (const call of message.toolCalls ?? []) total += countTextTokens(call.name + call.arguments);
  }
  for (const tool of options.tools ?? []) {
    total += TOKENS_PER_MESSAGE + countTextTokens(tool.name + (tool.description ?? ''));
    total += countTextTokens(JSON.stringify(tool.parameters));
  }
  return total;
}

/**
 * One adapter from the AI SDK's provider specification (LanguageModelV3 / EmbeddingModelV3) to
 * Loremaster's Provider interface. Every vendor provider (OpenAI, Anthropic, Mistral, OpenAI-compatible)
 * is this class with a different model factory: the SDK owns the wire formats.
 *
 * The SDK's `doGenerate`/`doStream` are called directly (not `generateText`): retries, timeouts and
 * failover belong to Loremaster's gateway, and this keeps per-call overhead low.
 */
import type {
  EmbeddingModelV3,
  JSONValue,
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3FilePart,
  LanguageModelV3FinishReason,
  LanguageModelV3Prompt,
  LanguageModelV3ToolChoice,
  LanguageModelV3ToolResultPart,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
} from '@ai-sdk/provider';
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ContentPart,
  EmbedOptions,
  EmbedResult,
  FinishReason,
  ImagePart,
  JsonSchema,
  ReasoningBlock,
  StreamEvent,
  ToolCall,
  ToolChoice,
  Usage,
} from '../vocabulary/index.js';
import { type AbortContext, toProviderError } from './ai-sdk-errors.js';
import { refuseUnsupportedMessages, refuseUnsupportedOptions } from './capabilities.js';
import { ProviderError } from './errors.js';
import { schemaInPrompt } from './prompt-schema.js';
import { resolveThink } from './think.js';
import type { ConnectionStatus, Provider, ProviderKind } from './types.js';

export interface AiSdkProviderOptions {
  name: string;
  kind: ProviderKind;
  defaultModel: string;
  defaultEmbeddingModel?: string;
  models: readonly string[];
  timeoutMs: number;
  languageModel: (modelId: string) => LanguageModelV3;
  /** Absent when the vendor has no embeddings API (Anthropic). */
  embeddingModel?: (modelId: string) => EmbeddingModelV3;
  /** A cheap authenticated request proving the upstream answers (e.g. GET /models). */
  probe: (signal: AbortSignal) => Promise<Response>;
}

export class AiSdkProvider implements Provider {
  readonly name: string;
  readonly kind: ProviderKind;
  readonly defaultModel: string;
  readonly defaultEmbeddingModel: string | undefined;
  readonly models: readonly string[];
  private readonly options: AiSdkProviderOptions;
  // Model objects are cheap but not free to build; keep one per model id.
  private readonly languageModels = new Map<string, LanguageModelV3>();
  private readonly embeddingModels = new Map<string, EmbeddingModelV3>();

  constructor(options: AiSdkProviderOptions) {
    this.options = options;
    this.name = options.name;
    this.kind = options.kind;
    this.defaultModel = options.defaultModel;
    this.defaultEmbeddingModel = options.defaultEmbeddingModel;
    this.models = options.models;
  }

  async chat(messages: ChatMessage[], options: ChatOptions = {}): Promise<ChatResult> {
    const model = this.languageModel(options.model ?? this.defaultModel);
    const started = performance.now();
    const deadline = this.deadline(options.signal);
    try {
      const result = await model.doGenerate(this.callOptions(messages, options, deadline.signal));
      let text = '';
      const toolCalls: ToolCall[] = [];
      const reasoning: ReasoningBlock[] = [];
      for (const part of result.content) {
        if (part.type === 'text') text += part.text;
        else if (part.type === 'tool-call' && !part.providerExecuted)
          toolCalls.push({ id: part.toolCallId, name: part.toolName, arguments: part.input });
        else if (part.type === 'reasoning' && this.kind === 'anthropic') {
          const { signature, redactedData } = anthropicReasoning(part.providerMetadata);
          reasoning.push(
            redactedData !== undefined
              ? { type: 'redacted', data: redactedData }
              : { type: 'thinking', text: part.text, signature: signature ?? '' },
          );
        }
      }
      return {
        text,
        ...(toolCalls.length > 0 && { toolCalls }),
        ...(reasoning.length > 0 && { reasoning }),
        usage: toUsage(result.usage),
        finishReason: toFinishReason(result.finishReason),
        model: result.response?.modelId ?? model.modelId,
        provider: this.name,
        latencyMs: performance.now() - started,
      };
    } catch (error) {
      throw toProviderError(error, this.name, deadline.context);
    } finally {
      deadline.clear();
    }
  }

  async *stream(messages: ChatMessage[], options: ChatOptions = {}): AsyncGenerator<StreamEvent> {
    const model = this.languageModel(options.model ?? this.defaultModel);
    const started = performance.now();
    // For a stream the deadline bounds the wait for each part, not the whole answer.
    const deadline = this.deadline(options.signal);
    let cancel: (() => void) | undefined;
    let firstTokenMs: number | null = null;
    let modelId = model.modelId;
    // Tool calls arrive as input pieces keyed by the call's id; clients number them 0, 1, ...
    const toolIndex = new Map<string, number>();
    try {
      const { stream } = await model.doStream(this.callOptions(messages, options, deadline.signal));
      const reader = stream.getReader();
      cancel = () => reader.cancel().catch(() => {});
      for (;;) {
        deadline.restart();
        const { done, value: part } = await reader.read();
        if (done) break;
        switch (part.type) {
          case 'text-delta':
            if (part.delta.length === 0) break;
            firstTokenMs ??= performance.now() - started;
            yield { type: 'delta', text: part.delta };
            break;
          // Anthropic's thinking blocks: a redacted one whole at its start, a thinking one in pieces, and
          // its signature as a last, empty piece.
          case 'reasoning-start': {
            if (this.kind !== 'anthropic') break;
            const { redactedData } = anthropicReasoning(part.providerMetadata);
            if (redactedData === undefined) break;
            firstTokenMs ??= performance.now() - started;
            yield { type: 'reasoning-redacted', data: redactedData };
            break;
          }
          case 'reasoning-delta': {
            if (this.kind !== 'anthropic') break;
            firstTokenMs ??= performance.now() - started;
            if (part.delta.length > 0) yield { type: 'reasoning-delta', text: part.delta };
            const { signature } = anthropicReasoning(part.providerMetadata);
            if (signature !== undefined) yield { type: 'reasoning-signature', signature };
            break;
          }
          case 'tool-input-start':
            if (part.providerExecuted) break;
            firstTokenMs ??= performance.now() - started;
            toolIndex.set(part.id, toolIndex.size);
            yield {
              type: 'tool-call-delta',
              index: toolIndex.get(part.id)!,
              id: part.id,
              name: part.toolName,
              arguments: '',
            };
            break;
          case 'tool-input-delta': {
            const index = toolIndex.get(part.id);
            if (index !== undefined && part.delta.length > 0)
              yield { type: 'tool-call-delta', index, arguments: part.delta };
            break;
          }
          case 'tool-call':
            // Some providers send a call whole, without input pieces before it.
            if (part.providerExecuted || toolIndex.has(part.toolCallId)) break;
            firstTokenMs ??= performance.now() - started;
            toolIndex.set(part.toolCallId, toolIndex.size);
            yield {
              type: 'tool-call-delta',
              index: toolIndex.get(part.toolCallId)!,
              id: part.toolCallId,
              name: part.toolName,
              arguments: part.input,
            };
            break;
          case 'response-metadata':
            if (part.modelId) modelId = part.modelId;
            break;
          case 'error':
            throw part.error;
          case 'finish': {
            const reason = toFinishReason(part.finishReason);
            // The SDK reports a stream cut before its end as finish reason "error" or "other" with no usage.
            if (reason === 'error')
              throw new ProviderError('bad_response', `${this.name} stream ended with an error`, {
                provider: this.name,
              });
            yield {
              type: 'done',
              usage: toUsage(part.usage),
              finishReason: reason,
              model: modelId,
              provider: this.name,
              latencyMs: performance.now() - started,
              firstTokenMs,
            };
            return;
          }
        }
      }
      throw new ProviderError('bad_response', `${this.name} stream ended before it finished`, {
        provider: this.name,
      });
    } catch (error) {
      throw toProviderError(error, this.name, deadline.context);
    } finally {
      deadline.clear();
      cancel?.();
    }
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<EmbedResult> {
    const factory = this.options.embeddingModel;
    const modelId = options.model ?? this.defaultEmbeddingModel;
    if (!factory || !modelId) {
      throw new ProviderError('unsupported', `${this.name} does not offer embeddings`, {
        provider: this.name,
      });
    }
    const model = this.embeddingModel(modelId, factory);
    const started = performance.now();
    const deadline = this.deadline(options.signal);
    try {
      const result = await model.doEmbed({
        values: texts,
        abortSignal: deadline.signal,
        ...(options.dimensions !== undefined && {
          providerOptions: { openai: { dimensions: options.dimensions } },
        }),
      });
      return {
        embeddings: result.embeddings.map((vector) => Array.from(vector)),
        usage: { inputTokens: result.usage?.tokens ?? 0 },
        model: modelId,
        provider: this.name,
        latencyMs: performance.now() - started,
      };
    } catch (error) {
      throw toProviderError(error, this.name, deadline.context);
    } finally {
      deadline.clear();
    }
  }

  async testConnection(signal?: AbortSignal): Promise<ConnectionStatus> {
    const started = performance.now();
    const deadline = this.deadline(signal);
    try {
      const response = await this.options.probe(deadline.signal);
      await response.body?.cancel();
      const latencyMs = performance.now() - started;
      return response.ok
        ? { ok: true, latencyMs }
        : { ok: false, latencyMs, message: `${this.name} answered ${response.status}` };
    } catch (error) {
      return {
        ok: false,
        latencyMs: performance.now() - started,
        message: toProviderError(error, this.name, deadline.context).message,
      };
    } finally {
      deadline.clear();
    }
  }

  private languageModel(modelId: string): LanguageModelV3 {
    let model = this.languageModels.get(modelId);
    if (!model) {
      model = this.options.languageModel(modelId);
      this.languageModels.set(modelId, model);
    }
    return model;
  }

  private embeddingModel(modelId: string, factory: (id: string) => EmbeddingModelV3): EmbeddingModelV3 {
    let model = this.embeddingModels.get(modelId);
    if (!model) {
      model = factory(modelId);
      this.embeddingModels.set(modelId, model);
    }
    return model;
  }

  private callOptions(
    messages: ChatMessage[],
    asked: ChatOptions,
    signal: AbortSignal,
  ): LanguageModelV3CallOptions {
    const options = resolveThink(this.kind, this.name, asked);
    refuseUnsupportedOptions(this.kind, this.name, options);
    refuseUnsupportedMessages(this.kind, this.name, messages);
    // The SDK's language models answer one choice per call.
    if (options.n !== undefined && options.n > 1)
      throw new ProviderError('unsupported', `${this.name} (through the AI SDK) does not support n > 1`, {
        provider: this.name,
        param: 'n',
        retryable: false,
      });
    const vendorOptions = this.vendorOptions(options);
    const json = this.jsonRequest(messages, options);
    return {
      ...(vendorOptions && { providerOptions: vendorOptions }),
      prompt: toPrompt(messages, json.system, this.kind === 'anthropic'),
      abortSignal: signal,
      ...(options.maxTokens !== undefined && {
        maxOutputTokens: this.answerTokens(options.maxTokens, options),
      }),
      ...(options.temperature !== undefined && { temperature: options.temperature }),
      ...(options.topP !== undefined && { topP: options.topP }),
      ...(options.stop !== undefined && { stopSequences: options.stop }),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.frequencyPenalty !== undefined && { frequencyPenalty: options.frequencyPenalty }),
      ...(options.presencePenalty !== undefined && { presencePenalty: options.presencePenalty }),
      ...(options.topK !== undefined && { topK: options.topK }),
      ...(options.tools !== undefined &&
        options.tools.length > 0 && {
          tools: options.tools.map((tool) => ({
            type: 'function' as const,
            name: tool.name,
            ...(tool.description !== undefined && { description: tool.description }),
            inputSchema: tool.parameters as never,
            ...(tool.strict !== undefined && { strict: tool.strict }),
          })),
          ...(options.toolChoice !== undefined && { toolChoice: toSdkToolChoice(options.toolChoice) }),
        }),
      ...(json.schema
        ? {
            responseFormat: {
              type: 'json',
              schema: json.schema as never,
              name: options.jsonSchemaName ?? 'response',
            },
          }
        : json.plain
          ? { responseFormat: { type: 'json' } }
          : {}),
    };
  }

  /**
   * `maxTokens` covers thinking too (Anthropic's `max_tokens` does), but the AI SDK adds the thinking
   * budget to the tokens it is given: it is given the rest, so Anthropic receives the caller's number.
   */
  private answerTokens(maxTokens: number, options: ChatOptions): number {
    const thinking = options.thinking;
    if (this.kind !== 'anthropic' || thinking?.type !== 'enabled') return maxTokens;
    return Math.max(1, maxTokens - thinking.budgetTokens);
  }

  /**
   * How a JSON call is asked. Anthropic has no JSON mode (its SDK provider ignores a JSON format
   * without a schema), so `json_object` is translated: a schema written in the prompt becomes its
   * structured-output schema; without one, the system prompt asks for JSON. Either way the gateway
   * still checks the answer.
   */
  private jsonRequest(
    messages: ChatMessage[],
    options: ChatOptions,
  ): { schema?: JsonSchema; plain?: boolean; system: string | undefined } {
    if (options.jsonSchema) return { schema: options.jsonSchema, system: options.system };
    if (!options.json) return { system: options.system };
    if (this.kind !== 'anthropic') return { plain: true, system: options.system };
    const schema = schemaInPrompt(messages, options.system);
    if (schema) return { schema, system: options.system };
    return { system: options.system ? `${options.system}\n\n${JSON_INSTRUCTION}` : JSON_INSTRUCTION };
  }

  /**
   * The options the SDK takes per vendor: Anthropic's `disable_parallel_tool_use`, `metadata.user_id`,
   * `thinking` (the SDK's `budgetTokens` is Anthropic's `budget_tokens`) and effort; OpenAI's and the compatible servers' own parameters.
   */
  private vendorOptions(options: ChatOptions): LanguageModelV3CallOptions['providerOptions'] {
    const own: Record<string, JSONValue> = {};
    if (this.kind === 'anthropic') {
      if (options.parallelToolCalls === false) own.disableParallelToolUse = true;
      const user = options.safetyIdentifier ?? options.user;
      if (user !== undefined) own.metadata = { userId: user };
      if (options.thinking !== undefined) own.thinking = { ...options.thinking };
      // Anthropic's `output_config.effort` (capabilities.ts refuses the levels it lacks).
      if (options.reasoningEffort !== undefined) own.effort = options.reasoningEffort;
      return Object.keys(own).length > 0 ? { anthropic: own } : undefined;
    }
    if (options.parallelToolCalls !== undefined) own.parallelToolCalls = options.parallelToolCalls;
    if (options.user !== undefined) own.user = options.user;
    if (options.safetyIdentifier !== undefined) {
      if (this.kind === 'openai') own.safetyIdentifier = options.safetyIdentifier;
      else own.user ??= options.safetyIdentifier;
    }
    if (options.promptCacheKey !== undefined && this.kind === 'openai')
      own.promptCacheKey = options.promptCacheKey;
    if (options.logitBias !== undefined) own.logitBias = options.logitBias;
    if (options.logprobs) own.logprobs = options.topLogprobs ?? true;
    if (options.reasoningEffort !== undefined) own.reasoningEffort = options.reasoningEffort;
    if (options.verbosity !== undefined) own.textVerbosity = options.verbosity;
    if (options.metadata !== undefined) own.metadata = options.metadata;
    if (options.store !== undefined) own.store = options.store;
    if (options.serviceTier !== undefined) own.serviceTier = options.serviceTier;
    if (Object.keys(own).length === 0) return undefined;
    const key = this.kind === 'openai-compatible' ? this.name : this.kind;
    return { [key]: own };
  }

  /** A per-attempt deadline joined with the caller's signal; `restart` re-arms it (stream idle time). */
  private deadline(callerSignal: AbortSignal | undefined) {
    const timeoutMs = this.options.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs);
      timer.unref();
    };
    arm();
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) controller.abort(callerSignal.reason);
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const context: AbortContext = { timedOut: () => timedOut, timeoutMs, callerSignal };
    return {
      signal: controller.signal,
      context,
      restart: arm,
      clear: () => {
        if (timer) clearTimeout(timer);
        callerSignal?.removeEventListener('abort', onCallerAbort);
      },
    };
  }
}

/** What a model without a JSON mode is told when a call asks for JSON without a schema. */
const JSON_INSTRUCTION = 'Answer with a single JSON object and nothing else.';

/**
 * The SDK's prompt. `withReasoning` (Anthropic): an assistant turn's thinking blocks go first, as
 * Anthropic's answers have them, with their signatures; other vendors get no thinking (see ChatMessage).
 */
function toPrompt(
  messages: ChatMessage[],
  system: string | undefined,
  withReasoning: boolean,
): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [];
  if (system) prompt.push({ role: 'system', content: system });
  // A tool result names its tool in the SDK's prompt: found from the call it answers.
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        prompt.push({ role: 'system', content: message.content });
        break;
      case 'user':
        prompt.push({
          role: 'user',
          content: message.parts
            ? message.parts.map((part) => (part.type === 'text' ? part : filePart(part)))
            : [{ type: 'text', text: message.content }],
        });
        break;
      case 'assistant': {
        const content: Extract<LanguageModelV3Prompt[number], { role: 'assistant' }>['content'] = [];
        if (withReasoning)
          for (const block of message.reasoning ?? []) {
            // Unsigned thinking is an open server's, which Anthropic would refuse: left out.
            if (block.type === 'thinking' && block.signature === '') continue;
            content.push(
              block.type === 'thinking'
                ? {
                    type: 'reasoning',
                    text: block.text,
                    providerOptions: { anthropic: { signature: block.signature } },
                  }
                : {
                    type: 'reasoning',
                    text: '',
                    providerOptions: { anthropic: { redactedData: block.data } },
                  },
            );
          }
        if (message.content.length > 0) content.push({ type: 'text', text: message.content });
        for (const call of message.toolCalls ?? []) {
          toolNames.set(call.id, call.name);
          content.push({
            type: 'tool-call',
            toolCallId: call.id,
            toolName: call.name,
            input: parseArguments(call.arguments),
          });
        }
        prompt.push({ role: 'assistant', content });
        break;
      }
      case 'tool': {
        const toolCallId = message.toolCallId ?? '';
        const part = {
          type: 'tool-result' as const,
          toolCallId,
          toolName: toolNames.get(toolCallId) ?? message.name ?? 'tool',
          output: message.parts
            ? { type: 'content' as const, value: message.parts.map(toolResultPart) }
            : { type: 'text' as const, value: message.content },
        };
        // Results of one turn's parallel calls travel together, as the vendors expect.
        const last = prompt[prompt.length - 1];
        if (last?.role === 'tool') last.content.push(part);
        else prompt.push({ role: 'tool', content: [part] });
        break;
      }
    }
  }
  return prompt;
}

/**
 * An image as the SDK's file part: its providers write each vendor's image block from it (Anthropic's
 * base64 or url source, OpenAI's image_url with `imageDetail`). A URL stays a URL: the vendor fetches it.
 */
function filePart(part: ImagePart): LanguageModelV3FilePart {
  const source = part.source;
  return {
    type: 'file',
    ...(source.type === 'base64'
      ? { mediaType: source.mediaType, data: source.data }
      : { mediaType: 'image/*', data: new URL(source.url) }),
    ...(part.detail !== undefined && { providerOptions: { openai: { imageDetail: part.detail } } }),
  };
}

type ToolResultContent = Extract<
  LanguageModelV3ToolResultPart['output'],
  { type: 'content' }
>['value'][number];

function toolResultPart(part: ContentPart): ToolResultContent {
  if (part.type === 'text') return part;
  const source = part.source;
  return source.type === 'base64'
    ? { type: 'image-data', data: source.data, mediaType: source.mediaType }
    : { type: 'image-url', url: source.url };
}

/** The SDK wants the arguments as a value; text that is not JSON is passed on as it is. */
function parseArguments(text: string): unknown {
  if (text.trim().length === 0) return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The signature or encrypted data the Anthropic provider puts on a reasoning part. */
function anthropicReasoning(metadata: SharedV3ProviderMetadata | undefined): {
  signature?: string;
  redactedData?: string;
} {
  const own = metadata?.anthropic;
  return {
    ...(typeof own?.signature === 'string' && { signature: own.signature }),
    ...(typeof own?.redactedData === 'string' && { redactedData: own.redactedData }),
  };
}

function toSdkToolChoice(choice: ToolChoice): LanguageModelV3ToolChoice {
  return typeof choice === 'string' ? { type: choice } : { type: 'tool', toolName: choice.name };
}

function toUsage(usage: LanguageModelV3Usage | undefined): Usage {
  const inputTokens = usage?.inputTokens.total ?? 0;
  const outputTokens = usage?.outputTokens.total ?? 0;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

function toFinishReason(reason: LanguageModelV3FinishReason): FinishReason {
  switch (reason.unified) {
    case 'stop':
    case 'length':
    case 'error':
    case 'other':
      return reason.unified;
    case 'content-filter':
      return 'content_filter';
    case 'tool-calls':
      return 'tool_calls';
  }
}

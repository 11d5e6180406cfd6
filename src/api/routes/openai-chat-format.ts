/**
 * OpenAI's chat completions format, both ways: a parsed request into Loremaster's messages and call
 * options, and Loremaster's results and stream events into OpenAI's answer and chunk objects.
 */

import { thinkingText } from '../../providers/index.js';
import type {
  ChatChoice,
  ChatMessage,
  ChatOptions,
  ChatResult,
  ContentPart,
  FinishReason,
  StreamEvent,
  TokenLogprob,
  ToolChoice,
  Usage,
} from '../../vocabulary/index.js';
import { fromOpenAIImage } from '../image-parts.js';
import type { ChatCompletionRequest } from './openai-schemas.js';
import { samplerOptions } from './sampler-fields.js';

type RequestMessage = ChatCompletionRequest['messages'][number];

function textOf(content: RequestMessage['content']): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) if (part.type === 'text') text += part.text;
  return text;
}

/** A user message's text and images in order; undefined when it has no image (the common case). */
function partsOf(content: RequestMessage['content']): ContentPart[] | undefined {
  if (content == null || typeof content === 'string') return undefined;
  if (!content.some((part) => part.type === 'image_url')) return undefined;
  return content.map((part) => (part.type === 'text' ? part : fromOpenAIImage(part)));
}

export function toMessages(body: ChatCompletionRequest): ChatMessage[] {
  return body.messages.map((message): ChatMessage => {
    const content = textOf(message.content);
    switch (message.role) {
      case 'tool':
        return {
          role: 'tool',
          content,
          toolCallId: message.tool_call_id,
          ...(message.name !== undefined && { name: message.name }),
        };
      case 'assistant': {
        const toolCalls = message.tool_calls?.map((call) => ({
          id: call.id,
          name: call.function.name,
          arguments: call.function.arguments,
        }));
        const thinking = message.reasoning_content;
        return {
          role: 'assistant',
          // A refusal the client sends back is what the assistant said.
          content: content.length > 0 ? content : (message.refusal ?? ''),
          ...(message.name !== undefined && { name: message.name }),
          ...(toolCalls !== undefined && toolCalls.length > 0 && { toolCalls }),
          // Unsigned: the open servers take it back; other providers leave it out (ChatMessage.reasoning).
          ...(thinking && { reasoning: [{ type: 'thinking', text: thinking, signature: '' }] }),
        };
      }
      case 'user': {
        const parts = partsOf(message.content);
        if (parts)
          return { role: 'user', content, parts, ...(message.name !== undefined && { name: message.name }) };
        return { role: 'user', content, ...(message.name !== undefined && { name: message.name }) };
      }
      default:
        // OpenAI's "developer" role is a system message for every other vendor.
        return { role: 'system', content, ...(message.name !== undefined && { name: message.name }) };
    }
  });
}

export function toOptions(body: ChatCompletionRequest): Omit<ChatOptions, 'model' | 'signal'> {
  const options: Omit<ChatOptions, 'model' | 'signal'> = {};
  if (body.temperature != null) options.temperature = body.temperature;
  if (body.top_p != null) options.topP = body.top_p;
  // Other servers' names for max_tokens, stop and seed (n_predict, stopping_strings...) count as them.
  const sampling = samplerOptions(body, {
    max_tokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    stop: body.stop == null ? undefined : typeof body.stop === 'string' ? [body.stop] : body.stop,
    seed: body.seed ?? undefined,
  });
  if (sampling.max_tokens !== undefined) options.maxTokens = sampling.max_tokens;
  if (sampling.stop !== undefined) options.stop = sampling.stop;
  if (sampling.seed !== undefined) options.seed = sampling.seed;
  if (sampling.samplers !== undefined) options.samplers = sampling.samplers;
  if (body.user !== undefined) options.user = body.user;
  if (body.safety_identifier != null) options.safetyIdentifier = body.safety_identifier;
  if (body.prompt_cache_key != null) options.promptCacheKey = body.prompt_cache_key;
  if (body.n != null && body.n > 1) options.n = body.n;
  const format = body.response_format;
  if (format?.type === 'json_object') options.json = true;
  if (format?.type === 'json_schema') {
    if (format.json_schema.schema) {
      options.jsonSchema = format.json_schema.schema;
      if (format.json_schema.name !== undefined) options.jsonSchemaName = format.json_schema.name;
      if (format.json_schema.strict != null) options.jsonSchemaStrict = format.json_schema.strict;
    } else options.json = true;
  }
  if (body.tools?.length) {
    options.tools = body.tools.map(({ function: fn }) => ({
      name: fn.name,
      ...(fn.description !== undefined && { description: fn.description }),
      parameters: fn.parameters ?? { type: 'object', properties: {} },
      ...(fn.strict != null && { strict: fn.strict }),
    }));
    if (body.tool_choice != null) options.toolChoice = toToolChoice(body.tool_choice);
    if (body.parallel_tool_calls != null) options.parallelToolCalls = body.parallel_tool_calls;
  }
  if (body.logprobs === true) {
    options.logprobs = true;
    if (body.top_logprobs != null) options.topLogprobs = body.top_logprobs;
  }
  if (body.frequency_penalty != null && body.frequency_penalty !== 0)
    options.frequencyPenalty = body.frequency_penalty;
  if (body.presence_penalty != null && body.presence_penalty !== 0)
    options.presencePenalty = body.presence_penalty;
  // Not OpenAI's: the open servers' and Anthropic's. 0 means no top-k cut, so it asks for nothing.
  if (body.top_k != null && body.top_k !== 0) options.topK = body.top_k;
  if (body.logit_bias != null && Object.keys(body.logit_bias).length > 0) options.logitBias = body.logit_bias;
  if (body.reasoning_effort != null) options.reasoningEffort = body.reasoning_effort;
  // "medium" is every model's default: it asks for nothing.
  if (body.verbosity != null && body.verbosity !== 'medium') options.verbosity = body.verbosity;
  if (body.metadata != null && Object.keys(body.metadata).length > 0) options.metadata = body.metadata;
  if (body.store === true) options.store = true;
  // "auto" and "default" ask for the standard tier every provider gives.
  if (body.service_tier != null && body.service_tier !== 'auto' && body.service_tier !== 'default')
    options.serviceTier = body.service_tier;
  return options;
}

function toToolChoice(choice: NonNullable<ChatCompletionRequest['tool_choice']>): ToolChoice {
  return typeof choice === 'string' ? choice : { name: choice.function.name };
}

export function toOpenAIFinish(reason: FinishReason): string {
  return reason === 'error' || reason === 'other' ? 'stop' : reason;
}

export function toOpenAIUsage(usage: Usage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
  };
}

export function toOpenAILogprobs(logprobs: readonly TokenLogprob[]) {
  return logprobs.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    bytes: entry.bytes,
    top_logprobs: entry.topLogprobs,
  }));
}

/** The `choices` of a chat.completion: one per answer. */
export function toOpenAIChoices(result: ChatResult) {
  const choices: readonly ChatChoice[] = result.choices ?? [result];
  return choices.map((choice, index) => {
    const toolCalls = choice.toolCalls ?? [];
    return {
      index,
      message: {
        role: 'assistant' as const,
        // OpenAI sends null content beside tool calls when the model wrote no text.
        content: toolCalls.length > 0 && choice.text.length === 0 ? null : choice.text,
        ...thinkingOf(choice),
        refusal: null,
        ...(toolCalls.length > 0 && {
          tool_calls: toolCalls.map((call) => ({
            id: call.id,
            type: 'function' as const,
            function: { name: call.name, arguments: call.arguments },
          })),
        }),
      },
      logprobs: choice.logprobs ? { content: toOpenAILogprobs(choice.logprobs), refusal: null } : null,
      finish_reason: toOpenAIFinish(choice.finishReason),
    };
  });
}

/**
 * The thinking an open server returned, in the field those servers (llama.cpp, vLLM, DeepSeek) and the
 * clients that show it (SillyTavern, the AI SDK's OpenAI-compatible provider) use; absent when none.
 */
function thinkingOf(choice: ChatChoice): { reasoning_content?: string } {
  const text = thinkingText(choice.reasoning);
  return text.length > 0 ? { reasoning_content: text } : {};
}

/** A piece of a tool call in OpenAI's chunk format: the first piece names the call, the rest add arguments. */
export function toolCallDelta(event: Extract<StreamEvent, { type: 'tool-call-delta' }>) {
  return {
    index: event.index,
    ...(event.id !== undefined && { id: event.id, type: 'function' }),
    function: { ...(event.name !== undefined && { name: event.name }), arguments: event.arguments },
  };
}

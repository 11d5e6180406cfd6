/**
 * Ollama's native API ↔ Loremaster's shared vocabulary. Pure functions, no I/O.
 *
 * In: messages (images as bare base64, typed from their bytes; tool calls with arguments as objects;
 * tool results matched to the call they answer), Ollama's `options` (sampling fields through the
 * shared sampler table, so every provider honours or refuses them as it does for SillyTavern),
 * `format` ("json" or a JSON schema), `think` (think at an effort, the thinking shown), `logprobs`.
 * Out: Ollama's answer objects (`message` or `response`, `done`, `done_reason`, token counts and
 * durations in nanoseconds), one per line when streamed.
 */

import type { Gateway, ModelInfo } from '../../gateway/index.js';
import { imageSourceFromUrl, sniffedBase64Source, thinkingText } from '../../providers/index.js';
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  ContentPart,
  FinishReason,
  ThinkEffort,
  TokenLogprob,
  ToolCall,
  ToolDefinition,
  Usage,
} from '../../vocabulary/index.js';
import { ApiError } from '../errors.js';
import type {
  OllamaChatRequest,
  OllamaGenerateRequest,
  OllamaMessage,
  OllamaOptions,
} from './ollama-schemas.js';
import { CONTINUE_INSTRUCTION } from './openai-completions-convert.js';
import { samplerOptions } from './sampler-fields.js';

type CallOptions = Omit<ChatOptions, 'model' | 'signal'>;

/**
 * Ollama names a model `name:tag`; `:latest` is the tag a bare name means, and some clients add it to
 * every name they send. Loremaster's names (roles, providers, provider/model) have no tags.
 */
export function modelName(model: string): string {
  return model.endsWith(':latest') ? model.slice(0, -':latest'.length) : model;
}

/**
 * The model a request names by `model` (or the older `name`), among those the gateway routes: a 400
 * when it names none, a 404 (`model 'x' not found`, then `why` when given) when it is not one of them.
 */
export function routedModel(
  gateway: Gateway,
  body: { model?: string | undefined; name?: string | undefined },
  why?: string,
): ModelInfo {
  const name = body.model ?? body.name;
  if (name === undefined) throw new ApiError(400, 'Invalid request: model is required', { param: 'model' });
  const model = gateway.models().find((candidate) => candidate.id === modelName(name));
  if (!model)
    throw new ApiError(404, `model '${name}' not found${why ? `: ${why}` : ''}`, {
      param: 'model',
      code: 'model_not_found',
    });
  return model;
}

/** The messages of a chat: ids given to tool calls, and each tool result tied to the call it answers. */
export function toMessages(messages: readonly OllamaMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  // The calls of the latest assistant message not yet answered, in order.
  let open: ToolCall[] = [];
  for (const [index, message] of messages.entries()) {
    if (message.role === 'tool') {
      const answered = answeredCall(open, message, index);
      open = open.filter((call) => call !== answered);
      out.push({ role: 'tool', content: message.content, toolCallId: answered.id });
      continue;
    }
    const parts = imageParts(message, index);
    const converted: ChatMessage = { role: message.role, content: message.content };
    if (parts) converted.parts = parts;
    // Earlier thinking, as Ollama gives it to the model's template: the open servers take it back
    // (as reasoning_content); every other provider leaves it out (ChatMessage.reasoning).
    if (message.role === 'assistant' && message.thinking)
      converted.reasoning = [{ type: 'thinking', text: message.thinking, signature: '' }];
    if (message.role === 'assistant' && message.tool_calls?.length) {
      converted.toolCalls = message.tool_calls.map((call, k) => ({
        id: call.id ?? `call_${index}_${k}`,
        name: call.function.name,
        arguments: JSON.stringify(call.function.arguments),
      }));
      open = [...converted.toolCalls];
    } else if (message.role !== 'system') {
      open = [];
    }
    out.push(converted);
  }
  return out;
}

/** A tool message answers the call it names (by id or tool), else the next one not yet answered. */
function answeredCall(open: readonly ToolCall[], message: OllamaMessage, index: number): ToolCall {
  const found =
    (message.tool_call_id !== undefined && open.find((call) => call.id === message.tool_call_id)) ||
    (message.tool_name !== undefined && open.find((call) => call.name === message.tool_name)) ||
    (message.tool_call_id === undefined && message.tool_name === undefined ? open[0] : undefined);
  if (!found)
    throw new ApiError(
      400,
      `Invalid request: messages[${index}]: a tool message must follow an assistant message whose tool call it answers` +
        (message.tool_name ? ` (no open call of "${message.tool_name}")` : ''),
      { param: `messages[${index}]` },
    );
  return found;
}

function imageParts(message: OllamaMessage, index: number): ContentPart[] | undefined {
  if (!message.images?.length) return undefined;
  if (message.role !== 'user')
    throw new ApiError(400, `Invalid request: messages[${index}].images: only user messages carry images`, {
      param: `messages[${index}].images`,
    });
  const parts: ContentPart[] = [];
  if (message.content.length > 0) parts.push({ type: 'text', text: message.content });
  for (const [k, data] of message.images.entries())
    parts.push(image(data, `messages[${index}].images[${k}]`));
  return parts;
}

function image(data: string, path: string): ContentPart {
  const source = data.startsWith('data:') ? imageSourceFromUrl(data) : sniffedBase64Source(data);
  if ('error' in source)
    throw new ApiError(400, `Invalid request: ${path}: ${source.error}`, { param: path });
  return { type: 'image', source };
}

/** The call's options from a chat request. */
export function chatOptions(body: OllamaChatRequest): CallOptions {
  const options = commonOptions(body);
  if (body.tools?.length)
    options.tools = body.tools.map(
      (tool): ToolDefinition => ({
        name: tool.function.name,
        ...(tool.function.description !== undefined && { description: tool.function.description }),
        parameters: tool.function.parameters ?? { type: 'object', properties: {} },
      }),
    );
  return options;
}

/**
 * A generate request as a call. `raw`: the prompt is the whole text to continue (a text completion:
 * OpenAI-compatible servers take it as it is, chat models are asked to continue it, as on
 * /v1/completions). Otherwise the prompt is a user message, after `system`.
 */
export function generateCall(body: OllamaGenerateRequest): { messages: ChatMessage[]; options: CallOptions } {
  if (body.template)
    refuse(
      'template',
      'Ollama prompt templates are not run by Loremaster: send the prompt (raw: true) instead',
    );
  if (body.context?.length)
    refuse('context', 'Loremaster keeps no token context between calls: send the earlier text in the prompt');
  const prompt = body.prompt ?? '';
  const options = commonOptions(body);
  if (body.suffix) options.suffix = body.suffix;
  if (body.raw) {
    if (body.images?.length) refuse('images', 'a raw prompt carries no images');
    options.textPrompt = prompt;
    const messages: ChatMessage[] = [{ role: 'system', content: CONTINUE_INSTRUCTION }];
    if (body.system) messages.push({ role: 'system', content: body.system });
    messages.push({ role: 'user', content: prompt });
    return { messages, options };
  }
  const messages: ChatMessage[] = [];
  if (body.system) messages.push({ role: 'system', content: body.system });
  const user: ChatMessage = { role: 'user', content: prompt };
  if (body.images?.length) {
    user.parts = [
      ...(prompt.length > 0 ? [{ type: 'text' as const, text: prompt }] : []),
      ...body.images.map((data, k) => image(data, `images[${k}]`)),
    ];
  }
  messages.push(user);
  return { messages, options };
}

function commonOptions(body: {
  options?: OllamaOptions | null | undefined;
  format?: string | Record<string, unknown> | null | undefined;
  think?: boolean | ThinkEffort | null | undefined;
  logprobs?: boolean | undefined;
  top_logprobs?: number | undefined;
}): CallOptions {
  const given = body.options ?? {};
  // -1 (no limit) and -2 (fill the context) ask for no limit; 0 would ask for nothing.
  if (given.num_predict === 0) refuse('options.num_predict', 'must be at least 1, or -1 for no limit');
  const { num_predict, ...rest } = given;
  const sampling = samplerOptions(num_predict != null && num_predict > 0 ? given : rest, {
    stop: given.stop ?? undefined,
    seed: given.seed ?? undefined,
  });
  const options: CallOptions = {};
  if (sampling.max_tokens !== undefined) options.maxTokens = sampling.max_tokens;
  if (sampling.stop !== undefined && sampling.stop.length > 0) options.stop = sampling.stop;
  if (sampling.seed !== undefined) options.seed = sampling.seed;
  if (sampling.samplers !== undefined) options.samplers = sampling.samplers;
  if (given.temperature != null) options.temperature = given.temperature;
  if (given.top_p != null) options.topP = given.top_p;
  if (given.top_k != null && given.top_k !== 0) options.topK = given.top_k;
  if (given.presence_penalty != null && given.presence_penalty !== 0)
    options.presencePenalty = given.presence_penalty;
  if (given.frequency_penalty != null && given.frequency_penalty !== 0)
    options.frequencyPenalty = given.frequency_penalty;
  if (body.format === 'json') options.json = true;
  else if (body.format && typeof body.format === 'object') options.jsonSchema = body.format;
  // Think (and show the thinking) at that effort: each provider takes it in its own terms.
  if (body.think === true) options.think = 'medium';
  else if (typeof body.think === 'string') options.think = body.think;
  if (body.logprobs) {
    options.logprobs = true;
    if (body.top_logprobs) options.topLogprobs = body.top_logprobs;
  }
  return options;
}

function refuse(param: string, why: string): never {
  throw new ApiError(400, `Invalid request: ${param}: ${why}`, { param });
}

/** Ollama's `done_reason`: `length` when cut by the token limit, else `stop` (tool calls included). */
export function doneReason(reason: FinishReason): 'stop' | 'length' {
  return reason === 'length' ? 'length' : 'stop';
}

/** A tool call as Ollama returns it: the arguments as an object. */
export function ollamaToolCall(call: ToolCall, index: number) {
  let args: unknown;
  try {
    args = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch {
    throw new ApiError(502, `The model called ${call.name} with arguments that are not JSON`, {
      code: 'bad_response',
    });
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args))
    throw new ApiError(502, `The model called ${call.name} with arguments that are not a JSON object`, {
      code: 'bad_response',
    });
  // A streamed call may come without an id (Ollama's own clients need none): one by its position.
  return {
    id: call.id || `call_${index}`,
    function: { index, name: call.name, arguments: args as Record<string, unknown> },
  };
}

export function ollamaLogprobs(logprobs: readonly TokenLogprob[]) {
  return logprobs.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    ...(entry.topLogprobs.length > 0 && {
      top_logprobs: entry.topLogprobs.map((top) => ({ token: top.token, logprob: top.logprob })),
    }),
  }));
}

/** The closing fields of an answer: why it ended, token counts, durations (ns). */
export function doneFields(
  finishReason: FinishReason,
  usage: Usage,
  latencyMs: number,
  firstTokenMs?: number | null,
) {
  const total = Math.round(latencyMs * 1e6);
  const promptMs = firstTokenMs ?? 0;
  return {
    done: true as const,
    done_reason: doneReason(finishReason),
    total_duration: total,
    load_duration: 0,
    prompt_eval_count: usage.inputTokens,
    prompt_eval_duration: Math.round(promptMs * 1e6),
    eval_count: usage.outputTokens,
    eval_duration: Math.max(0, total - Math.round(promptMs * 1e6)),
  };
}

/** Which route answers: /api/chat puts the text in `message`, /api/generate in `response`. */
export type OllamaRoute = 'chat' | 'generate';

/** What an answer object says: text, thinking, tool calls (whole), any of them empty. */
export interface OllamaSaid {
  text: string;
  thinking?: string | undefined;
  toolCalls?: readonly ToolCall[] | undefined;
}

/**
 * One answer object (a whole answer, or one line of a stream): `message` with the text, thinking and
 * tool calls on /api/chat; `response` and `thinking` on /api/generate, which has no tools, so a tool
 * call there is the model's fault (a 502), never dropped.
 */
export function ollamaAnswer(route: OllamaRoute, model: string, said: OllamaSaid) {
  const calls = said.toolCalls ?? [];
  const thinking = said.thinking ? { thinking: said.thinking } : {};
  const at = { model, created_at: new Date().toISOString() };
  if (route === 'generate') {
    if (calls.length > 0)
      throw new ApiError(502, 'The model called a tool on /api/generate, which has no tools', {
        code: 'bad_response',
      });
    return { ...at, response: said.text, ...thinking };
  }
  return {
    ...at,
    message: {
      role: 'assistant' as const,
      content: said.text,
      ...thinking,
      ...(calls.length > 0 && { tool_calls: calls.map(ollamaToolCall) }),
    },
  };
}

/** A whole answer (`stream: false`), closing fields included. */
export function wholeAnswer(route: OllamaRoute, model: string, result: ChatResult) {
  return {
    ...ollamaAnswer(route, model, {
      text: result.text,
      thinking: thinkingOf(result),
      toolCalls: result.toolCalls,
    }),
    ...(result.logprobs && { logprobs: ollamaLogprobs(result.logprobs) }),
    ...doneFields(result.finishReason, result.usage, result.latencyMs),
  };
}

/** The answer's thinking as Ollama's `thinking` text (redacted blocks have none to show). */
export function thinkingOf(result: Pick<ChatResult, 'reasoning'>): string | undefined {
  const text = thinkingText(result.reasoning);
  return text.length > 0 ? text : undefined;
}

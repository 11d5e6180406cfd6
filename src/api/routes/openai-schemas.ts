/** The OpenAI request bodies Loremaster accepts, as zod schemas (the subset a game needs). */

import { z } from 'zod';
import type { ReasoningEffort } from '../../vocabulary/index.js';
import { openAIImagePart } from '../image-parts.js';
import { jsonSchemaObject } from '../json-schema-field.js';
import { errorSchema } from '../openapi.js';
import { withFastPath } from '../schema-compilers.js';
import { textOrParts } from '../text-or-parts.js';
import { samplerShape } from './sampler-fields.js';
import { eventStream, sseDone, sseEvent } from './stream-docs.js';

/**
 * OpenAI's `reasoning_effort` values, as its SDK lists them: each goes to the provider, which takes
 * the ones its models have (Anthropic's effort starts at `low`; an upstream refuses what its model lacks).
 */
export const REASONING_EFFORTS = [
  'none',
  'minimal',
  'low',
  'medium',
  'high',
  'xhigh',
  'max',
] as const satisfies readonly ReasoningEffort[];

const textObject = z.strictObject({ type: z.literal('text'), text: z.string() });

const textPart = z.discriminatedUnion('type', [textObject], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? 'expected a {type: "text", text} part (image_url parts go in user messages; input_audio and file parts are not supported)'
      : undefined,
});

const content = textOrParts(
  z.array(textPart, { error: 'expected a string or an array of {type: "text", text} parts' }),
);

/** A user's message may show images beside its text. */
const userPart = z.discriminatedUnion('type', [textObject, openAIImagePart], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? 'expected a {type: "text", text} or {type: "image_url", image_url: {url}} part (input_audio and file parts are not supported)'
      : undefined,
});

const userContent = textOrParts(
  z.array(userPart, { error: 'expected a string or an array of text and image_url parts' }),
);

/** OpenAI's function names: letters, digits, `_` and `-`, at most 64. */
const functionName = z
  .string({ error: 'expected a function name (string)' })
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'expected a function name of 1-64 letters, digits, _ or -');

const toolCallSchema = z.strictObject({
  id: z.string({ error: 'expected the tool call id (string)' }).min(1, 'expected a tool call id'),
  type: z.literal('function', { error: 'expected "function" (the only tool type supported)' }),
  function: z.strictObject({ name: functionName, arguments: z.string() }),
});

/** Fields a client may send back as they came from an earlier answer; they ask nothing of the model. */
const echoedAnswerFields = {
  refusal: z.string().nullish(),
  annotations: z.array(z.unknown()).nullish(),
  audio: z.null({ error: 'audio answers are not supported' }).optional(),
  function_call: z.null({ error: 'function_call is deprecated: send tool_calls' }).optional(),
};

const NAME = z.string().max(256).optional();

export const chatMessageSchema = z.discriminatedUnion(
  'role',
  [
    z.strictObject({ role: z.enum(['system', 'developer']), content: content.nullable(), name: NAME }),
    z.strictObject({ role: z.literal('user'), content: userContent.nullable(), name: NAME }),
    z.strictObject({
      role: z.literal('assistant'),
      content: content.nullish(),
      name: NAME,
      tool_calls: z.array(toolCallSchema).max(128).nullish(),
      // An earlier answer's thinking, as an open server (and Loremaster) returns it: see toMessages.
      reasoning_content: z.string().nullish(),
      ...echoedAnswerFields,
    }),
    z.strictObject({
      role: z.literal('tool'),
      content,
      // The function's name: LangChain sends it with every ToolMessage, and OpenAI accepts it.
      name: NAME,
      tool_call_id: z
        .string({ error: 'expected the id of the tool call this answers' })
        .min(1, 'expected a tool call id'),
    }),
  ],
  { error: 'expected a role of "system", "developer", "user", "assistant" or "tool"' },
);

const toolSchema = z.strictObject({
  type: z.literal('function', { error: 'expected "function" (the only tool type supported)' }),
  function: z.strictObject({
    name: functionName,
    description: z.string().optional(),
    parameters: jsonSchemaObject.optional(),
    strict: z.boolean().nullish(),
  }),
});

const toolChoiceSchema = z.union(
  [
    z.enum(['none', 'auto', 'required']),
    z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: functionName }) }),
  ],
  { error: 'expected "none", "auto", "required" or {type: "function", function: {name}}' },
);

/** A value that asks for the default behaviour is accepted by every provider; anything else is the provider's to honour. */
const modalities = z.array(z.enum(['text', 'audio'])).nullish();

export const chatCompletionRequestSchema = z
  .strictObject({
    model: z.string({ error: 'expected a model name (string)' }).min(1, 'expected a model name'),
    messages: z
      .array(chatMessageSchema, { error: 'expected an array of messages' })
      .min(1, 'expected at least one message'),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
    seed: z.number().int().nullish(),
    n: z.number().int().min(1).max(128).nullish(),
    stream: z.boolean().nullish(),
    stream_options: z.strictObject({ include_usage: z.boolean().optional() }).nullish(),
    response_format: z
      .discriminatedUnion(
        'type',
        [
          z.strictObject({ type: z.literal('text') }),
          z.strictObject({ type: z.literal('json_object') }),
          z.strictObject({
            type: z.literal('json_schema'),
            json_schema: z.strictObject({
              name: functionName.optional(),
              description: z.string().optional(),
              schema: jsonSchemaObject.optional(),
              strict: z.boolean().nullish(),
            }),
          }),
        ],
        { error: 'expected a type of "text", "json_object" or "json_schema"' },
      )
      .nullish(),
    tools: z.array(toolSchema).max(128).nullish(),
    tool_choice: toolChoiceSchema.nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().int().min(0).max(20).nullish(),
    frequency_penalty: z.number().min(-2).max(2).nullish(),
    presence_penalty: z.number().min(-2).max(2).nullish(),
    top_k: z.number().int().min(0).max(100_000).nullish(),
    logit_bias: z
      .record(z.string().regex(/^\d+$/, 'expected token ids as keys'), z.number().min(-100).max(100))
      .nullish(),
    user: z.string().optional(),
    safety_identifier: z.string().max(64).nullish(),
    prompt_cache_key: z.string().nullish(),
    reasoning_effort: z.enum(REASONING_EFFORTS).nullish(),
    verbosity: z.enum(['low', 'medium', 'high']).nullish(),
    metadata: z.record(z.string().max(64), z.string().max(512)).nullish(),
    store: z.boolean().nullish(),
    service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullish(),
    modalities,
    audio: z.null({ error: 'audio output is not supported: Loremaster answers with text' }).optional(),
    ...samplerShape,
  })
  .superRefine((body, context) => {
    // The rules OpenAI states beside its fields, checked here so every provider sees the same request.
    if (body.top_logprobs != null && body.logprobs !== true)
      context.addIssue({ code: 'custom', path: ['top_logprobs'], message: 'requires logprobs: true' });
    if (body.modalities?.includes('audio'))
      context.addIssue({
        code: 'custom',
        path: ['modalities'],
        message: 'audio output is not supported: Loremaster answers with text',
      });
    const choice = body.tool_choice;
    if (typeof choice === 'object' && choice !== null) {
      if (!body.tools?.some((tool) => tool.function.name === choice.function.name))
        context.addIssue({
          code: 'custom',
          path: ['tool_choice'],
          message: `names the function ${choice.function.name}, which is not in tools`,
        });
    } else if (choice === 'required' && !body.tools?.length) {
      context.addIssue({ code: 'custom', path: ['tool_choice'], message: '"required" needs tools' });
    }
    const names = new Set<string>();
    for (const [index, tool] of (body.tools ?? []).entries()) {
      if (names.has(tool.function.name))
        context.addIssue({
          code: 'custom',
          path: ['tools', index, 'function', 'name'],
          message: `${tool.function.name} is defined twice`,
        });
      names.add(tool.function.name);
    }
  });
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export const embeddingRequestSchema = z.object({
  model: z.string({ error: 'expected a model name (string)' }).min(1, 'expected a model name'),
  input: z.union(
    [
      z.string().min(1, 'expected non-empty text'),
      z.array(z.string().min(1, 'expected non-empty text')).min(1, 'expected at least one input').max(2048),
    ],
    { error: 'expected a string or an array of strings (token arrays are not supported)' },
  ),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().min(8).max(8192).optional(),
  user: z.string().optional(),
});

const ROLES = new Set(['system', 'developer', 'user', 'assistant']);
const CHAT_FIELDS = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'seed',
  'n',
  'stream',
  'stream_options',
  'user',
]);

/**
 * The hot path's check of a chat request: returns the body when `chatCompletionRequestSchema` would
 * surely accept it as it stands (the common request: no response_format, no unknown fields, plain
 * values), else undefined, and the caller runs the schema, which gives every error its exact message.
 * It never accepts what the schema refuses; it may send a valid but unusual request to the schema.
 */
export function quickChatCompletionRequest(body: unknown): ChatCompletionRequest | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const value = body as Record<string, unknown>;
  for (const key in value) if (!CHAT_FIELDS.has(key)) return undefined;
  const { model, messages } = value;
  if (typeof model !== 'string' || model.length === 0) return undefined;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  for (const message of messages) {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
    const { role, content, name } = message as Record<string, unknown>;
    if (typeof role !== 'string' || !ROLES.has(role)) return undefined;
    if (typeof content !== 'string' && content !== null) return undefined;
    if (name !== undefined && (typeof name !== 'string' || name.length > 256)) return undefined;
    for (const key in message) if (key !== 'role' && key !== 'content' && key !== 'name') return undefined;
  }
  if (!numberIn(value.temperature, 0, 2) || !numberIn(value.top_p, 0, 1)) return undefined;
  if (!positiveInt(value.max_tokens) || !positiveInt(value.max_completion_tokens)) return undefined;
  const { stop, seed, n, stream, stream_options: streamOptions, user } = value;
  if (stop != null && typeof stop !== 'string') {
    if (!Array.isArray(stop) || stop.length > 4 || !stop.every((item) => typeof item === 'string'))
      return undefined;
  }
  if (seed != null && !Number.isSafeInteger(seed)) return undefined;
  if (n != null && n !== 1) return undefined;
  if (stream != null && typeof stream !== 'boolean') return undefined;
  if (streamOptions != null) {
    if (typeof streamOptions !== 'object' || Array.isArray(streamOptions)) return undefined;
    for (const key in streamOptions) if (key !== 'include_usage') return undefined;
    const include = (streamOptions as Record<string, unknown>).include_usage;
    if (include !== undefined && typeof include !== 'boolean') return undefined;
  }
  if (user !== undefined && typeof user !== 'string') return undefined;
  return value as ChatCompletionRequest;
}

function numberIn(value: unknown, min: number, max: number): boolean {
  return (
    value == null || (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max)
  );
}

function positiveInt(value: unknown): boolean {
  return value == null || (Number.isSafeInteger(value) && (value as number) > 0);
}

/** The request as the route takes it: the hand check first, the schema for everything else. */
export const chatCompletionBodySchema = withFastPath(chatCompletionRequestSchema, quickChatCompletionRequest);

const usageSchema = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});

const logprobSchema = z.object({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.number().int()).nullable().optional(),
  top_logprobs: z.array(z.object({ token: z.string(), logprob: z.number() }).loose()).optional(),
});

/** A `chat.completion` (OpenAI's shape, plus Loremaster's `call_id`, `provider`, `provider_model`). */
export const chatCompletionResponseSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int(),
    model: z.string(),
    call_id: z.string().optional().describe("Loremaster's id for the call: what POST /llm/feedback takes"),
    provider: z.string(),
    provider_model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.object({
          role: z.literal('assistant'),
          content: z.string().nullable(),
          reasoning_content: z
            .string()
            .optional()
            .describe("The model's thinking before its answer, where its server returns it (open servers)"),
          refusal: z.null(),
          tool_calls: z
            .array(
              z.object({
                id: z.string(),
                type: z.literal('function'),
                function: z.object({ name: z.string(), arguments: z.string() }),
              }),
            )
            .optional(),
        }),
        logprobs: z.object({ content: z.array(logprobSchema), refusal: z.null() }).nullable(),
        finish_reason: z.string().nullable(),
      }),
    ),
    usage: usageSchema,
  })
  .meta({ id: 'ChatCompletion' });

/** One `chat.completion.chunk` of a stream (the usage-only chunk of include_usage has no provider). */
const chatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number().int(),
  model: z.string(),
  provider: z.string().optional(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({
        role: z.literal('assistant').optional(),
        content: z.string().optional(),
        reasoning_content: z.string().optional().describe("A piece of the model's thinking"),
        tool_calls: z
          .array(
            z.object({
              index: z.number().int(),
              id: z.string().optional(),
              type: z.literal('function').optional(),
              function: z.object({ name: z.string().optional(), arguments: z.string() }),
            }),
          )
          .optional(),
      }),
      logprobs: z.object({ content: z.array(logprobSchema), refusal: z.null() }).nullable(),
      finish_reason: z.string().nullable(),
    }),
  ),
  usage: usageSchema.optional(),
});

/** `stream: true`: chunks as unnamed events, an error event after the first byte, then `[DONE]`. */
export const chatCompletionStreamSchema = eventStream([
  sseEvent(null, chatCompletionChunkSchema),
  sseEvent(null, errorSchema),
  sseDone,
]);

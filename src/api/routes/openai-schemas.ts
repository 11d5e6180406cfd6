/** The OpenAI request bodies Loremaster accepts, as zod schemas (the subset a game needs). */
import { z } from 'zod';

const textPart = z.object({ type: z.literal('text'), text: z.string() });

const content = z.union([
  z.string(),
  z.array(textPart, { error: 'expected a string or an array of {type: "text", text} parts' }),
]);

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant'], {
    error: 'expected one of "system", "developer", "user", "assistant"',
  }),
  content: content.nullable(),
  name: z.string().max(256).optional(),
});

export const chatCompletionRequestSchema = z.object({
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
  n: z.literal(1, { error: 'only n = 1 is supported' }).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  response_format: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('text') }),
      z.object({ type: z.literal('json_object') }),
      z.object({
        type: z.literal('json_schema'),
        json_schema: z.object({
          name: z.string().optional(),
          schema: z.record(z.string(), z.unknown()).optional(),
          strict: z.boolean().nullish(),
        }),
      }),
    ])
    .nullish(),
  user: z.string().optional(),
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

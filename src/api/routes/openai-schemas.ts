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

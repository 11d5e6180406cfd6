/**
 * OpenAI's legacy text completions (POST /v1/completions), used by text-completion front ends
 * (SillyTavern's Text Completion mode, llama.cpp tools) and the `openai` package's
 * `client.completions`: the request Loremaster accepts and the answer it gives, as zod schemas.
 * Strict: a field Loremaster cannot honour is a 400 naming it, never ignored.
 */
import { z } from 'zod';
import { errorSchema } from '../openapi.js';
import { MAX_STOPS, samplerShape } from './sampler-fields.js';
import { eventStream, sseDone, sseEvent } from './stream-docs.js';

const prompt = z.union(
  [z.string(), z.array(z.string()).min(1, 'expected at least one prompt').max(16, 'at most 16 prompts')],
  { error: 'expected a string or an array of strings (token arrays are not supported)' },
);

/** The fields of a text completion request, shared with llama.cpp's native /completion (llamacpp-schemas.ts). */
export const completionFields = {
  // Single-model servers (llama.cpp, KoboldCpp) need no model name, so their front ends send none
  // or "": that asks for the `generation` role.
  model: z
    .string({ error: 'expected a model name (string)' })
    .optional()
    .describe('A model name, a role or provider/model; the generation role when omitted or ""'),
  prompt,
  suffix: z.string().nullish(),
  echo: z.boolean().nullish(),
  best_of: z.number().int().min(1).max(20).nullish(),
  // OpenAI's legacy endpoint stops at 5; Loremaster asks chat models (up to 20) or an open server,
  // and SillyTavern asks for 10 when it shows token probabilities.
  logprobs: z.number().int().min(0).max(20).nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  // Text front ends send a stop string per speaker and instruct sequence, often more than OpenAI's 4;
  // the open servers, Anthropic and offline take them all, the OpenAI provider refuses more than 4.
  stop: z.union([z.string(), z.array(z.string()).max(MAX_STOPS)]).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).max(100_000).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  logit_bias: z
    .union(
      [
        z.record(z.string().regex(/^\d+$/, 'expected token ids as keys'), z.number().min(-100).max(100)),
        // llama.cpp's form, which SillyTavern sends to it and to Ollama: [token id, bias or false (banned)].
        z
          .array(
            z.tuple([z.number().int().min(0), z.union([z.number().min(-100).max(100), z.literal(false)])]),
          )
          .max(4096),
      ],
      { error: 'expected {"token id": bias} or [[token id, bias or false], ...]' },
    )
    .nullish(),
  seed: z.number().int().nullish(),
  user: z.string().optional(),
  stream: z.boolean().nullish(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional() }).nullish(),
  ...samplerShape,
};

/**
 * /v1/completions' own fields that a server's native endpoint (llama.cpp's /completion, KoboldCpp's
 * /api/v1/generate) takes with the rest of its fields but whose answer has no place for: refused when
 * on, naming them, never dropped.
 */
export function refuseOpenAIOnly(
  body: { echo?: boolean | null; logprobs?: number | null; stream_options?: object | null },
  refuse: (path: string, message: string) => void,
): void {
  const elsewhere = 'not on this endpoint, whose answer has no place for it (/v1/completions has it)';
  if (body.echo) refuse('echo', elsewhere);
  if (body.logprobs != null) refuse('logprobs', elsewhere);
  if (body.stream_options != null) refuse('stream_options', elsewhere);
}

export const completionRequestSchema = z.strictObject(completionFields).superRefine((body, context) => {
  const n = body.n ?? 1;
  if (body.best_of != null && body.best_of < n)
    context.addIssue({ code: 'custom', path: ['best_of'], message: `must be at least n (${n})` });
  if (body.echo && body.logprobs != null)
    context.addIssue({
      code: 'custom',
      path: ['echo'],
      message: "echo with logprobs is not supported (the prompt's own log probabilities are not known)",
    });
  if (body.stream && Array.isArray(body.prompt) && body.prompt.length > 1)
    context.addIssue({ code: 'custom', path: ['prompt'], message: 'a streamed request takes one prompt' });
});

export type CompletionRequest = z.infer<typeof completionRequestSchema>;

const logprobsSchema = z
  .object({
    tokens: z.array(z.string()),
    token_logprobs: z.array(z.number()),
    top_logprobs: z.array(z.record(z.string(), z.number())),
    text_offset: z.array(z.number().int()),
  })
  .nullable();

const usageSchema = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});

const choiceSchema = z.object({
  text: z.string(),
  index: z.number().int(),
  logprobs: logprobsSchema,
  finish_reason: z.string().nullable(),
});

/** A `text_completion` (OpenAI's shape, plus Loremaster's `provider`). */
export const completionResponseSchema = z
  .object({
    id: z.string(),
    object: z.literal('text_completion'),
    created: z.number().int(),
    model: z.string(),
    provider: z.string(),
    choices: z.array(choiceSchema),
    usage: usageSchema,
  })
  .meta({ id: 'TextCompletion' });

/** `stream: true`: text_completion chunks, an error event after the first byte, then `[DONE]`. */
export const completionStreamSchema = eventStream([
  sseEvent(
    null,
    z.object({
      id: z.string(),
      object: z.literal('text_completion'),
      created: z.number().int(),
      model: z.string(),
      choices: z.array(choiceSchema),
      usage: usageSchema.optional(),
    }),
  ),
  sseEvent(null, errorSchema),
  sseDone,
]);

/**
 * llama.cpp's native server API (POST /completion, /tokenize, /detokenize), as its server README
 * documents it: the requests Loremaster accepts and the answers it gives, as zod schemas.
 *
 * A /completion body takes every field /v1/completions takes (the sampler table's llama.cpp names
 * among them) and llama.cpp's own. Its own fields are honoured (`n_predict` -1, `n_cmpl`,
 * `timings_per_token`, `response_fields`) or refused by name when they ask for something Loremaster
 * cannot give (the model's token ids, LoRA adapters, prompt progress, pings). Its scheduler hints
 * (`id_slot`, `n_keep`, `n_cache_reuse`) are in the sampler table, forwarded to OpenAI-compatible servers.
 */
import { z } from 'zod';
import { SPECIAL_TOKEN_TEXTS } from '../../vocabulary/tokenizer.js';
import { errorSchema } from '../openapi.js';
import { completionFields, refuseOpenAIOnly } from './openai-completions-schemas.js';
import { MAX_STOPS } from './sampler-fields.js';
import { eventStream, sseEvent } from './stream-docs.js';

/** Text /tokenize takes: about 100,000 tokens, encoded in tens of milliseconds at worst. */
export const MAX_TOKENIZE_CHARS = 400_000;
/** Token ids /detokenize takes. */
export const MAX_DETOKENIZE_TOKENS = 200_000;

/** A field Loremaster cannot honour when it is on: a refusal that says why. */
const unsupported = (what: string) => `not supported: ${what}`;

export const llamaCompletionRequestSchema = z
  .strictObject({
    ...completionFields,
    prompt: z.union(
      [z.string(), z.array(z.string()).min(1, 'expected at least one prompt').max(16, 'at most 16 prompts')],
      {
        error:
          "expected a string or an array of strings (token ids are not supported: Loremaster does not know the model's tokenizer)",
      },
    ),
    // llama.cpp: -1 (its default) is no limit, 0 evaluates the prompt only.
    n_predict: z.number().int().min(-1).nullish(),
    stop: z.union([z.string(), z.array(z.string()).max(MAX_STOPS)]).nullish(),
    n_cmpl: z.number().int().min(1).max(128).nullish().describe('Completions per prompt (as `n`)'),
    timings_per_token: z.boolean().nullish().describe('Timings in every streamed chunk, not only the last'),
    response_fields: z
      .array(z.string().min(1).max(200))
      .max(64)
      .nullish()
      .describe('Only these fields of each result (`generation_settings/n_predict` lifts a nested one)'),
    // Pings while the stream is silent: Loremaster sends none, so only -1 and 0 (none) are taken.
    sse_ping_interval: z.number().nullish(),
    // Asks Loremaster cannot answer: refused when on.
    return_tokens: z.boolean().nullish(),
    post_sampling_probs: z.boolean().nullish(),
    return_progress: z.boolean().nullish(),
    t_max_predict_ms: z.number().int().min(0).nullish(),
    n_indent: z.number().int().min(0).nullish(),
    lora: z
      .array(z.strictObject({ id: z.number().int(), scale: z.number() }))
      .max(64)
      .nullish(),
    // LLM for Unity sends an empty list with every request; llama.cpp reads no messages here.
    messages: z
      .array(z.unknown())
      .max(0, 'not read on /completion: send a conversation to /v1/chat/completions')
      .nullish(),
  })
  .superRefine((body, context) => {
    const refuse = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    if (body.return_tokens) refuse('return_tokens', unsupported("the model's token ids are not known"));
    if (body.post_sampling_probs)
      refuse('post_sampling_probs', unsupported('token probabilities (send logprobs)'));
    if (body.return_progress) refuse('return_progress', unsupported('prompt processing progress'));
    if (body.t_max_predict_ms) refuse('t_max_predict_ms', unsupported('a time limit on generation'));
    if (body.n_indent) refuse('n_indent', unsupported('a minimum indentation'));
    if (body.sse_ping_interval != null && body.sse_ping_interval > 0)
      refuse('sse_ping_interval', `${unsupported('SSE pings')} (send -1)`);
    if (body.lora?.length) refuse('lora', unsupported('LoRA adapters'));
    if (body.n_cmpl != null && body.n != null && body.n_cmpl !== body.n)
      refuse('n_cmpl', `conflicts with n (${body.n}): send one of them`);
    if (
      body.n_predict != null &&
      body.max_tokens != null &&
      body.n_predict > 0 &&
      body.n_predict !== body.max_tokens
    )
      refuse('n_predict', `conflicts with max_tokens (${body.max_tokens}): send one of them`);
    if (body.stream && Array.isArray(body.prompt) && body.prompt.length > 1)
      refuse('prompt', 'a streamed request takes one prompt');
    refuseOpenAIOnly(body, refuse);
    const n = body.n ?? body.n_cmpl ?? 1;
    if (body.best_of != null && body.best_of < n) refuse('best_of', `must be at least n (${n})`);
  });

export type LlamaCompletionRequest = z.infer<typeof llamaCompletionRequestSchema>;

const timingsSchema = z.object({
  prompt_n: z.number().int(),
  prompt_ms: z.number(),
  prompt_per_token_ms: z.number(),
  prompt_per_second: z.number(),
  predicted_n: z.number().int(),
  predicted_ms: z.number(),
  predicted_per_token_ms: z.number(),
  predicted_per_second: z.number(),
});

/** One finished completion, in llama.cpp's fields. */
// Loose: `response_fields` may lift a nested field (`generation_settings/n_predict`) to the top.
export const llamaCompletionResultSchema = z
  .looseObject({
    index: z.number().int(),
    content: z.string(),
    tokens: z.array(z.number().int()),
    id_slot: z.number().int(),
    stop: z.literal(true),
    model: z.string(),
    provider: z.string(),
    tokens_predicted: z.number().int(),
    tokens_evaluated: z.number().int(),
    tokens_cached: z.number().int(),
    generation_settings: z.record(z.string(), z.unknown()),
    prompt: z.string(),
    has_new_line: z.boolean(),
    truncated: z.boolean(),
    stop_type: z.enum(['eos', 'limit', 'word']),
    stopping_word: z.string(),
    timings: timingsSchema,
  })
  .partial()
  .meta({ id: 'LlamaCppCompletion' });

/** Several prompts, or n_cmpl > 1, give an array of results. */
export const llamaCompletionResponseSchema = z.union([
  llamaCompletionResultSchema,
  z.array(llamaCompletionResultSchema),
]);

/** `stream: true`: one event per piece of text, then the finished result; no `[DONE]` (as llama.cpp). */
export const llamaCompletionStreamSchema = eventStream([
  sseEvent(
    null,
    z.object({
      index: z.number().int(),
      content: z.string(),
      tokens: z.array(z.number().int()),
      stop: z.literal(false),
      id_slot: z.number().int(),
      timings: timingsSchema.partial().optional(),
    }),
  ),
  sseEvent(null, llamaCompletionResultSchema),
  sseEvent(null, errorSchema),
]);

const tokenizeText = z
  .string({ error: 'expected the text to tokenize (string)' })
  .max(MAX_TOKENIZE_CHARS, `at most ${MAX_TOKENIZE_CHARS} characters`);

/**
 * llama.cpp's form (`content`), and vLLM's on the same path (`prompt`, `model`), which SillyTavern's
 * vLLM type sends to count tokens.
 */
export const tokenizeRequestSchema = z
  .strictObject({
    content: tokenizeText.optional().describe("llama.cpp's field"),
    prompt: tokenizeText.optional().describe("vLLM's field"),
    model: z.string().optional().describe('vLLM: which model counts (o200k counts for every model here)'),
    // o200k adds no BOS token: asking for special tokens adds none.
    add_special: z.boolean().optional(),
    add_special_tokens: z.boolean().optional(),
    parse_special: z.boolean().optional(),
    with_pieces: z.boolean().optional(),
  })
  .superRefine((body, context) => {
    if ((body.content === undefined) === (body.prompt === undefined))
      context.addIssue({
        code: 'custom',
        path: [body.content === undefined ? 'content' : 'prompt'],
        message: 'expected the text as content (llama.cpp) or prompt (vLLM): one of them',
      });
    if (body.with_pieces)
      context.addIssue({ code: 'custom', path: ['with_pieces'], message: unsupported('token pieces') });
    // llama.cpp's default reads special token text as the special token.
    if (body.parse_special !== false) refuseSpecialText(body.content ?? '', 'parse_special', context);
  });

/**
 * o200k's special token text is counted as text: a request that asks for it as special tokens (and
 * holds some) is refused, naming the field that asks.
 */
function refuseSpecialText(text: string, field: string, context: z.RefinementCtx): void {
  if (SPECIAL_TOKEN_TEXTS.some((special) => text.includes(special)))
    context.addIssue({
      code: 'custom',
      path: [field],
      message: `${unsupported('special tokens written as text')}: send ${field} false to count them as text`,
    });
}

export const tokenizeResponseSchema = z.object({
  tokens: z.array(z.number().int()),
  count: z.number().int().describe("vLLM's field: how many tokens"),
});

/** Aphrodite's /v1/tokenize: vLLM's form. */
export const promptTokenizeRequestSchema = z.strictObject({
  prompt: tokenizeText,
  model: z.string().optional(),
  add_special_tokens: z.boolean().optional(),
});

/** text-generation-webui's /v1/internal/encode and TabbyAPI's /v1/token/encode. */
export const textEncodeRequestSchema = z
  .strictObject({
    text: tokenizeText,
    // TabbyAPI's: o200k has no BOS token to add, and encoding gives ids, which nothing decodes here.
    add_bos_token: z.boolean().optional(),
    encode_special_tokens: z.boolean().optional(),
    decode_special_tokens: z.boolean().optional(),
  })
  .superRefine((body, context) => {
    if (body.encode_special_tokens) refuseSpecialText(body.text, 'encode_special_tokens', context);
  });

export const textEncodeResponseSchema = z.object({
  tokens: z.array(z.number().int()),
  length: z.number().int(),
});

/** KoboldCpp's /api/extra/tokencount. */
export const koboldTokenCountRequestSchema = z.strictObject({ prompt: tokenizeText });

export const koboldTokenCountResponseSchema = z.object({
  value: z.number().int(),
  ids: z.array(z.number().int()),
});

export const detokenizeRequestSchema = z.strictObject({
  tokens: z
    .array(z.number().int().min(0), { error: 'expected token ids (an array of integers)' })
    .max(MAX_DETOKENIZE_TOKENS, `at most ${MAX_DETOKENIZE_TOKENS} tokens`),
});

export const detokenizeResponseSchema = z.object({ content: z.string() });

/** GET /props: llama-server's global properties, with only what Loremaster knows (the generation role). */
export const llamaPropsSchema = z.object({
  default_generation_settings: z.object({
    id: z.number().int(),
    id_task: z.number().int(),
    n_ctx: z.number().int(),
    speculative: z.boolean(),
    is_processing: z.boolean(),
    params: z.object({
      n_predict: z.number().int(),
      max_tokens: z.number().int(),
      temperature: z.number(),
      stop: z.array(z.string()),
      stream: z.boolean(),
    }),
    prompt: z.string(),
  }),
  total_slots: z.number().int(),
  model_path: z.string(),
  chat_template: z.string(),
  modalities: z.object({ vision: z.boolean(), audio: z.boolean() }),
  build_info: z.string(),
});

/** The texts /embedding embeds: as /v1/embeddings takes them (up to 2,048). */
const embeddingTexts = z.union([z.string(), z.array(z.string()).min(1).max(2048)], {
  error: 'expected a string or an array of strings (token ids are not supported)',
});

/** POST /embedding: llama.cpp's native embeddings (`content`, or `input` as /v1/embeddings names it). */
export const llamaEmbeddingRequestSchema = z
  .strictObject({
    content: embeddingTexts.optional(),
    input: embeddingTexts.optional(),
    model: z.string().optional().describe('A model name; the embedding role when omitted or ""'),
    embd_normalize: z
      .number()
      .int()
      .min(-1)
      .max(64)
      .nullish()
      .describe('-1: as the model gives it, 0: max absolute, 1: taxicab, 2 (default): Euclidean, >2: p-norm'),
  })
  .superRefine((body, context) => {
    if ((body.content === undefined) === (body.input === undefined))
      context.addIssue({
        code: 'custom',
        path: ['content'],
        message: body.content === undefined ? 'is required' : 'conflicts with input: send one of them',
      });
  });

export type LlamaEmbeddingRequest = z.infer<typeof llamaEmbeddingRequestSchema>;

/** Current llama-server's answer: one entry per text, `embedding` the pooled vector wrapped in an array. */
export const llamaEmbeddingResponseSchema = z.array(
  z.object({ index: z.number().int(), embedding: z.array(z.array(z.number())) }),
);

/** POST /slots/:id_slot?action=save|restore|erase: taken so the 501 answers the request llama-server's clients send. */
export const llamaSlotActionSchema = {
  params: z.strictObject({ id_slot: z.string().max(20) }),
  querystring: z.strictObject({ action: z.string().max(20).optional() }),
};

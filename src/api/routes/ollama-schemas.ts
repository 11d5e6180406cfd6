/**
 * Ollama's native API, request side (docs/api.md of Ollama; the `ollama` npm client's interfaces):
 * /api/chat, /api/generate, /api/embed, /api/embeddings, /api/show. Strict like every other route: a
 * field Ollama does not define is a 400 naming it. The `options` object takes Ollama's runtime options
 * (the sampling ones are read through the shared sampler table) and its load-time options, which
 * describe how an Ollama server loads a model (GPU layers, threads, mmap…): Loremaster loads no model,
 * so those are accepted and do nothing (README: the Ollama API).
 */
import { z } from 'zod';
import { jsonSchemaObject } from '../json-schema-field.js';
import { MAX_STOPS } from './sampler-fields.js';

/** How an Ollama server runs the model: accepted, asks nothing of the answer. */
export const OLLAMA_LOAD_OPTIONS = [
  'numa',
  'num_ctx',
  'num_batch',
  'num_gpu',
  'main_gpu',
  'low_vram',
  'f16_kv',
  'logits_all',
  'vocab_only',
  'use_mmap',
  'use_mlock',
  'embedding_only',
  'num_thread',
  'num_keep',
  'penalize_newline',
  // Older Ollama versions' load-time settings, still sent by clients written for them.
  'num_gqa',
  'rope_frequency_base',
  'rope_frequency_scale',
] as const;

const loadOptions = Object.fromEntries(
  OLLAMA_LOAD_OPTIONS.map((name) => [
    name,
    z
      .union([z.number(), z.boolean()])
      .nullable()
      .optional()
      .describe('How an Ollama server loads or runs the model: accepted, without effect here'),
  ]),
);

/** Ollama's `options`: sampling (as the other open servers' fields) and load-time settings. */
export const ollamaOptionsSchema = z
  .strictObject({
    ...loadOptions,
    seed: z.number().int().nullable().optional(),
    num_predict: z.number().int().nullable().optional().describe('max_tokens; -1 or -2: no limit'),
    top_k: z.number().int().min(0).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    min_p: z.number().min(0).max(1).nullable().optional(),
    tfs_z: z.number().min(0).max(1).nullable().optional(),
    typical_p: z.number().min(0).max(1).nullable().optional(),
    repeat_last_n: z.number().int().min(-1).nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    repeat_penalty: z.number().min(0).nullable().optional(),
    presence_penalty: z.number().min(-2).max(2).nullable().optional(),
    frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
    mirostat: z.number().int().min(0).max(2).nullable().optional(),
    mirostat_tau: z.number().min(0).nullable().optional(),
    mirostat_eta: z.number().min(0).nullable().optional(),
    stop: z.array(z.string()).max(MAX_STOPS).nullable().optional(),
  })
  .describe("Ollama's model options");
export type OllamaOptions = z.infer<typeof ollamaOptionsSchema>;

/** `format`: `"json"`, or a JSON schema the answer must follow. */
const formatSchema = z
  .union([z.literal('json'), z.literal(''), jsonSchemaObject])
  .nullable()
  .optional()
  .describe('"json", or a JSON schema the answer must follow');

/** Images: base64 strings (Ollama's own clients encode bytes and files before sending). */
const imagesSchema = z.array(z.string().min(1)).max(64).nullable().optional();

/** `think`: the model thinks (`true` or a level), its thinking returned in `thinking`; or not. */
const thinkSchema = z
  .union([z.boolean(), z.enum(['low', 'medium', 'high'])])
  .nullable()
  .optional()
  .describe(
    'true (medium) or a level: think at that effort, the thinking returned in `thinking` where the provider shows it (Anthropic, offline; OpenAI-format providers take it as their reasoning effort); false: no thinking',
  );

const keepAliveSchema = z
  .union([z.string().max(64), z.number()])
  .nullable()
  .optional()
  .describe('How long Ollama keeps a model loaded: accepted, without effect here');

const toolCallSchema = z.strictObject({
  id: z.string().max(256).optional(),
  type: z.literal('function').optional(),
  function: z.strictObject({
    index: z.number().int().min(0).optional(),
    name: z.string().min(1).max(256),
    arguments: z.record(z.string(), z.unknown()),
  }),
});

export const ollamaMessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  thinking: z
    .string()
    .optional()
    .describe("An assistant's earlier thinking: sent back to an open server, left out for the others"),
  images: imagesSchema,
  tool_calls: z.array(toolCallSchema).max(128).optional(),
  tool_name: z.string().max(256).optional().describe('A tool message: the tool whose result it is'),
  tool_call_id: z.string().max(256).optional(),
});
export type OllamaMessage = z.infer<typeof ollamaMessageSchema>;

const toolSchema = z.strictObject({
  type: z.literal('function'),
  function: z
    .object({
      name: z.string().min(1).max(64),
      description: z.string().max(16_384).optional(),
      parameters: jsonSchemaObject.optional(),
    })
    .loose(),
});

const modelSchema = z.string().min(1).max(256);

/** The fields /api/chat and /api/generate share: the answer's form, its options, what comes back. */
const answerShape = {
  format: formatSchema,
  options: ollamaOptionsSchema.nullable().optional(),
  stream: z.boolean().optional().describe('true (the default): newline-delimited JSON'),
  keep_alive: keepAliveSchema,
  think: thinkSchema,
  logprobs: z.boolean().optional(),
  top_logprobs: z.number().int().min(0).max(20).optional(),
};

export const ollamaChatRequestSchema = z
  .strictObject({
    model: modelSchema,
    messages: z.array(ollamaMessageSchema).max(10_000).optional(),
    tools: z.array(toolSchema).max(128).optional(),
    ...answerShape,
  })
  .meta({ id: 'OllamaChatRequest' });
export type OllamaChatRequest = z.infer<typeof ollamaChatRequestSchema>;

export const ollamaGenerateRequestSchema = z
  .strictObject({
    model: modelSchema,
    prompt: z.string().optional(),
    suffix: z.string().optional().describe('Fill-in-the-middle: only OpenAI-compatible servers take it'),
    system: z.string().optional(),
    template: z
      .string()
      .optional()
      .describe('Ollama prompt templates are not run here: refused unless empty'),
    context: z
      .array(z.number().int())
      .max(1_000_000)
      .optional()
      .describe("Ollama's token context: refused unless empty (send the text instead)"),
    images: imagesSchema,
    raw: z.boolean().optional().describe('true: the prompt is sent as it is (a text completion)'),
    ...answerShape,
  })
  .meta({ id: 'OllamaGenerateRequest' });
export type OllamaGenerateRequest = z.infer<typeof ollamaGenerateRequestSchema>;

export const ollamaEmbedRequestSchema = z
  .strictObject({
    model: modelSchema,
    input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]),
    truncate: z.boolean().optional(),
    dimensions: z.number().int().min(1).max(8192).optional(),
    options: ollamaOptionsSchema.nullable().optional(),
    keep_alive: keepAliveSchema,
  })
  .meta({ id: 'OllamaEmbedRequest' });

export const ollamaEmbeddingsRequestSchema = z
  .strictObject({
    model: modelSchema,
    prompt: z.string(),
    options: ollamaOptionsSchema.nullable().optional(),
    keep_alive: keepAliveSchema,
  })
  .meta({ id: 'OllamaEmbeddingsRequest' });

export const ollamaShowRequestSchema = z
  .strictObject({
    model: modelSchema.optional(),
    name: z.string().min(1).max(256).optional().describe('The older name of `model`'),
    verbose: z.boolean().optional(),
    system: z.string().optional(),
    template: z.string().optional(),
    options: ollamaOptionsSchema.nullable().optional(),
  })
  .meta({ id: 'OllamaShowRequest' });

/** POST /api/pull: `model` (or its older name `name`); `insecure` is taken and means nothing here. */
export const ollamaPullRequestSchema = z
  .strictObject({
    model: modelSchema.optional(),
    name: modelSchema.optional().describe('The older name of `model`'),
    insecure: z.boolean().optional(),
    stream: z.boolean().optional(),
  })
  .meta({ id: 'OllamaPullRequest' });

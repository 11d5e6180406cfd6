/**
 * Anthropic's Messages API request bodies (POST /v1/messages, POST /v1/messages/count_tokens), as
 * zod schemas. Strict: a field Loremaster cannot honour is a 400 naming it, never ignored.
 * `cache_control` is accepted on blocks and on the request (automatic caching): a caching hint that
 * changes no answer; so is a tool's `eager_input_streaming` (tool input streamed as it is written,
 * which is how Loremaster streams it anyway).
 * `output_config.format` (and its deprecated beta name `output_format`) is Anthropic's structured output:
 * the answer is JSON valid against the schema, checked as on /v1/chat/completions. `output_config.effort`
 * is the call's reasoning effort.
 * `thinking` is Anthropic's extended thinking, validated as Anthropic validates it (a budget of at least
 * 1,024 tokens and below max_tokens); thinking and redacted_thinking blocks come back in assistant turns.
 */
import { z } from 'zod';
import { anthropicImageBlock } from '../image-parts.js';
import { jsonSchemaObject, usableJsonSchema } from '../json-schema-field.js';
import { textOrParts } from '../text-or-parts.js';

const cacheControl = z.object({ type: z.literal('ephemeral'), ttl: z.string().optional() }).strict();

const textBlock = z
  .object({
    type: z.literal('text'),
    text: z.string(),
    cache_control: cacheControl.nullish(),
    /**
     * Anthropic's answers carry `citations: null` on every text block, so a turn sent back as it came
     * has it; citations themselves point into documents, which are not taken.
     */
    citations: z
      .array(z.never({ error: 'citations point into documents, which are not supported' }))
      .nullish(),
  })
  .strict();

const toolUseBlock = z
  .object({
    type: z.literal('tool_use'),
    id: z.string().min(1).max(256),
    name: z.string().min(1).max(128),
    input: z.record(z.string(), z.unknown()),
    cache_control: cacheControl.nullish(),
    /** Anthropic's answers say who called the tool: `direct` (the model) is the only caller here. */
    caller: z
      .object({ type: z.literal('direct') })
      .strict()
      .optional(),
  })
  .strict();

const toolResultBlock = z
  .object({
    type: z.literal('tool_result'),
    tool_use_id: z.string().min(1).max(256),
    content: textOrParts(
      z.array(
        z.discriminatedUnion('type', [textBlock, anthropicImageBlock], {
          error: (issue) =>
            issue.code === 'invalid_union'
              ? 'expected a text or image block (documents are not supported)'
              : undefined,
        }),
      ),
    ).optional(),
    is_error: z.boolean().optional(),
    cache_control: cacheControl.nullish(),
  })
  .strict();

/** The model's thinking in an earlier answer, sent back unchanged (its signature proves that). */
const thinkingBlock = z
  .object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() })
  .strict();

const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string() }).strict();

const contentBlock = z.discriminatedUnion(
  'type',
  [textBlock, anthropicImageBlock, toolUseBlock, toolResultBlock, thinkingBlock, redactedThinkingBlock],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'expected a text, image, tool_use, tool_result, thinking or redacted_thinking block (documents are not supported)'
        : undefined,
  },
);

/** Anthropic's minimum thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

/** Whether the thinking's text comes back (`summarized`) or only its blocks' signatures (`omitted`). */
const thinkingDisplay = z.enum(['summarized', 'omitted']).nullish();

const thinking = z.discriminatedUnion(
  'type',
  [
    z
      .object({
        type: z.literal('enabled'),
        budget_tokens: z
          .number()
          .int()
          .min(MIN_THINKING_BUDGET)
          .describe('Tokens the model may think with: at least 1,024, and less than max_tokens'),
        display: thinkingDisplay,
      })
      .strict(),
    z.object({ type: z.literal('adaptive'), display: thinkingDisplay }).strict(),
    z.object({ type: z.literal('disabled') }).strict(),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'expected a thinking type of enabled, adaptive or disabled'
        : undefined,
  },
);

const message = z
  .object({
    role: z.enum(['user', 'assistant']),
    content: textOrParts(z.array(contentBlock).min(1)),
  })
  .strict();

const tool = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/, 'expected a tool name of letters, digits, _ and -'),
    description: z.string().max(100_000).optional(),
    input_schema: z
      .object({ type: z.literal('object') })
      .loose()
      .superRefine(usableJsonSchema),
    type: z.literal('custom').optional(),
    cache_control: cacheControl.nullish(),
    /** Strict tool use: the input follows the schema exactly (passed to a provider that has it). */
    strict: z.boolean().optional(),
    eager_input_streaming: z.boolean().nullish(),
  })
  .strict();

/** Anthropic's structured output: the answer is one JSON text valid against `schema`. */
const jsonOutputFormat = z.object({ type: z.literal('json_schema'), schema: jsonSchemaObject }).strict();

const outputConfig = z
  .object({
    format: jsonOutputFormat.nullish(),
    /** How much the model spends on thinking, text and tool calls (the reasoning effort of every provider). */
    effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullish(),
  })
  .strict();

const toolChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }).strict(),
  z
    .object({
      type: z.literal('tool'),
      name: z.string().min(1),
      disable_parallel_tool_use: z.boolean().optional(),
    })
    .strict(),
  z.object({ type: z.literal('none') }).strict(),
]);

const system = z.union([z.string(), z.array(textBlock)]);

/** What count_tokens and messages share: the prompt, its tools and the answer's form. */
const promptFields = z
  .object({
    model: z.string().min(1).max(256),
    messages: z.array(message).min(1).max(10_000),
    system: system.optional(),
    tools: z.array(tool).max(128).optional(),
    tool_choice: toolChoice.optional(),
    thinking: thinking.optional(),
    cache_control: cacheControl.nullish(),
    output_config: outputConfig.optional(),
    /** The beta name of `output_config.format` (Anthropic's SDKs before structured outputs were GA). */
    output_format: jsonOutputFormat.nullish(),
  })
  .strict();

function formatOnce(body: z.infer<typeof promptFields>, context: z.RefinementCtx): void {
  if (body.output_format && body.output_config?.format)
    context.addIssue({
      code: 'custom',
      path: ['output_format'],
      message: 'give the format once, as output_config.format (output_format is its deprecated name)',
    });
}

export const countTokensRequestSchema = promptFields.superRefine(formatOnce);

export const messagesRequestSchema = promptFields
  .extend({
    max_tokens: z.number().int().positive().max(1_000_000),
    stop_sequences: z.array(z.string().min(1)).max(16).optional(),
    stream: z.boolean().optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().min(0).max(100_000).optional(),
    metadata: z
      .object({ user_id: z.string().max(256).nullish() })
      .strict()
      .optional(),
    service_tier: z.enum(['auto', 'standard_only']).optional(),
  })
  .strict()
  .superRefine((body, context) => {
    formatOnce(body, context);
    // The budget is part of max_tokens: the answer needs some of it too.
    if (body.thinking?.type === 'enabled' && body.thinking.budget_tokens >= body.max_tokens)
      context.addIssue({
        code: 'custom',
        path: ['thinking', 'budget_tokens'],
        message: `must be less than max_tokens (${body.max_tokens})`,
      });
  });

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;
export type AnthropicMessage = z.infer<typeof message>;
export type AnthropicToolChoice = z.infer<typeof toolChoice>;
export type AnthropicThinking = z.infer<typeof thinking>;

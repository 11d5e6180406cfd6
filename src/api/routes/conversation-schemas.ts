/**
 * The conversation API's schemas: request bodies and query strings (validated on the routes, a 400
 * naming the field) and the answers (for the OpenAPI document), as zod schemas.
 */
import { z } from 'zod';

/** Each metadata filter is one indexed lookup; a bounded number keeps a listing cheap. */
export const MAX_METADATA_FILTERS = 16;
const LIST_PARAMETERS = new Set(['limit', 'cursor', 'include_archived']);

const metadataValue = z.union([z.string().max(1_000), z.number(), z.boolean(), z.null()], {
  error: 'expected a string, number, boolean or null',
});

export const createConversationSchema = z
  .object({
    title: z.string().min(1).max(500).optional(),
    system_prompt: z.string().max(100_000).optional(),
    model: z
      .string({ error: 'expected a model name (string)' })
      .min(1, 'expected a model name')
      .max(200)
      .optional(),
    /** The world and play session this conversation belongs to (their facts, their overlay). */
    world_id: z.string().min(1).max(100).optional(),
    session_id: z.string().min(1).max(100).optional(),
    metadata: z
      .record(z.string().min(1).max(100), metadataValue, { error: 'expected an object of scalar values' })
      .refine((value) => Object.keys(value).length <= 64, 'expected at most 64 keys')
      .optional(),
  })
  .strict();

export const sendMessageSchema = z
  .object({
    content: z.string({ error: 'expected text (string)' }).min(1, 'expected non-empty text').max(200_000),
    name: z.string().min(1).max(256).optional(),
    stream: z.boolean().optional(),
    /** Overrides the conversation's model for this message. */
    model: z.string().min(1).max(200).optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().max(1_000_000).optional(),
  })
  .strict();
export type SendMessageBody = z.infer<typeof sendMessageSchema>;

const limit = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a positive integer')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .default(fallback);

export const readConversationQuerySchema = z
  .object({
    limit: limit(1_000, 100),
    /** Messages after this message id. */
    after: z
      .string()
      .regex(/^\d+$/, 'expected a message id')
      .transform(Number)
      .pipe(z.number().int().max(Number.MAX_SAFE_INTEGER, 'expected a message id'))
      .optional(),
  })
  .strict();

export const listConversationsQuerySchema = z
  .object({
    limit: limit(100, 20),
    cursor: z.string().max(500).optional(),
    include_archived: z.enum(['true', 'false']).optional(),
  })
  .catchall(z.string({ error: 'expected a single value' }).max(1_000))
  .describe('Filter on metadata with `metadata.<key>=<value>` (at most 16 filters)')
  .superRefine((query, ctx) => {
    let filters = 0;
    for (const key of Object.keys(query)) {
      if (LIST_PARAMETERS.has(key)) continue;
      if (!/^metadata\..{1,100}$/.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'unknown parameter (filter with metadata.<key>=<value>)',
        });
        return;
      }
      filters += 1;
    }
    if (filters > MAX_METADATA_FILTERS)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_METADATA_FILTERS} metadata filters` });
  });

export const searchQuerySchema = z
  .object({
    q: z.string({ error: 'expected search text' }).trim().min(1, 'expected search text').max(500),
    limit: limit(100, 20),
    include_archived: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const conversationParams = z.object({ id: z.string().min(1).max(100) });

// ---------------------------------------------------------------- responses

const timestamp = z.string().describe('ISO 8601');
const usage = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});

export const conversationSchema = z
  .object({
    id: z.string(),
    object: z.literal('conversation'),
    title: z.string().nullable(),
    system_prompt: z.string().nullable(),
    model: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    message_count: z.number().int(),
    world_id: z.string().nullable(),
    session_id: z.string().nullable(),
    context: z.object({
      summary: z.string().nullable(),
      from_message_id: z.number().int().nullable(),
    }),
    created_at: timestamp,
    updated_at: timestamp,
    archived_at: z.string().nullable(),
  })
  .meta({ id: 'Conversation' });

export const conversationMessageSchema = z
  .object({
    id: z.number().int(),
    object: z.literal('conversation.message'),
    role: z.enum(['system', 'user', 'assistant']),
    content: z.string(),
    name: z.string().nullable(),
    tokens: z.number().int(),
    provider: z.string().nullable(),
    model: z.string().nullable(),
    finish_reason: z.string().nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'ConversationMessage' });

export const conversationPageSchema = conversationSchema
  .extend({
    messages: z.array(conversationMessageSchema),
    has_more: z.boolean(),
    next_after: z.number().int().nullable().describe('Pass as `after` for the next page'),
  })
  .meta({ id: 'ConversationWithMessages' });

export const conversationListSchema = z.object({
  object: z.literal('list'),
  data: z.array(conversationSchema),
  has_more: z.boolean(),
  next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page'),
});

export const conversationSearchSchema = z.object({
  object: z.literal('list'),
  query: z.string(),
  data: z.array(
    z
      .object({
        conversation_id: z.string(),
        message_id: z.number().int().nullable().describe("null when the conversation's title matched"),
        role: z.string().nullable(),
        title: z.string().nullable(),
        snippet: z.string().describe('HTML-escaped, the matched words in <mark>…</mark>'),
        score: z.number(),
        created_at: timestamp,
      })
      .meta({ id: 'ConversationSearchHit' }),
  ),
});

export const contextReportSchema = z
  .object({
    strategy: z.enum(['summarize', 'drop']),
    action: z.enum(['none', 'summarized', 'dropped']),
    removed_messages: z.number().int(),
    prompt_tokens: z.number().int(),
    budget_tokens: z.number().int(),
    over_budget: z.boolean(),
    summary_error: z.string().optional(),
  })
  .meta({ id: 'ConversationContextReport' });

export const conversationTurnSchema = z
  .object({
    object: z.literal('conversation.turn'),
    conversation_id: z.string(),
    call_id: z.string().describe('What POST /llm/feedback takes'),
    user_message: conversationMessageSchema,
    message: conversationMessageSchema,
    provider: z.string(),
    model: z.string(),
    usage,
    context: contextReportSchema,
  })
  .meta({ id: 'ConversationTurn' });

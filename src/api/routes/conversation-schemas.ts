/** Request bodies and query strings of the conversation API, as zod schemas. */
import { z } from 'zod';

const metadataValue = z.union([z.string().max(1_000), z.number(), z.boolean(), z.null()], {
  error: 'expected a string, number, boolean or null',
});

export const createConversationSchema = z
  .object({
    title: z.string().min(1).max(500).optional(),
    system_prompt: z.string().max(100_000).optional(),
    model: z.string({ error: 'expected a model name (string)' }).min(1, 'expected a model name').optional(),
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
    model: z.string().min(1).optional(),
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
    after: z.string().regex(/^\d+$/, 'expected a message id').transform(Number).optional(),
  })
  .strict();

export const listConversationsQuerySchema = z
  .object({
    limit: limit(100, 20),
    cursor: z.string().max(500).optional(),
    include_archived: z.enum(['true', 'false']).optional(),
  })
  .catchall(z.string({ error: 'expected a single value' }));

export const searchQuerySchema = z
  .object({
    q: z.string({ error: 'expected search text' }).trim().min(1, 'expected search text').max(500),
    limit: limit(100, 20),
    include_archived: z.enum(['true', 'false']).optional(),
  })
  .strict();

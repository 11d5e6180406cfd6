/** What POST and PATCH /llm/webhooks take, and the query of a webhook's deliveries. */
import { z } from 'zod';
import { typePatternSchema } from '../filter.js';

const scopeId = z.string().trim().min(1).max(128);

export const webhookInputSchema = z
  .object({
    url: z.string().trim().min(1).max(2_000),
    /** Event types or patterns (`quest.*`, `*`). */
    types: z.array(typePatternSchema).min(1).max(50).default(['*']),
    world_id: scopeId.nullable().default(null),
    session_id: scopeId.nullable().default(null),
    description: z.string().trim().max(500).nullable().default(null),
    active: z.boolean().default(true),
  })
  .strict();
export type WebhookInput = z.output<typeof webhookInputSchema>;

export const webhookPatchSchema = z
  .object({
    url: webhookInputSchema.shape.url,
    types: z.array(typePatternSchema).min(1).max(50),
    world_id: scopeId.nullable(),
    session_id: scopeId.nullable(),
    description: z.string().trim().max(500).nullable(),
    active: z.boolean(),
    /** A new signing secret, shown once in this answer; the old one stops working at once. */
    rotate_secret: z.literal(true),
  })
  .partial()
  .strict();
export type WebhookPatch = z.output<typeof webhookPatchSchema>;

export const deliveryQuerySchema = z
  .object({
    status: z.enum(['pending', 'delivered', 'dead']).optional(),
    /** A delivery id: the page goes on with older deliveries. */
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();
export type DeliveryQuery = z.output<typeof deliveryQuerySchema>;

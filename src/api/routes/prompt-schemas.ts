/** Request bodies and query strings of the prompt API, as zod schemas. */
import { z } from 'zod';

const variables = z.record(z.string(), z.unknown(), { error: 'expected an object of variables' });
const budget = z.number().int().min(1).max(2_000_000);

export const renderBodySchema = z
  .object({
    variables: variables.optional(),
    /** Render with the template's sample variables (merged under `variables`). */
    sample: z.boolean().optional(),
    version: z.number().int().positive().optional(),
    /** The model (role, provider or model) to render for: picks the provider variant. */
    model: z.string().min(1).max(200).optional(),
    environment: z.string().min(1).max(64).optional(),
    session_id: z.string().min(1).max(200).optional(),
    arm: z.string().min(1).max(64).optional(),
    budget_tokens: budget.optional(),
  })
  .strict();

export const completeBodySchema = renderBodySchema.omit({ environment: true, arm: true });

export const activateBodySchema = z.object({ version: z.number().int().positive() }).strict();

export const feedbackBodySchema = z
  .object({
    call_id: z.string({ error: 'expected the call id (string)' }).min(1).max(200),
    rating: z.number().int().min(1).max(5).optional(),
    thumbs: z.enum(['up', 'down']).optional(),
    comment: z.string().max(5_000).optional(),
  })
  .strict()
  .refine((body) => (body.rating === undefined) !== (body.thumbs === undefined), {
    message: 'send either rating (1-5) or thumbs (up or down)',
    path: ['rating'],
  });

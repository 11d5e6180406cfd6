/**
 * The prompt API's schemas: request bodies and params (validated on the route: a 400 names the field)
 * and the answers (written into the OpenAPI document). Free-form values (variables, samples, JSON
 * schemas) are bounded in depth and size where they enter, so nothing a template or a model call
 * would later choke on is accepted.
 */
import { z } from 'zod';
import { promptDefinitionSchema } from '../../prompts/index.js';
import { usableJsonSchema } from '../json-schema-field.js';
import { boundedObject, exceededBound } from './bounded.js';

/** Template variables: a JSON object, at most 32 levels deep and 256 K characters. */
const variables = boundedObject({ depth: 32, size: 256_000 }, 'Template variables');
const jsonSchema = boundedObject({ depth: 32, size: 64_000 }, 'A JSON Schema').superRefine(usableJsonSchema);
const budget = z.number().int().min(1).max(2_000_000);

export const promptParams = z.object({
  id: z.string().min(1).max(200).describe("The prompt's id or name"),
});

/** POST /llm/prompts: a definition, and whether the new version becomes the active one. */
export const createPromptBodySchema = promptDefinitionSchema.safeExtend({
  /** The declared variables: a recursive declaration (objects of objects), bounded here. */
  variables: promptDefinitionSchema.shape.variables.superRefine((value, context) => {
    const problem = exceededBound(value, { depth: 24, size: 256_000 });
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
  json_schema: jsonSchema.optional(),
  sample: boundedObject({ depth: 32, size: 256_000 }, 'Sample variables').default({}),
  /** Make the new version active (default: true). */
  activate: z.boolean().optional(),
});

export const renderBodySchema = z
  .object({
    variables: variables.optional(),
    /** Render with the template's sample variables (merged under `variables`). */
    sample: z.boolean().optional(),
    version: z.number().int().positive().max(1_000_000).optional(),
    /** The model (role, provider or model) to render for: picks the provider variant. */
    model: z.string().min(1).max(200).optional(),
    environment: z.string().min(1).max(64).optional(),
    session_id: z.string().min(1).max(200).optional(),
    arm: z.string().min(1).max(64).optional(),
    budget_tokens: budget.optional(),
  })
  .strict();

export const completeBodySchema = renderBodySchema.omit({ environment: true, arm: true });

export const activateBodySchema = z.object({ version: z.number().int().positive().max(1_000_000) }).strict();

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

export const promptSchema = z
  .object({
    object: z.literal('prompt'),
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    active_version: z.number().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Prompt' });

export const promptVersionSchema = z
  .object({
    version: z.number(),
    active: z.boolean(),
    created_by: z.string().nullable(),
    created_at: z.string(),
    role: z.enum(['generation', 'analysis', 'maintenance']),
    output: z.enum(['text', 'json']),
    variants: z.array(z.string()),
    environments: z.array(z.string()),
    ab: z.array(z.object({ name: z.string(), weight: z.number() })),
    definition: z.record(z.string(), z.unknown()).describe("The version's whole definition"),
  })
  .meta({ id: 'PromptVersion' });

/** Which alternatives a render chose ('' when none applied). */
const selection = {
  variant: z.string().describe('The provider variant used, or empty'),
  environment: z.string().describe('The environment override used, or empty'),
  arm: z.string().describe('The A/B arm, or empty'),
};

const entry = z.object({ section: z.string(), id: z.string(), tokens: z.number() });
const contextReportSchema = z
  .object({
    budget_tokens: z.number(),
    used_tokens: z.number(),
    remaining_tokens: z.number(),
    over_budget: z.boolean(),
    included: z.array(entry),
    dropped: z.array(entry.extend({ reason: z.enum(['budget', 'after_gap']) })),
    template_tokens: z.number(),
    rendered_tokens: z.number(),
  })
  .meta({ id: 'PromptContextReport', description: 'What the context builder kept and dropped' });

const usageSchema = z.object({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
});

export const promptRenderSchema = z
  .object({
    object: z.literal('prompt.render'),
    prompt: z.string(),
    version: z.number(),
    model: z.string(),
    provider: z.string(),
    ...selection,
    messages: z.array(z.object({ role: z.string(), content: z.string(), name: z.string().optional() })),
    temperature: z.number().nullable(),
    max_tokens: z.number().nullable(),
    json_schema: z.record(z.string(), z.unknown()).nullable(),
    context: contextReportSchema.optional(),
  })
  .meta({ id: 'PromptRender' });

export const promptCompletionSchema = z
  .object({
    object: z.literal('prompt.completion'),
    call_id: z.string().describe('What POST /llm/feedback takes'),
    prompt: z.string(),
    version: z.number(),
    ...selection,
    provider: z.string(),
    model: z.string(),
    text: z.string(),
    json: z.unknown().optional().describe('A JSON prompt: the parsed answer (null when it is not valid)'),
    usage: usageSchema,
    context: contextReportSchema.optional(),
  })
  .meta({ id: 'PromptCompletion' });

export const promptStatsSchema = z
  .object({
    object: z.literal('prompt.stats'),
    prompt: z.string(),
    id: z.string(),
    active_version: z.number().nullable(),
    data: z.array(
      z.object({
        version: z.number(),
        variant: z.string(),
        arm: z.string(),
        calls: z.number(),
        errors: z.number(),
        feedback: z.number(),
        mean_rating: z.number().nullable(),
        positive: z.number(),
        negative: z.number(),
      }),
    ),
  })
  .meta({ id: 'PromptStats' });

export const feedbackSchema = z
  .object({
    object: z.literal('feedback'),
    id: z.number(),
    call_id: z.string(),
    rating: z.number().int().min(1).max(5),
    thumbs: z.enum(['up', 'down']).optional(),
    prompt: z
      .object({
        id: z.string(),
        version: z.number().nullable(),
        variant: z.string().nullable(),
        arm: z.string().nullable(),
      })
      .nullable()
      .describe('The prompt version the call ran, when it ran one'),
    created_at: z.string(),
  })
  .meta({ id: 'Feedback' });

/**
 * What the generation endpoints share: the request schema (a prompt by name with variables, or
 * messages; a role or a model; an optional world and session), its translation into the prompts
 * layer's `GenerateRequest`, the answer's shape, and the errors a generation can meet.
 */
import { z } from 'zod';
import { GenerateInputError, type GenerateRequest, type GenerateResult } from '../../prompts/generate.js';
import { PromptNotFoundError, TemplateError, VersionNotFoundError } from '../../prompts/index.js';
import { ApiError, toApiError } from '../errors.js';
import { boundedObject } from './bounded.js';

const message = z
  .object({
    role: z.enum(['system', 'user', 'assistant']),
    content: z.string().max(200_000),
    name: z.string().min(1).max(100).optional(),
  })
  .strict();

const id = z.string().min(1).max(128);

/** One generation's fields (an item of a batch; POST /llm/generate adds `stream`). */
export const generationFields = {
  /** A stored prompt by name or id, rendered with `variables`. */
  prompt: z.string().min(1).max(200).optional(),
  version: z.number().int().positive().max(1_000_000).optional(),
  variables: boundedObject({ depth: 32, size: 256_000 }, 'Template variables').optional(),
  messages: z.array(message).min(1).max(500).optional(),
  /** A role: generation, analysis or maintenance. */
  role: z.enum(['generation', 'analysis', 'maintenance']).optional(),
  /** A provider, `provider/model`, or a model a provider lists. */
  model: z.string().min(1).max(200).optional(),
  world_id: id.optional(),
  session_id: id.optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().min(1).max(100_000).optional(),
  /** The answer must be JSON valid against this schema (checked, repaired or asked again). */
  json_schema: boundedObject({ depth: 32, size: 64_000 }, 'A JSON Schema').optional(),
};

type Fields = z.infer<z.ZodObject<typeof generationFields>>;

function checkChoice(body: Fields, ctx: z.RefinementCtx): void {
  if ((body.prompt === undefined) === (body.messages === undefined))
    ctx.addIssue({
      code: 'custom',
      path: ['prompt'],
      message: 'give either prompt (with variables) or messages',
    });
  if (body.role !== undefined && body.model !== undefined)
    ctx.addIssue({ code: 'custom', path: ['model'], message: 'give either role or model, not both' });
  if (body.messages !== undefined && (body.variables !== undefined || body.version !== undefined))
    ctx.addIssue({
      code: 'custom',
      path: [body.variables !== undefined ? 'variables' : 'version'],
      message: 'variables and version go with prompt, not messages',
    });
}

export const generationItemSchema = z.object(generationFields).strict().superRefine(checkChoice);
export type GenerationItem = z.infer<typeof generationItemSchema>;

export const generateBodySchema = z
  .object({ ...generationFields, stream: z.boolean().default(false) })
  .strict()
  .superRefine(checkChoice);

/** The prompts layer's request for an item (the caller adds its signal, callbacks and priority). */
export function generateRequestOf(
  item: GenerationItem,
  apiKeyId: string | null | undefined,
): GenerateRequest {
  return {
    prompt: item.prompt,
    version: item.version,
    variables: item.variables,
    messages: item.messages,
    model: item.role ?? item.model,
    worldId: item.world_id,
    sessionId: item.session_id,
    temperature: item.temperature,
    maxTokens: item.max_tokens,
    jsonSchema: item.json_schema,
    apiKeyId: apiKeyId ?? undefined,
  };
}

/** A generation's answer as the API shows it (POST /llm/generate, a batch item, the stream's `done`). */
export const generationSchema = z
  .object({
    object: z.literal('llm.generation'),
    call_id: z.string().describe('What POST /llm/feedback takes (also x-loremaster-call-id)'),
    text: z.string(),
    prompt: z.object({ name: z.string(), version: z.number() }).optional(),
    provider: z.string(),
    model: z.string(),
    finish_reason: z.enum(['stop', 'length', 'content_filter', 'tool_calls', 'error', 'other']),
    cache: z.enum(['hit', 'miss', 'skip']).nullable(),
    usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }),
    json: z.unknown().optional().describe('With json_schema (or a JSON prompt): the answer parsed'),
  })
  .meta({ id: 'LlmGeneration' });

export function generationView(result: GenerateResult): z.infer<typeof generationSchema> {
  return {
    object: 'llm.generation',
    call_id: result.callId,
    text: result.text,
    ...(result.prompt && { prompt: result.prompt }),
    provider: result.provider,
    model: result.model,
    finish_reason: result.finishReason,
    cache: result.cache ?? null,
    usage: {
      prompt_tokens: result.usage.inputTokens,
      completion_tokens: result.usage.outputTokens,
      total_tokens: result.usage.inputTokens + result.usage.outputTokens,
    },
    ...(result.json !== undefined && { json: result.json }),
  };
}

/** The API error for what a generation met (an unknown prompt, world or session, a template error…). */
export function generationError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof GenerateInputError)
    return new ApiError(
      error.code.endsWith('not_found') ? 404 : 400,
      `Invalid request: ${error.param}: ${error.message}`,
      {
        param: error.param,
        code: error.code,
        ...(error.code.endsWith('not_found') && { type: 'not_found_error' }),
      },
    );
  if (error instanceof PromptNotFoundError)
    return new ApiError(404, error.message, {
      param: 'prompt',
      code: 'prompt_not_found',
      type: 'not_found_error',
    });
  if (error instanceof VersionNotFoundError)
    return new ApiError(404, error.message, {
      param: 'version',
      code: 'version_not_found',
      type: 'not_found_error',
    });
  if (error instanceof TemplateError) return new ApiError(400, error.message, { code: error.code });
  return toApiError(error);
}

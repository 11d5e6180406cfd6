/**
 * KoboldCpp's native generation API (the KoboldAI United API it serves), as SillyTavern's "KoboldAI
 * Classic" API, KoboldAI Lite and game mods call it: the requests Loremaster accepts and the answers
 * it gives, as zod schemas. A body takes every field /v1/completions takes (KoboldCpp's sampler names
 * are in the sampler table) and KoboldAI's own: `max_length`, `stop_sequence`, `memory`, `singleline`;
 * KoboldAI United's story features and output formatting are refused by name when on.
 */
import { z } from 'zod';
import { MAX_GENKEY_LENGTH } from '../kobold-generations.js';
import { errorSchema } from '../openapi.js';
import { completionFields, refuseOpenAIOnly } from './openai-completions-schemas.js';
import { MAX_STOPS } from './sampler-fields.js';
import { eventStream, sseEvent } from './stream-docs.js';

/** KoboldAI United's features that live in its own client (stories, world info, formatting). */
export const KOBOLD_CLIENT_FEATURES = [
  'use_story',
  'use_memory',
  'use_authors_note',
  'use_world_info',
  'gui_settings',
  'frmtadsnsp',
  'frmtrmblln',
  'frmtrmspch',
  'frmttriminc',
] as const;

const clientFeatures = Object.fromEntries(
  KOBOLD_CLIENT_FEATURES.map((name) => [name, z.boolean().nullish()]),
) as {
  [K in (typeof KOBOLD_CLIENT_FEATURES)[number]]: z.ZodOptional<z.ZodNullable<z.ZodBoolean>>;
};

export const koboldGenerateRequestSchema = z
  .strictObject({
    ...completionFields,
    prompt: z.string({ error: 'expected the prompt (string)' }),
    max_length: z.number().int().min(1).nullish().describe('Tokens to write at most (max_tokens)'),
    stop_sequence: z.array(z.string()).max(MAX_STOPS).nullish().describe('Stop strings (stop)'),
    memory: z.string().nullish().describe('Text put before the prompt, as KoboldCpp does'),
    singleline: z.boolean().nullish().describe('Stop at the end of the line'),
    images: z.array(z.string()).nullish(),
    ...clientFeatures,
  })
  .superRefine((body, context) => {
    const refuse = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    for (const name of KOBOLD_CLIENT_FEATURES)
      if (body[name]) refuse(name, "not supported: a KoboldAI client's own feature (send false)");
    if (body.images?.length) refuse('images', 'not supported here: send images to /v1/chat/completions');
    const genkey = genkeyOf(body);
    if (genkey !== undefined && genkey.length > MAX_GENKEY_LENGTH)
      refuse('genkey', `at most ${MAX_GENKEY_LENGTH} characters`);
    if (body.max_length != null && body.max_tokens != null && body.max_length !== body.max_tokens)
      refuse('max_length', `conflicts with max_tokens (${body.max_tokens}): send one of them`);
    if (body.stop_sequence != null && body.stop != null)
      refuse('stop_sequence', 'conflicts with stop: send one of them');
    refuseOpenAIOnly(body, refuse);
    const n = body.n ?? 1;
    if (body.best_of != null && body.best_of < n) refuse('best_of', `must be at least n (${n})`);
  });

export type KoboldGenerateRequest = z.infer<typeof koboldGenerateRequestSchema>;

/** The `genkey` a generation is sent with (a sampler-table field: a client's own), or none. */
export function genkeyOf(body: object): string | undefined {
  const genkey = (body as { genkey?: unknown }).genkey;
  return typeof genkey === 'string' && genkey.length > 0 ? genkey : undefined;
}

const resultSchema = z.object({
  text: z.string(),
  finish_reason: z.enum(['stop', 'length']),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
});

export const koboldGenerateResponseSchema = z
  .object({ results: z.array(resultSchema), provider: z.string() })
  .meta({ id: 'KoboldGeneration' });

/** KoboldCpp's stream: `event: message` events of one token each, the last with its finish reason. */
export const koboldStreamSchema = eventStream([
  sseEvent('message', z.object({ token: z.string(), finish_reason: z.enum(['stop', 'length']).nullable() })),
  sseEvent(null, errorSchema),
]);

export const koboldValueSchema = z.object({ result: z.string() });

export const koboldVersionSchema = z.object({ result: z.string(), version: z.string() });

/** A KoboldCpp value: `{value}` (/api/v1/config/…, /api/extra/true_max_context_length). */
export const koboldNumberSchema = z.object({ value: z.number().int() });

/**
 * The body of /api/extra/abort and /api/extra/generate/check: the genkey a generation was sent with,
 * or none (the caller's only generation in flight). SillyTavern sends no body at all.
 */
export const koboldGenkeySchema = z
  .strictObject({
    genkey: z
      .string({ error: 'expected the genkey a generation was sent with (string)' })
      .max(MAX_GENKEY_LENGTH)
      .nullish(),
  })
  .optional();

export const koboldCheckResponseSchema = z
  .object({ results: z.array(z.object({ text: z.string() })) })
  .describe('The text generated so far: "" when no generation of the caller answers to the genkey');

export const koboldAbortResponseSchema = z
  .object({ success: z.enum(['true', 'false']) })
  .describe('"true" when a generation in flight was stopped, as KoboldCpp answers (strings)');

/**
 * A prompt definition: what a YAML file in `prompts/` holds, what `POST /llm/prompts` takes, and what
 * one immutable version stores. It declares its variables (typed), sample variables (for tests and
 * previews), a JSON Schema when the answer is JSON, the messages as Liquid templates, and the
 * alternatives chosen at run time: provider variants, environment overrides and A/B arms.
 */
import { z } from 'zod';
import type { TemplateEngine } from './engine.js';
import { TemplateError } from './engine.js';
import { compileVariables, parseVariables, variableSpecsSchema } from './variables.js';

const templateText = z.string().max(100_000);
const key = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'expected lowercase letters, digits, _ . -');

/** The parts any layer may replace: the two message templates and sampling parameters. */
export const partsSchema = z
  .object({
    system: templateText.optional(),
    user: templateText.optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().max(200_000).optional(),
  })
  .strict();
export type PromptParts = z.infer<typeof partsSchema>;

export const abArmSchema = partsSchema
  .extend({ name: key, weight: z.number().positive().max(1_000_000) })
  .strict();
export type AbArm = z.infer<typeof abArmSchema>;

const promptBodyObject = z
  .object({
    description: z.string().max(2_000).optional(),
    /** The model role the prompt runs on by default. */
    role: z.enum(['generation', 'analysis', 'maintenance']).default('generation'),
    output: z.enum(['text', 'json']).default('text'),
    /** JSON output: the schema the answer must satisfy (sent to the model as structured output). */
    json_schema: z.record(z.string(), z.unknown()).optional(),
    variables: variableSpecsSchema.default({}),
    sample: z.record(z.string(), z.unknown()).default({}),
    system: templateText.optional(),
    user: templateText,
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().max(200_000).optional(),
    /** Keyed by provider name, provider type, or `local` (any OpenAI-compatible server). */
    variants: z.record(key, partsSchema).optional(),
    /** Keyed by `LOREMASTER_ENV` (development, staging, production …). */
    environments: z.record(key, partsSchema).optional(),
    /** Weighted A/B arms; one is chosen per session and sticks. */
    ab: z
      .array(abArmSchema)
      .min(2)
      .max(10)
      .refine((arms) => new Set(arms.map((arm) => arm.name)).size === arms.length, 'arm names must differ')
      .optional(),
  })
  .strict();

function jsonNeedsSchema(body: { output: string; json_schema?: unknown }, ctx: z.RefinementCtx): void {
  if (body.output === 'json' && !body.json_schema) {
    ctx.addIssue({ code: 'custom', path: ['json_schema'], message: 'a JSON prompt needs a json_schema' });
  }
}

/** What a version stores. */
export const promptBodySchema = promptBodyObject.superRefine(jsonNeedsSchema);
export type PromptBody = z.infer<typeof promptBodySchema>;

/** What a file holds and `POST /llm/prompts` takes: the body and the prompt's name. */
export const promptDefinitionSchema = promptBodyObject
  .extend({ name: key })
  .strict()
  .superRefine(jsonNeedsSchema);
export type PromptDefinition = z.infer<typeof promptDefinitionSchema>;

/** Every message template of a definition, with where it sits (for error messages). */
export function templatesOf(body: PromptBody): Array<{ where: string; source: string }> {
  const out: Array<{ where: string; source: string }> = [];
  const add = (where: string, parts: PromptParts) => {
    if (parts.system !== undefined) out.push({ where: `${where}system`, source: parts.system });
    if (parts.user !== undefined) out.push({ where: `${where}user`, source: parts.user });
  };
  add('', body);
  for (const [name, parts] of Object.entries(body.variants ?? {})) add(`variants.${name}.`, parts);
  for (const [name, parts] of Object.entries(body.environments ?? {})) add(`environments.${name}.`, parts);
  for (const arm of body.ab ?? []) add(`ab.${arm.name}.`, arm);
  return out;
}

/**
 * Checks a definition before it is saved: every template parses, reads only declared variables, and
 * the sample variables are valid. Throws a TemplateError naming the template and the variable.
 */
export function checkDefinition(body: PromptBody, engine: TemplateEngine): void {
  const declared = new Set(Object.keys(body.variables));
  for (const { where, source } of templatesOf(body)) {
    let globals: string[];
    try {
      globals = engine.globals(source);
    } catch (error) {
      throw new TemplateError(
        error instanceof TemplateError ? error.code : 'template_syntax',
        `${where}: ${(error as Error).message}`,
      );
    }
    const unknown = globals.find((name) => !declared.has(name));
    if (unknown !== undefined) {
      throw new TemplateError(
        'template_variable',
        `${where}: the template reads variable ${unknown}, which is not declared in variables`,
      );
    }
  }
  try {
    parseVariables(compileVariables(body.variables), body.variables, body.sample);
  } catch (error) {
    throw new TemplateError('template_variable', `sample: ${(error as Error).message}`);
  }
}

/**
 * Renders every template of a definition with its sample variables, under the render deadline. A
 * version that stops at a limit (time, memory, output) with its own sample would stop every call: it is
 * refused before it becomes active. Other render errors are left to the render that meets them.
 */
export async function checkRenders(body: PromptBody, engine: TemplateEngine): Promise<void> {
  const variables = parseVariables(compileVariables(body.variables), body.variables, body.sample);
  const templates = templatesOf(body);
  const outcomes = await Promise.allSettled(
    templates.map(({ source }) => engine.render([source], variables)),
  );
  outcomes.forEach((outcome, index) => {
    const error = outcome.status === 'rejected' ? outcome.reason : undefined;
    if (error instanceof TemplateError && error.code === 'template_limit') {
      throw new TemplateError(
        'template_limit',
        `${templates[index]!.where}: ${error.message} with the sample variables: this version cannot be active`,
      );
    }
  });
}

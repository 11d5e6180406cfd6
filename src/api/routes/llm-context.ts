/**
 * What the model sees, and an NPC's line:
 *
 *   GET  /llm/context/:type?session_id=&input=&character_id=&turn=   what a session's next call sends
 *        (narrator, turn_analysis / analysis, dialogue_line): built by the very function the call uses
 *   GET  /llm/context/:type?world_id=|sample=true…                   the context builder over any prompt
 *   POST /sessions/:id/dialogue {character_id, said}                 one line from an NPC, given only
 *        what that NPC knows in the session
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ContextService, type Narrative } from '../../narrative/index.js';
import { gatherContext, type PromptDeps, preparePrompt } from '../../prompts/index.js';
import type { Store } from '../../store/index.js';
import { INT32_MAX } from '../bounded-json.js';
import { abortOnClose } from '../call-options.js';
import { apiErrorOf } from './prompts.js';
import { idParams } from './world-schemas.js';

const id = z.string().max(200);
const budget = z
  .string()
  .regex(/^\d+$/, 'expected a positive integer')
  .transform(Number)
  .pipe(z.number().int().min(1).max(2_000_000));

export const contextQuerySchema = z
  .object({
    world_id: id.optional(),
    session_id: id.optional(),
    character_id: id.optional(),
    input: z.string().max(4_000).optional(),
    /** turn_analysis: the turn's number (default: the oldest not analysed yet, else the latest). */
    turn: z
      .string()
      .regex(/^\d+$/, 'expected a turn number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(INT32_MAX))
      .optional(),
    model: z.string().min(1).max(200).optional(),
    /** Default: the call's own (narrative.context_budget_tokens for a session), else 4096. */
    budget_tokens: budget.optional(),
    sample: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const dialogueBodySchema = z
  .object({
    character_id: z.string().min(1).max(200),
    said: z.string().trim().min(1).max(4_000),
  })
  .strict();

const contextParams = z.object({
  type: z
    .string()
    .min(1)
    .max(100)
    .describe('narrator, turn_analysis (analysis), dialogue_line, or any prompt name'),
});

const contextEntry = { section: z.string(), id: z.string(), tokens: z.number().int() };

export const contextSchema = z
  .object({
    object: z.literal('context'),
    prompt: z.string(),
    version: z.number().int(),
    model: z.string(),
    session_id: z.string().optional(),
    budget_tokens: z.number().int().optional(),
    used_tokens: z.number().int().optional(),
    remaining_tokens: z.number().int().optional(),
    over_budget: z.boolean().optional(),
    template_tokens: z.number().int().optional(),
    rendered_tokens: z.number().int().optional(),
    included: z.array(z.object(contextEntry)).optional(),
    dropped: z.array(z.object({ ...contextEntry, reason: z.enum(['budget', 'after_gap']) })).optional(),
    inputs: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("A session's call: what it was built from (state, notes, lore, turns, what an NPC knows)"),
    variables: z.array(z.string()).optional().describe("Any prompt: the variables' names it was given"),
    messages: z
      .array(
        z.object({
          role: z.string(),
          content: z.string(),
          name: z.string().optional(),
          toolCalls: z.array(z.unknown()).optional(),
          toolCallId: z.string().optional(),
        }),
      )
      .describe('What the model is sent'),
  })
  .meta({ id: 'PromptContext' });

export const dialogueLineSchema = z
  .object({
    object: z.literal('dialogue_line'),
    session_id: z.string(),
    speaker: z.object({ id: z.string(), name: z.string() }),
    text: z.string(),
    knows: z.array(z.string()),
    provider: z.string(),
    model: z.string(),
    usage: z.object({
      prompt_tokens: z.number().int(),
      completion_tokens: z.number().int(),
      total_tokens: z.number().int(),
    }),
  })
  .meta({ id: 'DialogueLine' });

export function llmContextRoutes(
  app: FastifyInstance,
  deps: { narrative: Narrative; prompts: PromptDeps; store: Store },
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/llm/context/:type',
    {
      config: { scope: 'read' },
      schema: {
        summary: "What a session's next call sends (narrator, analysis, dialogue), or any prompt's context",
        params: contextParams,
        querystring: contextQuerySchema,
        response: { 200: contextSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const sessionType = ContextService.typeOf(request.params.type);
      if (query.session_id && sessionType) {
        const context = await deps.narrative.context.preview(sessionType, {
          sessionId: query.session_id,
          input: query.input,
          characterId: query.character_id,
          turnNumber: query.turn,
          budgetTokens: query.budget_tokens,
          model: query.model,
        });
        const { prepared } = context;
        return {
          object: 'context' as const,
          prompt: prepared.prompt.name,
          version: prepared.prompt.version,
          model: prepared.model,
          session_id: query.session_id,
          ...prepared.context,
          inputs: context.inputs,
          messages: prepared.rendered.messages,
        };
      }
      try {
        return await anyPrompt(deps, request.params.type, query);
      } catch (error) {
        throw apiErrorOf(error);
      }
    },
  );

  api.post(
    '/sessions/:id/dialogue',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'One line from an NPC, given only what that NPC knows in the session',
        params: idParams,
        body: dialogueBodySchema,
        response: { 200: dialogueLineSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const line = await deps.narrative.dialogue.line({
        sessionId: request.params.id,
        characterId: body.character_id,
        said: body.said,
        signal: abortOnClose(reply),
        client: true,
        ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
      });
      return {
        object: 'dialogue_line' as const,
        session_id: request.params.id,
        speaker: line.speaker,
        text: line.text,
        knows: line.knows,
        provider: line.provider,
        model: line.model,
        usage: {
          prompt_tokens: line.usage.inputTokens,
          completion_tokens: line.usage.outputTokens,
          total_tokens: line.usage.inputTokens + line.usage.outputTokens,
        },
      };
    },
  );
}

/**
 * Any prompt, its variables gathered from the store (a world, a character, a session's stored context)
 * or its sample, fitted into the budget: a look at the builder, not at a session's next call.
 */
async function anyPrompt(
  deps: { prompts: PromptDeps; store: Store },
  type: string,
  query: z.infer<typeof contextQuerySchema>,
) {
  const prompt = await deps.prompts.library.compiled(type);
  const gathered = await gatherContext(deps.store, {
    worldId: query.world_id,
    sessionId: query.session_id,
    characterId: query.character_id,
    input: query.input,
  });
  const declared = prompt.body.variables;
  const values: Record<string, unknown> = query.sample === 'true' ? { ...prompt.body.sample } : {};
  for (const [name, value] of Object.entries(gathered)) if (name in declared) values[name] = value;
  const prepared = await preparePrompt(deps.prompts, prompt.name, {
    variables: values,
    model: query.model,
    sessionId: query.session_id,
    budgetTokens: query.budget_tokens ?? 4096,
  });
  return {
    object: 'context' as const,
    prompt: prepared.prompt.name,
    version: prepared.prompt.version,
    model: prepared.model,
    ...prepared.context,
    variables: Object.keys(values).sort(),
    messages: prepared.rendered.messages,
  };
}

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
import { z } from 'zod';
import { ContextService, type Narrative } from '../../narrative/index.js';
import { gatherContext, type PromptDeps, preparePrompt } from '../../prompts/index.js';
import type { Store } from '../../store/index.js';
import { abortOnClose } from '../call-options.js';
import { parseBody } from '../errors.js';
import { apiErrorOf } from './prompts.js';

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
      .pipe(z.number().int().min(1))
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

export function llmContextRoutes(
  app: FastifyInstance,
  deps: { narrative: Narrative; prompts: PromptDeps; store: Store },
): void {
  app.get<{ Params: { type: string } }>(
    '/llm/context/:type',
    { config: { scope: 'read' } },
    async (request) => {
      const query = parseBody(contextQuerySchema, request.query ?? {});
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
          object: 'context',
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

  app.post<{ Params: { id: string } }>(
    '/sessions/:id/dialogue',
    { config: { scope: 'game' } },
    async (request, reply) => {
      const body = parseBody(dialogueBodySchema, request.body);
      const line = await deps.narrative.dialogue.line({
        sessionId: request.params.id,
        characterId: body.character_id,
        said: body.said,
        signal: abortOnClose(reply),
        ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
      });
      return {
        object: 'dialogue_line',
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
    object: 'context',
    prompt: prepared.prompt.name,
    version: prepared.prompt.version,
    model: prepared.model,
    ...prepared.context,
    variables: Object.keys(values).sort(),
    messages: prepared.rendered.messages,
  };
}

/**
 * Runs a JSON prompt and gets a valid answer out of the model, or a clear failure.
 *
 * The answer is parsed and repaired (see `parseModelJson`); when it is still invalid the model is
 * asked again, shown its answer and what was wrong, up to `attempts` calls. After that the failure is
 * an `InvalidModelOutput` carrying the raw text, which the queue dead-letters for inspection. Errors of
 * the call itself (timeouts, 5xx) are not caught here: the queue retries them with backoff.
 */
import type { z } from 'zod';
import { type Prepared, type PromptDeps, preparePrompt, promptRequest } from '../prompts/index.js';
import type { ChatMessage } from '../vocabulary/index.js';
import { parseModelJson } from './intentions.js';

export class InvalidModelOutput extends Error {
  constructor(
    message: string,
    readonly rawOutput: string,
  ) {
    super(message);
    this.name = 'InvalidModelOutput';
  }
}

export interface JsonAnswer<T> {
  value: T;
  /** Calls made (1 when the first answer was valid). */
  attempts: number;
  repaired: boolean;
  raw: string;
}

export async function runJsonPrompt<T>(
  deps: PromptDeps,
  ref: string,
  options: {
    variables: Record<string, unknown>;
    schema: z.ZodType<T>;
    attempts: number;
    model?: string;
    sessionId?: string | undefined;
    meta?: Record<string, unknown>;
  },
): Promise<JsonAnswer<T>> {
  const prepared = await preparePrompt(deps, ref, {
    variables: options.variables,
    ...(options.model && { model: options.model }),
    ...(options.sessionId && { sessionId: options.sessionId }),
  });
  return runJsonPrepared(deps, prepared, options);
}

/** `runJsonPrompt` for a prompt already prepared (the analysis shows its prompt before it runs it). */
export async function runJsonPrepared<T>(
  deps: Pick<PromptDeps, 'gateway'>,
  prepared: Prepared,
  options: { schema: z.ZodType<T>; attempts: number; meta?: Record<string, unknown> },
): Promise<JsonAnswer<T>> {
  const ref = prepared.prompt.name;
  const { rendered } = prepared;
  const messages: ChatMessage[] = [...rendered.messages];
  let raw = '';
  let error = '';
  for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
    const result = await deps.gateway.complete({
      ...promptRequest(prepared, { meta: { attempt, ...options.meta } }),
      messages,
    });
    raw = result.text;
    const parsed = parseModelJson(options.schema, raw);
    if (parsed.ok) return { value: parsed.value, attempts: attempt, repaired: parsed.repaired, raw };
    error = parsed.error;
    messages.push(
      { role: 'assistant', content: raw.slice(0, 8_000) },
      {
        role: 'user',
        content: `That answer was not valid (${error}). Answer again with JSON only, matching the schema.`,
      },
    );
  }
  throw new InvalidModelOutput(
    `${ref}: the model's answer stayed invalid after ${options.attempts} calls: ${error}`,
    raw,
  );
}

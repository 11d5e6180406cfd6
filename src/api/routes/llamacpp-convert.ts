/**
 * llama.cpp's native /completion ↔ Loremaster's calls. A body is read as the /v1/completions body it
 * mostly is (llama.cpp's own names for the standard options and its samplers are in the sampler
 * table), so a prompt travels exactly as it does there: raw to an OpenAI-compatible server's
 * /completions, as a continuation request to chat models. Answers are shaped as llama.cpp's results:
 * `content`, `stop`, `stop_type`, token counts, `generation_settings` and `timings`.
 * Pure functions, no I/O.
 */
import type { ChatOptions, FinishReason, Usage } from '../../vocabulary/index.js';
import type { LlamaCompletionRequest } from './llamacpp-schemas.js';
import { asCompletion, toOptions } from './openai-completions-convert.js';

export function prompts(body: LlamaCompletionRequest): string[] {
  return typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
}

/** How many completions each prompt gets (`n_cmpl`, or `n`). */
export function completionsPerPrompt(body: LlamaCompletionRequest): number {
  return body.n ?? body.n_cmpl ?? 1;
}

/** The call options for one prompt. No limit unless one is asked for: llama.cpp's default is -1. */
export function callOptions(
  body: LlamaCompletionRequest,
  prompt: string,
): Omit<ChatOptions, 'model' | 'signal'> {
  const n = completionsPerPrompt(body);
  const completion = asCompletion(body, {
    // -1 and 0 are not limits (0 makes no call at all: see the route).
    n_predict: undefined,
    max_tokens: body.n_predict != null && body.n_predict > 0 ? body.n_predict : body.max_tokens,
    n: n > 1 ? n : undefined,
  });
  return toOptions(completion, prompt, null);
}

/** The model a request names; none (or "") is the generation role, as llama.cpp serves its one model. */
export function modelName(body: LlamaCompletionRequest): string {
  return body.model || 'generation';
}

/** Why generation stopped, in llama.cpp's words (which stop string matched is not known: `eos`). */
export function stopType(reason: FinishReason): 'eos' | 'limit' {
  return reason === 'length' ? 'limit' : 'eos';
}

export interface Timings {
  prompt_n: number;
  prompt_ms: number;
  prompt_per_token_ms: number;
  prompt_per_second: number;
  predicted_n: number;
  predicted_ms: number;
  predicted_per_token_ms: number;
  predicted_per_second: number;
}

/**
 * llama.cpp's timings from what a call reports: the wait for the first token stands for prompt
 * processing, the rest for generation (a call that was not streamed has no first token: all of it is
 * generation).
 */
export function timings(usage: Usage, latencyMs: number, firstTokenMs: number | null): Timings {
  const promptMs = firstTokenMs ?? 0;
  const predictedMs = Math.max(0, latencyMs - promptMs);
  return {
    prompt_n: usage.inputTokens,
    prompt_ms: round(promptMs),
    prompt_per_token_ms: perToken(promptMs, usage.inputTokens),
    prompt_per_second: perSecond(promptMs, usage.inputTokens),
    predicted_n: usage.outputTokens,
    predicted_ms: round(predictedMs),
    predicted_per_token_ms: perToken(predictedMs, usage.outputTokens),
    predicted_per_second: perSecond(predictedMs, usage.outputTokens),
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const perToken = (ms: number, tokens: number) => (tokens > 0 ? round(ms / tokens) : 0);
const perSecond = (ms: number, tokens: number) => (ms > 0 ? round((tokens * 1000) / ms) : 0);

/** The settings a result reports: what was asked, at llama.cpp's names, and the model. */
export function generationSettings(body: LlamaCompletionRequest, model: string): Record<string, unknown> {
  const settings: Record<string, unknown> = {
    model,
    n_predict: body.n_predict ?? body.max_tokens ?? -1,
    stream: body.stream ?? false,
    stop: body.stop == null ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop,
  };
  for (const key of [
    'temperature',
    'top_k',
    'top_p',
    'min_p',
    'seed',
    'repeat_penalty',
    'presence_penalty',
  ]) {
    const value = (body as Record<string, unknown>)[key];
    if (value != null) settings[key] = value;
  }
  return settings;
}

/**
 * Only the fields a client listed (`response_fields`); `a/b` lifts `b` out of `a` to the top, named
 * `b`. A field that is not there is left out, as llama.cpp does.
 */
export function pickFields(
  result: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    const path = field.split('/');
    let value: unknown = result;
    for (const key of path) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) {
        value = undefined;
        break;
      }
      value = (value as Record<string, unknown>)[key];
    }
    if (value !== undefined) picked[path.at(-1)!] = value;
  }
  return picked;
}

/**
 * OpenAI's text completions ↔ Loremaster's shared vocabulary. An OpenAI-compatible server takes the
 * raw prompt at its own /completions; for every other provider (chat models) a prompt travels as a
 * continuation request: an instruction to continue the text, and the text itself; the answer is the
 * continuation. Log probabilities come back from chat's
 * per-token form in the completions form (tokens, token_logprobs, top_logprobs, text_offset).
 * Pure functions, no I/O.
 */
import type { ChatMessage, ChatOptions, TokenLogprob, Usage } from '../../vocabulary/index.js';
import { type CompletionRequest, completionFields } from './openai-completions-schemas.js';
import { samplerOptions } from './sampler-fields.js';

/** What the model is told: the text is to be continued, not answered. */
export const CONTINUE_INSTRUCTION =
  'Continue the text the user sends, exactly where it stops, in the same voice and format. ' +
  'Write only the continuation: no preface, no quotes, no repetition of the text.';

/** OpenAI's default for /v1/completions, which is short on purpose. */
const DEFAULT_MAX_TOKENS = 16;

export function prompts(body: CompletionRequest): string[] {
  return typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
}

export function toMessages(prompt: string): ChatMessage[] {
  return [
    { role: 'system', content: CONTINUE_INSTRUCTION },
    { role: 'user', content: prompt },
  ];
}

/**
 * The call's options. The raw prompt rides along (`textPrompt`): an OpenAI-compatible server gets it
 * at its own /completions, with `suffix` and `best_of`, which every other provider refuses.
 */
export function toOptions(
  body: CompletionRequest,
  prompt: string,
  /** null: no limit unless the body asks for one. */
  defaultMaxTokens: number | null = DEFAULT_MAX_TOKENS,
): Omit<ChatOptions, 'model' | 'signal'> {
  // Other servers' names for max_tokens, stop and seed (n_predict, stopping_strings...) count as them.
  const sampling = samplerOptions(body, {
    max_tokens: body.max_tokens ?? undefined,
    stop: body.stop == null ? undefined : typeof body.stop === 'string' ? [body.stop] : body.stop,
    seed: body.seed ?? undefined,
  });
  const options: Omit<ChatOptions, 'model' | 'signal'> = { textPrompt: prompt };
  // llama.cpp's /completion has no default limit (n_predict -1): the provider's own default applies.
  const maxTokens = sampling.max_tokens ?? defaultMaxTokens;
  if (maxTokens !== null) options.maxTokens = maxTokens;
  if (sampling.samplers !== undefined) options.samplers = sampling.samplers;
  if (body.suffix != null) options.suffix = body.suffix;
  // best_of equal to n asks for nothing more than n does.
  if (body.best_of != null && body.best_of !== (body.n ?? 1)) options.bestOf = body.best_of;
  if (body.temperature != null) options.temperature = body.temperature;
  if (body.top_p != null) options.topP = body.top_p;
  // top_k 0 (no cut) asks for nothing.
  if (body.top_k != null && body.top_k !== 0) options.topK = body.top_k;
  if (sampling.stop !== undefined) options.stop = sampling.stop;
  if (sampling.seed !== undefined) options.seed = sampling.seed;
  if (body.user !== undefined) options.user = body.user;
  if (body.n != null && body.n > 1) options.n = body.n;
  if (body.logprobs != null) {
    options.logprobs = true;
    options.topLogprobs = body.logprobs;
  }
  if (body.frequency_penalty != null && body.frequency_penalty !== 0)
    options.frequencyPenalty = body.frequency_penalty;
  if (body.presence_penalty != null && body.presence_penalty !== 0)
    options.presencePenalty = body.presence_penalty;
  const logitBias = toLogitBias(body.logit_bias);
  if (logitBias !== undefined) options.logitBias = logitBias;
  return options;
}

/**
 * A native endpoint's body (llama.cpp's /completion, KoboldCpp's generate) as the /v1/completions body
 * it extends: the fields /v1/completions has, then `standard`, the endpoint's own names for the
 * standard options read as them (a key given as undefined is left out).
 */
export function asCompletion(body: object, standard: Readonly<Record<string, unknown>>): CompletionRequest {
  const completion: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (key in completionFields) completion[key] = value;
  return { ...completion, ...standard } as CompletionRequest;
}

/**
 * One answer's share of a call's usage, for the native endpoints that report usage per answer: a call
 * with n answers counts their output together, so each gets an even share of it.
 */
export function usagePerAnswer(usage: Usage, answers: number): Usage {
  if (answers <= 1) return usage;
  const outputTokens = Math.round(usage.outputTokens / answers);
  return { inputTokens: usage.inputTokens, outputTokens, totalTokens: usage.inputTokens + outputTokens };
}

/** The model a request names; none (or "") is the generation role, as a single-model server has one model. */
export function modelName(body: CompletionRequest): string {
  return body.model || 'generation';
}

/** OpenAI's form of logit_bias; llama.cpp's pairs become it (false, a banned token, is -100). */
function toLogitBias(bias: CompletionRequest['logit_bias']): Record<string, number> | undefined {
  if (bias == null) return undefined;
  const entries = Array.isArray(bias)
    ? bias.map(([token, value]): [string, number] => [String(token), value === false ? -100 : value])
    : Object.entries(bias);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

export interface CompletionLogprobs {
  tokens: string[];
  token_logprobs: number[];
  top_logprobs: Record<string, number>[];
  text_offset: number[];
}

/** Chat's per-token log probabilities in the completions form; `offset` is where the text starts. */
export function toCompletionLogprobs(logprobs: readonly TokenLogprob[], offset = 0): CompletionLogprobs {
  const out: CompletionLogprobs = { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
  let at = offset;
  for (const entry of logprobs) {
    out.tokens.push(entry.token);
    out.token_logprobs.push(entry.logprob);
    out.top_logprobs.push(Object.fromEntries(entry.topLogprobs.map((top) => [top.token, top.logprob])));
    out.text_offset.push(at);
    at += entry.token.length;
  }
  return out;
}

export function toFinish(reason: string): string {
  return reason === 'length' ? 'length' : 'stop';
}

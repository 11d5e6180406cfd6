/**
 * A call's `think` (think at this effort, the thinking shown: Ollama's `think`) in each kind of
 * provider's own terms, as one table. Anthropic and the offline model think in blocks that come back
 * in the answer's `reasoning`: `think` becomes extended thinking with a token budget for the effort.
 * OpenAI-format APIs return no thinking: `think` is their reasoning effort, as it always was. Mistral
 * has neither, so `think` is refused by name. A call's own `thinking` or `reasoningEffort` wins.
 */
import type { ChatOptions, ThinkEffort } from '../vocabulary/index.js';
import { ProviderError } from './errors.js';
import type { ProviderKind } from './types.js';

const THINKS_BY: Record<ProviderKind, 'budget' | 'effort' | undefined> = {
  anthropic: 'budget',
  offline: 'budget',
  openai: 'effort',
  'openai-compatible': 'effort',
  mock: 'effort',
  mistral: undefined,
};

/** Anthropic's smallest thinking budget (its API refuses less). */
export const MIN_THINKING_BUDGET = 1024;

/**
 * Thinking tokens per effort: from Anthropic's minimum, doubling per level. A game's turn waits for
 * the thinking, so `high` stays at a few seconds of a fast model's output rather than tens of thousands.
 */
export const THINKING_BUDGETS: Readonly<Record<ThinkEffort, number>> = {
  minimal: MIN_THINKING_BUDGET,
  low: 2 * MIN_THINKING_BUDGET,
  medium: 4 * MIN_THINKING_BUDGET,
  high: 8 * MIN_THINKING_BUDGET,
};

/** The options with `think` turned into what this kind of provider takes; throws `unsupported` if none. */
export function resolveThink(kind: ProviderKind, provider: string, options: ChatOptions): ChatOptions {
  const effort = options.think;
  if (effort === undefined) return options;
  const { think: _, ...rest } = options;
  switch (THINKS_BY[kind]) {
    case 'effort':
      return { ...rest, reasoningEffort: rest.reasoningEffort ?? effort };
    case 'budget':
      return {
        ...rest,
        thinking: rest.thinking ?? {
          type: 'enabled',
          budgetTokens: thinkingBudget(effort, rest.maxTokens, kind, provider),
        },
      };
    default:
      throw new ProviderError(
        'unsupported',
        `${provider} (${kind}) cannot think: it returns no thinking and takes no reasoning effort; leave think out`,
        { provider, param: 'think', retryable: false },
      );
  }
}

/**
 * The budget for `effort`. A token limit covers the thinking too (as Anthropic's `max_tokens` does), so
 * the thinking gets at most half of it and the answer keeps the rest; a limit too small to leave the
 * minimum budget that much room is refused rather than thinking past it.
 */
function thinkingBudget(
  effort: ThinkEffort,
  maxTokens: number | undefined,
  kind: ProviderKind,
  provider: string,
): number {
  const budget = THINKING_BUDGETS[effort];
  if (maxTokens === undefined) return budget;
  if (maxTokens < 2 * MIN_THINKING_BUDGET)
    throw new ProviderError(
      'unsupported',
      `${provider} (${kind}) thinks with at least ${MIN_THINKING_BUDGET} tokens, half of a token limit of at least ${2 * MIN_THINKING_BUDGET}: the limit of ${maxTokens} leaves no room; raise it or leave think out`,
      { provider, param: 'think', retryable: false },
    );
  return Math.min(budget, Math.floor(maxTokens / 2));
}

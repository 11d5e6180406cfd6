/**
 * Context-window management for a conversation. The history sent to the model is: the system prompt,
 * the running summary (if any), then the messages from `context_from_message_id` on. When that would
 * pass `conversations.context.budget_tokens`, the oldest messages leave the window (never the newest
 * `keep_recent`): with strategy `summarize` they are folded into the running summary through the
 * gateway; with `drop`, or when summarising fails, they are left out. The report says which; it is
 * sent to the client as is (`context` in the answer), hence its snake_case fields.
 */
import type { ConversationsConfig } from '../config/store-schema.js';
import type { Conversation, Message } from '../store/index.js';
import type { ChatMessage } from '../vocabulary/index.js';
import { countTextTokens, TOKENS_PER_MESSAGE } from '../vocabulary/tokens.js';

export type ContextAction = 'none' | 'summarized' | 'dropped';

export interface ContextReport {
  strategy: ConversationsConfig['context']['strategy'];
  action: ContextAction;
  /** Messages that left the window on this turn. */
  removed_messages: number;
  /** Estimated tokens of the prompt sent (system, summary, messages). */
  prompt_tokens: number;
  budget_tokens: number;
  /** The kept history still passes the budget (the newest messages alone are too long). */
  over_budget: boolean;
  /** Why summarising failed, when it fell back to dropping. */
  summary_error?: string;
}

export interface ContextPlan {
  messages: ChatMessage[];
  report: ContextReport;
  /** The conversation's new context state, when this turn changed it. */
  state?: { summary: string | null; fromMessageId: number | null };
}

/** Writes a summary of `lines` that continues `previous`; throws when the model fails. */
export type Summarizer = (previous: string | null, removed: Message[], maxTokens: number) => Promise<string>;

const SUMMARY_PREFIX = 'Summary of the conversation so far:\n';

export async function planContext(
  conversation: Conversation,
  history: Message[],
  config: ConversationsConfig['context'],
  summarize: Summarizer,
): Promise<ContextPlan> {
  const budget = config.budget_tokens;
  const systemTokens = conversation.systemPrompt
    ? countTextTokens(conversation.systemPrompt) + TOKENS_PER_MESSAGE
    : 0;
  const summaryTokens = (summary: string | null) =>
    summary ? countTextTokens(SUMMARY_PREFIX + summary) + TOKENS_PER_MESSAGE : 0;
  const messageTokens = (messages: Message[]) =>
    messages.reduce((sum, message) => sum + message.tokens + TOKENS_PER_MESSAGE, 0);

  const total = systemTokens + summaryTokens(conversation.contextSummary) + messageTokens(history);
  if (total <= budget) {
    return {
      messages: toChat(conversation, conversation.contextSummary, history),
      report: report(config, 'none', 0, total, false),
    };
  }

  // Room a new summary may take: a quarter of the budget, at most 512 tokens.
  const summaryAllowance = config.strategy === 'summarize' ? Math.min(512, Math.floor(budget / 4)) : 0;
  const removable = Math.max(0, history.length - config.keep_recent);
  let removeCount = 0;
  let kept = messageTokens(history);
  const fixed =
    systemTokens +
    (config.strategy === 'summarize' ? summaryAllowance : summaryTokens(conversation.contextSummary));
  while (removeCount < removable && fixed + kept > budget) {
    kept -= history[removeCount]!.tokens + TOKENS_PER_MESSAGE;
    removeCount += 1;
  }
  if (removeCount === 0) {
    // Nothing may leave (only the newest messages are left): send as is, and say it is over budget.
    return {
      messages: toChat(conversation, conversation.contextSummary, history),
      report: report(config, 'none', 0, total, true),
    };
  }
  const removed = history.slice(0, removeCount);
  const remaining = history.slice(removeCount);
  const fromMessageId = remaining[0]?.id ?? null;

  let summary = conversation.contextSummary;
  let action: ContextAction = 'dropped';
  let summaryError: string | undefined;
  if (config.strategy === 'summarize') {
    try {
      summary = (await summarize(conversation.contextSummary, removed, summaryAllowance)).trim() || summary;
      action = 'summarized';
    } catch (error) {
      summaryError = error instanceof Error ? error.message : String(error);
    }
  }
  const promptTokens = systemTokens + summaryTokens(summary) + messageTokens(remaining);
  return {
    messages: toChat(conversation, summary, remaining),
    report: {
      ...report(config, action, removeCount, promptTokens, promptTokens > budget),
      ...(summaryError !== undefined && { summary_error: summaryError }),
    },
    state: { summary, fromMessageId },
  };
}

function report(
  config: ConversationsConfig['context'],
  action: ContextAction,
  removed: number,
  promptTokens: number,
  overBudget: boolean,
): ContextReport {
  return {
    strategy: config.strategy,
    action,
    removed_messages: removed,
    prompt_tokens: promptTokens,
    budget_tokens: config.budget_tokens,
    over_budget: overBudget,
  };
}

function toChat(conversation: Conversation, summary: string | null, messages: Message[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (conversation.systemPrompt) out.push({ role: 'system', content: conversation.systemPrompt });
  if (summary) out.push({ role: 'system', content: SUMMARY_PREFIX + summary });
  for (const message of messages) {
    out.push({
      role: message.role,
      content: message.content,
      ...(message.name !== null && { name: message.name }),
    });
  }
  return out;
}

/** Bounds on what one summary call reads (a long backlog is summarised from its newest part). */
const SUMMARY_LINE_CHARS = 2_000;
const SUMMARY_INPUT_CHARS = 24_000;

/** The prompt that asks the summary model to fold old lines into the running summary. */
export function summaryPrompt(previous: string | null, removed: Message[]): ChatMessage[] {
  const kept: string[] = [];
  let chars = 0;
  for (let i = removed.length - 1; i >= 0 && chars < SUMMARY_INPUT_CHARS; i -= 1) {
    const message = removed[i]!;
    const line = `${message.name ?? message.role}: ${message.content.slice(0, SUMMARY_LINE_CHARS)}`;
    kept.unshift(line);
    chars += line.length;
  }
  const lines = kept.join('\n');
  return [
    {
      role: 'system',
      content:
        'You keep the memory of a role-play conversation. Write a short factual summary in the third person: ' +
        'who is involved, what happened, what was promised or learned. Keep names. No commentary.',
    },
    {
      role: 'user',
      content: `${previous ? `Summary so far:\n${previous}\n\n` : ''}Lines to add to the summary:\n${lines}`,
    },
  ];
}

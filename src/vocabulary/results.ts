/**
 * What a call answers: text, tool calls, finish reasons, token usage, log probabilities, embeddings.
 * Types only (see index.ts).
 */
import type { ReasoningBlock } from './thinking.js';
import type { ToolCall } from './tools.js';

/** One token's log probability, with the most likely alternatives when asked (OpenAI's shape). */
export interface TokenLogprob {
  token: string;
  logprob: number;
  /** UTF-8 bytes of the token; null when the token is not whole characters. */
  bytes: number[] | null;
  topLogprobs: Array<{ token: string; logprob: number; bytes: number[] | null }>;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'error' | 'other';

/** One answer of a call: a call with `n > 1` has several. */
export interface ChatChoice {
  text: string;
  /** The tools the model called (finish reason `tool_calls`); absent or empty when none. */
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  /** Per output token, when `logprobs` was asked. */
  logprobs?: TokenLogprob[];
  /** The model's thinking before its answer, in order (with `thinking`); absent when none. */
  reasoning?: ReasoningBlock[];
}

export interface ChatResult extends ChatChoice {
  usage: Usage;
  /** The model that answered, as the provider reports it. */
  model: string;
  /** The provider name (its key in config). */
  provider: string;
  latencyMs: number;
  /**
   * Every answer, in order, when more than one was asked (`n > 1`); the first is the same answer
   * as the fields above. Absent for a single answer. Usage covers them all.
   */
  choices?: ChatChoice[];
}

export interface EmbedResult {
  embeddings: number[][];
  usage: { inputTokens: number };
  model: string;
  provider: string;
  latencyMs: number;
}

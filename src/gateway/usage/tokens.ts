/**
 * Token counts for providers that report none (some local servers, some stream endings). gpt-tokenizer's
 * o200k encoding is exact for current OpenAI models and a close estimate for the others.
 */
import { countTokens } from 'gpt-tokenizer';
import type { ChatMessage } from '../../providers/index.js';

/**
 * Above this many characters the BPE costs milliseconds of blocked event loop (worse on text without
 * spaces), so the count becomes the usual estimate of four characters per token.
 */
export const EXACT_COUNT_MAX_CHARS = 16_000;

/** Text that contains `<|endoftext|>` and the like is counted as plain text, never refused. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** OpenAI's chat format adds a few tokens around each message and to prime the reply. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

/** The estimate used above the bound, and for text that was not kept. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length > EXACT_COUNT_MAX_CHARS) return estimateTokens(text.length);
  return countTokens(text, PLAIN_TEXT);
}

/** Counts several texts as one, so the bound applies to their total, not to each. */
export function countTextsTokens(texts: readonly string[]): number {
  let chars = 0;
  for (const text of texts) chars += text.length;
  if (chars > EXACT_COUNT_MAX_CHARS) return estimateTokens(chars);
  let tokens = 0;
  for (const text of texts) tokens += countTextTokens(text);
  return tokens;
}

export function countPromptTokens(messages: readonly ChatMessage[], system: string | undefined): number {
  const texts = messages.map((message) => message.content);
  if (system) texts.push(system);
  return countTextsTokens(texts) + TOKENS_PER_MESSAGE * texts.length + TOKENS_PER_REPLY;
}

/**
 * Token counts for providers that report none (some local servers, some stream endings). gpt-tokenizer's
 * o200k encoding is exact for current OpenAI models and a close estimate for the others.
 */
import type { ChatMessage } from '../../vocabulary/index.js';
import { countTextTokens, estimateTokens, TOKENS_PER_MESSAGE } from '../../vocabulary/tokens.js';

export { countTextTokens, estimateTokens };

/**
 * Above this many characters the BPE costs milliseconds of blocked event loop (worse on text without
 * spaces), so the count becomes the usual estimate of four characters per token.
 */
export const EXACT_COUNT_MAX_CHARS = 16_000;

/** OpenAI's chat format adds a few tokens to prime the reply. */
const TOKENS_PER_REPLY = 3;

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

/**
 * Token counts with a bounded cost, for everything that budgets or bills by tokens: gpt-tokenizer
 * (o200k: exact for current OpenAI models, a close estimate for the others) counts exactly when that
 * is cheap; long text, or text with a long run without spaces (BPE merging is quadratic in a run's
 * length), is estimated at four characters per token.
 * It sits beside the vocabulary, below the gateway, because every layer counts tokens (the offline
 * provider for its usage, the gateway for accounting, prompts/ and api/ for context budgets); it is
 * pure (text in, a number out; the tokenizer's tables are loaded once, see tokenizer.ts), so the
 * layers above need not reach into providers/ for it.
 *
 * Exact counts are remembered by text (bounded by characters): a turn counts the same lore entries,
 * notes and template text as the turns before it, and counting a 700-character entry costs about
 * 0.25 ms against well under a microsecond to find it again.
 */
import { LRUCache } from 'lru-cache';
import { countTokens } from './tokenizer.js';

const EXACT_MAX_CHARS = 8_000;
const EXACT_MAX_RUN = 64;

/** Chat formats add a few tokens around every message. */
export const TOKENS_PER_MESSAGE = 3;

/** The usual estimate: four characters per token. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Texts counted lately, up to about 4 million characters (8 MB) in all. */
const counted = new LRUCache<string, number>({
  maxSize: 4_000_000,
  sizeCalculation: (_, text) => text.length,
});

export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length > EXACT_MAX_CHARS) return estimateTokens(text.length);
  const known = counted.get(text);
  if (known !== undefined) return known;
  const tokens = longestRun(text) > EXACT_MAX_RUN ? estimateTokens(text.length) : countTokens(text);
  counted.set(text, tokens);
  return tokens;
}

function longestRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    run = code === 32 || code === 10 || code === 9 || code === 13 ? 0 : run + 1;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * Token counts for the context builder, with a bounded cost: gpt-tokenizer (o200k) counts exactly
 * when that is cheap; long text, or text with a long run without spaces (BPE merging is quadratic in
 * a run's length), is estimated at four characters per token, which over-counts slightly: safe for
 * a budget.
 */
import { countTokens as exactCount } from 'gpt-tokenizer';

const EXACT_MAX_CHARS = 8_000;
const EXACT_MAX_RUN = 64;
/** `<|endoftext|>` in a player's text is counted as text, never refused. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length > EXACT_MAX_CHARS || longestRun(text) > EXACT_MAX_RUN) return Math.ceil(text.length / 4);
  return exactCount(text, PLAIN_TEXT);
}

function longestRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    run = code === 32 || code === 10 || code === 9 ? 0 : run + 1;
    if (run > longest) longest = run;
  }
  return longest;
}

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
 *
 * A long text is counted line by line, each line remembered on its own: a rendered prompt is new text
 * every turn, but nearly all of its lines (the template, lore, notes, earlier turns) are not. The sum
 * is exact, because the text is cut only where o200k's pre-tokenizer always ends a piece (see
 * `cutsCleanly`): BPE never merges across pieces. Measured in bench/turns: token counting was ~10% of a
 * turn's main-thread time (two new prompts a turn) and a fifth of what a turn allocates.
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

/** Texts at least this long are counted line by line. */
const LINES_FROM_CHARS = 256;

export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length > EXACT_MAX_CHARS) return estimateTokens(text.length);
  if (text.length < LINES_FROM_CHARS) return countPiece(text);
  let total = 0;
  let start = 0;
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
    if (!cutsCleanly(text, newline + 1)) continue;
    total += countPiece(text.slice(start, newline + 1), true);
    start = newline + 1;
  }
  return start === 0 ? countPiece(text) : total + countPiece(text.slice(start), true);
}

const WHITESPACE_OR_SLASH = /[\s/]/;

/**
 * Whether o200k's pre-tokenizer always ends a piece at `at`, just after a newline, whatever follows:
 * no piece pattern crosses a newline except a run of whitespace (`\s*[\r\n]+`, `\s+`) or of
 * punctuation followed by newlines and slashes (` ?[^\s\p{L}\p{N}]+[\r\n/]*`); a word may start with
 * one non-letter, never a newline. So the cut is clean when the next character is neither whitespace
 * nor a slash (and there is one: a text ending in a newline is not cut).
 */
function cutsCleanly(text: string, at: number): boolean {
  if (at >= text.length) return false;
  const code = text.charCodeAt(at);
  if (code < 128) return !(code === 32 || (code >= 9 && code <= 13) || code === 47);
  return !WHITESPACE_OR_SLASH.test(text.charAt(at));
}

/**
 * A text's count, from the cache or counted and kept. A line cut from a longer text is kept as a copy:
 * V8 makes `slice` a view of the whole text, so keeping the slice would keep every prompt it was cut
 * from alive as long as the line stays in the cache (copying costs ~0.3 µs, counting ~30 µs).
 */
function countPiece(text: string, cut = false): number {
  if (text.length === 0) return 0;
  const known = counted.get(text);
  if (known !== undefined) return known;
  const tokens = longestRun(text) > EXACT_MAX_RUN ? estimateTokens(text.length) : countTokens(text);
  counted.set(cut ? structuredClone(text) : text, tokens);
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

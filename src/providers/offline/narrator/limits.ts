/**
 * Length: cuts a text at its first stop sequence and to at most maxTokens tokens on a word boundary, and
 * splits text into the word-sized pieces a stream sends.
 */

import type { FinishReason } from '../../../vocabulary/index.js';
import { decode, encode } from '../../../vocabulary/tokenizer.js';
import { countTextTokens } from '../../../vocabulary/tokens.js';
import { isWhitespace } from './characters.js';

/** A word longer than this is cut by characters: BPE is quadratic in a run without whitespace. */
const EXACT_COUNT_RUN = 64;
const CHARS_PER_TOKEN = 4;

/** Splits text into word-sized pieces (leading whitespace + word); joined, they give the text back. */
export function splitWords(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    while (i < text.length && !isWhitespace(text.charCodeAt(i))) i++;
    pieces.push(text.slice(start, i));
    start = i;
  }
  return pieces;
}

export interface Limits {
  maxTokens?: number | undefined;
  stop?: readonly string[] | undefined;
}

/**
 * Cuts text at the first stop sequence, then to at most `maxTokens` tokens on a word boundary (counting
 * word pieces one by one, so the text is not re-encoded for every word).
 */
export function limitText(text: string, limits: Limits): { text: string; finishReason: FinishReason } {
  let limited = text;
  for (const stop of limits.stop ?? []) {
    const at = stop.length > 0 ? limited.indexOf(stop) : -1;
    if (at >= 0) limited = limited.slice(0, at);
  }
  if (limits.maxTokens === undefined || !Number.isFinite(limits.maxTokens)) {
    return { text: limited, finishReason: 'stop' };
  }
  const max = Math.max(1, Math.floor(limits.maxTokens));
  if (countTextTokens(limited) <= max) return { text: limited, finishReason: 'stop' };
  const kept: string[] = [];
  let used = 0;
  for (const piece of splitWords(limited)) {
    used += countTextTokens(piece);
    if (used > max) break;
    kept.push(piece);
  }
  // Tokens rarely merge across a space, but check the joined text rather than trust the sum.
  while (kept.length > 0 && countTextTokens(kept.join('')) > max) kept.pop();
  return {
    text: kept.length > 0 ? kept.join('') : cutWord(limited.trimStart(), max),
    finishReason: 'length',
  };
}

/** When even the first word is over the limit, it is cut by tokens (or by characters, if huge). */
function cutWord(text: string, maxTokens: number): string {
  const word = splitWords(text)[0] ?? '';
  if (word.length > EXACT_COUNT_RUN) return word.slice(0, maxTokens * CHARS_PER_TOKEN);
  return decode(encode(word).slice(0, maxTokens));
}

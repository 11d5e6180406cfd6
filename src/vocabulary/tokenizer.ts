/**
 * gpt-tokenizer's o200k tables, loaded on first use. They take about 58 MB of memory, so a server that
 * has not yet counted a token (an idle instance, a worker that only embeds) does not carry them; the
 * first count pays a one-off load of ~100 ms. Loaded synchronously (its CommonJS build) because token
 * counts are synchronous everywhere they are used.
 */
import { createRequire } from 'node:module';

type Tokenizer = Pick<typeof import('gpt-tokenizer'), 'countTokens' | 'encode' | 'decode'>;

const requireFromHere = createRequire(import.meta.url);
let tokenizer: Tokenizer | undefined;

function load(): Tokenizer {
  tokenizer ??= requireFromHere('gpt-tokenizer') as Tokenizer;
  return tokenizer;
}

/** `<|endoftext|>` in a player's text is text, never refused. */
export const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export function countTokens(text: string): number {
  return load().countTokens(text, PLAIN_TEXT);
}

export function encode(text: string): number[] {
  return load().encode(text, PLAIN_TEXT);
}

export function decode(tokens: readonly number[]): string {
  return load().decode(tokens);
}

/** Past this many characters without a space, a run is encoded in pieces of this many. */
const MAX_RUN = 256;

/**
 * o200k token ids of a text of any shape at a bounded cost. BPE merging is quadratic in the length of
 * a run without spaces (50,000 letters take a second, 200,000 take 25), so a longer run is encoded in
 * pieces of MAX_RUN characters: exact for every text a person writes, a few tokens off at the cuts of
 * a pathological one. Special tokens' text (`<|endoftext|>`) is text, as in `encode`.
 */
export function encodeBounded(text: string): number[] {
  const tokenizer = load();
  const tokens: number[] = [];
  let start = 0;
  let run = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    run = code === 32 || code === 10 || code === 9 || code === 13 ? 0 : run + 1;
    // A cut never splits a surrogate pair.
    if (run > MAX_RUN && !(code >= 0xdc00 && code <= 0xdfff)) {
      for (const token of tokenizer.encode(text.slice(start, i), PLAIN_TEXT)) tokens.push(token);
      start = i;
      run = 1;
    }
  }
  for (const token of tokenizer.encode(text.slice(start), PLAIN_TEXT)) tokens.push(token);
  return tokens;
}

/** o200k's special tokens, written as text. */
export const SPECIAL_TOKEN_TEXTS = ['<|endoftext|>', '<|endofprompt|>'] as const;

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

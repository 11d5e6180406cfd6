/**
 * encodeBounded (vocabulary/tokenizer.ts): o200k ids at a bounded cost. Text a person writes encodes
 * exactly as gpt-tokenizer encodes it; a run without spaces longer than 256 characters is cut into
 * pieces, never inside a surrogate pair, and every text still decodes back to itself.
 */
import { encode } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { decode, encodeBounded } from '../../src/vocabulary/tokenizer.js';

describe('encodeBounded', () => {
  it('is exact for ordinary text, special-token text included as text', () => {
    const text = 'The innkeeper of Karsk, Brannoch Tully, owes the guild 40 gold.\n\tWhy? <|endoftext|> ¡Ay!';
    expect(encodeBounded(text)).toEqual(encode(text, { disallowedSpecial: new Set() }));
    expect(encodeBounded('')).toEqual([]);
  });

  it('cuts a long run into pieces that decode back to the text, astral characters whole', () => {
    for (const text of ['a'.repeat(5_000), '🐉'.repeat(1_000), `x${'é😀'.repeat(700)}y z`]) {
      const tokens = encodeBounded(text);
      expect(decode(tokens)).toBe(text);
    }
    // Below the cut, a run is one piece: the same ids as unbounded encoding.
    const run = 'q'.repeat(256);
    expect(encodeBounded(run)).toEqual(encode(run));
  });
});

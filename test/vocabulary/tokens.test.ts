import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../../src/vocabulary/tokenizer.js';
import { countTextTokens } from '../../src/vocabulary/tokens.js';

/** Pieces that meet at a newline in every way o200k's pre-tokenizer treats differently. */
const FRAGMENTS = [
  'The',
  ' ferryman',
  ' said',
  ',',
  '.',
  '!',
  '?',
  ':',
  ' -',
  '--',
  '/',
  '//',
  ' /',
  '\\',
  '"',
  "'s",
  "'",
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  ' \n',
  '.\n',
  '.\n/',
  ':\n',
  '- ',
  '* ',
  '# ',
  '1',
  '20',
  '2026',
  ' d20',
  'Æsir',
  ' éclair',
  'ÉCLAIR',
  'über',
  '\u00a0',
  '\u2028',
  '\u3000',
  '龍',
  '🐉',
  'e\u0301',
  ' {',
  '}',
  '<|endoftext|>',
  'Old Hesk',
  ' CAPS',
  'camelCase',
  '{{ name }}',
  '[Roll]',
  'x'.repeat(30),
];

const textOf = fc
  .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 400 })
  .map((parts) => parts.join(''));

const longestRun = (text: string) => Math.max(...text.split(/[ \n\t\r]/).map((run) => run.length));

describe('countTextTokens', () => {
  it('counts a long text line by line to exactly the tokenizer count of the whole text', () => {
    fc.assert(
      fc.property(textOf, (text) => {
        fc.pre(text.length <= 8_000 && longestRun(text) <= 64);
        expect(countTextTokens(text)).toBe(countTokens(text));
      }),
      { numRuns: 400 },
    );
  });

  it('does not cut where a piece crosses the newline (punctuation, newline, slashes)', () => {
    // Cut after each newline, this text counts one more token per line: `.\n//` is one piece.
    const text = 'The gate is shut.\n// the warden keeps the key\n'.repeat(10);
    expect(countTextTokens(text)).toBe(countTokens(text));
  });

  it('gives the same count for a prompt whose lines it has counted before', () => {
    const lore = Array.from({ length: 40 }, (_, n) => `- Entry ${n}: the ferry crosses at dusk/dawn.\n`).join(
      '',
    );
    const first = `You are the narrator.\n${lore}Player: I call the ferryman.`;
    const second = `You are the narrator.\n${lore}Player: I pay the toll /and/ cross.\n\n  Then wait.`;
    expect(countTextTokens(first)).toBe(countTokens(first));
    expect(countTextTokens(second)).toBe(countTokens(second));
    expect(countTextTokens(second)).toBe(countTokens(second));
  });

  it('does not keep the texts its cached lines were cut from', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const shared = Array.from({ length: 80 }, (_, n) => `- Shared lore line ${n} about the old mill.\n`).join(
      '',
    );
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = heap();
    // 2,000 prompts of ~7,000 characters, each with one line not seen before: keeping that line as a
    // view of its prompt would keep ~14 MB of prompts alive.
    for (let n = 0; n < 2_000; n += 1)
      countTextTokens(`${shared}> I ask about the ferry, time ${n}.\n${shared}`);
    const grown = heap() - before;
    expect(grown).toBeLessThan(4_000_000);
  });
});

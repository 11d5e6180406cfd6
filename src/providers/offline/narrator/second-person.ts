/**
 * Rewrites the player's first-person words into the second person ("I open my pack" → "you open your
 * pack"), leaving quoted speech as the player wrote it.
 */
import { capitalise, isCapitalised, isJoiner, isWordCode } from './characters.js';

/** First person → second person; "am"/"was" only change right after "I". */
const SECOND_PERSON: Record<string, string> = {
  i: 'you',
  me: 'you',
  my: 'your',
  mine: 'yours',
  myself: 'yourself',
  we: 'you',
  us: 'you',
  our: 'your',
  ours: 'yours',
  ourselves: 'yourselves',
  "i'm": "you're",
  "i've": "you've",
  "i'll": "you'll",
  "i'd": "you'd",
  "we're": "you're",
  "we've": "you've",
  "we'll": "you'll",
};

const AFTER_I: Record<string, string> = { am: 'are', was: 'were' };

/** A table's own entry: the player's "constructor" is a word, not Object.prototype's. */
const ownWord = (table: Record<string, string>, word: string) =>
  Object.hasOwn(table, word) ? table[word] : undefined;

/** Rewrites first-person words outside quotation marks; quoted speech keeps the player's own words. */
export function toSecondPerson(text: string): string {
  let out = '';
  let quoted = false;
  let previous = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!isWordCode(c)) {
      if (c === 34 || c === 0x201c || c === 0x201d) quoted = !quoted;
      out += text.charAt(i);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (isWordCode(d)) j++;
      else if (isJoiner(d) && j + 1 < text.length && isWordCode(text.charCodeAt(j + 1))) j += 2;
      else break;
    }
    const word = text.slice(i, j);
    const lower = word.toLowerCase().replace('\u2019', "'");
    const mapped = quoted
      ? undefined
      : (ownWord(SECOND_PERSON, lower) ?? (previous === 'i' ? ownWord(AFTER_I, lower) : undefined));
    out += mapped === undefined ? word : matchCase(word, mapped);
    previous = lower;
    i = j;
  }
  return out;
}

/** Keeps a capital where the original had one, except "I", which is capital everywhere. */
function matchCase(original: string, replacement: string): string {
  const lower = original.toLowerCase();
  return isCapitalised(original) && !lower.startsWith('i') ? capitalise(replacement) : replacement;
}

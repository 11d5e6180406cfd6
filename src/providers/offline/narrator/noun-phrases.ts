/**
 * Lowercase noun phrases after a determiner ("the rusted gate", "the dark forest"): reading one, and
 * adding it to the entity book as an item or, after a place preposition, a place.
 */
import type { EntityBook } from './entity-book.js';
import type { Token } from './scan.js';
import { DETERMINERS, ITEM_NOUNS, NOT_PLACE, PHRASE_STOP, PLACE_NOUNS, PLACE_PREPS } from './word-lists.js';

/**
 * Reads a lowercase noun phrase after a determiner ("the rusted gate"): up to three words, ending at a
 * stop word, punctuation or a capital. It is cut after the first known noun; without one, it is kept only
 * when short and cleanly ended, since "the guard stands watch" is not a thing.
 */
export function readNounPhrase(
  tokens: readonly Token[],
  start: number,
  lenient: boolean,
): string[] | undefined {
  const found: string[] = [];
  let i = start;
  while (i < tokens.length && found.length < 3) {
    const token = tokens[i];
    if (!token?.word || token.capitalised || PHRASE_STOP.has(token.lower) || DETERMINERS.has(token.lower))
      break;
    if (token.lower.endsWith('ly') || token.lower.endsWith('ing')) break;
    found.push(token.lower);
    if (PLACE_NOUNS.has(token.lower) || ITEM_NOUNS.has(token.lower)) return found;
    i++;
  }
  if (found.length === 0) return undefined;
  const endedCleanly = found.length < 3 || !tokens[i]?.word;
  if (endedCleanly) return found;
  return lenient ? found.slice(0, 2) : undefined;
}

export function addNounPhrase(tokens: readonly Token[], at: number, book: EntityBook, weight: number) {
  const phrase = readNounPhrase(tokens, at + 1, false);
  if (!phrase) return;
  const head = phrase[phrase.length - 1] ?? '';
  const display = `${tokens[at]?.lower} ${phrase.join(' ')}`;
  const prep = tokens[at - 1];
  // Half weight: a proper name ("the Sunken Library") says more than "the dark corridor".
  if (ITEM_NOUNS.has(head)) book.add(display, 'item', 3, weight / 2);
  else if (prep?.word && PLACE_PREPS.has(prep.lower) && !NOT_PLACE.has(head)) {
    book.add(display, 'place', 2, weight / 2);
  }
}

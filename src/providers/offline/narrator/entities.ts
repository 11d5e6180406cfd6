/**
 * Finding entities in scanned tokens: reads capitalised names ("Captain Voss", "the Sunken Library"),
 * classifies each as a character, place or item by its words and the preposition before it, and adds
 * them, with the noun phrases after a determiner, to the entity book.
 */
import { IMPERATIVES, MECHANICS } from '../analyst/words.js';
import { isAcronym } from './characters.js';
import type { EntityBook } from './entity-book.js';
import { addNounPhrase } from './noun-phrases.js';
import type { Token } from './scan.js';
import {
  COMMAND_VERBS,
  COMMON,
  DETERMINERS,
  ITEM_NOUNS,
  META,
  NAME_CONNECTORS,
  PERSON_PARTS,
  PERSON_PREPS,
  PLACE_NOUNS,
  PLACE_OF,
  PLACE_PREPS,
  PLACE_SUFFIXES,
  TITLES,
} from './word-lists.js';

function hasPlaceSuffix(word: string): boolean {
  const lower = word.toLowerCase();
  return PLACE_SUFFIXES.some((suffix) => lower.length > suffix.length + 1 && lower.endsWith(suffix));
}

function stripPossessive(word: string): { word: string; possessive: boolean } {
  const lower = word.toLowerCase();
  if (lower.endsWith("'s") || lower.endsWith('\u2019s')) return { word: word.slice(0, -2), possessive: true };
  return { word, possessive: false };
}

function startsName(token: Token): boolean {
  if (!token.word || !token.capitalised || isAcronym(token.text) || token.lower === 'i') return false;
  // "I've", "I'd": the player, never a name.
  if (token.lower.startsWith("i'")) return false;
  if (MECHANICS.has(token.lower)) return false;
  return !(
    token.sentenceStart &&
    (COMMON.has(token.lower) || COMMAND_VERBS.has(token.lower) || IMPERATIVES.has(token.lower))
  );
}

/** Reads a capitalised name starting at `start`; returns its words and the index after it. */
function readName(tokens: readonly Token[], start: number): { names: string[]; end: number } {
  const names: string[] = [];
  let i = start;
  while (i < tokens.length && names.length < 6) {
    const token = tokens[i];
    if (!token?.word) break;
    if (names.length > 0 && !token.capitalised) {
      // Connectors only count when a capitalised word follows: "Order of the Silver Hand".
      let j = i;
      while (j < tokens.length && tokens[j]?.word && NAME_CONNECTORS.has(tokens[j]?.lower ?? '')) j++;
      const next = tokens[j];
      if (j === i || !next?.word || !next.capitalised || isAcronym(next.text)) break;
      for (let k = i; k < j; k++) names.push(tokens[k]?.text ?? '');
      i = j;
      continue;
    }
    if (!token.capitalised || isAcronym(token.text) || token.lower === 'i') break;
    const { word, possessive } = stripPossessive(token.text);
    i++;
    // "Zoë's Hollow" is one name; "Zoë's sword" ends the name at "Zoë".
    const continues = tokens[i]?.word === true && tokens[i]?.capitalised === true;
    names.push(possessive && continues ? token.text : word);
    if (possessive && !continues) break;
  }
  return { names, end: i };
}

/** `preposition` is the word before the name; for "of", the word before it ("watchtower of Karsk"). */
function classifyName(names: readonly string[], preposition: string | undefined, hasDeterminer: boolean) {
  const ofIndex = names.indexOf('of');
  const head = (names[(ofIndex > 0 ? ofIndex : names.length) - 1] ?? '').toLowerCase();
  const first = (names[0] ?? '').toLowerCase();
  if (TITLES.has(first)) return { kind: 'character' as const, evidence: 3 };
  if (ITEM_NOUNS.has(head)) return { kind: 'item' as const, evidence: 3 };
  if (PLACE_NOUNS.has(head) || (names.length === 1 && hasPlaceSuffix(head))) {
    return { kind: 'place' as const, evidence: 3 };
  }
  if (preposition && PLACE_PREPS.has(preposition) && (hasDeterminer || !PERSON_PREPS.has(preposition))) {
    return { kind: 'place' as const, evidence: 2 };
  }
  // People are rarely "the" anything; "the Gilded Stag" is an inn, "the Silver Hand" an order.
  if (hasDeterminer) return { kind: 'place' as const, evidence: 2 };
  return { kind: 'character' as const, evidence: 1 };
}

function isMetaName(names: readonly string[]): boolean {
  return names.every((name) => META.has(name.toLowerCase()) || name.toLowerCase() === 'dungeon');
}

/**
 * The words the texts capitalise where a capital means something: inside a sentence. A single word at
 * a sentence start ("Traits, you say?", "*Opening a window…*") is a name only when it is one of these.
 */
export function capitalisedMidSentence(texts: ReadonlyArray<readonly Token[]>): Set<string> {
  const seen = new Set<string>();
  for (const tokens of texts)
    for (const token of tokens)
      if (token.word && token.capitalised && !token.sentenceStart && !isAcronym(token.text))
        seen.add(stripPossessive(token.lower).word);
  return seen;
}

export function collectEntities(
  tokens: readonly Token[],
  book: EntityBook,
  weight: number,
  confirmed: ReadonlySet<string>,
): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token?.word) continue;
    if (startsName(token)) {
      const { names, end } = readName(tokens, i);
      // "Seraphina's gentle smile": whoever owns a smile is a person, even at a sentence start.
      const owner = tokens[end - 1]?.lower.endsWith("'s") && PERSON_PARTS.has(tokens[end]?.lower ?? '');
      const unconfirmed =
        token.sentenceStart && names.length === 1 && !confirmed.has((names[0] ?? '').toLowerCase());
      if (names.length > 0 && owner && !isMetaName(names)) book.add(names.join(' '), 'character', 3, weight);
      else if (names.length > 0 && !unconfirmed && !isMetaName(names))
        addName(tokens, i, names, book, weight);
      i = Math.max(i, end - 1);
      continue;
    }
    if (DETERMINERS.has(token.lower) && tokens[i + 1]?.word && !tokens[i + 1]?.capitalised) {
      addNounPhrase(tokens, i, book, weight);
    }
  }
}

function addName(tokens: readonly Token[], start: number, names: string[], book: EntityBook, weight: number) {
  const before = tokens[start - 1];
  const hasDeterminer = before?.word === true && before.lower === 'the';
  const at = start - (hasDeterminer ? 2 : 1);
  const prepToken = tokens[at];
  let preposition = prepToken?.word ? prepToken.lower : undefined;
  const owner = tokens[at - 1];
  if (preposition === 'of' && owner?.word && (PLACE_NOUNS.has(owner.lower) || PLACE_OF.has(owner.lower))) {
    preposition = 'in';
  }
  const { kind, evidence } = classifyName(names, preposition, hasDeterminer);
  const name = names.join(' ');
  book.add(hasDeterminer ? `the ${name}` : name, kind, evidence, weight);
}

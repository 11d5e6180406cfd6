/**
 * Proper names in a text, read the way an editor would: a run of capitalised words ("Nettie Quill",
 * "Warden's Map of the Seam", "Saint Odile's Lamp"), or whatever follows "named", "called", "titled",
 * "known as" or "gives his name as". Never a lone sentence-initial word (its capital proves nothing),
 * a pronoun, an imperative ("Roll"), a game-mechanic word, dice notation or bracketed interface text.
 */
import { withoutInterfaceText } from './interface-text.js';
import { MECHANICS, neverAName, TITLES } from './words.js';

export interface ProperName {
  /** The name without a leading title or article: "Osric Penhallow". */
  name: string;
  /** How the text wrote it, title included: "Doctor Osric Penhallow". */
  written: string;
  /** Introduced by "named X" / "called X": certainly a name, and a new one. */
  cued: boolean;
  /** The word before the name, lower case ("the", "named", "to"), or '' at a sentence start. */
  before: string;
  /** The first word is a title ("Doctor", "Captain"). */
  titled: boolean;
}

interface Token {
  text: string;
  lower: string;
  word: boolean;
  capitalised: boolean;
  sentenceStart: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/uy;
const SENTENCE_BREAK = '.!?:;\n"“”[](){}*';
const CONNECTORS = new Set(['of', 'the', 'de', 'du', 'von', 'van', 'la', 'le', 'del']);
/** Cues after which the next capitalised words are a name: "a girl named Nettie Quill". */
const CUES = new Set(['named', 'called', 'titled', 'nicknamed', 'dubbed', 'christened']);
/** Two-word cues: "known as X", "name is X", "name as X" ("gives his name as Jem Callow"). */
const PAIR_CUES = new Set(['known as', 'name is', 'name as', 'name was', 'names himself', 'names herself']);
const MAX_SCAN = 8_000;
const MAX_NAME_WORDS = 7;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentenceStart = true;
  let i = 0;
  const n = Math.min(text.length, MAX_SCAN);
  while (i < n) {
    WORD.lastIndex = i;
    const match = WORD.exec(text);
    if (match) {
      const word = match[0];
      const first = word.charAt(0);
      tokens.push({
        text: word,
        lower: word.toLowerCase().replace('’', "'"),
        word: true,
        capitalised: first !== first.toLowerCase() && first === first.toUpperCase(),
        sentenceStart,
      });
      sentenceStart = false;
      i += word.length;
      continue;
    }
    const mark = text.charAt(i);
    if (!/\s/.test(mark) || mark === '\n') {
      tokens.push({ text: mark, lower: mark, word: false, capitalised: false, sentenceStart: false });
      if (SENTENCE_BREAK.includes(mark)) sentenceStart = true;
    }
    i += 1;
  }
  return tokens;
}

function isAcronym(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase() && /\p{L}/u.test(word);
}

function possessiveBase(word: string): string | undefined {
  return /['’]s$/i.test(word) ? word.slice(0, -2) : undefined;
}

/** Reads a run of capitalised words (with connectors inside) from `start`; returns its words and end. */
function readRun(tokens: readonly Token[], start: number): { words: string[]; end: number } {
  const out: string[] = [];
  let i = start;
  while (i < tokens.length && out.length < MAX_NAME_WORDS) {
    const token = tokens[i] as Token;
    if (!token.word) break;
    if (!token.capitalised || isAcronym(token.text) || token.lower === 'i') {
      if (out.length === 0 || !CONNECTORS.has(token.lower)) break;
      // Connectors count only when a capitalised word follows: "Temple of the Quiet Flame".
      let j = i;
      while (j < tokens.length && tokens[j]?.word && CONNECTORS.has(tokens[j]?.lower ?? '')) j += 1;
      const next = tokens[j];
      if (!next?.word || !next.capitalised || isAcronym(next.text)) break;
      // A bare "the" joins an epithet ("Garrick the Bold"), not a second name ("Ashdale the Emberglass Shard").
      if (j === i + 1 && token.lower === 'the' && tokens[j + 1]?.word && tokens[j + 1]?.capitalised) break;
      for (let k = i; k < j; k += 1) out.push(tokens[k]?.text ?? '');
      i = j;
      continue;
    }
    out.push(token.text);
    i += 1;
    // "Sabeth Lorne's room" ends the name; "Fennick's Tannery" goes on.
    if (possessiveBase(token.text) !== undefined && !tokens[i]?.capitalised) break;
  }
  return { words: out, end: i };
}

function cueBefore(tokens: readonly Token[], index: number): boolean {
  const one = tokens[index - 1];
  const two = tokens[index - 2];
  if (one?.word && CUES.has(one.lower)) return true;
  // "titled the Brimstone Accounts", "called the Glass Fox".
  if (one?.word && one.lower === 'the' && two?.word && CUES.has(two.lower)) return true;
  return Boolean(one?.word && two?.word && PAIR_CUES.has(`${two.lower} ${one.lower}`));
}

/** The words of a run as a name: possessive of the last word dropped, leading title/article split off. */
function shape(words: string[]): { name: string; written: string; titled: boolean } | undefined {
  const list = [...words];
  const last = list.at(-1) as string;
  const base = possessiveBase(last);
  if (base !== undefined) list[list.length - 1] = base;
  while (list.length > 0 && CONNECTORS.has((list.at(-1) as string).toLowerCase())) list.pop();
  if (list.length === 0) return undefined;
  const written = list.join(' ');
  let from = 0;
  if (list[0]?.toLowerCase() === 'the') from = 1;
  const titled = TITLES.has(list[from]?.toLowerCase() ?? '');
  // "Doctor Osric Penhallow" is Osric Penhallow; "Mother Cassia" keeps its title (one word is not
  // enough), and so does a thing named after someone ("Saint Odile's Lamp").
  const plainPerson = list
    .slice(from)
    .every((word) => possessiveBase(word) === undefined && !CONNECTORS.has(word));
  if (titled && plainPerson && list.length - from >= 3) from += 1;
  const name = list.slice(from).join(' ');
  return name ? { name, written, titled } : undefined;
}

/** Whether a run is too weak to be a name: one word that is common, a title, a mechanic, or too short. */
function weakSingle(word: string): boolean {
  const lower = (possessiveBase(word) ?? word).toLowerCase();
  return lower.length < 3 || neverAName(lower) || TITLES.has(lower) || /\d/.test(lower);
}

/** Every proper name the text uses, in order of first appearance, each once (by lower-cased name). */
export function findProperNames(raw: string): ProperName[] {
  const tokens = tokenize(withoutInterfaceText(raw));
  const found = new Map<string, ProperName>();
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    if (!token.word || !token.capitalised) continue;
    const cued = cueBefore(tokens, i);
    let start = i;
    let { words, end } = readRun(tokens, start);
    // A sentence-initial word proves nothing: "When Nettie Quill…", "Roll for…", "Under the Charter…".
    while (words.length > 0 && !cued) {
      const head = tokens[start] as Token;
      const lower = head.lower;
      // Mid-sentence, a capital means a name ("the First Kindling"); at a sentence start it may not.
      const drop = head.sentenceStart
        ? neverAName(lower) || words.length === 1
        : lower === 'the' && words.length === 1;
      if (!drop) break;
      start += 1;
      if (start >= end) break;
      ({ words, end } = readRun(tokens, start));
    }
    i = Math.max(i, end - 1);
    if (words.length === 0 || start >= end) continue;
    const shaped = shape(words);
    if (!shaped) continue;
    const before = tokens[start - 1]?.word ? (tokens[start - 1]?.lower ?? '') : '';
    const nameWords = shaped.name.split(' ');
    if (!cued) {
      if (nameWords.every((word) => MECHANICS.has(word.toLowerCase()) || TITLES.has(word.toLowerCase())))
        continue;
      if (nameWords.length === 1) {
        // One word: not after "the"/"a" ("the Reeve", "the Company" are references, not new names).
        if (weakSingle(nameWords[0] as string) || before === 'the' || before === 'a' || before === 'an')
          continue;
        if ((tokens[start] as Token).sentenceStart) continue;
      }
    } else if (nameWords.length === 1 && weakSingle(nameWords[0] as string)) continue;
    const key = shaped.name.toLowerCase();
    const known = found.get(key);
    if (known) known.cued ||= cued;
    else found.set(key, { ...shaped, cued, before });
  }
  return [...found.values()];
}

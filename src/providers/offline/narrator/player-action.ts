/**
 * The player's action: finds the player's own line in the last user message and reads its first sentence
 * as a deed (a second-person clause and the thing it acts on), speech or a question.
 */
import { isWhitespace, lowerFirst } from './characters.js';
import { readNounPhrase } from './noun-phrases.js';
import { scan } from './scan.js';
import { toSecondPerson } from './second-person.js';
import type { PlayerAction } from './story-facts.js';
import {
  COMMAND_VERBS,
  DETERMINERS,
  ITEM_NOUNS,
  PLACE_NOUNS,
  PLACE_PREPS,
  REQUEST_VERBS,
  words,
} from './word-lists.js';

const QUESTION_STARTS = words(
  'what who whom whose where when why how which is are was were do does did can could will would shall ' +
    'should may might must have has had am',
);

const THIRD_PERSON_STARTS = words('the a an this that these those he she they it his her their its you your');

const MAX_ACTION_WORDS = 40;
/** Bounds the work on a huge pasted message; an action is one sentence. */
const MAX_ACTION_CHARS = 400;

/** Strips roleplay markup (*I draw my sword*) and keeps the first sentence, bounded in length. */
function firstSentence(text: string): string {
  // Asterisks mark actions in roleplay chat; they are not part of the narration.
  const cleaned = text.slice(0, MAX_ACTION_CHARS).replaceAll('*', '').trim();
  let quoted = false;
  let end = cleaned.length;
  for (let i = 0; i < cleaned.length; i++) {
    const c = cleaned.charAt(i);
    if (c === '"' || c === '\u201c' || c === '\u201d') quoted = !quoted;
    else if (
      !quoted &&
      '.!?\n'.includes(c) &&
      (i + 1 >= cleaned.length || isWhitespace(cleaned.charCodeAt(i + 1)))
    ) {
      end = c === '\n' ? i : i + 1;
      break;
    }
  }
  return limitWords(cleaned.slice(0, end).trim(), MAX_ACTION_WORDS);
}

function limitWords(text: string, max: number): string {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (isWhitespace(text.charCodeAt(i)) && i > 0 && !isWhitespace(text.charCodeAt(i - 1))) {
      count++;
      if (count >= max) return text.slice(0, i);
    }
  }
  return text;
}

function stripEndPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && '.!;,:\u2026'.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end).trim();
}

/**
 * What the player did, from the last user message. A prompt template may put context lines before it
 * ("Scene: the mill.", "Previously: …") and end with the player's own line, "Aren: I open the gate":
 * then that last line, without its speaker, is the action.
 */
const FIRST_PERSON_START = /^(?:["“*]?\s*)(?:i|i'm|i've|i'll|i'd|i’m|my|we|we're|our|me)\b/i;

export function playerLine(content: string): { text: string; speaker: string | undefined } {
  const lines = content
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const line = lines.at(-1) as string;
  const match = /^([A-Z][\p{L}'’ -]{0,40}):\s+(.+)$/u.exec(line);
  if (!match) return { text: content, speaker: undefined };
  // One line alone is the player's own when it speaks in the first person ("Aren: I open the gate");
  // "Mira: where is the key?" talks to Mira.
  if (lines.length < 2 && !FIRST_PERSON_START.test(match[2] as string))
    return { text: content, speaker: undefined };
  return { text: match[2] as string, speaker: match[1] };
}

export function readAction(content: string, knownNames: ReadonlySet<string>): PlayerAction | undefined {
  const sentence = firstSentence(content);
  const tokens = scan(sentence);
  const first = tokens.find((token) => token.word);
  if (!first) return undefined;
  const plain = stripEndPunctuation(sentence);
  const converted = toSecondPerson(plain);
  // Only first-person words outside quotation marks change, so this also tells '"Hi," I say' from '"Hi"'.
  const firstPerson = converted !== plain;
  const quoted = sentence.startsWith('"') || sentence.startsWith('\u201c');
  if (quoted && !firstPerson) return { kind: 'speech', text: unquote(sentence), object: undefined };
  if (!quoted && (sentence.endsWith('?') || QUESTION_STARTS.has(first.lower))) {
    return { kind: 'question', text: withEndPunctuation(sentence, '?'), object: undefined };
  }
  const command = COMMAND_VERBS.has(first.lower);
  // "Give me the key" asks someone for something; "attack with my axe" is still a deed.
  const asksForMe = command && tokens.some((token) => token.lower === 'me' || token.lower === 'us');
  if (REQUEST_VERBS.has(first.lower) || asksForMe) {
    return { kind: 'question', text: withEndPunctuation(sentence, '.'), object: undefined };
  }
  let clause: string | undefined;
  if (command) clause = `you ${lowerFirst(converted)}`;
  else if (firstPerson || first.lower === 'you') clause = converted;
  else if (THIRD_PERSON_STARTS.has(first.lower) || knownNames.has(first.lower)) clause = plain;
  if (clause === undefined)
    return { kind: 'speech', text: withEndPunctuation(sentence, '.'), object: undefined };
  clause = knownNames.has(firstWordLower(clause)) ? clause : lowerFirst(clause);
  return { kind: 'deed', text: clause, object: findObject(clause) };
}

export function firstWordLower(text: string): string {
  const space = text.indexOf(' ');
  return (space < 0 ? text : text.slice(0, space)).toLowerCase();
}

function unquote(text: string): string {
  const inner = text.replace(/^["\u201c']+/, '').replace(/["\u201d']+$/, '');
  return withEndPunctuation(inner.trim(), '.');
}

function withEndPunctuation(text: string, mark: string): string {
  return '.!?'.includes(text.charAt(text.length - 1)) ? text : text + mark;
}

/** The first concrete thing a deed acts on, not counting where it happens: "the rusted gate". */
function findObject(clause: string): string | undefined {
  const tokens = scan(clause);
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    const before = tokens[i - 1];
    if (!token?.word || !(DETERMINERS.has(token.lower) || token.lower === 'your')) continue;
    if (before?.word && PLACE_PREPS.has(before.lower)) continue;
    const phrase = readNounPhrase(tokens, i + 1, true);
    const head = phrase?.[phrase.length - 1] ?? '';
    // Only a concrete thing is worth a sentence of its own; "the rumours" stays in the clause.
    if (phrase && (ITEM_NOUNS.has(head) || PLACE_NOUNS.has(head)))
      return `${token.lower} ${phrase.join(' ')}`;
  }
  return undefined;
}

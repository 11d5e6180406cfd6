/**
 * Quality checks on any content: text within length bounds, no repetition, no leaked template text or
 * placeholders, no refusals, nothing cut short. They read every string of the document with its path.
 */
import { type Finding, findingsOf } from './findings.js';

export interface TextField {
  path: Array<string | number>;
  value: string;
}

/** Every string in a document, with its path (bounded: documents are small, but input may not be). */
export function textFields(
  value: unknown,
  path: Array<string | number> = [],
  out: TextField[] = [],
): TextField[] {
  if (out.length >= 2_000) return out;
  if (typeof value === 'string') out.push({ path, value });
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) textFields(item, [...path, i], out);
  } else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) textFields(item, [...path, key], out);
  return out;
}

/** Length bounds of the long prose fields, by field name (anywhere in the document). */
const PROSE_BOUNDS: Record<string, [number, number]> = {
  backstory: [120, 4_000],
  appearance: [40, 2_000],
  description: [40, 4_000],
  summary: [40, 4_000],
  premise: [80, 4_000],
  history: [0, 4_000],
  atmosphere: [20, 2_000],
  tactics: [20, 4_000],
};
const NAME_BOUNDS: [number, number] = [2, 80];

const PLACEHOLDER =
  /\{\{[^}]*\}\}|\{%[^%]*%\}|\$\{[^}]*\}|\[(?:name|placeholder|insert[^\]]*|your [^\]]*|character name|todo|tbd)\]|<(?:name|placeholder|insert[^>]*)>|\b(?:lorem ipsum|placeholder|todo|tbd|xxx+)\b/i;
/** Words of the prompt that a weak model copies into a name ("Create Osric", "Name: Mira"). */
const LEAKED_INSTRUCTION =
  /^(?:create|generate|write|describe|make|invent|design|answer|respond|output)\b|^(?:name|character|json|title)\s*:/i;
const REFUSAL =
  /\b(?:i'?m sorry|i am sorry|i apologi[sz]e|i can(?:no|')t (?:help|assist|create|do|write|comply)|i(?: am|'m) unable to|as an ai\b|as a language model|i won'?t be able to)/i;
const TERMINAL = /[.!?…"'”’)\]*]$/;

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim().toLowerCase())
    .filter((sentence) => sentence.length >= 20);
}

export interface QualityOptions {
  /** The model stopped on its token limit. */
  truncated?: boolean;
}

export function checkQuality(document: unknown, options: QualityOptions = {}): Finding[] {
  const { add, findings } = findingsOf('quality');
  if (options.truncated)
    add(
      [],
      'error',
      'truncated',
      'the answer was cut off at the token limit',
      'regenerate with a larger max_tokens',
    );
  const seen = new Map<string, string>();
  for (const { path, value } of textFields(document)) {
    const key = path.at(-1);
    const text = value.trim();
    const placeholder = PLACEHOLDER.exec(text);
    if (placeholder)
      add(
        path,
        'error',
        'placeholder',
        `template text or a placeholder: "${placeholder[0]}"`,
        'write the actual content in its place',
      );
    if (REFUSAL.test(text))
      add(
        path,
        'error',
        'refusal',
        'the text is a refusal, not content',
        'regenerate; the request is ordinary game content',
      );
    if (key === 'name') {
      if (LEAKED_INSTRUCTION.test(text))
        add(
          path,
          'error',
          'leaked_instruction',
          `the name "${text}" repeats the request`,
          'give a proper name',
        );
      if (text.length < NAME_BOUNDS[0] || text.length > NAME_BOUNDS[1])
        add(
          path,
          'warning',
          'length',
          `a name of ${text.length} characters`,
          `names run ${NAME_BOUNDS[0]}–${NAME_BOUNDS[1]} characters`,
        );
    }
    const bounds = typeof key === 'string' ? PROSE_BOUNDS[key] : undefined;
    if (bounds) {
      if (text.length < bounds[0])
        add(
          path,
          'warning',
          'too_short',
          `${text.length} characters; expected at least ${bounds[0]}`,
          'write more',
        );
      else if (text.length > bounds[1])
        add(
          path,
          'warning',
          'too_long',
          `${text.length} characters; expected at most ${bounds[1]}`,
          'shorten it',
        );
      if (text.length >= 40 && !TERMINAL.test(text))
        add(path, 'warning', 'truncated_text', 'the text stops mid-sentence', 'finish the last sentence');
    }
    // Repetition: one sentence said twice (within or across fields), or one field mostly one phrase.
    for (const sentence of sentences(text)) {
      const first = seen.get(sentence);
      if (first !== undefined) {
        add(
          path,
          'warning',
          'repetition',
          `repeats a sentence of ${first}: "${sentence.slice(0, 80)}"`,
          'say something new',
        );
        break;
      }
      seen.set(sentence, findingPath(path));
    }
    if (text.length >= 80 && repeatedTrigramShare(text) > 0.3)
      add(path, 'warning', 'repetition', 'the same phrases recur through the text', 'vary the wording');
  }
  return findings;
}

function findingPath(path: ReadonlyArray<string | number>): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('') || '$';
}

/** The share of word trigrams that occur more than once. */
function repeatedTrigramShare(text: string): number {
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  if (words.length < 12) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i + 2 < words.length; i += 1) {
    const gram = `${words[i]} ${words[i + 1]} ${words[i + 2]}`;
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  let repeated = 0;
  for (const count of counts.values()) if (count > 1) repeated += count;
  return repeated / (words.length - 2);
}

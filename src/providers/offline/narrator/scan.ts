/**
 * Scanning: one linear pass that turns bounded prompt text into word and punctuation tokens, marking
 * capitals and sentence starts (where a capital proves nothing).
 */
import { withoutInterfaceText } from '../analyst/interface-text.js';
import { isCapitalised, isJoiner, isWhitespace, isWordCode } from './characters.js';

export interface Token {
  /** False for punctuation and line breaks, which end names and phrases. */
  word: boolean;
  text: string;
  lower: string;
  capitalised: boolean;
  /** First word of a sentence, where capitalisation proves nothing. */
  sentenceStart: boolean;
}

/** Each text is scanned up to this many characters: enough for any prompt, bounded for huge ones. */
export const SCAN_LIMIT = 4000;
/** Only the latest messages are scanned; older history rarely names what matters now. */
export const SCAN_MESSAGES = 16;

export function scan(raw: string): Token[] {
  // Interface text ("[OOC: roll]") and dice ("2d6+3") are not story: they hold no names.
  const text = withoutInterfaceText(raw.slice(0, SCAN_LIMIT));
  const tokens: Token[] = [];
  const n = Math.min(text.length, SCAN_LIMIT);
  let sentenceStart = true;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWordCode(c)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (isWordCode(d)) j++;
        else if (isJoiner(d) && j + 1 < n && isWordCode(text.charCodeAt(j + 1))) j += 2;
        else break;
      }
      const word = text.slice(i, j);
      tokens.push({
        word: true,
        text: word,
        lower: word.toLowerCase().replace('\u2019', "'"),
        capitalised: isCapitalised(word),
        sentenceStart,
      });
      sentenceStart = false;
      i = j;
      continue;
    }
    if (!isWhitespace(c) || c === 10) {
      const mark = text.charAt(i);
      tokens.push({ word: false, text: mark, lower: mark, capitalised: false, sentenceStart: false });
      // A new sentence (or a quotation) starts after these; a capital there proves nothing.
      if ('.!?:;\n"\u201c\u201d*'.includes(mark)) sentenceStart = true;
    }
    i++;
  }
  return tokens;
}

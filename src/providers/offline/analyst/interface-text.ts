/**
 * Text a game or a front end puts around the story that is not the story: bracketed interface text
 * ("[OOC: roll for it]", "{{char}}", "<status>"), and dice notation ("2d6+3", "d20"). Neither holds a
 * name; both are replaced by a sentence break so nothing on either side joins into one name.
 */

/** [..], {..}, <..> and ((..)) spans, bounded so a stray bracket cannot swallow a whole prompt. */
const BRACKETED = /\[[^\][\n]{0,400}\]|\{[^{}\n]{0,400}\}|<[^<>\n]{0,400}>|\(\([^\n]{0,400}?\)\)/g;

/** Dice notation: d20, 2d6, 1d8+3, 4d6kh3. */
export const DICE = /\b\d{0,3}d(?:4|6|8|10|12|20|100|%)(?:k[hl]?\d+)?(?:\s*[+-]\s*\d+)?\b/gi;

/** A cheap test for either: an opening bracket, or a "d" beside a digit. */
const MAYBE = /[[{<(]|\dd|\bd\d/i;

/** The text with interface spans and dice notation replaced by sentence breaks (same meaning otherwise). */
export function withoutInterfaceText(text: string): string {
  // Most text has neither: one quick scan instead of two replaces (the narrator scans every prompt).
  if (!MAYBE.test(text)) return text;
  return text.replace(BRACKETED, '. ').replace(DICE, '. ');
}

/** Whether a name-like string is interface text or dice, never a name. */
export function isInterfaceText(text: string): boolean {
  DICE.lastIndex = 0;
  return /[[\]{}<>]/.test(text) || DICE.test(text);
}

/** The text with interface spans removed outright (for quoting the player's words; dice stay words). */
export function removeInterfaceText(text: string): string {
  return text
    .replace(BRACKETED, ' ')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/^[\s.,;:!?-]+/, '')
    .trim();
}

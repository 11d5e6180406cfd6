/**
 * What a character is to the narrator (a word character, a joiner inside a word, whitespace) and the
 * capitals of a word: shared by the scanner, the second-person rewrite and the sentence templates.
 */
export function isWordCode(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || // 0-9
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x206f) && !(c >= 0x3000 && c <= 0x303f))
  );
}

/** Apostrophes and hyphens stay inside a word when a letter follows: "Mira's", "Eld-hollow". */
export function isJoiner(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 45;
}

export function isWhitespace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

export function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

/** All-capital words are acronyms (JSON, HP, NPC), not names. */
export function isAcronym(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase();
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

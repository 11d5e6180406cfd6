/**
 * Sentences and clauses of a turn, cut from the text itself: every piece is a verbatim substring of
 * what the player wrote or the narrator said, so a fact taken from it is grounded in the turn.
 */

const MAX_FACT = 300;

/** The sentences of a text, each a trimmed substring of it (a quotation's own sentences split too). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?]["”’')]?)\s+|\n+/)
    .map((piece) => piece.trim())
    .filter((piece) => /[\p{L}]{2}/u.test(piece));
}

/**
 * The part of a sentence that says something about the words at `at`: the whole sentence when it is
 * short, else the clause around them (cut at ; — and ", and"-style joins), at most 300 characters.
 */
export function clauseAround(sentence: string, at: number): string {
  if (sentence.length <= 200) return sentence;
  const cuts = [...sentence.matchAll(/;\s+|\s+[—–]\s+|,\s+(?:and|but|while|then|so|where|who)\s+/g)];
  let start = 0;
  let end = sentence.length;
  for (const cut of cuts) {
    const index = cut.index ?? 0;
    if (index + cut[0].length <= at) start = index + cut[0].length;
    else if (index > at) {
      end = index;
      break;
    }
  }
  const clause = sentence.slice(start, end).trim();
  if (clause.length <= MAX_FACT) return clause;
  const cut = clause.lastIndexOf(' ', MAX_FACT);
  return clause.slice(0, cut > 0 ? cut : MAX_FACT);
}

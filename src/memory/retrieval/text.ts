/** Words of a query or a document: lower-cased, stop words out (they match everything). */

const STOP_WORDS = new Set(
  `a an the and or but if of to in on at by for with from into onto over under about as is are was were be been
  being am do does did done has have had having it its this that these those there here what which who whom whose
  when where why how i me my we our you your he him his she her they them their not no nor so than too very can
  could would should will shall may might must just also any all some each every more most other such only own
  same then once again up down out off s t tell know said say one`.split(/\s+/),
);

export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}_]+/gu) ?? []
  ).filter((word) => word.length > 1 && !STOP_WORDS.has(word));
}

/** A cheap stem, so "bells" meets "bell" and "guarded" meets "guard" in local scoring. */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * String length as JSON Schema counts it (code points), and fitting a text to minLength/maxLength by
 * padding with more narration or cutting on a word boundary.
 */
import { describe } from '../narrator/index.js';
import type { Walk } from './walk.js';

export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Pads with more narration or cuts (on a word boundary when one is near) to fit the length limits. */
export function fitLength(text: string, min: number, max: number, walk: Walk): string {
  let value = text;
  let length = codePoints(value);
  if (length < min) {
    const filler = ` ${describe(walk.facts, walk.rng)}`;
    value = (value + filler.repeat(Math.ceil((min - length) / codePoints(filler)))).trimStart();
    length = codePoints(value);
  }
  if (length <= max) return value;
  const cut = Array.from(value).slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  const atWord = space >= max * 0.6 ? cut.slice(0, space).replace(/[\s,;:]+$/, '') : cut;
  return codePoints(atWord) >= min ? atWord : cut;
}

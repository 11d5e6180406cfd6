/**
 * Patterns (best effort): keeps the natural value or a slug of it when it matches, else generates a
 * string from the pattern itself.
 */
import type { Rng } from '../narrator/index.js';
import { slug } from './formats.js';
import { codePoints } from './length.js';
import { type PatternNode, PatternReader } from './pattern-reader.js';
import type { Walk } from './walk.js';

/** A pattern-generated string longer than this is not attempted. */
const MAX_PATTERN_OUTPUT = 10_000;

export function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

/** The natural value if it matches, else a slug form of it, else a string generated from the pattern. */
export function matchPattern(pattern: string, value: string, min: number, max: number, walk: Walk): string {
  const regex = safeRegExp(pattern);
  if (!regex) return value;
  const fits = (candidate: string) => {
    const length = codePoints(candidate);
    return length >= min && length <= max && regex.test(candidate);
  };
  const natural = [
    value,
    slug(value, '_'),
    slug(value, '-'),
    slug(value, ''),
    slug(value, '_').toUpperCase(),
  ];
  const found = natural.find(fits);
  if (found !== undefined) return found;
  let generated: string | undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    generated = generateFromPattern(pattern, walk.rng);
    if (generated !== undefined && fits(generated)) return generated;
  }
  return generated ?? value;
}

function emit(nodes: readonly PatternNode[], rng: Rng, out: string[]): void {
  for (const node of nodes) {
    if (out.length > MAX_PATTERN_OUTPUT) return;
    if (node.type === 'set') out.push(rng.pick(node.chars));
    else if (node.type === 'group') emit(rng.pick(node.options), rng, out);
    else {
      const times = node.min + rng.int(node.max - node.min + 1);
      for (let i = 0; i < times && out.length <= MAX_PATTERN_OUTPUT; i++) emit([node.node], rng, out);
    }
  }
}

/** A string the pattern matches, or undefined for patterns outside the supported subset (or malformed). */
export function generateFromPattern(pattern: string, rng: Rng): string | undefined {
  try {
    const out: string[] = [];
    emit([{ type: 'group', options: new PatternReader(pattern).read() }], rng, out);
    return out.length > MAX_PATTERN_OUTPUT ? undefined : out.join('');
  } catch {
    return undefined;
  }
}

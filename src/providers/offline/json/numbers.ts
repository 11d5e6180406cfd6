/**
 * Numbers and integers: a plausible range by property name (hp 1–100, age 18–80) within the schema's
 * bounds (draft-04 and later exclusive bounds), and multipleOf without float noise.
 */
import type { Rng } from '../narrator/index.js';
import { lastWord } from './roles.js';
import type { Position, Schema, Walk } from './walk.js';

/** Plausible ranges by property name, used when the schema leaves room. */
export const NUMBER_RANGES: ReadonlyArray<[ReadonlySet<string>, number, number]> = [
  [new Set('hp health mana stamina energy'.split(' ')), 1, 100],
  [new Set('level tier stage'.split(' ')), 1, 20],
  [new Set(['age']), 18, 80],
  [new Set('gold price cost value coins amount quantity count number qty'.split(' ')), 1, 50],
  [new Set('score percent percentage trust affinity relationship reputation loyalty'.split(' ')), 0, 100],
  [new Set('probability chance confidence likelihood certainty ratio weight importance'.split(' ')), 0, 1],
  [new Set(['year']), 1200, 1400],
];

interface Bounds {
  lo: number;
  hi: number;
  loExclusive: boolean;
  hiExclusive: boolean;
}

function boundsOf(schema: Schema): Bounds {
  const bounds: Bounds = {
    lo: Number.NEGATIVE_INFINITY,
    hi: Number.POSITIVE_INFINITY,
    loExclusive: false,
    hiExclusive: false,
  };
  if (typeof schema.minimum === 'number') {
    bounds.lo = schema.minimum;
    bounds.loExclusive = schema.exclusiveMinimum === true; // draft-04
  }
  if (typeof schema.maximum === 'number') {
    bounds.hi = schema.maximum;
    bounds.hiExclusive = schema.exclusiveMaximum === true;
  }
  if (typeof schema.exclusiveMinimum === 'number' && schema.exclusiveMinimum >= bounds.lo) {
    bounds.lo = schema.exclusiveMinimum;
    bounds.loExclusive = true;
  }
  if (typeof schema.exclusiveMaximum === 'number' && schema.exclusiveMaximum <= bounds.hi) {
    bounds.hi = schema.exclusiveMaximum;
    bounds.hiExclusive = true;
  }
  return bounds;
}

function inBounds(value: number, bounds: Bounds): boolean {
  const aboveLo = bounds.loExclusive ? value > bounds.lo : value >= bounds.lo;
  const belowHi = bounds.hiExclusive ? value < bounds.hi : value <= bounds.hi;
  return aboveLo && belowHi;
}

/** The range to draw from: the name's plausible range within the bounds, else the bounds themselves. */
function targetRange(bounds: Bounds, key: string, integer: boolean): [number, number] {
  const word = lastWord(key);
  const named = NUMBER_RANGES.find(([keys]) => keys.has(word));
  const fraction = named !== undefined && named[2] === 1;
  const [lo, hi] = named && !(fraction && integer) ? [named[1], named[2]] : [1, 10];
  const from = Math.max(lo, bounds.lo);
  const to = Math.min(hi, bounds.hi);
  if (from <= to) return [from, to];
  if (Number.isFinite(bounds.lo) && Number.isFinite(bounds.hi)) return [bounds.lo, bounds.hi];
  return Number.isFinite(bounds.lo) ? [bounds.lo, bounds.lo + 10] : [bounds.hi - 10, bounds.hi];
}

export function generateNumber(schema: Schema, walk: Walk, at: Position, integer: boolean): number {
  const bounds = boundsOf(schema);
  const [lo, hi] = targetRange(bounds, at.key, integer);
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) {
    return multipleWithin(schema.multipleOf, lo, hi, bounds, integer, walk.rng);
  }
  if (integer) {
    let from = Math.ceil(lo);
    let to = Math.floor(hi);
    if (!inBounds(from, bounds)) from += 1;
    if (!inBounds(to, bounds)) to -= 1;
    return from > to ? from : from + walk.rng.int(to - from + 1);
  }
  const value = Math.round((lo + walk.rng.next() * (hi - lo)) * 100) / 100;
  // Rounding can step outside a tight or exclusive range; its midpoint cannot.
  return inBounds(value, bounds) && value >= lo && value <= hi ? value : (lo + hi) / 2;
}

/** Removes float noise (3 * 0.1 = 0.30000000000000004) so the value divides as ajv checks it. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

function multipleWithin(
  step: number,
  lo: number,
  hi: number,
  bounds: Bounds,
  integer: boolean,
  rng: Rng,
): number {
  const first = Math.ceil(lo / step);
  const last = Math.max(first, Math.floor(hi / step));
  const span = Math.min(last - first + 1, 1000);
  const start = first + rng.int(span);
  // A few candidates: floats like 0.3 / 0.1 = 2.9999999999999996 fail ajv's check, their neighbours pass.
  for (let offset = 0; offset < 64; offset++) {
    const value = clean((first + ((start - first + offset) % span)) * step);
    if (Number.isInteger(value / step) && (!integer || Number.isInteger(value)) && inBounds(value, bounds))
      return value;
  }
  return clean(first * step);
}

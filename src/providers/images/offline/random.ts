/** Seeded randomness for the offline drawer: the same words and seed draw the same picture, bit for bit. */
import { createHash } from 'node:crypto';

export interface Random {
  /** 0 ≤ x < 1. */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A string seed derived from this stream (for libraries that take one). */
  seed(): string;
}

/** mulberry32 over a seed taken from the sha256 of the parts. */
export function randomFrom(...parts: readonly unknown[]): Random {
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest();
  let state = digest.readUInt32LE(0);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    seed: () => digest.toString('hex').slice(0, 16),
  };
}

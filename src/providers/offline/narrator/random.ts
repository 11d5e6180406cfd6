/**
 * Hashing and the seeded PRNG: the seed of a request is a hash of everything that defines it, and every
 * choice the offline model makes is drawn from a generator seeded with it, so the same input always gives
 * the same output, in any process.
 */
import type { ChatMessage } from '../../../vocabulary/index.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a over UTF-16 code units; `hash` chains several strings into one digest. */
export function fnv1a(text: string, hash = FNV_OFFSET): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

export interface SeedInput {
  system?: string | undefined;
  model: string;
  temperature?: number | undefined;
  seed?: number | undefined;
  /** Anything else that defines the request (other sampling options), as text. */
  extra?: string | undefined;
}

/** The seed of a request: a hash of everything that defines it (the full messages, not a scanned prefix). */
export function hashRequest(messages: readonly ChatMessage[], input: SeedInput): number {
  // A NUL between parts keeps ("ab", "c") and ("a", "bc") apart.
  const part = (text: string, h: number) => fnv1a('\u0000', fnv1a(text, h));
  let h = part(input.system ?? '', FNV_OFFSET);
  for (const message of messages) {
    h = part(message.role, h);
    h = part(message.name ?? '', h);
    h = part(message.content, h);
  }
  h = part(input.model, h);
  h = part(String(input.temperature ?? ''), h);
  // Left out when empty, so requests without other options keep the seed (and text) they always had.
  if (input.extra) h = part(input.extra, h);
  for (const message of messages) {
    for (const call of message.toolCalls ?? []) h = part(call.name + call.arguments, h);
    if (message.toolCallId) h = part(message.toolCallId, h);
  }
  return part(String(input.seed ?? ''), h);
}

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: tiny, fast, and good enough to choose templates; pure integer arithmetic, so portable. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)] as T };
}

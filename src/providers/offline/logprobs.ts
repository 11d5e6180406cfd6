/**
 * Deterministic log probabilities for the offline model: the answer's real tokens (o200k), each with
 * a log probability derived from the token and its position, and its alternatives below it.
 */

import type { TokenLogprob } from '../../vocabulary/index.js';
import { decode, encode } from '../../vocabulary/tokenizer.js';
import { fnv1a } from './narrator/index.js';

const utf8 = new TextEncoder();

export function offlineLogprobs(text: string, seed: number, top: number): TokenLogprob[] {
  const tokens = encode(text);
  return tokens.map((token, position) => {
    const piece = decode([token]);
    const logprob = -((fnv1a(`${position}:${token}`, seed) % 2000) / 1000);
    const alternatives = [];
    for (let rank = 1; rank < top; rank++) {
      const other = alternative(token, rank, piece);
      alternatives.push({ token: other, logprob: logprob - rank * 1.5, bytes: bytesOf(other) });
    }
    return {
      token: piece,
      logprob,
      bytes: bytesOf(piece),
      topLogprobs: top > 0 ? [{ token: piece, logprob, bytes: bytesOf(piece) }, ...alternatives] : [],
    };
  });
}

/** Another token of the vocabulary, chosen by rank; an id the tokenizer cannot decode gives a variant of the token. */
function alternative(token: number, rank: number, piece: string): string {
  try {
    const text = decode([(token + rank * 7919) % 199_000]);
    if (text.length > 0 && text !== piece) return text;
  } catch {
    // an unused id
  }
  return `${piece}${'_'.repeat(rank)}`;
}

function bytesOf(token: string): number[] {
  return Array.from(utf8.encode(token));
}

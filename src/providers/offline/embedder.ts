/**
 * The offline embedder: a deterministic bag-of-features vector by the signed hashing trick.
 *
 * Features are lower-cased word unigrams (weighted most), word bigrams, and character 3-grams of each
 * word with boundary markers ("^ga", "gat", "ate", "te$"), so texts that share words, or parts of words
 * ("gate"/"gates"), land close. Term frequency is sublinear (1 + ln tf) so a repeated word does not
 * drown the rest. Every feature is hashed incrementally from the text's characters: no n-gram strings
 * are built, which keeps thousands of embeddings per second cheap.
 */

export const DEFAULT_DIMENSIONS = 384;

const UNIGRAM_WEIGHT = 2;
const BIGRAM_WEIGHT = 1;
const TRIGRAM_WEIGHT = 0.5;

/** Each feature family hashes from its own seed, so a word and a 3-gram never share a hash by design. */
const UNIGRAM_SEED = 0x811c9dc5;
const TRIGRAM_SEED = 0x050c5d1f;
const BIGRAM_SALT = 0x9e3779b9;

/** Word-boundary markers for 3-grams: chosen outside any text's lower-cased word characters. */
const WORD_START = 0x02;
const WORD_END = 0x03;

const FNV_PRIME = 0x01000193;

function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** murmur3's finaliser: FNV's low bits are weak, and the index and sign both come from them. */
function mix(hash: number): number {
  let h = hash;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function isWordCode(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || // 0-9
    (c >= 97 && c <= 122) || // a-z (the text is lower-cased first)
    c === 39 || // apostrophe: "don't" stays one word
    (c >= 0xc0 && !(c >= 0x2000 && c <= 0x206f) && !(c >= 0x3000 && c <= 0x303f))
  );
}

function trigramHash(a: number, b: number, c: number): number {
  return fnvStep(fnvStep(fnvStep(TRIGRAM_SEED, a), b), c);
}

/** Term counts per feature hash, one table per feature family (each has its own weight). */
interface Features {
  unigrams: Map<number, number>;
  bigrams: Map<number, number>;
  trigrams: Map<number, number>;
}

function bump(counts: Map<number, number>, hash: number): void {
  const key = mix(hash);
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Adds the word's boundary-marked 3-grams; `start`/`end` delimit the word in `text`. */
function addTrigrams(text: string, start: number, end: number, trigrams: Map<number, number>): void {
  const at = (i: number): number => (i < start ? WORD_START : i >= end ? WORD_END : text.charCodeAt(i));
  // Positions from the start marker (start - 1) to two before the end marker (end).
  for (let i = start - 1; i + 2 <= end; i++) {
    bump(trigrams, trigramHash(at(i), at(i + 1), at(i + 2)));
  }
}

function countFeatures(text: string): Features {
  const lower = text.toLowerCase();
  const features: Features = { unigrams: new Map(), bigrams: new Map(), trigrams: new Map() };
  let previousWord: number | undefined;
  let i = 0;
  while (i < lower.length) {
    if (!isWordCode(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let word = UNIGRAM_SEED;
    while (i < lower.length && isWordCode(lower.charCodeAt(i))) {
      word = fnvStep(word, lower.charCodeAt(i));
      i++;
    }
    bump(features.unigrams, word);
    if (previousWord !== undefined)
      bump(features.bigrams, fnvStep(Math.imul(previousWord, BIGRAM_SALT), word));
    addTrigrams(lower, start, i, features.trigrams);
    previousWord = word;
  }
  return features;
}

function addFeatures(vector: number[], counts: Map<number, number>, weight: number): void {
  for (const [key, tf] of counts) {
    // The top bit gives the sign, so collisions cancel out on average instead of piling up.
    const sign = key & 0x80000000 ? -1 : 1;
    const index = (key & 0x7fffffff) % vector.length;
    vector[index] = (vector[index] ?? 0) + sign * weight * (1 + Math.log(tf));
  }
}

/**
 * Embeds a text as a unit vector of `dimensions` numbers; the same text always gives the same vector.
 * A text without any word gives a fixed unit vector (every component 1/√dimensions), never NaN.
 */
export function offlineEmbed(text: string, dimensions = DEFAULT_DIMENSIONS): number[] {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new RangeError(`dimensions must be a positive integer, got ${dimensions}`);
  }
  const vector = new Array<number>(dimensions).fill(0);
  const features = countFeatures(text);
  addFeatures(vector, features.unigrams, UNIGRAM_WEIGHT);
  addFeatures(vector, features.bigrams, BIGRAM_WEIGHT);
  addFeatures(vector, features.trigrams, TRIGRAM_WEIGHT);
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) return vector.fill(1 / Math.sqrt(dimensions));
  const scale = 1 / Math.sqrt(norm);
  return vector.map((value) => value * scale);
}

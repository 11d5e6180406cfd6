/**
 * The Universal Sentence Encoder lite tokenizer (SentencePiece unigram, Viterbi over the vocabulary's
 * log-probabilities), written by hand because it is a measured hot path: the tokenizer that ships with
 * `@energetic-ai/embeddings` copies the rest of the text at every position (`symbols.slice(i)`), which is
 * quadratic: 25 ms of a 4,000-character document's embedding went to it on the reference machine, against
 * well under 1 ms here (bench/content, test/memory/use-tokenizer.test.ts).
 *
 * It gives exactly the package's ids for every input (the test compares both on random and real text),
 * so vectors stored by earlier versions stay comparable: same NFKC normalisation and word separator, same
 * tie-breaking (among pieces ending at one position, the later candidate wins a tie; a best score of
 * exactly 0 is overwritten), same unknown-character handling (id 0, runs of unknowns collapsed).
 */

const SEPARATOR = '\u2581';
/** Ids 0–5 are reserved symbols (unknown, sentence marks, extra ids), never matched as pieces. */
const RESERVED_SYMBOLS = 6;
const UNKNOWN = 0;

/** The vocabulary as the model package ships it: [piece, log-probability] by id. */
export type UseVocabulary = ReadonlyArray<readonly [string, number]>;

interface TrieNode {
  children: Map<string, TrieNode>;
  /** The id of the piece ending here, or -1. */
  id: number;
}

function newNode(): TrieNode {
  return { children: new Map(), id: -1 };
}

export class UseTokenizer {
  private readonly root = newNode();
  private readonly scores: Float64Array;
  /** Each piece's length as the package steps back over it when reading the best path. */
  private readonly lengths: Int32Array;

  constructor(vocabulary: UseVocabulary) {
    this.scores = new Float64Array(vocabulary.length);
    this.lengths = new Int32Array(vocabulary.length);
    for (const [id, [piece, score]] of vocabulary.entries()) {
      this.scores[id] = score;
      this.lengths[id] = piece.length;
      if (id < RESERVED_SYMBOLS) continue;
      let node = this.root;
      for (const symbol of piece) {
        let child = node.children.get(symbol);
        if (!child) {
          child = newNode();
          node.children.set(symbol, child);
        }
        node = child;
      }
      node.id = id;
    }
  }

  encode(text: string): number[] {
    const normalized = text.normalize('NFKC');
    if (normalized.length === 0) return [];
    const symbols = Array.from(SEPARATOR + normalized.replaceAll(' ', SEPARATOR));
    const count = symbols.length;
    const best = new Float64Array(count + 1);
    const words = new Int32Array(count + 1);
    // One forward pass: every candidate ending at a position comes from an earlier start, so best[start]
    // is final when its candidates are relaxed, and candidates for one end arrive by ascending start, the
    // order in which the package compares them.
    for (let start = 0; start < count; start += 1) {
      let node = this.root.children.get(symbols[start]!);
      let matched = false;
      for (let end = start + 1; node; end += 1) {
        if (node.id >= 0) {
          matched = true;
          this.relax(best, words, end, node.id, this.scores[node.id]! + best[start]!);
        }
        node = end < count ? node.children.get(symbols[end]!) : undefined;
      }
      if (!matched) this.relax(best, words, start + 1, UNKNOWN, best[start]!);
    }
    const ids: number[] = [];
    for (let position = count; position > 0; position -= this.lengths[words[position]!]!)
      ids.push(words[position]!);
    ids.reverse();
    // Runs of unknown characters become one unknown id.
    return ids.filter((id, index) => !(id === UNKNOWN && index > 0 && ids[index - 1] === UNKNOWN));
  }

  private relax(best: Float64Array, words: Int32Array, end: number, id: number, score: number): void {
    if (best[end] === 0 || score >= best[end]!) {
      best[end] = score;
      words[end] = id;
    }
  }
}

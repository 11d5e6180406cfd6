/**
 * Theme consistency: no banned word or anachronism anywhere, some of the theme's vocabulary used, and the
 * document close enough in meaning to the theme (cosine similarity by the memory's embedder, against a
 * threshold).
 */
import { type Finding, findingsOf } from './findings.js';
import { textFields } from './quality.js';
import { type Theme, themeProfile, wordPattern } from './theme.js';

export interface TextEmbedder {
  embed(texts: readonly string[]): Promise<ArrayLike<number>[]>;
}

/**
 * What of a document is embedded for its similarity to the theme. The default embedder (USE lite) reads
 * the first 128 tokens of a text and ignores the rest, and its cost grows with the tokens it reads (on
 * the 2-core reference machine, quiet: 40 characters p50 11 / p99 15 ms, 150 characters 25 / 45 ms, 300
 * characters 46 / 65 ms). Embedding the whole document would measure its opening field alone, and
 * slowly. So the sample is the opening words of every text field (its first sentence, at most
 * SENTENCE_CHARS), joined until SAMPLE_CHARS (about 35 tokens): one embedding that hears the backstory,
 * the personality and the equipment alike, within the validation's budget (bench/content: p99 under
 * 50 ms per document).
 */
const SAMPLE_CHARS = 160;
const SENTENCE_CHARS = 60;
const MIN_FIELD_CHARS = 12;

export interface ThemeCheckOptions {
  embedder?: TextEmbedder | undefined;
  /** Below this cosine similarity the document reads off-theme (a warning). */
  similarityThreshold: number;
}

export interface ThemeCheckResult {
  findings: Finding[];
  /** The similarity measured, or null without an embedder. */
  similarity: number | null;
}

export async function checkTheme(
  document: unknown,
  theme: Theme,
  options: ThemeCheckOptions,
): Promise<ThemeCheckResult> {
  const { add, findings } = findingsOf('theme');
  const fields = textFields(document);
  const banned = wordPattern(theme.banned_words);
  const anachronisms = wordPattern(theme.anachronisms);
  for (const { path, value } of fields) {
    for (const [pattern, code, what] of [
      [banned, 'banned_word', 'a banned word'],
      [anachronisms, 'anachronism', 'an anachronism'],
    ] as const) {
      if (!pattern) continue;
      pattern.lastIndex = 0;
      const found = new Set([...value.matchAll(pattern)].map((match) => match[0].toLowerCase()));
      for (const word of found)
        add(
          path,
          'error',
          code,
          `"${word}" is ${what} in theme "${theme.name}"`,
          `replace "${word}" with a word that fits the theme`,
        );
    }
  }
  const prose = fields.map((field) => field.value).join('\n');
  if (theme.vocabulary.length > 0 && prose.length >= 200) {
    const vocabulary = wordPattern(theme.vocabulary)!;
    if (!vocabulary.test(prose))
      add(
        [],
        'warning',
        'vocabulary',
        `none of the theme's vocabulary is used`,
        `work in some of: ${theme.vocabulary.slice(0, 8).join(', ')}`,
      );
  }
  let similarity: number | null = null;
  if (options.embedder && prose.length > 0) {
    const [a, b] = await options.embedder.embed([similaritySample(fields), themeProfile(theme)]);
    similarity = Math.round(cosine(a!, b!) * 1000) / 1000;
    if (similarity < options.similarityThreshold)
      add(
        [],
        'warning',
        'theme_similarity',
        `similarity to theme "${theme.name}" is ${similarity}, under the threshold ${options.similarityThreshold}`,
        `write closer to the theme: ${theme.tone || theme.description.slice(0, 120)}`,
      );
  }
  return { findings, similarity };
}

/** The opening sentence of each text field long enough to say something, joined up to SAMPLE_CHARS. */
export function similaritySample(fields: ReadonlyArray<{ value: string }>): string {
  const parts: string[] = [];
  let length = 0;
  for (const { value } of fields) {
    const text = value.trim();
    if (text.length < MIN_FIELD_CHARS) continue;
    const end = text.search(/[.!?](\s|$)/);
    const sentence = (end >= 0 ? text.slice(0, end + 1) : text).slice(0, SENTENCE_CHARS);
    parts.push(sentence);
    length += sentence.length + 1;
    if (length >= SAMPLE_CHARS) break;
  }
  // A document of short fields only (names, tags) is sampled as it is.
  const sample = parts.length > 0 ? parts.join(' ') : fields.map((field) => field.value).join(' ');
  return sample.slice(0, SAMPLE_CHARS);
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

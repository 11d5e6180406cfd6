/**
 * bench/content: how long the content service's validation takes per document (the goal: p99 under
 * 50 ms; the ask was under 2 s), against a baseline measured in the same run.
 *
 *   schema only     the document's zod schema alone (the baseline: what any validation costs first)
 *   full, no theme  schema, quality and (characters and items) the D&D 5e rules
 *   full + theme    the same plus theme consistency: banned words, anachronisms, vocabulary, and the
 *                   similarity to the theme by the memory's default embedder (USE lite, in its thread),
 *                   every document new to it (no embedding cache), the theme's own text cached as the
 *                   server caches it
 *
 * Documents are the offline provider's, `--documents` of each content type, each from its own seed
 * (distinct names and prose). Validations run one at a time, so the figures are a document's latency.
 *
 *   npm run bench:content [-- --documents 60]
 */
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { buildBrief, seededRandom } from '../src/content/brief.js';
import { CONTENT_SCHEMAS, CONTENT_TYPES, type ContentType } from '../src/content/schemas.js';
import type { Theme } from '../src/content/theme.js';
import type { TextEmbedder } from '../src/content/theme-check.js';
import { validateContent } from '../src/content/validate.js';
import { NeuralEmbedder } from '../src/memory/embedders/neural.js';
import { generateContent } from '../src/providers/offline/content/generate.js';
import { createRng } from '../src/providers/offline/narrator/index.js';
import { ms, summarize, table } from './lib/report.js';

const { values } = parseArgs({ options: { documents: { type: 'string', default: '60' } } });
const PER_TYPE = Number(values.documents);
const GOAL_P99_MS = 50;

const theme: Theme = {
  id: 'thm_bench',
  name: 'Drowned Valley',
  description: 'A river valley of mills, toll bridges and flooded villages, before powder and steam.',
  tone: 'sombre, weathered, quietly hopeful',
  vocabulary: ['mill', 'ferry', 'toll', 'flood', 'reed', 'lantern', 'weir'],
  banned_words: ['gunpowder', 'laser'],
  anachronisms: ['pistol', 'telegraph', 'engine'],
  style_examples: ['The weir groans under the spring flood; the ferryman counts his coins by lantern light.'],
  art_style: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

/** The offline provider's document for one seed, as a generation would receive it. */
function documentFor(type: ContentType, index: number): unknown {
  const seed = `bench-${type}-${index}`;
  const brief = buildBrief(type, {}, { theme, world: null, seed });
  return generateContent(brief, createRng(seededRandom(seed)() * 2 ** 32));
}

/** The server embeds the theme's profile once per theme and each new document once: the same here. */
class ThemeCachingEmbedder implements TextEmbedder {
  private readonly cache = new Map<string, ArrayLike<number>>();
  constructor(private readonly inner: NeuralEmbedder) {}
  async embed(texts: readonly string[]): Promise<ArrayLike<number>[]> {
    const missing = texts.filter((text) => !this.cache.has(text));
    if (missing.length > 0) {
      const vectors = await this.inner.embed(missing);
      for (const [i, text] of missing.entries()) this.cache.set(text, vectors[i]!);
    }
    return texts.map((text) => this.cache.get(text)!);
  }
}

async function measure(work: (type: ContentType, document: unknown) => Promise<unknown> | unknown) {
  const byType = new Map<ContentType, number[]>();
  for (const type of CONTENT_TYPES) {
    const times: number[] = [];
    for (let i = 0; i < PER_TYPE; i += 1) {
      const document = documentFor(type, i);
      const started = performance.now();
      await work(type, document);
      times.push(performance.now() - started);
    }
    byType.set(type, times);
  }
  return byType;
}

async function main(): Promise<void> {
  const neural = new NeuralEmbedder();
  await neural.embed(['warm up the model']);
  const embedder = new ThemeCachingEmbedder(neural);
  let invalid = 0;

  // Warm-up: the rules' tables and the schemas' first parses, off the clock.
  for (const type of CONTENT_TYPES)
    await validateContent(type, documentFor(type, 10_000), { theme, embedder });

  const schemaOnly = await measure((type, document) =>
    (CONTENT_SCHEMAS[type] as z.ZodType).safeParse(document),
  );
  const noTheme = await measure(async (type, document) => {
    if (!(await validateContent(type, document)).valid) invalid += 1;
  });
  const withTheme = await measure((type, document) => validateContent(type, document, { theme, embedder }));
  await neural.close();

  const rows: Record<string, string>[] = [];
  const all = { schema: [] as number[], noTheme: [] as number[], theme: [] as number[] };
  for (const type of CONTENT_TYPES) {
    const a = summarize(schemaOnly.get(type)!);
    const b = summarize(noTheme.get(type)!);
    const c = summarize(withTheme.get(type)!);
    all.schema.push(...schemaOnly.get(type)!);
    all.noTheme.push(...noTheme.get(type)!);
    all.theme.push(...withTheme.get(type)!);
    rows.push({
      type,
      'schema p50/p99 ms': `${ms(a.p50)} / ${ms(a.p99)}`,
      'full p50/p99 ms': `${ms(b.p50)} / ${ms(b.p99)}`,
      'full+theme p50/p99 ms': `${ms(c.p50)} / ${ms(c.p99)}`,
    });
  }
  const a = summarize(all.schema);
  const b = summarize(all.noTheme);
  const c = summarize(all.theme);
  rows.push({
    type: 'all',
    'schema p50/p99 ms': `${ms(a.p50)} / ${ms(a.p99)}`,
    'full p50/p99 ms': `${ms(b.p50)} / ${ms(b.p99)}`,
    'full+theme p50/p99 ms': `${ms(c.p50)} / ${ms(c.p99)}`,
  });
  console.log(
    `bench/content: ${PER_TYPE} documents of each of ${CONTENT_TYPES.length} types, one at a time\n`,
  );
  table(rows);
  console.log(
    `\nratio to the schema-only baseline (p50): full ${(b.p50 / a.p50).toFixed(1)}x, full+theme ${(c.p50 / a.p50).toFixed(1)}x`,
  );
  console.log(
    `goal: full+theme p99 under ${GOAL_P99_MS} ms per document: ${c.p99 < GOAL_P99_MS ? 'met' : 'NOT met'} (${ms(c.p99)} ms)`,
  );
  if (invalid > 0) console.log(`note: ${invalid} of the offline documents did not validate without a theme`);
}

await main();

/**
 * bench/retrieval: how well and how fast memory finds lore, in one run.
 *
 *   quality   the shipped lore question set (lore/question-set.json): hit@5 and MRR@10 for lexical
 *             search only (FTS), vector search only (each offline embedder) and hybrid (RRF of both,
 *             name expansion, local rerank), on a SQLite store in a temp folder.
 *   index     N clustered vectors of 384 dimensions (default 100,000; clusters of uneven size, as
 *             real embeddings of a world's text are, not uniform noise): HNSW build time, query p50/p99
 *             and recall@10 against exact search, whose latency is the baseline in the same run.
 *
 *   npm run bench:retrieval [-- --vectors 100000 --queries 200 --skip-index --skip-quality]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/index.js';
import {
  type Embedder,
  HashingEmbedder,
  HnswIndex,
  Memory,
  NeuralEmbedder,
  type RetrievalQuery,
} from '../src/memory/index.js';
import { openStore } from '../src/store/index.js';

const { values } = parseArgs({
  options: {
    vectors: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
    ef: { type: 'string', default: '64' },
    'skip-index': { type: 'boolean', default: false },
    'skip-quality': { type: 'boolean', default: false },
  },
});

interface QuestionSet {
  entries: Array<{
    id: string;
    kind: string;
    title: string;
    aliases: string[];
    tags: string[];
    body: string;
    game_hour?: number;
  }>;
  questions: Array<{ id: string; q: string; answers: string[]; style: string }>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function table(rows: Array<Record<string, string>>): void {
  const keys = Object.keys(rows[0] ?? {});
  const widths = keys.map((key) => Math.max(key.length, ...rows.map((row) => (row[key] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ');
  console.log(line(keys));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(keys.map((key) => row[key] ?? '')));
}

async function quality(): Promise<void> {
  const set = JSON.parse(readFileSync('lore/question-set.json', 'utf8')) as QuestionSet;
  console.log(`quality: ${set.entries.length} lore entries, ${set.questions.length} questions\n`);
  const rows: Array<Record<string, string>> = [];
  const embedders: Array<[string, () => Embedder]> = [
    ['hashing', () => new HashingEmbedder(384)],
    ['use-lite', () => new NeuralEmbedder()],
  ];
  let lexicalDone = false;
  for (const [name, make] of embedders) {
    const dir = mkdtempSync(join(tmpdir(), 'loremaster-bench-retrieval-'));
    const { settings } = loadConfig({
      env: {},
      overrides: { 'database.sqlite_path': join(dir, 'bench.db') },
    });
    const store = await openStore(settings.database);
    try {
      const memory = new Memory({ store, settings, embedder: make(), indexDirectory: null });
      await memory.open();
      const started = performance.now();
      await memory.put(
        set.entries.map((entry) => ({
          id: entry.id,
          worldId: 'vale',
          source: entry.kind === 'memory' ? 'memory' : 'lore',
          kind: entry.kind,
          title: entry.title,
          aliases: entry.aliases,
          body: entry.body,
          tags: entry.tags,
          gameHour: entry.game_hour ?? null,
        })),
      );
      const indexMs = performance.now() - started;
      const modes: Array<[string, Partial<RetrievalQuery>]> = [
        ...(lexicalDone
          ? []
          : [
              ['lexical (FTS)', { mode: 'lexical', expand: false, rerank: false }] as [
                string,
                Partial<RetrievalQuery>,
              ],
            ]),
        [`vector (${name})`, { mode: 'vector', expand: false, rerank: false }],
        [`hybrid RRF (${name})`, { mode: 'hybrid', expand: false, rerank: false }],
        [`hybrid + expansion + rerank (${name})`, { mode: 'hybrid' }],
      ];
      lexicalDone = true;
      for (const [label, options] of modes) {
        let hits = 0;
        let reciprocal = 0;
        const latencies: number[] = [];
        const byStyle = new Map<string, { n: number; hits: number }>();
        for (const question of set.questions) {
          const t = performance.now();
          const answer = await memory.search({ worldId: 'vale', q: question.q, k: 10, ...options });
          latencies.push(performance.now() - t);
          const ids = answer.results.map((result) => result.id);
          const rank = ids.findIndex((id) => question.answers.includes(id));
          const style = byStyle.get(question.style) ?? { n: 0, hits: 0 };
          style.n += 1;
          if (rank >= 0 && rank < 5) {
            hits += 1;
            style.hits += 1;
          }
          if (rank >= 0) reciprocal += 1 / (rank + 1);
          byStyle.set(question.style, style);
        }
        latencies.sort((a, b) => a - b);
        const n = set.questions.length;
        rows.push({
          retrieval: label,
          'hit@5': (hits / n).toFixed(3),
          'MRR@10': (reciprocal / n).toFixed(3),
          ...Object.fromEntries(
            [...byStyle]
              .sort()
              .map(([style, s]) => [`hit@5 ${style}`, `${(s.hits / s.n).toFixed(2)} (${s.n})`]),
          ),
          'query p50 ms': percentile(latencies, 50).toFixed(2),
          'index ms': label.startsWith('lexical') ? '' : indexMs.toFixed(0),
        });
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  table(rows);
}

/** A seeded normal variate (Box–Muller over a small xorshift), so every run draws the same vectors. */
function gaussian(seed: number): () => number {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * Clustered unit vectors shaped like real text embeddings: points live near a low-dimensional
 * manifold (24 latent dimensions, linearly lifted to 384, plus a little isotropic noise), in 1,000
 * topic clusters of uneven, Zipf-like sizes. Uniform noise in all 384 dimensions would make every
 * distance nearly equal, a worst case no user's lore has.
 */
function clusteredVectors(count: number, dimensions: number, seed: number): Float32Array {
  const normal = gaussian(seed);
  const latent = 24;
  const clusters = 1_000;
  const lift = Float32Array.from({ length: latent * dimensions }, () => normal() / Math.sqrt(latent));
  const centres = Float32Array.from({ length: clusters * latent }, () => normal());
  const cumulative: number[] = [];
  let running = 0;
  const weights = Array.from({ length: clusters }, (_, index) => 1 / (index + 1) ** 0.8);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  for (const weight of weights) {
    running += weight / total;
    cumulative.push(running);
  }
  const out = new Float32Array(count * dimensions);
  const point = new Float32Array(latent);
  let state = seed * 7919 + 1;
  for (let n = 0; n < count; n += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const u = state / 2 ** 32;
    let cluster = cumulative.findIndex((edge) => edge >= u);
    if (cluster < 0) cluster = clusters - 1;
    for (let l = 0; l < latent; l += 1) point[l] = (centres[cluster * latent + l] as number) + 0.5 * normal();
    let norm = 0;
    for (let d = 0; d < dimensions; d += 1) {
      let value = 0.05 * normal();
      for (let l = 0; l < latent; l += 1)
        value += (point[l] as number) * (lift[l * dimensions + d] as number);
      out[n * dimensions + d] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < dimensions; d += 1)
      out[n * dimensions + d] = (out[n * dimensions + d] as number) / norm;
  }
  return out;
}

/** The k best of `scores` (indices), by a bounded insertion list: no sort of the whole array. */
function topK(scores: Float32Array, k: number): number[] {
  const best: number[] = [];
  for (let n = 0; n < scores.length; n += 1) {
    const score = scores[n] as number;
    if (best.length === k && score <= (scores[best[k - 1] as number] as number)) continue;
    let at = best.length;
    while (at > 0 && (scores[best[at - 1] as number] as number) < score) at -= 1;
    best.splice(at, 0, n);
    if (best.length > k) best.pop();
  }
  return best;
}

async function indexBench(): Promise<void> {
  const count = Number(values.vectors);
  const queryCount = Number(values.queries);
  const dimensions = 384;
  console.log(
    `\nindex: ${count.toLocaleString('en')} clustered vectors × ${dimensions}, ${queryCount} queries\n`,
  );
  // Queries come from the same distribution (the same topics) as the data, but are not in the index.
  const all = clusteredVectors(count + queryCount, dimensions, 42);
  const data = all.subarray(0, count * dimensions);
  const queries = all.subarray(count * dimensions);
  const meta = { worldId: 'w', kind: 'note', tags: [], sessionId: null };
  const index = new HnswIndex({
    dimensions,
    m: 16,
    efConstruction: 100,
    efSearch: Number(values.ef),
    initialCapacity: count,
    keepVectors: false,
  });
  let started = performance.now();
  const batch = 1_000;
  for (let n = 0; n < count; n += batch) {
    const items = [];
    for (let i = n; i < Math.min(count, n + batch); i += 1)
      items.push({ key: String(i), vector: data.subarray(i * dimensions, (i + 1) * dimensions), meta });
    await index.upsert(items);
  }
  const buildSeconds = (performance.now() - started) / 1_000;

  // Exact search (the baseline and the ground truth): a scan of every vector per query.
  const exact: string[][] = [];
  const exactMs: number[] = [];
  for (let q = 0; q < queryCount; q += 1) {
    const query = queries.subarray(q * dimensions, (q + 1) * dimensions);
    started = performance.now();
    const scores = new Float32Array(count);
    for (let n = 0; n < count; n += 1) {
      let dot = 0;
      const base = n * dimensions;
      for (let d = 0; d < dimensions; d += 1) dot += (query[d] as number) * (data[base + d] as number);
      scores[n] = dot;
    }
    const top = topK(scores, 10).map(String);
    exactMs.push(performance.now() - started);
    exact.push(top);
  }
  const annMs: number[] = [];
  let found = 0;
  for (let q = 0; q < queryCount; q += 1) {
    const query = queries.subarray(q * dimensions, (q + 1) * dimensions);
    started = performance.now();
    const hits = await index.search(query, 10);
    annMs.push(performance.now() - started);
    const truth = new Set(exact[q]);
    found += hits.filter((hit) => truth.has(hit.key)).length;
  }
  annMs.sort((a, b) => a - b);
  exactMs.sort((a, b) => a - b);
  table([
    {
      search: `HNSW (M 16, efConstruction 100, ef ${values.ef})`,
      build: `${buildSeconds.toFixed(1)} s`,
      'p50 ms': percentile(annMs, 50).toFixed(3),
      'p99 ms': percentile(annMs, 99).toFixed(3),
      'recall@10': (found / (queryCount * 10)).toFixed(4),
    },
    {
      search: 'exact scan (baseline)',
      build: '-',
      'p50 ms': percentile(exactMs, 50).toFixed(3),
      'p99 ms': percentile(exactMs, 99).toFixed(3),
      'recall@10': '1.0000',
    },
  ]);
}

if (!values['skip-quality']) await quality();
if (!values['skip-index']) await indexBench();

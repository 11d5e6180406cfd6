/**
 * bench/prompts: rendering the narrator template with a full context, in one run, against a baseline
 * measured in the same run (a trivial one-variable template through the same engine: what any render
 * costs before the template's own work).
 *
 *   trivial         `Hello {{ name }}.` (the baseline)
 *   narrator        the shipped narrator, sample world and character plus a full context: 60 world
 *                   facts, 40 lore entries, 10 notes, 20 recent turns (validation + both messages)
 *   narrator+fit    the same, fitted into a 4,096-token budget by the context builder (token counts,
 *                   two renders)
 *   narrator cold   the same render of a template the render thread has not parsed yet (parse
 *                   included)
 *   in-thread       the narrator's two templates rendered on the calling thread (`renderSync`, no
 *                   deadline): what the render threads' hard deadline costs is the difference
 *   trusted         the narrator as a prompt file is rendered (`engine.trust`): on the calling thread
 *                   under liquidjs's limits, validation included, alone and fitted
 * The first rows render as a template that came through the API does: in a render thread.
 *
 * Renders go one at a time (each awaited), so the figures are a render's latency, not throughput.
 *
 *   npm run bench:prompts [-- --renders 2000]
 */
import { parseArgs } from 'node:util';
import {
  CompiledPrompt,
  fitContext,
  readPromptFile,
  SHIPPED_PROMPTS_DIR,
  TemplateEngine,
} from '../src/prompts/index.js';

const { values } = parseArgs({ options: { renders: { type: 'string', default: '2000' } } });
const RENDERS = Number(values.renders);
const WARMUP = Math.min(200, RENDERS);

const file = readPromptFile(`${SHIPPED_PROMPTS_DIR}/narrator.yaml`);
const sentence = (i: number, topic: string) =>
  `${topic} ${i}: the river keeps what the valley forgets, and the mill wheels turn for no one at night.`;
const fullContext = {
  ...file.definition.sample,
  world_facts: Array.from({ length: 60 }, (_, i) => sentence(i, 'Fact')),
  lore: Array.from({ length: 40 }, (_, i) => ({
    title: `Chronicle ${i}`,
    text: `${sentence(i, 'Lore')} ${sentence(i, 'More')}`,
  })),
  notes: Array.from({ length: 10 }, (_, i) => sentence(i, 'Note')),
  recent_turns: Array.from({ length: 20 }, (_, i) => ({
    input: `I look around (turn ${i}).`,
    output: sentence(i, 'Turn'),
  })),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(work: () => unknown): Promise<{ p50: number; p99: number; chars: number }> {
  let chars = 0;
  for (let i = 0; i < WARMUP; i += 1) await work();
  const times: number[] = [];
  for (let i = 0; i < RENDERS; i += 1) {
    const started = performance.now();
    const out = await work();
    times.push(performance.now() - started);
    chars = JSON.stringify(out).length;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), chars };
}

const engine = new TemplateEngine();
const trivial = new CompiledPrompt(
  'trivial',
  1,
  {
    ...file.definition,
    variables: { name: { type: 'string' } },
    sample: {},
    system: undefined,
    user: 'Hello {{ name }}.',
    variants: undefined,
    environments: undefined,
    ab: undefined,
  },
  engine,
);
const narrator = new CompiledPrompt('narrator', 1, file.definition, engine);
const trustingEngine = new TemplateEngine();
for (const source of [file.definition.system!, file.definition.user]) trustingEngine.trust(source);
const trusted = new CompiledPrompt('narrator', 1, file.definition, trustingEngine);

const variables = narrator.variables(fullContext);
let coldRenders = 0;
const sources = [file.definition.system!, file.definition.user];
const results = [
  { measure: 'trivial (baseline)', ...(await measure(() => trivial.render({ name: 'Mira' }))) },
  { measure: 'narrator, full context', ...(await measure(() => narrator.render(fullContext))) },
  {
    measure: 'narrator, full context fitted to 4,096 tokens',
    ...(await measure(async () => (await fitContext(narrator, fullContext, 4_096)).rendered)),
  },
  {
    measure: 'narrator, full context, cold (parse + render)',
    ...(await measure(() => {
      // A source the render thread has never seen: parsed before it is rendered.
      coldRenders += 1;
      const user = `${file.definition.user}{% comment %}${coldRenders}{% endcomment %}`;
      return new CompiledPrompt('narrator', 1, { ...file.definition, user }, engine).render(fullContext);
    })),
  },
  {
    measure: 'narrator templates in-thread (renderSync, no deadline)',
    ...(await measure(() => sources.map((source) => engine.renderSync(source, variables)))),
  },
  {
    measure: 'narrator, full context, trusted (a prompt file)',
    ...(await measure(() => trusted.render(fullContext))),
  },
  {
    measure: 'narrator, full context fitted to 4,096 tokens, trusted',
    ...(await measure(async () => (await fitContext(trusted, fullContext, 4_096)).rendered)),
  },
];
await engine.close();
await trustingEngine.close();

const base = results[0]!;
const rows = results.map((r) => ({
  measure: r.measure,
  p50: `${(r.p50 * 1000).toFixed(0)} µs`,
  p99: `${(r.p99 * 1000).toFixed(0)} µs`,
  'p50 vs baseline': `${(r.p50 / base.p50).toFixed(1)}x`,
  output: `${r.chars.toLocaleString('en')} chars`,
}));
const keys = Object.keys(rows[0]!) as Array<keyof (typeof rows)[number]>;
const widths = keys.map((key) => Math.max(key.length, ...rows.map((row) => row[key].length)));
const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
process.stdout.write(
  `\nbench/prompts (Node ${process.version}, ${RENDERS} renders each, ${new Date().toISOString()})\n\n`,
);
process.stdout.write(`${line(keys)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n`);
for (const row of rows) process.stdout.write(`${line(keys.map((key) => row[key]))}\n`);

/**
 * bench/soak: is the server's memory flat under a long mixed load? The built server (`dist/`, as
 * `npx loremaster serve` runs it) in its own process on a fresh SQLite file, every role on the offline
 * provider and the default embedder (USE lite, loaded at the first text to embed):
 *
 *   idle      RSS of the fresh server once settled (V8's memory reducer runs after ~30–60 s without
 *             work), before anything was embedded; goal: under 150 MB.
 *   load      the demo world imported (POST /worlds/import), then `--concurrency` clients (default 8) loop for `--minutes` (default 10) over a mix of
 *             chat completions (plain, streamed, a repeated one the cache answers), embeddings, world
 *             turns (a new session every 25 turns), world search and conversation messages; RSS and the
 *             V8 heap (from /metrics) sampled every `--sample` seconds (default 10).
 *   verdict   after `--warmup` minutes (default 2) the memory must be flat: the growth of the last
 *             quarter's mean RSS over the first post-warm-up quarter's (the baseline), and the
 *             least-squares slopes of RSS and of the V8 heap; goal: growth under 10%.
 *   idle      RSS again after the load, once settled (the embedder's model is loaded by then).
 *
 *   npm run bench:soak [-- --minutes 10 --concurrency 8 --warmup 2 --sample 10 --settle 60]
 * Linux only (RSS from /proc). Needs `npm run build` first (npm install runs it).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { type Child, spawnNode } from './lib/processes.js';
import { ms, summarize, table } from './lib/report.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env.BENCH_SOAK_MINUTES ?? '10' },
    concurrency: { type: 'string', default: process.env.BENCH_SOAK_CONCURRENCY ?? '8' },
    warmup: { type: 'string', default: process.env.BENCH_SOAK_WARMUP ?? '2' },
    sample: { type: 'string', default: process.env.BENCH_SOAK_SAMPLE ?? '10' },
    settle: { type: 'string', default: process.env.BENCH_SOAK_SETTLE ?? '60' },
  },
});
const MINUTES = Number(values.minutes);
const CONCURRENCY = Number(values.concurrency);
const WARMUP_MINUTES = Math.min(Number(values.warmup), MINUTES / 2);
const SAMPLE_MS = Number(values.sample) * 1_000;
const SETTLE_MS = Number(values.settle) * 1_000;
const IDLE_GOAL_MB = 150;
const GROWTH_GOAL = 0.1;

const BIN = 'bin/loremaster.js';
if (!existsSync('dist/cli/main.js')) {
  console.error('bench/soak runs the built server: run `npm run build` first.');
  process.exit(1);
}

const folder = mkdtempSync(join(tmpdir(), 'loremaster-soak-'));
const configFile = join(folder, 'loremaster.yaml');
writeFileSync(configFile, `database:\n  sqlite_path: ${join(folder, 'loremaster.db')}\n`);
const env = { LOREMASTER_CONFIG: configFile, LOREMASTER_LOG_LEVEL: 'warn', LOREMASTER_PORT: '0' };

interface Sample {
  t: number;
  rssMb: number;
  heapMb: number;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

async function heapMb(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)/m.exec(text);
  return match ? Number(match[1]) / 1024 / 1024 : Number.NaN;
}

async function sample(server: Child, start: number): Promise<Sample> {
  return {
    t: (performance.now() - start) / 1_000,
    rssMb: rssMb(server.process.pid!),
    heapMb: await heapMb(server.url),
  };
}

/** RSS after the server has had nothing to do for `SETTLE_MS`: the lowest of the last samples. */
async function settledRss(server: Child): Promise<number> {
  const readings: number[] = [];
  const until = performance.now() + SETTLE_MS;
  while (performance.now() < until) {
    await sleep(2_000);
    readings.push(rssMb(server.process.pid!));
  }
  return Math.min(...readings.slice(-5));
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

async function post(url: string, body: unknown): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  return response;
}

const WORDS = ['bell', 'lantern', 'ferry', 'smoke', 'ledger', 'kettle', 'warden', 'map', 'river', 'ash'];
const phrase = (n: number) => `${WORDS[n % 10]} ${WORDS[(n * 7) % 10]} ${WORDS[(n * 3 + 1) % 10]} #${n}`;

/** One client: the operations of the mix in turn, until the deadline. */
async function client(
  url: string,
  worldId: string,
  id: number,
  deadline: number,
  counts: Map<string, number>,
) {
  let n = id * 100_000;
  let session = '';
  let turns = 0;
  let conversation = '';
  const ops: Array<[string, () => Promise<void>]> = [
    [
      'chat',
      async () => {
        const r = await post(`${url}/v1/chat/completions`, {
          model: 'offline',
          messages: [{ role: 'user', content: `Describe the ${phrase(n)}.` }],
        });
        await r.json();
      },
    ],
    [
      'chat (stream)',
      async () => {
        const r = await post(`${url}/v1/chat/completions`, {
          model: 'offline',
          stream: true,
          messages: [{ role: 'user', content: `Tell me of the ${phrase(n)}.` }],
        });
        await r.text();
      },
    ],
    [
      'chat (cached)',
      async () => {
        const r = await post(`${url}/v1/chat/completions`, {
          model: 'offline',
          messages: [{ role: 'user', content: 'Who keeps the listening pipes?' }],
        });
        await r.json();
      },
    ],
    [
      'embeddings',
      async () => {
        const r = await post(`${url}/v1/embeddings`, {
          model: 'embedding',
          input: [phrase(n), phrase(n + 1)],
        });
        await r.json();
      },
    ],
    [
      'turn',
      async () => {
        if (!session || turns >= 25) {
          const s = await post(`${url}/worlds/${worldId}/sessions`, { player: `Soak ${id}-${n}` });
          session = ((await s.json()) as { id: string }).id;
          turns = 0;
        }
        turns += 1;
        const r = await post(`${url}/sessions/${session}/turns`, {
          input: `I ask Brannoch Tully about the ${phrase(n)}.`,
        });
        await r.json();
      },
    ],
    [
      'search',
      async () => {
        const r = await post(`${url}/worlds/${worldId}/search`, {
          q: `Who knows about the ${phrase(n)}?`,
          k: 5,
        });
        await r.json();
      },
    ],
    [
      'conversation',
      async () => {
        if (!conversation || n % 20 === 0) {
          const c = await post(`${url}/llm/conversation`, { title: `soak ${id}`, model: 'offline' });
          conversation = ((await c.json()) as { id: string }).id;
        }
        const r = await post(`${url}/llm/conversation/${conversation}/message`, { content: phrase(n) });
        await r.json();
      },
    ],
  ];
  while (performance.now() < deadline) {
    const [name, run] = ops[n % ops.length]!;
    n += 1;
    try {
      await run();
      counts.set(name, (counts.get(name) ?? 0) + 1);
    } catch (error) {
      counts.set(`${name} errors`, (counts.get(`${name} errors`) ?? 0) + 1);
      if ((counts.get(`${name} errors`) ?? 0) <= 3)
        console.error(`soak: ${name}: ${(error as Error).message}`);
    }
  }
}

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

async function main(): Promise<void> {
  const server = await spawnNode(BIN, ['serve'], env);
  try {
    const startRss = rssMb(server.process.pid!);
    console.log(
      `bench/soak: server pid ${server.process.pid} at ${server.url}; settling ${SETTLE_MS / 1000} s…`,
    );
    const idleBefore = await settledRss(server);
    const demo = parseYaml(readFileSync('worlds/demo/world.yaml', 'utf8'));
    const world = (await (await post(`${server.url}/worlds/import`, demo)).json()) as { id: string };
    const worldId = world.id;

    console.log(
      `load: ${CONCURRENCY} clients for ${MINUTES} min (load average ${loadavg()[0]!.toFixed(1)})…`,
    );
    const start = performance.now();
    const deadline = start + MINUTES * 60_000;
    const counts = new Map<string, number>();
    const samples: Sample[] = [];
    const sampler = setInterval(() => {
      sample(server, start).then(
        (s) => samples.push(s),
        () => {},
      );
    }, SAMPLE_MS);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, id) => client(server.url, worldId, id, deadline, counts)),
    );
    clearInterval(sampler);
    samples.push(await sample(server, start));
    const peak = Math.max(...samples.map((s) => s.rssMb));
    console.log(`load done; settling ${SETTLE_MS / 1000} s…`);
    const idleAfter = await settledRss(server);

    const steady = samples.filter((s) => s.t >= WARMUP_MINUTES * 60);
    const quarter = Math.max(1, Math.floor(steady.length / 4));
    const firstQuarter = mean(steady.slice(0, quarter).map((s) => s.rssMb));
    const lastQuarter = mean(steady.slice(-quarter).map((s) => s.rssMb));
    const growth = (lastQuarter - firstQuarter) / firstQuarter;
    const rssSlope = slope(steady.map((s) => [s.t / 60, s.rssMb])) as number;
    const heapSlope = slope(steady.filter((s) => Number.isFinite(s.heapMb)).map((s) => [s.t / 60, s.heapMb]));

    console.log('\nrequests');
    table(
      [...counts.entries()].sort().map(([name, count]) => ({
        operation: name,
        count: String(count),
        'per s': (count / (MINUTES * 60)).toFixed(1),
      })),
    );
    console.log('\nmemory over time (MB)');
    table(
      samples
        .filter(
          (_, index) =>
            index % Math.max(1, Math.floor(samples.length / 12)) === 0 || index === samples.length - 1,
        )
        .map((s) => ({
          minute: (s.t / 60).toFixed(1),
          rss: s.rssMb.toFixed(0),
          'V8 heap used': s.heapMb.toFixed(0),
        })),
    );
    const rss = summarize(steady.map((s) => s.rssMb));
    console.log('\nsummary');
    table([
      { measure: 'RSS at start (MB)', value: startRss.toFixed(0), goal: '' },
      {
        measure: 'idle RSS, settled, nothing embedded yet (MB)',
        value: idleBefore.toFixed(0),
        goal: `< ${IDLE_GOAL_MB}`,
      },
      {
        measure: 'RSS under load after warm-up, p50 / max (MB)',
        value: `${ms(rss.p50, 0)} / ${ms(rss.max, 0)}`,
        goal: '',
      },
      { measure: 'peak RSS (MB)', value: peak.toFixed(0), goal: '' },
      {
        measure: 'RSS, first quarter after warm-up (MB): baseline',
        value: firstQuarter.toFixed(0),
        goal: '',
      },
      { measure: 'RSS, last quarter (MB)', value: lastQuarter.toFixed(0), goal: '' },
      {
        measure: 'growth: last quarter / baseline - 1',
        value: `${(growth * 100).toFixed(1)}%`,
        goal: `< ${GROWTH_GOAL * 100}%`,
      },
      { measure: 'RSS slope after warm-up (MB/min)', value: rssSlope.toFixed(2), goal: '≈ 0' },
      { measure: 'V8 heap slope after warm-up (MB/min)', value: heapSlope.toFixed(2), goal: '≈ 0' },
      { measure: 'idle RSS after the load, settled (MB)', value: idleAfter.toFixed(0), goal: '' },
    ]);
    const errors = [...counts.entries()].filter(([name]) => name.endsWith('errors'));
    const flat = growth < GROWTH_GOAL;
    console.log(
      `\nidle ${idleBefore < IDLE_GOAL_MB ? 'meets' : 'misses'} the goal; memory under load ${flat ? 'is flat' : 'GREW'}; ` +
        `${errors.length === 0 ? 'no errors' : `errors: ${errors.map(([n, c]) => `${n} ${c}`).join(', ')}`} ` +
        `(load average ${loadavg()[0]!.toFixed(1)}).`,
    );
    if (!flat || idleBefore >= IDLE_GOAL_MB) process.exitCode = 1;
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();

/**
 * bench/garbage: what a streamed call allocates in the server, Loremaster against the bare Fastify +
 * undici pass-through (bench/passthrough.ts) measured the same way in the same run, and by which of
 * Loremaster's functions. Every object counts, the ones that die young too: it is their sum that
 * sets how often the garbage collector stops the process (each scavenge pauses every stream in
 * flight, and a first token waiting behind one is late by all of it).
 *
 * Each server runs in its own process, Loremaster compiled as `npm start` runs it, with V8's sampling
 * heap profiler preloaded (bench/lib/heap-sampler.mjs) and started only after the warm-up. The fake
 * upstream answers as bench/gateway's model-paced setting does: the first token after 30 ms, then one
 * every 5 ms, 40 tokens; the client keeps `--connections` streams in flight.
 *
 *   npm run bench:garbage [-- --streams 2000 --warmup 3000 --connections 50 --top 15
 *                             --compare-bin ../other/bin/loremaster.js]
 *
 * `--compare-bin` measures a second Loremaster, another built checkout, in the same run.
 * Allocation counts are sampled (every 512 bytes on average): two measurements of one build differ by
 * about 5% (`--compare-bin bin/loremaster.js`: 203.9 and 214.3 KB over 2,000 streams; 219.9 and
 * 203.9 over 500). A difference smaller than that is not one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { stringify } from 'yaml';
import { type Child, spawnNode, spawnServer } from './lib/processes.js';
import { table } from './lib/report.js';

const { values: args } = parseArgs({
  options: {
    streams: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '3000' },
    connections: { type: 'string', default: '50' },
    top: { type: 'string', default: '15' },
    'compare-bin': { type: 'string' },
  },
});
const STREAMS = Number(args.streams);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const TOP = Number(args.top);
const SAMPLER = resolve('bench/lib/heap-sampler.mjs');

const body = JSON.stringify({
  model: 'openai/gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You narrate a dark fantasy game.' },
    { role: 'user', content: 'I search the ruined chapel of Karsk for the silver key.' },
  ],
  temperature: 0.7,
  max_tokens: 64,
  stream: true,
});

/** Sends `total` streamed calls, `CONNECTIONS` at a time, each read to its end; returns the failures. */
async function streams(url: string, total: number): Promise<number> {
  const agent = new Agent({ connections: CONNECTIONS });
  let next = 0;
  let errors = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      const response = await request(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer bench',
          'x-loremaster-cache': 'off',
        },
        body,
        dispatcher: agent,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200 || !text.includes('[DONE]')) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  await agent.close();
  return errors;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children: ProfileNode[];
}
interface Sample {
  gc: { minor: number; major: number; minorMs: number; majorMs: number };
  profile: { head: ProfileNode; samples: Array<{ nodeId: number; size: number }> };
}

/** Waits for `file` to exist (the sampler's word that it has started, or its sample). */
async function appears(file: string, from: string): Promise<void> {
  for (let waited = 0; !existsSync(file); waited += 50) {
    if (waited > 60_000) throw new Error(`no ${file} from ${from}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Warms `server` up, then samples what `STREAMS` streams allocate in it. */
async function measure(server: Child, out: string) {
  const warmupErrors = await streams(server.url, WARMUP);
  server.process.kill('SIGUSR2');
  await appears(`${out}.started`, server.url);
  const errors = await streams(server.url, STREAMS);
  server.process.kill('SIGUSR2');
  await appears(out, server.url);
  const sample = JSON.parse(readFileSync(out, 'utf8')) as Sample;
  return { sample, errors: warmupErrors + errors };
}

/** Bytes allocated by each function itself (not its callees), keyed by name and place. */
function selfBytes(sample: Sample): { total: number; byFunction: Map<string, number> } {
  const bytesByNode = new Map<number, number>();
  for (const { nodeId, size } of sample.profile.samples)
    bytesByNode.set(nodeId, (bytesByNode.get(nodeId) ?? 0) + size);
  const byFunction = new Map<string, number>();
  let total = 0;
  const visit = (node: ProfileNode) => {
    const bytes = bytesByNode.get(node.id) ?? 0;
    total += bytes;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
    const key = `${functionName || '(anonymous)'} ${place ? `${place}:${lineNumber + 1}` : '(V8)'}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + bytes);
    for (const child of node.children) visit(child);
  };
  visit(sample.profile.head);
  return { total, byFunction };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'loremaster-garbage-'));
  const children: Child[] = [];
  try {
    // The compiled server, as `npm start` runs it.
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
      stdio: 'pipe',
    });
    const upstream = await spawnServer('test/support/fake-upstream-cli.ts', ['--port', '0']);
    children.push(upstream);
    const paced = await fetch(`${upstream.url}/__fake/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 30, tokensPerSecond: 200, answerWords: 40 }),
    });
    if (!paced.ok) throw new Error(`fake upstream config: ${paced.status}`);

    const config = join(dir, 'loremaster.yaml');
    const comparedConfig = join(dir, 'compared.yaml');
    writeFileSync(
      config,
      stringify({
        log: { level: 'warn' },
        providers: { openai: { type: 'openai', base_url: `${upstream.url}/v1`, models: ['gpt-4o-mini'] } },
        // Limits off and room for every stream: the bench measures the path, not the queue.
        gateway: { limits: { vendor_default: {} }, queue: { max_concurrency: 256 } },
        database: { sqlite_path: join(dir, 'loremaster.db') },
      }),
    );
    const targets: Array<{ name: string; argv: string[]; env?: Record<string, string> }> = [
      {
        name: 'bare Fastify+undici pass-through',
        argv: ['--import', 'tsx', 'bench/passthrough.ts', upstream.url],
      },
      {
        name: 'Loremaster',
        argv: ['bin/loremaster.js', '--config', config, 'serve', '--port', '0'],
        env: { OPENAI_API_KEY: 'bench' },
      },
      ...(args['compare-bin']
        ? [
            {
              name: `Loremaster, ${args['compare-bin']}`,
              argv: [args['compare-bin'], '--config', comparedConfig, 'serve', '--port', '0'],
              env: { OPENAI_API_KEY: 'bench' },
            },
          ]
        : []),
    ];
    if (args['compare-bin'])
      writeFileSync(comparedConfig, readFileSync(config, 'utf8').replace('loremaster.db', 'compared.db'));

    console.log(
      `bench/garbage: ${STREAMS} model-paced streams (30 ms to the first token, then 40 every 5 ms), ` +
        `${CONNECTIONS} in flight, after ${WARMUP} to warm up; every allocation counted, dead or alive\n`,
    );
    const rows: Array<Record<string, string>> = [];
    const measured: Array<{ name: string; total: number; byFunction: Map<string, number> }> = [];
    for (const [index, target] of targets.entries()) {
      const out = join(dir, `sample-${index}.json`);
      const server = await spawnNode('--import', [SAMPLER, ...target.argv], {
        ...target.env,
        HEAP_SAMPLE_OUT: out,
      });
      children.push(server);
      const { sample, errors } = await measure(server, out);
      await server.stop();
      const { total, byFunction } = selfBytes(sample);
      measured.push({ name: target.name, total, byFunction });
      const perThousand = (count: number) => ((count * 1000) / STREAMS).toFixed(1);
      rows.push({
        server: target.name,
        'KB allocated / stream': (total / 1024 / STREAMS).toFixed(1),
        'x pass-through': (total / measured[0]!.total).toFixed(2),
        'scavenges / 1000 streams': perThousand(sample.gc.minor),
        'ms in them / stream': (sample.gc.minorMs / STREAMS).toFixed(3),
        'full GCs / 1000 streams': perThousand(sample.gc.major),
        errors: String(errors),
      });
    }
    table(rows);
    for (const { name, byFunction } of measured.slice(1)) {
      console.log(`\n${name}: the ${TOP} functions that allocate the most themselves, KB / stream`);
      const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP);
      for (const [key, bytes] of top)
        console.log(`${(bytes / 1024 / STREAMS).toFixed(2).padStart(8)}  ${key}`);
    }
  } finally {
    for (const child of children) await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

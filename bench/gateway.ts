/**
 * bench/gateway: what the gateway costs. The fake upstream, a bare Fastify + undici pass-through
 * (the ceiling for a Node gateway here) and Loremaster each run in their own process; the load comes
 * from this one. Every row is measured in the same run, so the ratios compare like with like.
 *
 *   npm run bench:gateway  [-- --duration 10 --connections 50 --streams 1000 --profile DIR --only ttft,held]
 *
 * `--profile DIR` writes a V8 CPU profile of the Loremaster process (`node --cpu-prof`) into DIR.
 * An A/B in the same run: `--compare-set path=value` (repeatable; e.g.
 * `database.call_log.bodies.enabled=false`) starts a second Loremaster with those settings, and
 * `--compare-bin ../other/bin/loremaster.js` one from another built checkout (another version of the
 * code); `--compare-coalesce-ms N` sets its server.stream_coalesce_ms, `--compare-node-options "…"`
 * its Node options (e.g. `--max-semi-space-size=64`; `--node-options "…"` sets the first one's). It
 * is measured beside the first in every section (in the ttft rounds, taking turns with the others).
 * The `load` rows also give the CPU the answering process spent per request: steadier than the rate
 * from run to run on a small machine.
 * `--held-per-second N`: how fast `held` opens its streams (default 250 a second).
 * `--only` runs some sections: `load` (req/s at concurrency), `sequential` (added latency), `ttft`
 * (time to first token at concurrency, Loremaster against the upstream direct; goal: within 2 ms p50
 * and 10 ms p99; beside the bare pass-through, `ttft` also measures a bare node:http one, the floor
 * with no framework), `held` (`--streams` streams open at once, with the memory the Loremaster process
 * takes for them).
 *
 * `ttft` measures three settings (`--ttft-settings closed,paced,alone`), each target warmed up first (`--ttft-warmup` streams, not measured: a
 * server's first thousand calls pay for compiling its code, which doubled Loremaster's CPU per stream):
 * - closed loop: the fake upstream sends each whole answer in one write at once, so the three
 *   processes (this client, the upstream, the server) compete for the CPU and a stream's first token
 *   waits behind the others' work. It measures CPU per stream, not what a game sees.
 * - model-paced: the upstream answers as a model does, its first token after `--model-first-token-ms`
 *   (default 30) and then one every `--model-token-ms` (default 5) for `--model-words` (default 40)
 *   tokens, 50 streams in flight (`--model-arrivals together`, the default: the clients start at once
 *   and, paced alike, end and ask again together; `spread`: they start one after another over one
 *   answer's length); each target first answers `--model-warmup` paced streams (default 1,000,
 *   not measured), then the targets take turns in `--model-rounds` rounds (default 4) so a
 *   change in the machine's load falls on all of them. The difference to direct is what Loremaster
 *   adds to a game's first token; the tokens after it are also timed against the pace (how late
 *   each came), which is what `server.stream_coalesce_ms` costs them (`--stream-coalesce-ms N` sets
 *   it in the measured server; 0 writes every token as it comes). `--pcap FILE` captures these
 *   rounds on the loopback (tcpdump, as root) and splits each server's first token into its request
 *   path, the upstream and its response path, from the wire (bench/lib/wire-split.ts).
 * `--server-cpus 1` runs the servers (pass-through, Loremaster) on CPU 1 and this client and the fake
 * upstream on the other CPUs (taskset), as in production, where the players and the model are on
 * other machines: a server's numbers are then its own, not its share of a CPU the load also needs.
 * A process opens at most `ulimit -n` files (the servers inherit this one's limit):
 * each stream is a client socket and, while it is answered, an upstream socket in Loremaster, whose
 * upstream pool holds at most 8,192 (src/providers/http.ts). With a limit of 20,000, 10,000 streams
 * are all in flight at once and up to 8,192 answered at once; a lower limit holds fewer.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { stringify } from 'yaml';
import { spawnNode, spawnServer } from './lib/processes.js';
import { requestPathByPlace, userMarker, wireSplit } from './lib/wire-split.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    sequential: { type: 'string', default: '3000' },
    streams: { type: 'string', default: '1000' },
    profile: { type: 'string' },
    'profile-interval': { type: 'string', default: '1000' },
    only: { type: 'string', default: 'load,sequential,ttft,held' },
    'ttft-streams': { type: 'string', default: '2000' },
    'ttft-warmup': { type: 'string', default: '1000' },
    // Model-paced streams each target answers, unmeasured, before the paced rounds.
    'model-warmup': { type: 'string', default: '1000' },
    'model-first-token-ms': { type: 'string', default: '30' },
    'model-token-ms': { type: 'string', default: '5' },
    'model-words': { type: 'string', default: '40' },
    'model-rounds': { type: 'string', default: '4' },
    'model-arrivals': { type: 'string', default: 'together' },
    'ttft-settings': { type: 'string', default: 'closed,paced,alone' },
    'held-per-second': { type: 'string', default: '250' },
    // server.stream_coalesce_ms of the measured server (its default when not given).
    'stream-coalesce-ms': { type: 'string' },
    // A second Loremaster with this server.stream_coalesce_ms, measured beside the first (an A/B).
    'compare-coalesce-ms': { type: 'string' },
    // A second Loremaster with these settings (`path=value`, the value as JSON or a plain string, e.g.
    // `database.call_log.bodies.enabled=false`), measured beside the first in every section (an A/B).
    'compare-set': { type: 'string', multiple: true },
    // A second Loremaster from another build (the bin/loremaster.js of another checkout, built), with
    // the same settings: an A/B of two versions of the code in the same rounds.
    'compare-bin': { type: 'string' },
    // Node options of the compared Loremaster's process (e.g. `--max-semi-space-size=64`), space-separated.
    'compare-node-options': { type: 'string' },
    // Node options of the measured Loremaster's process, as --compare-node-options gives the other's.
    'node-options': { type: 'string' },
    // Capture the model-paced rounds on the loopback (tcpdump, as root) into this file, and split
    // each server's first token into its request path, the upstream, and its response path.
    pcap: { type: 'string' },
    // Run the servers (the pass-through and each Loremaster) on these CPUs (a taskset list, e.g. `1`)
    // and this process and the fake upstream on the others.
    'server-cpus': { type: 'string' },
  },
});
const SECTIONS = new Set(args.only.split(','));
const TTFT_STREAMS = Number(args['ttft-streams']);
const TTFT_WARMUP = Number(args['ttft-warmup']);
const MODEL_WARMUP = Number(args['model-warmup']);
const TTFT_SETTINGS = new Set(args['ttft-settings'].split(','));
const MODEL = {
  firstTokenMs: Number(args['model-first-token-ms']),
  tokenMs: Number(args['model-token-ms']),
  words: Number(args['model-words']),
  rounds: Number(args['model-rounds']),
  // `spread`: the clients start one after another over one answer's length, so their requests come
  // at no shared moment, as players' do; `together`: all at once, and (paced alike) they end together.
  spread: args['model-arrivals'] === 'spread',
};
if (!['together', 'spread'].includes(args['model-arrivals']))
  throw new Error(`--model-arrivals is together or spread, not ${args['model-arrivals']}`);
const SERVER_CPUS = args['server-cpus'];
if (SERVER_CPUS !== undefined) pinLoadAwayFrom(SERVER_CPUS);
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const SEQUENTIAL = Number(args.sequential);
const STREAMS = Number(args.streams);
const HELD_PER_SECOND = Number(args['held-per-second']);

const chat = (temperature: number, stream = false, user?: string) =>
  JSON.stringify({
    model: 'openai/gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You narrate a dark fantasy game.' },
      { role: 'user', content: 'I search the ruined chapel of Karsk for the silver key.' },
    ],
    temperature,
    max_tokens: 64,
    ...(stream && { stream: true }),
    ...(user && { user }),
  });
/** Streams sent so far by firstTokens: each one's `user` marker. */
let streamsSent = 0;

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU the answering process spent per request (all its threads), in microseconds. */
  cpuUs: number;
}

/**
 * `concurrency` requests at a time for DURATION seconds, and the CPU the answering process (`pid`)
 * spent per request: on a machine with few cores the rate swings with whatever else runs, while the
 * CPU per request stays put, so it is what an A/B of two builds compares best.
 */
async function load(
  name: string,
  url: string,
  body: string,
  pid: number | undefined,
  headers: Record<string, string> = {},
): Promise<Row> {
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({
    url: `${url}/v1/chat/completions`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench', ...headers },
    body,
  });
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    cpuUs: ((cpuSeconds(pid) - cpuBefore) * 1e6) / result.requests.total,
  };
}

const agent = new Agent({ connections: 64, pipelining: 1 });

/** One request at a time: the latency each layer adds, to the microsecond. */
async function sequential(name: string, url: string, body: string, headers: Record<string, string> = {}) {
  const samples: number[] = [];
  let errors = 0;
  for (let i = 0; i < SEQUENTIAL + 200; i++) {
    const started = performance.now();
    const response = await request(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench', ...headers },
      body,
      dispatcher: agent,
    });
    await response.body.text();
    if (response.statusCode !== 200) errors += 1;
    if (i >= 200) samples.push(performance.now() - started); // the first 200 warm up
  }
  return { name, ...percentiles(samples), errors };
}

/**
 * Time to first token of streamed answers, `concurrency` at a time. Also the streams a second, the
 * CPU each process spent per stream (this client, the upstream, and the server in between if any: on
 * a machine with few cores a closed loop's latency follows the CPU every stream costs) and the most
 * memory the server held meanwhile.
 */
async function firstTokens(
  name: string,
  url: string,
  total: number,
  concurrency: number,
  pids: { upstream: number | undefined; server?: number | undefined },
  tokenMs = 0,
  spreadMs = 0,
) {
  const samples: number[] = [];
  // With a paced upstream (a token every `tokenMs`): how late each later token came, against the
  // stream's first token and the pace (the upstream keeps to its schedule, so direct is about 0).
  const lags: number[] = [];
  let errors = 0;
  let next = 0;
  const worker = async (index: number) => {
    if (spreadMs > 0) await new Promise((resolve) => setTimeout(resolve, (index * spreadMs) / concurrency));
    while (next < total) {
      next += 1;
      const started = performance.now();
      const response = await request(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer bench',
          'x-loremaster-cache': 'off',
        },
        // Its own `user`, forwarded upstream: a packet capture pairs the two requests (--pcap).
        body: chat(0.7, true, userMarker(streamsSent++)),
        dispatcher: agent,
      });
      let first = true;
      let text = '';
      let token = -1;
      let firstAt = 0;
      let scanned = 0;
      for await (const chunk of response.body) {
        const at = performance.now();
        text += chunk;
        if (first && text.includes('"content":"F')) {
          samples.push(at - started);
          first = false;
        }
        if (tokenMs <= 0) continue;
        // Each token is one chunk with text; an event may be split across reads, so the scan
        // starts again a pattern's length back, and never before the end of the last one found.
        CONTENT.lastIndex = scanned;
        for (let match = CONTENT.exec(text); match; match = CONTENT.exec(text)) {
          token += 1;
          if (token === 0) firstAt = at;
          else lags.push(at - firstAt - token * tokenMs);
          scanned = CONTENT.lastIndex;
        }
        scanned = Math.max(scanned, text.length - CONTENT_PATTERN_LENGTH);
      }
      if (response.statusCode !== 200 || !text.includes('[DONE]')) errors += 1;
    }
  };
  // This process's own pauses are in every target's numbers: its old generation is collected
  // before each round (a full collection here took 16 ms on average, up to 33, every ~6 s of rounds).
  collectGarbage();
  let rssPeak = rssMiB(pids.server);
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMiB(pids.server));
  }, 100);
  const client = process.cpuUsage();
  const upstream = cpuSeconds(pids.upstream);
  const server = cpuSeconds(pids.server);
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  const seconds = (performance.now() - started) / 1000;
  const clientUsed = process.cpuUsage(client);
  clearInterval(sampler);
  const perStream = (cpu: number) => (cpu * 1000) / total;
  const lag = percentiles(lags);
  return {
    name,
    samples,
    ...percentiles(samples),
    lags,
    lagP50: lag.p50,
    lagP99: lag.p99,
    errors,
    perSecond: total / seconds,
    clientMs: perStream((clientUsed.user + clientUsed.system) / 1e6),
    upstreamMs: perStream(cpuSeconds(pids.upstream) - upstream),
    serverMs: pids.server === undefined ? Number.NaN : perStream(cpuSeconds(pids.server) - server),
    rssPeak,
  };
}

type TtftRow = Awaited<ReturnType<typeof firstTokens>>;

/** Rounds of the same target measured apart, as one row: samples pooled, CPU and rates averaged. */
function pooled(rounds: TtftRow[]): TtftRow {
  const samples = rounds.flatMap((row) => row.samples);
  const lags = rounds.flatMap((row) => row.lags);
  const lag = percentiles(lags);
  const mean = (pick: (row: TtftRow) => number) =>
    rounds.reduce((sum, row) => sum + pick(row), 0) / rounds.length;
  return {
    name: rounds[0]!.name,
    samples,
    ...percentiles(samples),
    lags,
    lagP50: lag.p50,
    lagP99: lag.p99,
    errors: rounds.reduce((sum, row) => sum + row.errors, 0),
    perSecond: mean((row) => row.perSecond),
    clientMs: mean((row) => row.clientMs),
    upstreamMs: mean((row) => row.upstreamMs),
    serverMs: mean((row) => row.serverMs),
    rssPeak: Math.max(...rounds.map((row) => row.rssPeak)),
  };
}

function printTtft(rows: TtftRow[]): void {
  console.log(
    `${''.padEnd(33)} p50 ms   p99 ms  errors  streams/s  CPU ms per stream: client upstream server  server RSS MiB`,
  );
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(32)} ${fmt(row.p50, 2).padStart(7)} ${fmt(row.p99, 2).padStart(8)} ${String(row.errors).padStart(7)} ${fmt(row.perSecond, 0).padStart(10)}  ${fmt(row.clientMs, 3).padStart(24)} ${fmt(row.upstreamMs, 3).padStart(8)} ${fmt(row.serverMs, 3).padStart(6)}  ${fmt(row.rssPeak, 0).padStart(14)}`,
    );
  }
  const [direct, bare, through, ...others] = rows;
  const adds = (row: TtftRow) => `p50 ${fmt(row.p50 - direct!.p50)} ms, p99 ${fmt(row.p99 - direct!.p99)} ms`;
  const meets = (row: TtftRow) => row.p50 - direct!.p50 <= 2 && row.p99 - direct!.p99 <= 10;
  // The bare pass-through has no features: when it misses the goal too, the run's machine (its load,
  // the client and the upstream on the same cores) is above the goal, and a miss says little more.
  console.log(
    `Loremaster adds ${adds(through!)} (goal <= 2 and <= 10: ${meets(through!) ? 'met' : 'NOT met'}); ` +
      `the bare pass-through adds ${adds(bare!)}${meets(bare!) ? '' : ' (NOT met either)'}; ` +
      `Loremaster's CPU per stream ${fmt(through!.serverMs / bare!.serverMs)}x the bare pass-through's`,
  );
  for (const other of others)
    console.log(
      `${other.name} adds ${adds(other)}; its CPU per stream ${fmt(other.serverMs / bare!.serverMs)}x the bare pass-through's`,
    );
  if (through!.lags.length === 0) return;
  // What server.stream_coalesce_ms costs the tokens after the first, next to what it saves.
  const lag = (row: TtftRow) => `p50 ${fmt(row.lagP50)} / p99 ${fmt(row.lagP99)} ms`;
  console.log(
    `later tokens, how late against the pace: direct ${lag(direct!)}, bare pass-through ${lag(bare!)}, ` +
      [through!, ...others].map((row) => `${row.name} ${lag(row)}`).join(', '),
  );
}

/** A token's event in an OpenAI stream: content that is not empty (the role chunk's is). */
const CONTENT = /"content":"[^"]/g;
const CONTENT_PATTERN_LENGTH = '"content":"x'.length;

/** Sets the fake upstream's pacing (see test/support/fake-upstream.ts). */
async function pace(upstreamUrl: string, settings: Record<string, number>): Promise<void> {
  const response = await fetch(`${upstreamUrl}/__fake/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!response.ok) throw new Error(`fake upstream config: ${response.status} ${await response.text()}`);
}

/** A full collection of this process's heap, where `--expose-gc` allows it (npm run bench:gateway does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** CPU seconds (user + system) a process has used so far (Linux /proc), or NaN where there is none. */
function cpuSeconds(pid: number | undefined): number {
  try {
    // Fields after the command name: state is field 3, utime 14, stime 15 (in clock ticks, 100 a second).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of a process in MiB (Linux /proc), or NaN where there is none. */
function rssMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kib ? Number(kib) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Opens `count` streams through Loremaster, `perSecond` a second (game clients arrive over seconds, not
 * in one instant), and holds them until they all finish: each answer lasts longer than the ramp, so
 * every stream is open at the same time. `inFlight`: requests sent and not finished; `answering`: of
 * them, those whose answer has begun (Loremaster sends its headers with the first token).
 */
async function heldStreams(url: string, count: number, perSecond: number, pid: number | undefined) {
  const streamAgent = new Agent({ connections: count + 10, connectTimeout: 60_000 });
  const before = rssMiB(pid);
  let peak = before;
  let inFlight = 0;
  let mostInFlight = 0;
  let answering = 0;
  let mostAnswering = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid));
  }, 100);
  const started = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: count }, async (_, index) => {
      const at = started + (index / perSecond) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        const response = await request(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-loremaster-cache': 'off' },
          body: chat(0.7, true),
          dispatcher: streamAgent,
        });
        answering += 1;
        mostAnswering = Math.max(mostAnswering, answering);
        try {
          const text = await response.body.text();
          if (response.statusCode !== 200 || !text.includes('[DONE]'))
            throw new Error(`status ${response.statusCode}: ${text.slice(0, 200)}`);
        } finally {
          answering -= 1;
        }
      } finally {
        inFlight -= 1;
      }
    }),
  );
  clearInterval(sampler);
  await streamAgent.close();
  const ok = results.filter((result) => result.status === 'fulfilled').length;
  const failure = results.find((result) => result.status === 'rejected') as PromiseRejectedResult | undefined;
  return {
    ok,
    failed: count - ok,
    firstFailure: failure ? String(failure.reason) : undefined,
    mostInFlight,
    mostAnswering,
    seconds: (performance.now() - started) / 1000,
    rssBefore: before,
    rssPeak: peak,
  };
}

/** tcpdump on the loopback, writing `file`; resolves once it listens. Needs root (or CAP_NET_RAW). */
async function startCapture(file: string): Promise<{ stop: () => Promise<void> }> {
  const tcpdump = spawn('tcpdump', ['-i', 'lo', '-s', '1500', '-w', file, 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    tcpdump.once('error', (error) => reject(new Error(`--pcap needs tcpdump: ${error.message}`)));
    tcpdump.once('exit', (code) => reject(new Error(`tcpdump exited (${code}): ${output.trim()}`)));
    tcpdump.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('listening on')) resolve();
    });
  });
  tcpdump.removeAllListeners('exit');
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        tcpdump.once('exit', () => resolve());
        // SIGINT: tcpdump flushes the file before it exits.
        tcpdump.kill('SIGINT');
      }),
  };
}

/** The capture's split of each server's first token (see bench/lib/wire-split.ts). */
function printWireSplit(file: string, targets: { name: string; url: string }[]): void {
  const port = (url: string) => Number(new URL(url).port);
  const [direct, ...servers] = targets;
  // Answers the upstream gave in less than its model time are warm-up streams, not paced ones.
  const split = wireSplit(
    file,
    port(direct!.url),
    servers.map((server) => port(server.url)),
    MODEL.firstTokenMs * 0.8,
  );
  const legs = (samples: number[]) => {
    const { p50, p90, p99 } = percentiles(samples);
    return samples.length === 0 ? '-' : [p50, p90, p99].map((n) => fmt(n)).join(' / ');
  };
  console.log(
    `\nwhere the first token's time goes, on the wire (${file}; p50 / p90 / p99 ms):\n` +
      `${''.padEnd(33)} ${'request path'.padEnd(22)} ${'upstream'.padEnd(22)} response path`,
  );
  console.log(`${direct!.name.padEnd(32)}  ${'-'.padEnd(22)} ${legs(split.direct).padEnd(22)} -`);
  for (const server of servers) {
    const leg = split.servers.get(port(server.url))!;
    console.log(
      `${server.name.padEnd(32)}  ${legs(leg.requestPath).padEnd(22)} ${legs(leg.upstream).padEnd(22)} ${legs(leg.responsePath)}` +
        `  (${leg.upstream.length} streams)`,
    );
  }
  console.log(
    "request path: the client's request → the server's request upstream; upstream: → the upstream's " +
      "first token; response path: → the server's first token to the client",
  );
  // With the clients in step, requests come in bursts: how the request path grows with a request's
  // place in its burst is what a server costs per request there.
  const places = servers.map((server) => requestPathByPlace(split.servers.get(port(server.url))!));
  const widest = places.reduce((most, rows) => (rows.length > most.length ? rows : most), []);
  console.log(
    '\nrequest path by place in its burst (requests less than 3 ms apart; median ms, with how many):\n' +
      `${''.padEnd(33)} ${widest.map((row) => `${row.from}-${row.to}`.padStart(14)).join('')}`,
  );
  servers.forEach((server, index) => {
    const cells = places[index]!.map((row) => `${fmt(row.p50)} (${row.count})`.padStart(14));
    console.log(`${server.name.padEnd(32)}  ${cells.join('')}`);
  });
}

/** Sets `path=value` (a dotted path; the value as JSON, or else as a string) in a config object. */
function setPath(config: Record<string, unknown>, setting: string): void {
  const at = setting.indexOf('=');
  if (at <= 0) throw new Error(`--compare-set wants path=value, got ${setting}`);
  const keys = setting.slice(0, at).split('.');
  const text = setting.slice(at + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  let node = config;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** CPU numbers of a taskset list (`1`, `0,2`, `2-3`). */
function cpuList(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = Number(range?.[1]);
    const to = Number(range?.[2] ?? range?.[1]);
    if (!range || to < from) throw new Error(`--server-cpus wants a CPU list such as 1 or 2-3, got ${list}`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/**
 * Moves this process (every thread) onto the CPUs the servers do not get: the fake upstream,
 * spawned after, inherits the mask; the servers are spawned with theirs.
 */
function pinLoadAwayFrom(serverCpus: string): void {
  const servers = new Set(cpuList(serverCpus));
  const rest = Array.from({ length: availableParallelism() }, (_, cpu) => cpu).filter(
    (cpu) => !servers.has(cpu),
  );
  if (rest.length === 0 || [...servers].some((cpu) => cpu >= availableParallelism()))
    throw new Error(
      `--server-cpus ${serverCpus} must leave at least one of the ${availableParallelism()} CPUs to the load`,
    );
  execFileSync('taskset', ['-a', '-cp', rest.join(','), String(process.pid)], { stdio: 'ignore' });
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'loremaster-bench-'));
  const upstream = await spawnServer('test/support/fake-upstream-cli.ts', ['--port', '0']);
  const passthrough = await spawnServer('bench/passthrough.ts', [upstream.url], {}, SERVER_CPUS);
  // The floor under the baseline (no framework), measured in the first-token section only.
  const nodeFloor = SECTIONS.has('ttft')
    ? await spawnServer('bench/passthrough-node.ts', [upstream.url], {}, SERVER_CPUS)
    : undefined;
  /**
   * A config for a measured Loremaster (its own database); `coalesceMs` sets server.stream_coalesce_ms,
   * `settings` any other (`path=value`, as `--compare-set` gives them).
   */
  const writeConfig = (name: string, coalesceMs: string | undefined, settings: string[] = []): string => {
    const file = join(dir, `${name}.yaml`);
    const config: Record<string, unknown> = {
      log: { level: 'warn' },
      providers: { openai: { type: 'openai', base_url: `${upstream.url}/v1`, models: ['gpt-4o-mini'] } },
      // Limits off, and room for every held stream at once: the bench measures the path, not the queue.
      gateway: {
        limits: { vendor_default: {} },
        queue: {
          max_concurrency: Math.max(256, STREAMS),
          max_size: { high: Math.max(1_000, STREAMS) },
          max_total: Math.max(2_000, STREAMS),
        },
      },
      database: { sqlite_path: join(dir, `${name}.db`) },
      ...(coalesceMs !== undefined && { server: { stream_coalesce_ms: Number(coalesceMs) } }),
    };
    for (const setting of settings) setPath(config, setting);
    writeFileSync(file, stringify(config));
    return file;
  };
  const configFile = writeConfig('loremaster', args['stream-coalesce-ms']);
  // The compiled server, as `npm start` runs it (no TypeScript loader in the measured process).
  // tsc emits even when it reports type errors (the tree may be mid-edit elsewhere): say so, go on.
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
      stdio: 'pipe',
    });
  } catch (error) {
    console.warn(
      `build reported errors; benchmarking the emitted JS:\n${(error as { stdout?: Buffer }).stdout}`,
    );
  }
  const serve = [
    ...(args['node-options']?.split(' ').filter(Boolean) ?? []),
    'bin/loremaster.js',
    '--config',
    configFile,
    'serve',
    '--port',
    '0',
  ];
  const node = args.profile
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${args.profile}`,
        `--cpu-prof-interval=${args['profile-interval']}`,
        ...serve,
      ]
    : serve;
  const loremaster = await spawnNode(node[0]!, node.slice(1), { OPENAI_API_KEY: 'bench' }, SERVER_CPUS);
  // A second Loremaster that differs only in the settings given, measured in the same rounds.
  const compareMs = args['compare-coalesce-ms'];
  const compareSet = args['compare-set'] ?? [];
  const compareBin = args['compare-bin'];
  const compareNodeOptions = args['compare-node-options']?.split(' ').filter(Boolean) ?? [];
  const compareName = [
    ...(compareBin === undefined ? [] : [compareBin]),
    ...compareNodeOptions,
    ...(compareMs === undefined ? [] : [`coalesce ${compareMs} ms`]),
    ...compareSet,
  ].join(', ');
  const compared =
    compareName === ''
      ? undefined
      : await spawnNode(
          compareNodeOptions[0] ?? compareBin ?? 'bin/loremaster.js',
          [
            ...compareNodeOptions.slice(1),
            ...(compareNodeOptions.length > 0 ? [compareBin ?? 'bin/loremaster.js'] : []),
            '--config',
            writeConfig('compared', compareMs, compareSet),
            'serve',
            '--port',
            '0',
          ],
          { OPENAI_API_KEY: 'bench' },
          SERVER_CPUS,
        );
  try {
    console.log(
      `bench/gateway: ${CONNECTIONS} connections, ${DURATION} s per row, Node ${process.version}, ` +
        `load ${loadavg()
          .map((n) => n.toFixed(2))
          .join(' ')}` +
        (SERVER_CPUS === undefined
          ? '\n'
          : `; servers on CPU ${SERVER_CPUS}, this client and the fake upstream on the others\n`),
    );
    if (SECTIONS.has('load')) {
      const rows: Row[] = [];
      const pid = (child: { process: { pid?: number | undefined } }) => child.process.pid;
      rows.push(await load('fake upstream, direct', upstream.url, chat(0.7), pid(upstream)));
      rows.push(await load('bare Fastify+undici pass-through', passthrough.url, chat(0.7), pid(passthrough)));
      rows.push(
        await load('Loremaster, cache off', loremaster.url, chat(0.7), pid(loremaster), {
          'x-loremaster-cache': 'off',
        }),
      );
      rows.push(await load('Loremaster, cache hit', loremaster.url, chat(0), pid(loremaster)));
      if (compared) {
        rows.push(
          await load(`Loremaster (${compareName}), cache off`, compared.url, chat(0.7), pid(compared), {
            'x-loremaster-cache': 'off',
          }),
        );
      }
      const direct = rows[0]!;
      console.log(
        `concurrency ${CONNECTIONS}                      req/s     p50 ms   p99 ms  errors  vs direct  server CPU µs/req`,
      );
      for (const row of rows) {
        console.log(
          `${row.name.padEnd(36)} ${fmt(row.rps, 0).padStart(8)} ${fmt(row.p50, 1).padStart(9)} ${fmt(row.p99, 1).padStart(8)} ${String(row.errors).padStart(7)}  ${fmt(row.rps / direct.rps).padStart(8)}x ${fmt(row.cpuUs, 0).padStart(18)}`,
        );
      }
      const through = rows[2]!;
      const bare = rows[1]!;
      console.log(
        `\nLoremaster (cache off) vs bare pass-through: ${fmt(through.rps / bare.rps)}x throughput, ` +
          `${fmt(through.cpuUs / bare.cpuUs)}x the CPU per request` +
          (compared
            ? `; the compared Loremaster ${fmt(rows.at(-1)!.cpuUs / through.cpuUs)}x this one's CPU per request`
            : ''),
      );
    }
    if (SECTIONS.has('sequential')) {
      console.log(`\nconcurrency 1 (${SEQUENTIAL} requests each)       p50 ms   p99 ms  errors`);
      const seq = [
        await sequential('fake upstream, direct', upstream.url, chat(0.7)),
        await sequential('bare pass-through', passthrough.url, chat(0.7)),
        await sequential('Loremaster, cache off', loremaster.url, chat(0.7), { 'x-loremaster-cache': 'off' }),
        await sequential('Loremaster, cache hit', loremaster.url, chat(0)),
        ...(compared
          ? [
              await sequential(`Loremaster (${compareName}), cache off`, compared.url, chat(0.7), {
                'x-loremaster-cache': 'off',
              }),
            ]
          : []),
      ];
      for (const row of seq) {
        console.log(
          `${row.name.padEnd(40)} ${fmt(row.p50, 3).padStart(8)} ${fmt(row.p99, 3).padStart(8)} ${String(row.errors).padStart(7)}`,
        );
      }
      const [d, p, l] = seq;
      console.log(
        `added latency: pass-through p50 ${fmt(p!.p50 - d!.p50, 3)} ms, p99 ${fmt(p!.p99 - d!.p99, 3)} ms; ` +
          `Loremaster p50 ${fmt(l!.p50 - d!.p50, 3)} ms, p99 ${fmt(l!.p99 - d!.p99, 3)} ms`,
      );
    }
    if (SECTIONS.has('ttft')) {
      const upstreamPid = upstream.process.pid;
      const targets = [
        { name: 'fake upstream, direct', url: upstream.url, pids: { upstream: upstreamPid } },
        {
          name: 'bare Fastify+undici pass-through',
          url: passthrough.url,
          pids: { upstream: upstreamPid, server: passthrough.process.pid },
        },
        {
          name: 'Loremaster',
          url: loremaster.url,
          pids: { upstream: upstreamPid, server: loremaster.process.pid },
        },
        ...(compared
          ? [
              {
                name: `Loremaster, ${compareName}`,
                url: compared.url,
                pids: { upstream: upstreamPid, server: compared.process.pid },
              },
            ]
          : []),
        ...(nodeFloor
          ? [
              {
                name: 'bare node:http pass-through',
                url: nodeFloor.url,
                pids: { upstream: upstreamPid, server: nodeFloor.process.pid },
              },
            ]
          : []),
      ];
      // Warm: a server's first calls compile its code (Loremaster's CPU per stream is about twice as
      // high over its first 2,000 streams); a game server answers from a warm process.
      for (const target of targets)
        await firstTokens(target.name, target.url, TTFT_WARMUP, CONNECTIONS, target.pids);

      if (TTFT_SETTINGS.has('closed')) {
        console.log(
          `\nstreaming, time to first token, closed loop: each answer in one write at once ` +
            `(${TTFT_STREAMS} streams, ${CONNECTIONS} at a time, after ${TTFT_WARMUP} to warm up)`,
        );
        const closed: TtftRow[] = [];
        for (const target of targets)
          closed.push(await firstTokens(target.name, target.url, TTFT_STREAMS, CONNECTIONS, target.pids));
        printTtft(closed);
      }

      // A model's answer: the first token after a delay, then paced tokens. Targets take turns, so a
      // change in the machine's load falls on all three.
      if (TTFT_SETTINGS.has('paced')) {
        await pace(upstream.url, {
          latencyMs: MODEL.firstTokenMs,
          tokensPerSecond: 1000 / MODEL.tokenMs,
          answerWords: MODEL.words,
        });
        console.log(
          `\nstreaming, time to first token, model-paced: first token after ${MODEL.firstTokenMs} ms, ` +
            `then one every ${MODEL.tokenMs} ms, ${MODEL.words} tokens ` +
            `(${TTFT_STREAMS} streams, ${CONNECTIONS} in flight, ${MODEL.rounds} rounds taking turns, ` +
            `after ${MODEL_WARMUP} paced to warm up)`,
        );
        const spreadMs = MODEL.spread ? MODEL.firstTokenMs + MODEL.tokenMs * MODEL.words : 0;
        // Warm again, paced: the closed loop's warm-up reads each answer in one piece, so the paths
        // of a paced stream (a token a read, the coalescing timers) would compile in the first round
        // measured (Loremaster's own time on the first token, p99: 88-92 ms there, 10-20 after).
        for (const target of targets)
          await firstTokens(
            target.name,
            target.url,
            MODEL_WARMUP,
            CONNECTIONS,
            target.pids,
            MODEL.tokenMs,
            spreadMs,
          );
        const rounds: TtftRow[][] = targets.map(() => []);
        const perRound = Math.ceil(TTFT_STREAMS / MODEL.rounds);
        const capture = args.pcap ? await startCapture(args.pcap) : undefined;
        try {
          for (let round = 0; round < MODEL.rounds; round++) {
            // Each round starts one target later: a target that follows another in a round was
            // measured faster (the one before leaves the machine warm), so no target keeps a place.
            const order = targets.map((_, i) => (i + round) % targets.length);
            for (const index of order) {
              const target = targets[index]!;
              rounds[index]!.push(
                await firstTokens(
                  target.name,
                  target.url,
                  perRound,
                  CONNECTIONS,
                  target.pids,
                  MODEL.tokenMs,
                  spreadMs,
                ),
              );
            }
          }
        } finally {
          await capture?.stop();
        }
        printTtft(rounds.map(pooled));
        if (args.pcap) printWireSplit(args.pcap, targets);
        await fetch(`${upstream.url}/__fake/reset`, { method: 'POST' });
      }

      // One stream at a time: what Loremaster adds to a stream when no other stream's CPU is queued
      // ahead of it (at concurrency 50 on a few cores, a stream mostly waits behind the others').
      if (TTFT_SETTINGS.has('alone')) {
        const alone = [
          await firstTokens('fake upstream, direct', upstream.url, 500, 1, { upstream: upstreamPid }),
          await firstTokens('Loremaster', loremaster.url, 500, 1, {
            upstream: upstreamPid,
            server: loremaster.process.pid,
          }),
        ];
        console.log('\none stream at a time, each answer in one write (500 streams)');
        for (const row of alone) {
          console.log(
            `${row.name.padEnd(32)} ${fmt(row.p50, 2).padStart(7)} ${fmt(row.p99, 2).padStart(8)} ${String(row.errors).padStart(7)}`,
          );
        }
        console.log(
          `Loremaster adds p50 ${fmt(alone[1]!.p50 - alone[0]!.p50)} ms, p99 ${fmt(alone[1]!.p99 - alone[0]!.p99)} ms`,
        );
      }
    }
    if (SECTIONS.has('held')) {
      // Slow answers (20 words), each lasting 10 s past the ramp, so all are open at the same time.
      const rampSeconds = STREAMS / HELD_PER_SECOND;
      await fetch(`${upstream.url}/__fake/config`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tokensPerSecond: 20 / (rampSeconds + 10), answerWords: 20 }),
      });
      const cpuBefore = cpuSeconds(loremaster.process.pid);
      const held = await heldStreams(loremaster.url, STREAMS, HELD_PER_SECOND, loremaster.process.pid);
      const cpu = cpuSeconds(loremaster.process.pid) - cpuBefore;
      console.log(
        `\n${STREAMS} streams through Loremaster, opened ${HELD_PER_SECOND} a second: ${held.ok} completed, ${held.failed} failed` +
          `${held.firstFailure ? ` (first: ${held.firstFailure})` : ''}; at most ${held.mostInFlight} in flight at once, ` +
          `${held.mostAnswering} of them answering; in ${fmt(held.seconds, 1)} s`,
      );
      const added = held.rssPeak - held.rssBefore;
      console.log(
        `Loremaster RSS: ${fmt(held.rssBefore, 0)} MiB before, ${fmt(held.rssPeak, 0)} MiB at peak: ` +
          `${fmt(added, 0)} MiB for the streams, ${fmt((added * 1024) / Math.max(1, held.mostInFlight), 1)} KiB per stream in flight; ` +
          `CPU ${fmt(cpu, 1)} s (${fmt((cpu * 1000) / STREAMS, 2)} ms per stream)`,
      );
    }
    console.log(
      `\nmachine load (1/5/15 min): ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await agent.close();
    await loremaster.stop();
    await compared?.stop();
    await passthrough.stop();
    await nodeFloor?.stop();
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

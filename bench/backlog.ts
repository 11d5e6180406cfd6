/**
 * bench/backlog: does the maintenance queue keep up when many players play at once? `--clients`
 * sessions of the demo world Cinderwick play its scripted turns at the same time, each player thinking
 * `--think` ms between turns, on the embedded default (every role on the offline model, the default
 * embedder, SQLite, the table queue, the workers in-process as `loremaster serve` runs them). Every
 * second it prints the backlog (tasks waiting, by type) and the turns and tasks done; after `--seconds`
 * the players stop and the time the workers need to drain what is left is measured.
 *
 * The queue keeps up when the backlog stays bounded while the players play (it does not grow second
 * after second) and drains within seconds after. The first rows (the baseline, in the same run) are a
 * single player.
 *
 * The bound: `narrative.max_pending_embeddings` (`--max-pending-embeddings`, default the config's)
 * makes turns wait while that many embedding tasks wait; a turn refused after the wait (429) is counted,
 * and its player tries again, as a game would after Retry-After.
 *
 *   npm run bench:backlog [-- --clients 20 --think 0 --seconds 30 --embedder use|hashing
 *                            --max-pending-embeddings 200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, loadConfig } from '../src/config/index.js';
import { createGateway } from '../src/gateway/index.js';
import { openQueue } from '../src/jobs/index.js';
import { Memory } from '../src/memory/index.js';
import {
  DEMO_SESSION_FILE,
  DEMO_WORLD_FILE,
  importWorld,
  Narrative,
  NarrativeError,
  readSessionFile,
  readWorldFile,
} from '../src/narrative/index.js';
import { PromptLibrary, SHIPPED_PROMPTS_DIR, TemplateEngine } from '../src/prompts/index.js';
import { openStore } from '../src/store/index.js';
import { table } from './lib/report.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '20' },
    think: { type: 'string', default: '0' },
    seconds: { type: 'string', default: '30' },
    embedder: { type: 'string', default: 'use' },
    quick: { type: 'boolean', default: false },
    'max-pending-embeddings': { type: 'string' },
  },
});
const CLIENTS = Number(values.clients);
const THINK = Number(values.think);
const SECONDS = values.quick ? 8 : Number(values.seconds);
const EMBEDDER = values.embedder === 'hashing' ? 'hashing' : 'use';

const inputs = readSessionFile(DEMO_SESSION_FILE).turns.map((turn) => turn.input);

interface Sample {
  second: number;
  turns: number;
  waiting: number;
  embedWaiting: number;
  byType: string;
  done: number;
}

async function run(clients: number) {
  const dir = mkdtempSync(join(tmpdir(), 'loremaster-bench-backlog-'));
  const { settings, secrets } = loadConfig({
    env: {},
    overrides: {
      'database.sqlite_path': join(dir, 'bench.db'),
      ...(EMBEDDER === 'hashing' && { 'roles.embedding': { provider: 'offline', model: 'hashing' } }),
      ...(values['max-pending-embeddings'] !== undefined && {
        'narrative.max_pending_embeddings': Number(values['max-pending-embeddings']),
      }),
    },
  });
  const store = await openStore(settings.database);
  const gateway = await createGateway({ settings, secrets, logger: createLogger('silent') });
  const queue = await openQueue(store, { jobs: settings.jobs, database: settings.database });
  const memory = new Memory({ store, settings, gateway, queue, indexDirectory: null });
  await memory.open();
  await memory.warmUp();
  const library = new PromptLibrary(store, new TemplateEngine());
  await library.syncFiles(SHIPPED_PROMPTS_DIR);
  const narrative = new Narrative({
    store,
    gateway,
    memory,
    queue,
    settings,
    prompts: { gateway, store, library, settings, environment: undefined },
  });
  const { worldId } = await importWorld(narrative.worlds, readWorldFile(DEMO_WORLD_FILE));
  // The import's own embeddings first: the bench measures play, not the import.
  narrative.startWorkers();
  await drain(queue, 600_000);
  const sessions = await Promise.all(
    Array.from({ length: clients }, async (_, index) => {
      return (await store.sessions.create({ worldId, player: `Player ${index + 1}` })).id;
    }),
  );

  let turns = 0;
  let refused = 0;
  let stop = false;
  const latencies: number[] = [];
  const players = sessions.map(async (sessionId, index) => {
    for (let n = index; !stop; n += 1) {
      const started = performance.now();
      try {
        await narrative.turns.play({ sessionId, input: inputs[n % inputs.length] as string });
      } catch (error) {
        if (!(error instanceof NarrativeError && error.statusCode === 429)) throw error;
        refused += 1;
        continue;
      }
      latencies.push(performance.now() - started);
      turns += 1;
      if (THINK > 0) await sleep(THINK);
    }
  });

  const samples: Sample[] = [];
  const started = performance.now();
  const doneBefore = (await queue.status()).totals.completed;
  for (let second = 1; second <= SECONDS; second += 1) {
    await sleep(started + second * 1_000 - performance.now());
    const status = await queue.status();
    samples.push({
      second,
      turns,
      waiting: status.totals.pending + status.totals.processing,
      embedWaiting: status.byType.EMBED_DOCUMENTS.pending,
      byType: Object.entries(status.byType)
        .filter(([, counts]) => counts.pending + counts.processing > 0)
        .map(([type, counts]) => `${type} ${counts.pending + counts.processing}`)
        .join(', '),
      done: status.totals.completed - doneBefore,
    });
  }
  stop = true;
  await Promise.all(players);
  const stoppedAt = performance.now();
  const left = (await queue.status()).totals;
  await drain(queue, 900_000);
  const drainMs = performance.now() - stoppedAt;
  const done = (await queue.status()).totals.completed - doneBefore;

  await narrative.stopWorkers();
  await queue.stop();
  await gateway.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  return {
    clients,
    bound: settings.narrative.max_pending_embeddings,
    samples,
    turns,
    refused,
    maxEmbedWaiting: Math.max(...samples.map((sample) => sample.embedWaiting)),
    left: left.pending + left.processing,
    drainMs,
    done,
    playSeconds: (stoppedAt - started) / 1_000,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

async function drain(queue: Awaited<ReturnType<typeof openQueue>>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const { totals } = await queue.status();
    if (totals.pending + totals.processing === 0) return;
    await sleep(100);
  }
  throw new Error(`the queue did not drain in ${timeoutMs / 1_000} s`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

const baseline = await run(1);
const loaded = await run(CLIENTS);
console.log(
  `bench/backlog: the demo world, players thinking ${THINK} ms between turns, ${SECONDS} s of play, ` +
    `embedder ${EMBEDDER === 'use' ? 'USE lite (default)' : 'hashing'}, SQLite, in-process workers\n`,
);
for (const result of [baseline, loaded]) {
  console.log(`${result.clients} player${result.clients === 1 ? '' : 's'}: backlog each second`);
  table(
    result.samples.map((sample) => ({
      s: String(sample.second),
      'turns played': String(sample.turns),
      'tasks waiting': String(sample.waiting),
      'tasks done': String(sample.done),
      'waiting by type': sample.byType || '–',
    })),
  );
  console.log('');
}
table(
  [baseline, loaded].map((result) => ({
    players: String(result.clients),
    'turns/s': (result.turns / result.playSeconds).toFixed(1),
    'turn p50 / p99 ms': `${result.p50.toFixed(0)} / ${result.p99.toFixed(0)}`,
    'turns refused (429)': String(result.refused),
    'max embeddings waiting': `${result.maxEmbedWaiting} (bound ${result.bound || 'off'})`,
    'tasks done/s while playing': (
      (result.samples.at(-1)?.done ?? 0) / Math.max(1, result.samples.length)
    ).toFixed(1),
    'backlog at stop': String(result.left),
    'max backlog': String(Math.max(...result.samples.map((sample) => sample.waiting))),
    'drain after stop': `${(result.drainMs / 1_000).toFixed(1)} s`,
  })),
);
const growth = (result: typeof loaded) => {
  const half = Math.floor(result.samples.length / 2);
  const early = result.samples[half - 1]?.waiting ?? 0;
  const late = result.samples.at(-1)?.waiting ?? 0;
  return late - early;
};
console.log(
  `\nbacklog growth over the second half of play: ${growth(loaded)} tasks with ${CLIENTS} players ` +
    `(${growth(baseline)} with 1); drain time ratio ${CLIENTS}:1 = ` +
    `${(loaded.drainMs / Math.max(1, baseline.drainMs)).toFixed(1)}×`,
);
// Turns wait at the bound, but a batch claimed or queued just before a read can pass it by a little.
const slack = CLIENTS * 2;
console.log(
  loaded.bound > 0
    ? `embedding backlog bounded by narrative.max_pending_embeddings (${loaded.bound}, slack ${slack}): ` +
        (loaded.maxEmbedWaiting <= loaded.bound + slack ? 'yes' : `NO (${loaded.maxEmbedWaiting})`)
    : 'narrative.max_pending_embeddings is off: nothing bounds the embedding backlog',
);

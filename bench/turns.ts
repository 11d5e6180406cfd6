/**
 * bench/turns: the turn loop (src/narrative) in process, on SQLite in a temp folder, every role on the
 * offline provider (a zero-latency model), in one run, for each embedder (`--embedders hashing,use`):
 *
 *   setup        a generated world of N entities (default 10,000; unique names, mixed types, 1–3
 *                sentences each) written in one transaction, then embedded and indexed.
 *   overhead     T turns (default 200) that name entities, workers stopped: p50/p99 of the turn's
 *                overhead (everything but the model: retrieval, rendering, parsing, the write), split
 *                into retrieval and the rest, and without the query's embedding (timed inside the
 *                turn); the baseline is a bare `gateway.complete` of the same narrator prompts (the
 *                model time alone). Goal: overhead p99 < 20 ms.
 *   backlog      the T turns' tasks (ANALYZE_TURN, SIMULATE_WORLD, and what they queue) drained by
 *                the workers started afterwards: tasks/second by type and in total.
 *   chain        C turns (default 50) played one at a time, `--spacing` ms apart (default 100),
 *                workers running: from the turn's answer until (a) its ANALYZE_TURN, the UPDATE_NOTE
 *                and CREATE_ENTITY tasks it queued and their EMBED_DOCUMENTS are done and (b) each new
 *                fact is found by search (the analysis's new information finds the entity's session
 *                document in the top 5; a created entity's name finds it). Goal: (a) p99 < 1 s.
 *
 * The neural embedder (USE lite, the default for the offline provider) costs ~0.5–7 ms a text on ONNX
 * Runtime, ~2–40 ms on WebAssembly (`use-wasm`, the fallback when ONNX Runtime is not installed): only
 * `--use-embedded` documents (default 1,000) are embedded by it at setup; the rest get stand-in
 * vectors (noisy copies of real ones) so that the index has its full size (see bench/lib/bulk-world.ts).
 *
 *   npm run bench:turns [-- --entities 10000 --turns 200 --chain-turns 50 --spacing 100
 *                          --embedders hashing,use,use-wasm --use-embedded 1000 --simulate-every 10
 *                          --phases overhead,backlog,chain]
 * Every flag can be given as an environment variable too: BENCH_TURNS_ENTITIES=2000 npm run bench:turns
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, loadConfig } from '../src/config/index.js';
import type { CompletionRequest } from '../src/gateway/gateway.js';
import { createGateway, type Gateway } from '../src/gateway/index.js';
import { type MaintenanceQueue, openQueue, type Task, type TaskType } from '../src/jobs/index.js';
import { onnxRuntimeLoads } from '../src/memory/embedders/neural-model.js';
import {
  type Embedder,
  type EmbedQueryOptions,
  embedderFor,
  Memory,
  NeuralEmbedder,
} from '../src/memory/index.js';
import { derivedEntityId, Narrative } from '../src/narrative/index.js';
import { PromptLibrary, SHIPPED_PROMPTS_DIR, TemplateEngine } from '../src/prompts/index.js';
import { openStore } from '../src/store/index.js';
import { bulkCreateEntities, indexWorld } from './lib/bulk-world.js';
import { ms, summarize, table } from './lib/report.js';
import { generateInputs, generateWorld } from './lib/world-gen.js';

const flag = (name: string, fallback: string) => ({
  type: 'string' as const,
  default: process.env[`BENCH_TURNS_${name.toUpperCase().replaceAll('-', '_')}`] ?? fallback,
});
const { values } = parseArgs({
  options: {
    entities: flag('entities', '10000'),
    turns: flag('turns', '200'),
    'chain-turns': flag('chain-turns', '50'),
    spacing: flag('spacing', '100'),
    embedders: flag('embedders', 'hashing,use'),
    'use-embedded': flag('use-embedded', '1000'),
    'simulate-every': flag('simulate-every', '10'),
    warmup: flag('warmup', '5'),
    phases: flag('phases', 'overhead,backlog,chain'),
  },
});
const ENTITIES = Number(values.entities);
const TURNS = Number(values.turns);
const CHAIN_TURNS = Number(values['chain-turns']);
const SPACING_MS = Number(values.spacing);
const USE_EMBEDDED = Number(values['use-embedded']);
const SIMULATE_EVERY = Number(values['simulate-every']);
const WARMUP = Number(values.warmup);
const PHASES = new Set(values.phases.split(',').map((name) => name.trim()));
for (const name of PHASES)
  if (!['overhead', 'backlog', 'chain'].includes(name))
    throw new Error(`--phases: overhead, backlog or chain, not "${name}"`);
/** `use` is USE lite as the server runs it (ONNX Runtime when installed); `use-wasm` on WebAssembly. */
type EmbedderName = 'hashing' | 'use' | 'use-wasm';
const EMBEDDERS = values.embedders.split(',').map((name) => name.trim()) as Array<EmbedderName>;
for (const name of EMBEDDERS)
  if (!['hashing', 'use', 'use-wasm'].includes(name))
    throw new Error(`--embedders: hashing, use or use-wasm, not "${name}"`);

/** Where `use` runs: ONNX Runtime when its optional package loads here, else WebAssembly. */
const USE_BACKEND = (await onnxRuntimeLoads()) ? 'ONNX Runtime' : 'WebAssembly';
const OVERHEAD_GOAL_MS = 20;
const CHAIN_GOAL_MS = 1_000;

/** The embedder with a clock: how long the real embedding took since the last reset. */
class TimedEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  spentMs = 0;
  calls = 0;
  /** Texts sent to the model: documents, and queries by kind. */
  texts = { documents: 0, queries: 0, background: 0 };

  constructor(readonly inner: Embedder) {
    this.model = inner.model;
    this.dimensions = inner.dimensions;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.texts.documents += texts.length;
    const started = performance.now();
    try {
      return await this.inner.embed(texts);
    } finally {
      this.spentMs += performance.now() - started;
      this.calls += 1;
    }
  }

  /** A search query goes to the inner embedder's query path (the neural thread's query lane). */
  async embedQuery(text: string, options?: EmbedQueryOptions): Promise<Float32Array> {
    if (options?.background) this.texts.background += 1;
    else this.texts.queries += 1;
    const started = performance.now();
    try {
      if (this.inner.embedQuery) return await this.inner.embedQuery(text, options);
      return (await this.inner.embed([text]))[0] as Float32Array;
    } finally {
      this.spentMs += performance.now() - started;
      this.calls += 1;
    }
  }

  reset(): void {
    this.spentMs = 0;
    this.calls = 0;
  }
}

interface TaskEvent {
  task: Task;
  outcome: string;
  result: unknown;
  claimedAt: number;
  at: number;
}

/** The pieces `loremaster serve` wires, without HTTP (as src/cli/narrative-commands.ts openRuntime). */
async function openRuntime(embedderName: EmbedderName, dir: string) {
  const config = loadConfig({
    env: {},
    overrides: {
      'database.sqlite_path': join(dir, 'bench.db'),
      'narrative.simulation_every_turns': SIMULATE_EVERY,
      // The overhead phase builds a backlog on purpose (workers stopped): no backpressure.
      'narrative.max_unanalysed_turns': 0,
      ...(embedderName === 'hashing' && { 'roles.embedding.model': 'hashing' }),
    },
  });
  const { settings } = config;
  const logger = createLogger('error', process.stderr);
  const store = await openStore(settings.database);
  const gateway = await createGateway({
    settings,
    secrets: config.secrets,
    logger,
    usageSink: store.usageSink,
  });
  const baseQueue = await openQueue(store, { jobs: settings.jobs, database: settings.database });
  // The queue as the workers see it, with the time each task was claimed (for the chain's timing).
  const claimedAt = new Map<string, number>();
  const queue: MaintenanceQueue = new Proxy(baseQueue, {
    get(target, property) {
      if (property === 'claim')
        return async (...args: Parameters<MaintenanceQueue['claim']>) => {
          const tasks = await target.claim(...args);
          const at = performance.now();
          for (const task of tasks) claimedAt.set(task.id, at);
          return tasks;
        };
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  // The gateway as the narrative sees it, keeping the narrator's calls (the baseline replays them).
  const narratorCalls: CompletionRequest[] = [];
  let recordNarrator = false;
  const recording: Gateway = new Proxy(gateway, {
    get(target, property) {
      if (property === 'complete')
        return (request: CompletionRequest) => {
          if (recordNarrator && request.meta?.prompt === 'narrator') narratorCalls.push(request);
          return target.complete(request);
        };
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const embedder = new TimedEmbedder(
    embedderName === 'use-wasm' ? new NeuralEmbedder({ backend: 'wasm' }) : embedderFor(settings, gateway),
  );
  const memory = new Memory({ store, settings, gateway, queue, embedder, indexDirectory: null });
  await memory.open();
  const library = new PromptLibrary(store, new TemplateEngine());
  await library.syncFiles(SHIPPED_PROMPTS_DIR);
  const prompts = { gateway: recording, store, library, settings, environment: undefined };
  const narrative = new Narrative({ store, gateway: recording, memory, prompts, settings, queue });
  const events: TaskEvent[] = [];
  const errors: string[] = [];
  const startWorkers = () =>
    narrative.startWorkers({
      onTask: (task, outcome, result) =>
        events.push({ task, outcome, result, claimedAt: claimedAt.get(task.id) ?? 0, at: performance.now() }),
      onError: (error, task) => {
        if (errors.length < 20) errors.push(`${task?.type ?? 'worker'}: ${String(error).slice(0, 200)}`);
      },
    });
  const close = async () => {
    await narrative.stopWorkers();
    await queue.stop();
    await memory.close();
    await gateway.close();
    await store.close();
  };
  return {
    settings,
    store,
    gateway,
    queue,
    memory,
    embedder,
    narrative,
    narratorCalls,
    setRecording: (on: boolean) => {
      recordNarrator = on;
    },
    events,
    errors,
    startWorkers,
    close,
  };
}

type Runtime = Awaited<ReturnType<typeof openRuntime>>;

const overheadRows: Array<Record<string, string>> = [];
const setupRows: Array<Record<string, string>> = [];
const backlogRows: Array<Record<string, string>> = [];
const chainRows: Array<Record<string, string>> = [];
const verdicts: string[] = [];
const bareCallP99 = new Map<string, number>();
const notes: string[] = [];

function label(name: EmbedderName): string {
  return name === 'hashing'
    ? 'hashing'
    : name === 'use'
      ? `USE lite (${USE_BACKEND})`
      : 'USE lite (WebAssembly)';
}

async function setup(runtime: Runtime, name: EmbedderName) {
  const world = generateWorld(ENTITIES);
  let started = performance.now();
  const created = await runtime.narrative.worlds.createWorld({
    name: 'Benchmark Reach',
    description: 'A generated world for the turn benchmark.',
    settings: { theme: { genre: 'low fantasy', tone: 'wry' }, state: { location: 'the old road' } },
  });
  const ids = await bulkCreateEntities(runtime.store, created.id, world.entities);
  const rowsMs = performance.now() - started;
  started = performance.now();
  const indexed = await indexWorld(
    runtime.memory,
    runtime.store,
    ids,
    name !== 'hashing' ? Math.min(USE_EMBEDDED, ids.length) : ids.length,
  );
  const indexMs = performance.now() - started;
  setupRows.push({
    embedder: label(name),
    entities: ENTITIES.toLocaleString('en'),
    'rows (1 transaction)': `${(rowsMs / 1_000).toFixed(1)} s`,
    'embed + index': `${(indexMs / 1_000).toFixed(1)} s`,
    'embedded by the model': indexed.embedded.toLocaleString('en'),
    'per text': `${ms(indexed.embedMs / indexed.embedded)} ms`,
    'stand-in vectors': indexed.standIns.toLocaleString('en'),
    total: `${((rowsMs + indexMs) / 1_000).toFixed(1)} s`,
  });
  if (indexed.standIns > 0)
    notes.push(
      `${label(name)}: ${indexed.standIns.toLocaleString('en')} of ${ENTITIES.toLocaleString('en')} vectors are stand-ins ` +
        `(embedding them all would take ~${((ENTITIES * indexed.embedMs) / indexed.embedded / 1_000).toFixed(0)} s here); ` +
        'the index has its full size, search cost is the same.',
    );
  return { world, worldId: created.id };
}

async function overhead(runtime: Runtime, name: EmbedderName, worldId: string, inputs: string[]) {
  const session = await runtime.store.sessions.create({ worldId, player: 'Bench' });
  // Warm-up: model load, JIT, the world's name list; not counted.
  for (let n = 0; n < WARMUP; n += 1)
    await runtime.narrative.turns.play({ sessionId: session.id, input: `I look around the square (${n}).` });
  const overheadMs: number[] = [];
  const retrievalMs: number[] = [];
  const restMs: number[] = [];
  const queryEmbedMs: number[] = [];
  const withoutEmbedMs: number[] = [];
  const modelMs: number[] = [];
  const totalMs: number[] = [];
  runtime.setRecording(true);
  for (const input of inputs) {
    runtime.embedder.reset();
    const result = await runtime.narrative.turns.play({ sessionId: session.id, input });
    const { timings } = result;
    overheadMs.push(timings.overheadMs);
    retrievalMs.push(timings.retrievalMs);
    restMs.push(timings.overheadMs - timings.retrievalMs);
    queryEmbedMs.push(runtime.embedder.spentMs);
    withoutEmbedMs.push(timings.overheadMs - runtime.embedder.spentMs);
    modelMs.push(timings.modelMs);
    totalMs.push(timings.totalMs);
  }
  runtime.setRecording(false);

  // The baseline: the same narrator calls, straight to the gateway (the model time alone).
  const bareMs: number[] = [];
  for (const call of runtime.narratorCalls) {
    const started = performance.now();
    await runtime.gateway.complete({
      model: call.model,
      messages: call.messages,
      ...(call.options && { options: call.options }),
    });
    bareMs.push(performance.now() - started);
  }
  const bare = summarize(bareMs);
  bareCallP99.set(name, bare.p99);
  const row = (measure: string, values: number[]) => {
    const s = summarize(values);
    return {
      embedder: label(name),
      measure,
      'p50 ms': ms(s.p50),
      'p99 ms': ms(s.p99),
      'mean ms': ms(s.mean),
      'p99 / bare call p99': `${(s.p99 / bare.p99).toFixed(1)}x`,
    };
  };
  overheadRows.push(
    row('turn overhead (all but the model)', overheadMs),
    row('  retrieval', retrievalMs),
    row('  rest: session/world reads, render, parse, write', restMs),
    row('  query embedding (inside retrieval)', queryEmbedMs),
    row('turn overhead minus query embedding', withoutEmbedMs),
    row('model time inside the turn', modelMs),
    row('turn total', totalMs),
    row('baseline: bare gateway.complete, same prompt', bareMs),
  );
  const p99 = summarize(overheadMs).p99;
  const p99NoEmbed = summarize(withoutEmbedMs).p99;
  verdicts.push(
    `turn overhead p99 < ${OVERHEAD_GOAL_MS} ms, ${label(name)}: ${p99 < OVERHEAD_GOAL_MS ? 'MET' : 'NOT MET'} ` +
      `(p99 ${ms(p99)} ms; without the query embedding ${ms(p99NoEmbed)} ms: ` +
      `${p99NoEmbed < OVERHEAD_GOAL_MS ? 'met' : 'not met'})`,
  );
  return session.id;
}

async function drained(runtime: Runtime, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const status = await runtime.queue.status();
    if (status.totals.pending + status.totals.processing === 0) return true;
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function backlog(runtime: Runtime, name: EmbedderName) {
  const before = await runtime.queue.status();
  const queued = before.totals.pending;
  const started = performance.now();
  const firstEvent = runtime.events.length;
  runtime.startWorkers();
  const ok = await drained(runtime, 240_000);
  const seconds = (performance.now() - started) / 1_000;
  const events = runtime.events.slice(firstEvent);
  const byType = new Map<TaskType, { n: number; busyMs: number; failed: number }>();
  for (const event of events) {
    const entry = byType.get(event.task.type) ?? { n: 0, busyMs: 0, failed: 0 };
    if (event.outcome === 'completed') entry.n += 1;
    else entry.failed += 1;
    if (event.claimedAt > 0) entry.busyMs += event.at - event.claimedAt;
    byType.set(event.task.type, entry);
  }
  const types: TaskType[] = [
    'ANALYZE_TURN',
    'UPDATE_NOTE',
    'CREATE_ENTITY',
    'SIMULATE_WORLD',
    'EMBED_DOCUMENTS',
  ];
  let total = 0;
  for (const type of types) {
    const entry = byType.get(type);
    if (!entry) continue;
    total += entry.n;
    backlogRows.push({
      embedder: label(name),
      type,
      completed: String(entry.n),
      failed: String(entry.failed),
      'tasks/s (over the drain)': (entry.n / seconds).toFixed(1),
      'mean ms claim→done': ms(entry.busyMs / Math.max(1, entry.n + entry.failed), 1),
    });
  }
  backlogRows.push({
    embedder: label(name),
    type: `total (${queued} queued at start)`,
    completed: String(total),
    failed: String(events.length - total),
    'tasks/s (over the drain)': (total / seconds).toFixed(1),
    'mean ms claim→done': `drained in ${seconds.toFixed(1)} s${ok ? '' : ' (TIMED OUT)'}`,
  });
}

interface Fact {
  turnId: number;
  kind: 'update' | 'creation';
  q: string;
  documentId: string;
  /** When the task that wrote it was claimed: its EMBED_DOCUMENTS is claimed after that. */
  writtenAfter: number;
  embedChecked: boolean;
  foundAt?: number;
  checks: number;
}

async function chain(runtime: Runtime, name: EmbedderName, worldId: string, inputs: string[]) {
  const session = await runtime.store.sessions.create({ worldId, player: 'Bench' });
  const sessionId = session.id;
  const answeredAt = new Map<number, number>();
  const facts: Fact[] = [];
  const pendingChecks = new Set<Promise<void>>();
  const firstEvent = runtime.events.length;

  const check = (fact: Fact) => {
    if (fact.foundAt !== undefined) return;
    const run = (async () => {
      fact.checks += 1;
      const issued = performance.now();
      const answer = await runtime.memory.search({ worldId, q: fact.q, sessionId, k: 5 });
      if (fact.foundAt === undefined && answer.results.some((result) => result.id === fact.documentId))
        fact.foundAt = issued;
    })().catch(() => {});
    pendingChecks.add(run);
    void run.finally(() => pendingChecks.delete(run));
  };
  // A fact is findable by words once written, by meaning once embedded: it is searched for at those
  // two moments only (its own write and its own embedding), so a later write of the same entity
  // cannot count as finding it.
  let seen = runtime.events.length;
  const watcher = setInterval(() => {
    for (; seen < runtime.events.length; seen += 1) {
      const event = runtime.events[seen] as TaskEvent;
      const data = event.task.data as Record<string, unknown>;
      if (event.task.sessionId !== sessionId && event.task.type !== 'EMBED_DOCUMENTS') continue;
      if (event.task.type === 'UPDATE_NOTE' && data.source === 'analysis' && event.outcome === 'completed') {
        const fact: Fact = {
          turnId: Number(data.turnId),
          kind: 'update',
          q: String(data.newInformation),
          documentId: `${String(data.entityId)}@${sessionId}`,
          writtenAfter: event.claimedAt,
          embedChecked: false,
          checks: 0,
        };
        facts.push(fact);
        check(fact);
      } else if (event.task.type === 'CREATE_ENTITY' && event.outcome === 'completed') {
        const status = (event.result as { status?: string } | undefined)?.status;
        if (status !== 'done') continue;
        const fact: Fact = {
          turnId: Number(data.turnId),
          kind: 'creation',
          q: String(data.name),
          documentId: `${derivedEntityId(worldId, String(data.name), sessionId)}@${sessionId}`,
          writtenAfter: event.claimedAt,
          embedChecked: false,
          checks: 0,
        };
        facts.push(fact);
        check(fact);
      } else if (event.task.type === 'EMBED_DOCUMENTS') {
        const ids = new Set((data.documentIds as string[] | undefined) ?? []);
        for (const fact of facts)
          if (!fact.embedChecked && ids.has(fact.documentId) && event.claimedAt >= fact.writtenAfter) {
            fact.embedChecked = true;
            check(fact);
          }
      }
    }
  }, 2);

  const playStarted = performance.now();
  const textsBefore = { ...runtime.embedder.texts };
  const busyOverheadMs: number[] = [];
  for (const input of inputs) {
    const result = await runtime.narrative.turns.play({ sessionId, input });
    answeredAt.set(result.turn.id, performance.now());
    busyOverheadMs.push(result.timings.overheadMs);
    await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
  }
  const ok = await drained(runtime, 120_000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(watcher);
  await Promise.all([...pendingChecks]);
  const playSeconds = (performance.now() - playStarted) / 1_000;
  const texts = runtime.embedder.texts;
  notes.push(
    `${label(name)}, chain: the model embedded ${texts.documents - textsBefore.documents} documents, ` +
      `${texts.queries - textsBefore.queries} player queries and ${texts.background - textsBefore.background} ` +
      `analysis searches for ${inputs.length} turns`,
  );

  const busy = summarize(busyOverheadMs);
  const bareP99 = bareCallP99.get(name) ?? Number.NaN;
  overheadRows.push({
    embedder: label(name),
    measure: `turn overhead while the workers run (${busy.n} turns of the chain phase)`,
    'p50 ms': ms(busy.p50),
    'p99 ms': ms(busy.p99),
    'mean ms': ms(busy.mean),
    'p99 / bare call p99': `${(busy.p99 / bareP99).toFixed(1)}x`,
  });

  // (a) the chain: ANALYZE_TURN, its follow-ups, and their EMBED_DOCUMENTS after them.
  const events = runtime.events.slice(firstEvent);
  const embeds = events.filter((event) => event.task.type === 'EMBED_DOCUMENTS');
  const chainMs: number[] = [];
  let incomplete = 0;
  let followUps = 0;
  let withoutFollowUps = 0;
  for (const [turnId, answered] of answeredAt) {
    const analyse = events.find(
      (event) =>
        event.task.type === 'ANALYZE_TURN' && (event.task.data as { turnId?: number }).turnId === turnId,
    );
    if (analyse?.outcome !== 'completed') {
      incomplete += 1;
      continue;
    }
    let done = analyse.at;
    const turn = await runtime.store.sessions.turnById(turnId);
    const analysis = (turn?.analysis ?? {}) as { updates?: unknown[]; creations?: unknown[] };
    const expected = (analysis.updates?.length ?? 0) + (analysis.creations?.length ?? 0);
    const mine = events.filter(
      (event) =>
        (event.task.type === 'UPDATE_NOTE' || event.task.type === 'CREATE_ENTITY') &&
        (event.task.data as { turnId?: number; source?: string }).turnId === turnId &&
        (event.task.data as { source?: string }).source !== 'simulation',
    );
    followUps += mine.length;
    if (expected === 0) withoutFollowUps += 1;
    let complete = mine.length >= expected;
    for (const event of mine) {
      done = Math.max(done, event.at);
      if (event.outcome !== 'completed') complete = false;
      if ((event.result as { status?: string } | undefined)?.status !== 'done') continue;
      const data = event.task.data as { entityId?: string; name?: string };
      const documentId =
        event.task.type === 'UPDATE_NOTE'
          ? `${data.entityId}@${sessionId}`
          : `${derivedEntityId(worldId, String(data.name), sessionId)}@${sessionId}`;
      const embed = embeds.find(
        (candidate) =>
          candidate.claimedAt >= event.claimedAt &&
          ((candidate.task.data as { documentIds?: string[] }).documentIds ?? []).includes(documentId),
      );
      if (embed?.outcome !== 'completed') complete = false;
      else done = Math.max(done, embed.at);
    }
    if (complete) chainMs.push(done - answered);
    else incomplete += 1;
  }
  // (b) the facts found by search.
  const foundMs = facts.flatMap((fact) =>
    fact.foundAt !== undefined ? [fact.foundAt - (answeredAt.get(fact.turnId) ?? fact.foundAt)] : [],
  );
  const a = summarize(chainMs);
  const b = summarize(foundMs);
  chainRows.push(
    {
      embedder: label(name),
      measure: '(a) answer → analysis, follow-ups and their embedding done',
      n: `${a.n} turns`,
      'p50 ms': ms(a.p50, 1),
      'p99 ms': ms(a.p99, 1),
      'max ms': ms(a.max, 1),
      notes: `${followUps} follow-ups; ${withoutFollowUps} turns planned none; ${incomplete} incomplete${ok ? '' : '; queue NOT drained'}`,
    },
    {
      embedder: label(name),
      measure: '(b) answer → new fact found by search (top 5)',
      n: `${b.n}/${facts.length} facts`,
      'p50 ms': ms(b.p50, 1),
      'p99 ms': ms(b.p99, 1),
      'max ms': ms(b.max, 1),
      notes: `${facts.filter((fact) => fact.kind === 'update').length} note updates, ${facts.filter((fact) => fact.kind === 'creation').length} new entities; ${facts.length - b.n} not in the top 5 when written nor when embedded`,
    },
  );
  verdicts.push(
    `background chain p99 < ${CHAIN_GOAL_MS} ms, ${label(name)}: ${a.n > 0 && a.p99 < CHAIN_GOAL_MS && incomplete === 0 ? 'MET' : 'NOT MET'} ` +
      `(p99 ${ms(a.p99, 1)} ms over ${a.n} turns, ${incomplete} incomplete; ${inputs.length} turns in ${playSeconds.toFixed(1)} s)`,
  );
}

const benchStarted = performance.now();
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `machine: ${availableParallelism()} cores (${cpu}), load ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}, Node ${process.version}`,
);
console.log(
  `world: ${ENTITIES.toLocaleString('en')} entities; ${TURNS} turns (workers stopped), then their backlog; ` +
    `${CHAIN_TURNS} turns ${SPACING_MS} ms apart (workers running); SIMULATE_WORLD every ${SIMULATE_EVERY} turns; ` +
    `every role on the offline provider; SQLite + table queue\n`,
);

for (const name of EMBEDDERS) {
  const dir = mkdtempSync(join(tmpdir(), 'loremaster-bench-turns-'));
  let runtime: Runtime | undefined;
  try {
    runtime = await openRuntime(name, dir);
    process.stdout.write(`[${label(name)}] setup… `);
    const { world, worldId } = await setup(runtime, name);
    const inputs = generateInputs(world, TURNS + CHAIN_TURNS);
    if (PHASES.has('overhead')) {
      process.stdout.write('turns… ');
      await overhead(runtime, name, worldId, inputs.slice(0, TURNS));
    }
    // The chain needs the workers, which the backlog phase starts (after draining what the turns queued).
    if (PHASES.has('backlog') || PHASES.has('chain')) {
      process.stdout.write('backlog… ');
      await backlog(runtime, name);
    }
    if (PHASES.has('chain')) {
      process.stdout.write('chain… ');
      await chain(runtime, name, worldId, inputs.slice(TURNS));
    }
    const dead = (await runtime.queue.status()).failures;
    if (dead.dead > 0)
      notes.push(
        `${label(name)}: ${dead.dead} dead-lettered: ${dead.recent.map((task) => `${task.type} ${task.error}`).join('; ')}`,
      );
    if (runtime.errors.length > 0)
      notes.push(`${label(name)}: task errors: ${runtime.errors.slice(0, 5).join(' | ')}`);
    console.log('done');
  } finally {
    await runtime?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log('\nsetup');
table(setupRows);
console.log(
  `\nturn overhead (${TURNS} turns, workers stopped; baseline: the same narrator prompts, bare gateway.complete)`,
);
table(overheadRows);
console.log('\nmaintenance backlog drained by the in-process workers');
table(backlogRows);
console.log(`\nturn → facts searchable (${CHAIN_TURNS} turns, ${SPACING_MS} ms apart, workers running)`);
table(chainRows);
console.log('');
for (const verdict of verdicts) console.log(verdict);
for (const note of notes) console.log(`note: ${note}`);
console.log(
  `\nbench time ${((performance.now() - benchStarted) / 1_000).toFixed(0)} s; load now ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')} on ${availableParallelism()} cores`,
);

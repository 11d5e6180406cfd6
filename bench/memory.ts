/**
 * bench/memory: does the world remember what a session said? Scripted 50-turn sessions on SQLite in a
 * temp folder, the analysis role answered by an oracle (a fake model that gives the right Intentions
 * for each turn, after `--latency` ms, as a hosted model would), every other role offline.
 *
 * The script meets a new character every fourth turn (a creation with an epithet as its alias) and,
 * in between, states facts about the characters met so far, mostly the one met a turn earlier, named
 * by its epithet or its name; now and then it "meets" a known character again (a creation under an
 * existing name). Two ways of running it, in the same run:
 *
 *   in step   (the baseline) the workers run while the session is played, each turn's tasks drained
 *             before the next turn.
 *   backlog   the whole session is played with the workers stopped, then `--workers` workers drain
 *             the backlog (analyses of later turns can start before earlier ones).
 *
 * Measured: facts kept / facts scripted (each fact found in the note of the right entity, as the
 * session sees it), duplicate entities (one name, two entities), aliases resolved (an epithet finds its
 * character). Goal: 100%, 0, all.
 *
 *   npm run bench:memory [-- --turns 50 --latency 400 --workers 4 --sessions 2]   (--quick: 1 × 12 turns at 50 ms)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/index.js';
import { openQueue } from '../src/jobs/index.js';
import { embedderFor, Memory } from '../src/memory/index.js';
import { Narrative, nameKey } from '../src/narrative/index.js';
import { PromptLibrary, SHIPPED_PROMPTS_DIR, TemplateEngine } from '../src/prompts/index.js';
import { openStore } from '../src/store/index.js';
import { ORACLE_CONFIG, type OracleAnswers, oracleGateway } from '../test/support/oracle-analyst.js';
import { table } from './lib/report.js';

const { values } = parseArgs({
  options: {
    turns: { type: 'string', default: '50' },
    latency: { type: 'string', default: '400' },
    workers: { type: 'string', default: '4' },
    sessions: { type: 'string', default: '2' },
    /** CI: one session of 12 turns at 50 ms (the full run is the default). */
    quick: { type: 'boolean', default: false },
  },
});
const TURNS = values.quick ? 12 : Number(values.turns);
const LATENCY = values.quick ? 50 : Number(values.latency);
const WORKERS = Number(values.workers);
const SESSIONS = values.quick ? 1 : Number(values.sessions);

const FIRST = [
  'Hesk',
  'Marrow',
  'Ilse',
  'Tobin',
  'Varga',
  'Orla',
  'Quill',
  'Sabeth',
  'Dunmore',
  'Fenna',
  'Corvid',
  'Ysolde',
  'Pell',
  'Ashby',
];
const LAST = [
  'Vane',
  'Oakes',
  'Thorne',
  'Kettle',
  'Brand',
  'Mourn',
  'Hallow',
  'Rook',
  'Finch',
  'Crane',
  'Sallow',
  'Weir',
  'Gant',
  'Loam',
];
const EPITHETS = [
  'the ferryman',
  'the bell-ringer',
  'the one-eyed cooper',
  'the salt widow',
  'the lamplighter',
  'the drowned priest',
  'the tinker',
  'the mapmaker',
  'the grey archer',
  'the river judge',
  'the candle thief',
  'the old shepherd',
  'the ash-monk',
  'the peddler queen',
];
const FACTS = [
  'owes money to the toll house',
  'keeps a key to the flooded crypt',
  'was born in the marsh villages',
  'fears the sound of bells',
  'carries a letter sealed in green wax',
  'once served the Duke',
  'knows the ford is cursed',
  'hides a wound under the left sleeve',
  'sings when lying',
  'buried a brother under the mill',
];

interface Scripted {
  input: string;
  intentions: unknown;
  facts: Array<{ name: string; text: string }>;
}

/** The session's script: inputs, the right Intentions for each, and the facts it states. */
function script(tag: string): { turns: Scripted[]; characters: Array<{ name: string; epithet: string }> } {
  const characters: Array<{ name: string; epithet: string }> = [];
  const turns: Scripted[] = [];
  for (let n = 0; n < TURNS; n += 1) {
    const fact = FACTS[n % FACTS.length] as string;
    if (n % 4 === 0 && characters.length < FIRST.length) {
      const k = characters.length;
      const character = { name: `${FIRST[k]} ${LAST[k]}`, epithet: EPITHETS[k] as string };
      characters.push(character);
      const text = `${character.name} ${fact} (${tag} ${n}).`;
      turns.push({
        input: `I meet ${character.name}, ${character.epithet}. (${tag} ${n})`,
        intentions: {
          present: [character.name],
          creations: [
            {
              entity_type: 'character',
              name: character.name,
              aliases: [character.epithet],
              initial_data: `Met at the ford.`,
            },
          ],
          updates: [{ entity_id: character.name, update_type: 'fact', new_information: text }],
        },
        facts: [{ name: character.name, text }],
      });
      continue;
    }
    // Mostly the character met last, sometimes an older one; by epithet or name; a few "meet again".
    const character = (n % 5 === 3 ? characters[0] : characters.at(-1)) as { name: string; epithet: string };
    const text = `${character.name} ${fact} (${tag} ${n}).`;
    const again = n % 7 === 6;
    turns.push({
      input: `I talk with ${n % 2 ? character.epithet : character.name}. (${tag} ${n})`,
      intentions: again
        ? { creations: [{ entity_type: 'character', name: character.name, initial_data: text }] }
        : {
            updates: [
              {
                entity_id: n % 2 ? character.epithet : character.name,
                update_type: 'fact',
                new_information: text,
              },
            ],
          },
      facts: [{ name: character.name, text }],
    });
  }
  return { turns, characters };
}

async function runMode(mode: 'in step' | 'backlog') {
  const dir = mkdtempSync(join(tmpdir(), 'loremaster-bench-memory-'));
  const answers: OracleAnswers = new Map();
  const { settings } = loadConfig({
    env: {},
    overrides: {
      'database.sqlite_path': join(dir, 'bench.db'),
      ...ORACLE_CONFIG,
      'roles.embedding': { provider: 'offline', model: 'hashing' },
      'narrative.simulation_every_turns': 0,
      // The backlog mode plays the whole session before any worker runs: no backpressure.
      'narrative.max_unanalysed_turns': 0,
      'narrative.worker_concurrency': WORKERS,
      'narrative.worker_idle_ms': 20,
    },
  });
  const store = await openStore(settings.database);
  const gateway = await oracleGateway(settings, answers, LATENCY);
  const queue = await openQueue(store, { jobs: settings.jobs, database: settings.database });
  const embedder = embedderFor(settings, gateway);
  const memory = new Memory({ store, settings, gateway, queue, embedder, indexDirectory: null });
  await memory.open();
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
  const drain = async () => {
    for (let i = 0; i < 6_000; i += 1) {
      const { totals } = await queue.status();
      if (totals.pending + totals.processing === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the queue did not drain in 5 minutes');
  };
  const started = performance.now();
  const world = await narrative.worlds.createWorld({ name: 'Fordmere' });
  const sessions = await Promise.all(
    Array.from({ length: SESSIONS }, async (_, index) => ({
      id: (await store.sessions.create({ worldId: world.id })).id,
      script: script(`s${index}`),
    })),
  );
  for (const session of sessions)
    for (const turn of session.script.turns) answers.set(turn.input, turn.intentions);
  if (mode === 'in step') narrative.startWorkers();
  let maxBacklog = 0;
  for (let n = 0; n < TURNS; n += 1) {
    await Promise.all(
      sessions.map((session) =>
        narrative.turns.play({ sessionId: session.id, input: (session.script.turns[n] as Scripted).input }),
      ),
    );
    if (mode === 'in step') await drain();
    maxBacklog = Math.max(maxBacklog, (await queue.status()).totals.pending);
  }
  if (mode === 'backlog') narrative.startWorkers();
  await drain();
  const elapsed = performance.now() - started;

  let scripted = 0;
  let kept = 0;
  let duplicates = 0;
  let aliases = 0;
  let resolved = 0;
  let changed = 0;
  for (const session of sessions) {
    const views = await narrative.worlds.entities(world.id, { sessionId: session.id });
    const byName = new Map<string, typeof views>();
    for (const view of views)
      byName.set(nameKey(view.name), [...(byName.get(nameKey(view.name)) ?? []), view]);
    for (const list of byName.values()) duplicates += list.length - 1;
    for (const turn of session.script.turns)
      for (const fact of turn.facts) {
        scripted += 1;
        const entity = byName.get(nameKey(fact.name))?.[0];
        const text = `${entity?.data.note ?? ''}\n${entity?.data.description ?? ''}`;
        if (text.includes(fact.text)) kept += 1;
      }
    for (const character of session.script.characters) {
      aliases += 1;
      const entity = await narrative.worlds.resolve(world.id, character.epithet, session.id);
      if (entity && nameKey(entity.name) === nameKey(character.name)) resolved += 1;
    }
    const turns = await store.sessions.turns(session.id, { limit: TURNS });
    for (const turn of turns)
      changed += ((turn.analysis as { changed?: unknown[] } | null)?.changed ?? []).length;
  }
  await narrative.stopWorkers();
  await queue.stop();
  await gateway.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { mode, scripted, kept, duplicates, aliases, resolved, changed, maxBacklog, elapsed };
}

const rows = [];
for (const mode of ['in step', 'backlog'] as const) rows.push(await runMode(mode));
console.log(
  `bench/memory: ${SESSIONS} sessions × ${TURNS} turns, oracle analyst at ${LATENCY} ms, ${WORKERS} workers, hashing embedder\n`,
);
table(
  rows.map((row) => ({
    mode: row.mode,
    'facts kept / scripted': `${row.kept} / ${row.scripted} (${((100 * row.kept) / row.scripted).toFixed(1)}%)`,
    duplicates: String(row.duplicates),
    'aliases resolved': `${row.resolved} / ${row.aliases}`,
    'intentions redirected or merged': String(row.changed),
    'max backlog (tasks)': String(row.maxBacklog),
    'wall time': `${(row.elapsed / 1_000).toFixed(1)} s`,
  })),
);
const [baseline, backlog] = rows as [(typeof rows)[number], (typeof rows)[number]];
console.log(
  `\nfacts kept with a backlog vs in step: ${(backlog.kept / Math.max(1, baseline.kept)).toFixed(3)}×` +
    ` (goal: 100%, 0 duplicates, every alias resolved)`,
);

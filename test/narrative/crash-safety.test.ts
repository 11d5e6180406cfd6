/**
 * Crash safety of the maintenance worker, with real processes: a `loremaster worker` killed with
 * SIGKILL in the middle of its tasks, then restarted, leaves every task done once in effect — no lost
 * update, no duplicate entity (issue 6, point 7; ARCHITECTURE.md, "The four roles of a turn").
 *
 * The test process seeds a world (20 characters, two with aliases) and a session (the world is not
 * shared: changes go to the session's overlay), and queues 40 UPDATE_NOTE and 20 CREATE_ENTITY tasks
 * as turns would: two updates of one character and one creation per turn; new names repeated in
 * several tasks and spellings, two of them aliases of characters and one a character's name. The
 * worker's maintenance model is a fake OpenAI-compatible upstream answering after ~300 ms. Once the
 * first worker has done some tasks, the fake stops answering; the worker is killed with SIGKILL while
 * its claimed tasks wait on their model calls. A second worker (lease 1.5 s) reclaims them and
 * finishes; everything is then read back from the database.
 *
 * The fake upstream's answer echoes the first words of the prompt ("Character: <name> Current note:"),
 * which `mergeNote` recognises as an echo, not a rewrite: the stored note is then the current note plus
 * the new information. Every fact queued for an entity must therefore be in its final note.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { jobsSchema } from '../../src/config/jobs-schema.js';
import { databaseConfigSchema } from '../../src/config/store-schema.js';
import { type MaintenanceQueue, openQueue, type Task, type TaskState } from '../../src/jobs/index.js';
import { entityInputSchema, nameKey } from '../../src/narrative/entities.js';
import { WorldService } from '../../src/narrative/worlds.js';
import { openStore, type Store } from '../../src/store/index.js';
import { type CliProcess, spawnCli } from '../support/cli-process.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

/** Two real worker processes, 60 model calls at ~300 ms, on a busy 2-core machine. */
const SCENARIO_TIMEOUT = 120_000;
const WORKER_READY_MS = 30_000;
const KILL_WINDOW_MS = 60_000;
const DRAIN_MS = 60_000;
const POLL_MS = 50;
const LEASE_MS = 1_500;
const KILL_AFTER_COMPLETED = 8;
/** The fake model's answer time: tasks take a while, so several are in flight at once. */
const LATENCY_MS = 300;
/** The fake model's answer time while the first worker is being stopped: its calls never return. */
const HANG_MS = 60_000;
/** Task counts unchanged this long (beyond LATENCY_MS): every claimed task waits on a hung call. */
const SETTLE_MS = 600;
/** Ten idle polls of the worker (`narrative.worker_idle_ms: 100`). */
const IDLE_CHECK_MS = 1_000;

const CHARACTERS = [
  'Mira Thornwood',
  'Garrick Vane',
  'Elsbeth Morrow',
  'Tobias Quill',
  'Wren Halloway',
  'Corin Ashdown',
  'Isolde Fenn',
  'Bram Oakheart',
  'Liesel Crane',
  'Odo Marsh',
  'Sabine Roux',
  'Fennick Dray',
  'Agatha Pell',
  'Rollo Birch',
  'Tamsin Vey',
  'Edric Stone',
  'Nell Haverly',
  'Ivo Brandt',
  'Petra Lume',
  'Silas Grell',
];
/** Aliases of seeded characters: a CREATE_ENTITY under one of them must create nothing. */
const ALIASES: Record<string, string[]> = {
  'Garrick Vane': ['Old Ferryman'],
  'Mira Thornwood': ['Lantern Keeper'],
};
const FACTS = [
  'the lantern was relit',
  'a raven brought a sealed letter',
  'the bridge toll was doubled',
  'a silver locket was found in the well',
  'the mill wheel stopped at midnight',
];
/** CREATE_ENTITY names, in queue order: repeats, other spellings, aliases, a seeded name. */
const CREATIONS = [
  'Hollow King',
  'Ysolda Merrin',
  // Claimed together with the next one (same batch of four), and in flight when the worker is killed.
  'Brother Anselm',
  'brother anselm',
  'Old Ferryman',
  'Cass Winterbourne',
  // Claimed together with the next one.
  'the Hollow King',
  'HOLLOW KING',
  'Ysolda  Merrin',
  'Dunstan Reeve',
  'the Lantern Keeper',
  'Maud Tilling',
  'Garrick Vane',
  'Oswin Hale',
  'Rowan Ashby',
  'Cass Winterbourne',
  'Fletcher Doyle',
  'Jory Pike',
  'Ula Marrow',
  'Kestrel Dunn',
];

interface Backend {
  /** Opens the store the test process reads and queues through. */
  open(): Promise<{
    store: Store;
    queue: MaintenanceQueue;
    workerConfig: Record<string, unknown>;
    env: Record<string, string>;
  }>;
  cleanup(): Promise<void>;
}

interface QueuedUpdate {
  id: string;
  entityId: string;
  marker: string;
}

interface Outcome {
  store: Store;
  queue: MaintenanceQueue;
  worldId: string;
  sessionId: string;
  seeded: Map<string, string>;
  updates: QueuedUpdate[];
  creations: Array<{ id: string; name: string }>;
  atKill: Record<TaskState, number>;
  /** Tasks the first worker held (claimed, not done) when it was killed. */
  inFlight: string[];
  firstExit: NodeJS.Signals | number | null;
  secondAliveWhenIdle: boolean;
  secondExit: NodeJS.Signals | number | null;
  tasks: Map<string, Task & { state: TaskState; error: string | null }>;
}

const JOBS = { lease_ms: LEASE_MS, retry_base_ms: 100, retry_cap_ms: 1_000, max_attempts: 5 };

function crashScenario(label: string, backend: Backend) {
  describe(`a worker killed with SIGKILL mid-task, then restarted (${label})`, {
    timeout: SCENARIO_TIMEOUT,
  }, () => {
    let upstream: FakeUpstream | undefined;
    let dir: string | undefined;
    const workers: CliProcess[] = [];
    let outcome: Outcome | undefined;

    beforeAll(async () => {
      upstream = await startFakeUpstream({ latencyMs: LATENCY_MS, requireAuth: false });
      dir = mkdtempSync(join(tmpdir(), 'loremaster-crash-'));
      const { store, queue, workerConfig, env } = await backend.open();
      // Assigned before anything can fail, so afterAll closes them.
      outcome = {
        store,
        queue,
        worldId: '',
        sessionId: '',
        seeded: new Map(),
        updates: [],
        creations: [],
        atKill: { pending: 0, processing: 0, completed: 0, failed: 0 },
        inFlight: [],
        firstExit: null,
        secondAliveWhenIdle: false,
        secondExit: null,
        tasks: new Map(),
      };
      const result = outcome;
      const worlds = new WorldService({ store, queue });
      const world = await worlds.createWorld({ name: 'Cinderwick (crash test)' });
      const session = await store.sessions.create({ worldId: world.id, player: 'crash-test' });
      result.worldId = world.id;
      result.sessionId = session.id;
      for (const name of CHARACTERS) {
        const entity = await worlds.createEntity(
          world.id,
          entityInputSchema.parse({
            type: 'character',
            name,
            aliases: ALIASES[name] ?? [],
            description: `${name} lives in Cinderwick.`,
          }),
          { changedBy: 'import' },
        );
        result.seeded.set(name, entity.id);
      }

      // As a turn's analysis queues them: the updates of one entity side by side.
      const updateData = Array.from({ length: 40 }, (_, k) => {
        const entityId = result.seeded.get(CHARACTERS[Math.floor(k / 2)]!)!;
        const marker = `Marker ${k}: ${FACTS[k % FACTS.length]} (${k * 7 + 3}).`;
        return { entityId, marker };
      });
      // As turns queue them: each turn two updates of one entity and one creation, in one enqueue
      // (so both queues run them in this order; pg-boss orders by creation time, then id).
      const updateIds: string[] = [];
      const creationIds: string[] = [];
      for (const [turn, name] of CREATIONS.entries()) {
        const ids = await queue.enqueue([
          ...updateData.slice(turn * 2, turn * 2 + 2).map(({ entityId, marker }) => ({
            type: 'UPDATE_NOTE' as const,
            data: {
              entityId,
              newInformation: marker,
              updateType: 'fact',
              reasoning: '',
              source: 'analysis',
              turnId: null,
            },
            worldId: world.id,
            sessionId: session.id,
          })),
          {
            type: 'CREATE_ENTITY' as const,
            data: {
              entityType: 'character',
              name,
              initialData: { description: `${name}, met on the road to Cinderwick.` },
              reasoning: '',
              turnId: null,
            },
            worldId: world.id,
            sessionId: session.id,
          },
        ]);
        updateIds.push(ids[0]!, ids[1]!);
        creationIds.push(ids[2]!);
      }
      result.updates = updateData.map((update, k) => ({ ...update, id: updateIds[k]! }));
      result.creations = CREATIONS.map((name, k) => ({ id: creationIds[k]!, name }));
      const total = updateIds.length + creationIds.length;

      const configFile = join(dir, 'loremaster.yaml');
      writeFileSync(
        configFile,
        stringify({
          log: { level: 'warn' },
          providers: {
            slow: { type: 'openai-compatible', base_url: `${upstream.url}/v1`, models: ['fake-model'] },
          },
          roles: { maintenance: { provider: 'slow', max_tokens: 200, temperature: 0 } },
          jobs: JOBS,
          narrative: { worker_concurrency: 4, worker_idle_ms: 100 },
          ...workerConfig,
        }),
      );
      const startWorker = async () => {
        const worker = spawnCli(['-c', configFile, 'worker', '--tasks', 'UPDATE_NOTE,CREATE_ENTITY'], env);
        workers.push(worker);
        await worker.waitForOutput(/Loremaster worker running/, WORKER_READY_MS);
        return worker;
      };

      // First worker: runs a while, then its model calls stop answering (the fake upstream's latency
      // goes up to HANG_MS), so the tasks it claims next are held mid-task, at their model call; it
      // is killed there. Every task in flight at the kill is therefore interrupted in the middle.
      const first = await startWorker();
      const killBy = Date.now() + KILL_WINDOW_MS;
      let hanging = false;
      let last = '';
      let stableSince = Date.now();
      for (;;) {
        const counts = await taskCounts(queue);
        if (!hanging && counts.completed >= KILL_AFTER_COMPLETED) {
          upstream.configure({ latencyMs: HANG_MS });
          hanging = true;
        }
        const seen = JSON.stringify(counts);
        if (seen !== last) {
          last = seen;
          stableSince = Date.now();
        }
        if (hanging && counts.processing >= 1 && Date.now() - stableSince >= SETTLE_MS) break;
        if (first.exited())
          throw new Error(`the first worker exited before it could be killed:\n${first.output()}`);
        if (counts.completed + counts.failed >= total)
          throw new Error(`the worker finished every task before it could be killed:\n${first.output()}`);
        if (Date.now() > killBy)
          throw new Error(`no kill point within ${KILL_WINDOW_MS} ms (${seen}):\n${first.output()}`);
        await sleep(POLL_MS);
      }
      result.firstExit = await first.stop('SIGKILL');
      // Read after the exit: what the dead worker left behind.
      result.atKill = await taskCounts(queue);
      for (const id of [...updateIds, ...creationIds])
        if ((await queue.get(id))?.state === 'processing') result.inFlight.push(id);
      upstream.configure({ latencyMs: LATENCY_MS });

      // Second worker: reclaims the dead worker's tasks when their lease runs out, and finishes.
      const second = await startWorker();
      const started = Date.now();
      for (;;) {
        const counts = await taskCounts(queue);
        if (counts.completed + counts.failed >= total && counts.processing === 0) break;
        if (second.exited())
          throw new Error(
            `the restarted worker exited on its own (${second.child.exitCode ?? second.child.signalCode}) with tasks left (${JSON.stringify(counts)}):\n${second.output()}`,
          );
        if (Date.now() - started > DRAIN_MS)
          throw new Error(
            `tasks not done within ${DRAIN_MS} ms (${JSON.stringify(counts)}):\n${second.output()}`,
          );
        await sleep(POLL_MS);
      }
      // A worker runs until it is told to stop: idle (nothing left to claim) it must still be there.
      await sleep(IDLE_CHECK_MS);
      result.secondAliveWhenIdle = !second.exited();
      result.secondExit = await second.stop('SIGTERM');
      for (const id of [...updateIds, ...creationIds]) {
        const task = await queue.get(id);
        if (task) result.tasks.set(id, task);
      }
    }, SCENARIO_TIMEOUT);

    afterAll(async () => {
      await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
      await outcome?.queue.stop();
      await outcome?.store.close();
      await upstream?.close();
      await backend.cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('killed the first worker in the middle of its work', () => {
      const { atKill, updates, creations, firstExit } = outcome!;
      expect(firstExit).toBe('SIGKILL');
      const total = updates.length + creations.length;
      expect(atKill.completed).toBeGreaterThan(0);
      expect(atKill.completed).toBeLessThan(total);
      expect(atKill.processing).toBeGreaterThanOrEqual(1);
      expect(outcome!.inFlight.length).toBeGreaterThanOrEqual(1);
    });

    it('completed every task after the restart, none dead-lettered', () => {
      const { tasks, updates, creations } = outcome!;
      const states = [...updates, ...creations].map(({ id }) => tasks.get(id)?.state);
      expect(states.filter((state) => state !== 'completed')).toEqual([]);
    });

    it('ran again every task the kill interrupted, and completed it', () => {
      const { inFlight, tasks, atKill } = outcome!;
      expect(inFlight.length).toBe(atKill.processing);
      for (const id of inFlight) {
        const task = tasks.get(id);
        expect(task?.state, `task ${id}`).toBe('completed');
        expect(task?.attempts, `attempts of task ${id}`).toBeGreaterThan(1);
      }
    });

    it('wrote exactly one version per UPDATE_NOTE task, holding its fact, in the session', async () => {
      const { store, updates, sessionId, seeded } = outcome!;
      const versions = await store.db
        .selectFrom('entity_versions')
        .select(['source_task', 'entity_id', 'scope', 'session_id', 'data', 'changed_by'])
        .where(
          'source_task',
          'in',
          updates.map((update) => update.id),
        )
        .execute();
      for (const update of updates) {
        const mine = versions.filter((version) => version.source_task === update.id);
        expect(mine, `versions of task ${update.id}`).toHaveLength(1);
        const version = mine[0]!;
        expect(version.entity_id).toBe(update.entityId);
        expect(version.scope).toBe('session');
        expect(version.session_id).toBe(sessionId);
        expect(version.changed_by).toBe('maintenance');
        expect(noteOf(version.data)).toContain(update.marker);
      }
      // Nothing else wrote versions of the seeded characters: one import version each, plus the updates.
      const ids = [...seeded.values()];
      const all = await store.db
        .selectFrom('entity_versions')
        .select(['changed_by', 'source_task'])
        .where('entity_id', 'in', ids)
        .execute();
      expect(all.filter((version) => version.changed_by === 'maintenance')).toHaveLength(updates.length);
      expect(all).toHaveLength(ids.length + updates.length);
    });

    it('lost no update: every fact queued for an entity is in its note as the session sees it', async () => {
      const { store, updates, sessionId } = outcome!;
      const missing: string[] = [];
      for (const update of updates) {
        const current = await store.worlds.current(update.entityId, sessionId);
        if (!noteOf(current?.data).includes(update.marker))
          missing.push(`${update.marker} (entity ${update.entityId}, task ${update.id})`);
      }
      expect(missing).toEqual([]);
    });

    it('created one entity per new name, none for an alias or a taken name', async () => {
      const { store, worldId, creations, seeded } = outcome!;
      const taken = new Set<string>();
      for (const [name, aliases] of [...seeded.keys()].map((name) => [name, ALIASES[name] ?? []] as const))
        for (const candidate of [name, ...aliases]) taken.add(nameKey(candidate));
      const fresh = new Set(creations.map(({ name }) => nameKey(name)).filter((key) => !taken.has(key)));
      expect(fresh.size).toBe(12);

      const entities = await store.db
        .selectFrom('entities')
        .select(['id', 'name'])
        .where('world_id', '=', worldId)
        .execute();
      expect(entities).toHaveLength(CHARACTERS.length + fresh.size);
      const byKey = new Map<string, string[]>();
      for (const entity of entities)
        byKey.set(nameKey(entity.name), [...(byKey.get(nameKey(entity.name)) ?? []), entity.id]);
      for (const key of fresh) expect(byKey.get(key), `entities named "${key}"`).toHaveLength(1);
      for (const key of taken) expect(byKey.get(key)?.length ?? 0).toBeLessThanOrEqual(1);
      // Aliases still name the seeded characters.
      for (const [name, aliases] of Object.entries(ALIASES))
        for (const alias of aliases) {
          const row = await store.db
            .selectFrom('entity_scoped_names')
            .select('entity_id')
            .where('world_id', '=', worldId)
            .where('scope_key', '=', 'canon')
            .where('name_key', '=', nameKey(alias))
            .executeTakeFirst();
          expect(row?.entity_id).toBe(seeded.get(name));
        }

      // Each new entity has one version, written by one of its name's tasks.
      const newIds = entities.filter((entity) => fresh.has(nameKey(entity.name))).map((entity) => entity.id);
      const versions = await store.db
        .selectFrom('entity_versions')
        .select(['entity_id', 'source_task'])
        .where('entity_id', 'in', newIds)
        .execute();
      expect(versions).toHaveLength(newIds.length);
      const creationTask = new Map(creations.map(({ id, name }) => [id, nameKey(name)]));
      for (const version of versions) {
        const entity = entities.find((candidate) => candidate.id === version.entity_id)!;
        expect(creationTask.get(version.source_task ?? '')).toBe(nameKey(entity.name));
      }
    });

    it('the restarted worker keeps running with nothing to do, and stops cleanly on SIGTERM', () => {
      expect(outcome!.secondAliveWhenIdle).toBe(true);
      expect(outcome!.secondExit).toBe(0);
    });
  });
}

async function taskCounts(queue: MaintenanceQueue): Promise<Record<TaskState, number>> {
  const { byType } = await queue.status();
  const counts: Record<TaskState, number> = { pending: 0, processing: 0, completed: 0, failed: 0 };
  for (const type of ['UPDATE_NOTE', 'CREATE_ENTITY'] as const)
    for (const state of Object.keys(counts) as TaskState[]) counts[state] += byType[type][state];
  return counts;
}

function noteOf(data: unknown): string {
  const parsed = typeof data === 'string' ? (JSON.parse(data) as unknown) : data;
  const note = (parsed as { note?: unknown } | undefined)?.note;
  return typeof note === 'string' ? note : '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const sqliteDirs: string[] = [];
crashScenario('SQLite, table queue', {
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'loremaster-crash-db-'));
    sqliteDirs.push(dir);
    const database = databaseConfigSchema.parse({ sqlite_path: join(dir, 'loremaster.db') });
    const store = await openStore(database);
    const queue = await openQueue(store, { jobs: jobsSchema.parse({ ...JOBS, queue: 'table' }), database });
    return { store, queue, workerConfig: { database: { sqlite_path: database.sqlite_path } }, env: {} };
  },
  async cleanup() {
    for (const dir of sqliteDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  },
});
let pgDatabase: TestDatabase | undefined;
crashScenario('PostgreSQL, pg-boss queue', {
  async open() {
    pgDatabase = await createTestDatabase();
    const database = databaseConfigSchema.parse({ url: pgDatabase.url });
    const store = await openStore(database);
    const queue = await openQueue(store, { jobs: jobsSchema.parse({ ...JOBS, queue: 'pg-boss' }), database });
    return {
      store,
      queue,
      workerConfig: { jobs: { ...JOBS, queue: 'pg-boss' } },
      env: { DATABASE_URL: pgDatabase.url },
    };
  },
  async cleanup() {
    await pgDatabase?.drop();
    pgDatabase = undefined;
  },
});

/**
 * The maintenance handlers on a real store (SQLite, and PostgreSQL with pg-boss): each is idempotent
 * by its task, creations never duplicate, and nothing a model says can reach outside its world.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import { createQueue, type MaintenanceQueue, type Task } from '../../src/jobs/index.js';
import { HashingEmbedder, Memory } from '../../src/memory/index.js';
import { Narrative } from '../../src/narrative/index.js';
import { PromptLibrary, SHIPPED_PROMPTS_DIR, TemplateEngine } from '../../src/prompts/index.js';
import type { Store } from '../../src/store/index.js';
import { type BackendUnderTest, setUpBackend } from '../store/backends.js';

describe.each(['sqlite', 'postgres'] as const)('maintenance handlers on %s', (backend) => {
  let db: BackendUnderTest;
  let store: Store;
  let gateway: Gateway;
  let queue: MaintenanceQueue;
  let narrative: Narrative;
  let worldId: string;
  let otherWorldId: string;
  let sessionId: string;
  let miraId: string;
  let strangerId: string;

  beforeAll(async () => {
    db = await setUpBackend(backend);
    store = await db.open();
    const config = loadConfig({
      env: {},
      overrides: {
        'database.sqlite_path': db.config.sqlite_path,
        ...(db.config.url && { 'database.url': db.config.url }),
      },
    });
    const { settings, secrets } = config;
    gateway = await createGateway({ settings, secrets, logger: createLogger('silent') });
    queue = createQueue(store, { jobs: settings.jobs, database: settings.database });
    await queue.start();
    const memory = new Memory({
      store,
      settings,
      gateway,
      queue,
      embedder: new HashingEmbedder(384),
      indexDirectory: null,
    });
    await memory.open();
    const library = new PromptLibrary(store, new TemplateEngine());
    await library.syncFiles(SHIPPED_PROMPTS_DIR);
    const prompts = { gateway, store, library, settings, environment: undefined };
    narrative = new Narrative({ store, gateway, memory, prompts, settings, queue });

    worldId = (await narrative.worlds.createWorld({ name: 'Eldhollow' })).id;
    otherWorldId = (await narrative.worlds.createWorld({ name: 'Elsewhere' })).id;
    const mira = await narrative.worlds.createEntity(
      worldId,
      {
        type: 'character',
        name: 'Mira Thornwood',
        aliases: ['the Innkeeper'],
        tags: [],
        description: 'Keeps the Gilded Stag.',
        note: '',
        connections: [],
        attributes: {},
      },
      { changedBy: 'test' },
    );
    miraId = mira.id;
    const stranger = await narrative.worlds.createEntity(
      otherWorldId,
      {
        type: 'character',
        name: 'Stranger',
        aliases: [],
        tags: [],
        description: 'Of another world.',
        note: '',
        connections: [],
        attributes: {},
      },
      { changedBy: 'test' },
    );
    strangerId = stranger.id;
    sessionId = (await store.sessions.create({ worldId })).id;
  }, 60_000);

  afterAll(async () => {
    await queue?.stop();
    await gateway?.close();
    await db?.teardown();
  });

  const task = (type: Task['type'], data: Record<string, unknown>, id: string): Task => ({
    id,
    type,
    data,
    priority: 'medium',
    attempts: 1,
    maxAttempts: 5,
    worldId,
    sessionId,
    turnId: null,
    createdAt: new Date().toISOString(),
  });

  it('UPDATE_NOTE writes one session version per task, however often it runs', async () => {
    const update = task(
      'UPDATE_NOTE',
      { entityId: miraId, newInformation: 'Recognised her brother in the locket.' },
      `${backend}-u1`,
    );
    expect(await narrative.maintenance.handle(update)).toEqual({ status: 'done' });
    expect(await narrative.maintenance.handle(update)).toEqual({ status: 'already-done' });
    const history = await store.worlds.history(miraId);
    const written = history.filter((version) => version.sourceTask === update.id);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ scope: 'session', sessionId, changedBy: 'maintenance' });
    expect(String(written[0]?.data.note)).toContain('Recognised her brother in the locket.');
    // Canon is untouched: the world is not shared.
    expect((await store.worlds.current(miraId))?.version).toBe(1);
  });

  it('a session searches its own version of an entity, never canon beside it', async () => {
    const memory = narrative.options.memory;
    const inSession = await memory.search({ worldId, q: 'Mira Thornwood locket brother', k: 10, sessionId });
    const mira = inSession.results.filter((result) => result.id.startsWith(miraId));
    expect(mira.map((result) => result.id)).toEqual([`${miraId}@${sessionId}`]);
    expect(mira[0]?.text).toContain('Recognised her brother in the locket.');
    // A name-only question ranks canon's document first; the session still gets its own version.
    const byName = await memory.search({ worldId, q: 'Keeps the Gilded Stag', k: 10, sessionId });
    expect(
      byName.results.filter((result) => result.id.startsWith(miraId)).map((result) => result.id),
    ).toEqual([`${miraId}@${sessionId}`]);
    const canon = await memory.search({ worldId, q: 'Mira Thornwood locket brother', k: 10 });
    expect(canon.results.filter((result) => result.id.startsWith(miraId)).map((result) => result.id)).toEqual(
      [miraId],
    );
  });

  it("a task the worker's handler skips is kept with its reason, under its turn, and reported", async () => {
    const turn = await store.sessions.addTurn(sessionId, {
      input: 'I look for the ferryman.',
      output: 'Gone.',
    });
    const ferryman = await narrative.worlds.createEntity(
      worldId,
      {
        type: 'character',
        name: `Ferryman ${backend}`,
        aliases: [],
        tags: [],
        description: 'Poles the flat-boat.',
        note: '',
        connections: [],
        attributes: {},
      },
      { changedBy: 'test' },
    );
    await narrative.worlds.deleteEntity(ferryman.id, { changedBy: 'test' });
    const [id] = await queue.enqueue([
      {
        type: 'UPDATE_NOTE',
        data: { entityId: ferryman.id, newInformation: 'He drowned.', turnId: turn.id },
        worldId,
        sessionId,
        turnId: turn.id,
      },
    ]);
    const skips: Array<{ id: string; reason: string }> = [];
    narrative.startWorkers({
      types: ['UPDATE_NOTE'],
      onSkipped: (task, reason) => skips.push({ id: task.id, reason }),
    });
    try {
      const deadline = Date.now() + 20_000;
      while (!skips.some((skip) => skip.id === id) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await narrative.stopWorkers();
    }
    expect(skips.filter((skip) => skip.id === id)).toEqual([
      { id, reason: `entity ${ferryman.id} is not in this world` },
    ]);
    expect(await queue.tasksOfTurn(turn.id, 10)).toEqual([
      expect.objectContaining({
        id,
        type: 'UPDATE_NOTE',
        state: 'completed',
        outcome: 'skipped',
        detail: `entity ${ferryman.id} is not in this world`,
        error: null,
      }),
    ]);
  });

  it('UPDATE_NOTE never reaches an entity of another world', async () => {
    const outcome = await narrative.maintenance.handle(
      task('UPDATE_NOTE', { entityId: strangerId, newInformation: 'Hijacked.' }, `${backend}-u2`),
    );
    expect(outcome.status).toBe('skipped');
    expect(await store.worlds.history(strangerId)).toHaveLength(1);
  });

  it('CREATE_ENTITY makes one entity per name, even when two tasks race, and never one that exists as an alias', async () => {
    const create = (id: string, name: string) =>
      task(
        'CREATE_ENTITY',
        { entityType: 'character', name, initialData: { description: `${name} watches from the corner.` } },
        id,
      );
    const outcomes = await Promise.all([
      narrative.maintenance.handle(create(`${backend}-c1`, 'Osric the Grey')),
      narrative.maintenance.handle(create(`${backend}-c2`, 'osric the grey')),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already-done', 'done']);
    expect((await narrative.maintenance.handle(create(`${backend}-c1`, 'Osric the Grey'))).status).toBe(
      'already-done',
    );
    expect((await narrative.maintenance.handle(create(`${backend}-c3`, 'The Innkeeper'))).status).toBe(
      'already-done',
    );
    // Made in a world that is not shared: the session's own entity, not canon's.
    const names = (await store.worlds.listEntities(worldId, undefined, {}, sessionId)).map(
      (entity) => entity.name,
    );
    expect(names.filter((name) => name.toLowerCase() === 'osric the grey')).toHaveLength(1);
    expect(names).not.toContain('The Innkeeper');
    expect((await store.worlds.listEntities(worldId)).map((entity) => entity.name)).not.toContain(
      'Osric the Grey',
    );
  });

  it('ANALYZE_TURN stores one analysis and queues its follow-ups once', async () => {
    const turn = await store.sessions.addTurn(sessionId, {
      input: 'I ask Mira Thornwood about the drowned bell.',
      output: 'Mira Thornwood lowers her voice. A stranger named Corvin Ash listens.',
    });
    const analyse = task('ANALYZE_TURN', { turnId: turn.id }, `${backend}-a1`);
    const pending = async () => {
      const byType = (await queue.status()).byType;
      return byType.UPDATE_NOTE.pending + byType.CREATE_ENTITY.pending;
    };
    const before = await pending();
    expect((await narrative.maintenance.handle(analyse)).status).toBe('done');
    const queued = (await pending()) - before;
    expect((await narrative.maintenance.handle(analyse)).status).toBe('already-done');
    expect((await pending()) - before).toBe(queued);
    const analysis = (await store.sessions.turnById(turn.id))?.analysis as {
      updates: Array<{ entity_id: string }>;
      creations: unknown[];
    };
    expect(queued).toBe(analysis.updates.length + analysis.creations.length);
    // Every task the analysis queued is filed under its turn: notes, entity records, embeddings.
    const filed = await queue.tasksOfTurn(turn.id, 100);
    expect(filed.filter((task) => task.type === 'UPDATE_NOTE' || task.type === 'CREATE_ENTITY')).toHaveLength(
      queued,
    );
    if (analysis.updates.length > 0) expect(filed.map((task) => task.type)).toContain('EMBED_DOCUMENTS');
    for (const task of filed) expect(task).toMatchObject({ state: 'pending', outcome: null });
    // Every planned update targets an entity of this world.
    for (const update of analysis.updates)
      expect((await store.worlds.getEntity(update.entity_id))?.worldId).toBe(worldId);
  });

  it('turns played at once in one session get consecutive numbers, each with its analysis task', async () => {
    const session = await store.sessions.create({ worldId });
    const before = (await queue.status()).byType.ANALYZE_TURN.pending;
    const played = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        narrative.turns.play({ sessionId: session.id, input: `I count to ${index}.` }),
      ),
    );
    expect(played.map((result) => result.turn.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await store.sessions.get(session.id))?.turnCount).toBe(6);
    expect((await queue.status()).byType.ANALYZE_TURN.pending - before).toBe(6);
  });

  it('SIMULATE_WORLD records its run once and only changes the characters it was given', async () => {
    const simulate = task('SIMULATE_WORLD', { worldTurn: 10 }, `${backend}-s1`);
    const before = (await queue.status()).byType.UPDATE_NOTE.pending;
    expect((await narrative.maintenance.handle(simulate)).status).toBe('done');
    expect((await narrative.maintenance.handle(simulate)).status).toBe('already-done');
    const runs = await store.worlds.simulations(worldId);
    expect(runs.filter((run) => run.id === simulate.id)).toHaveLength(1);
    const updates = runs[0]?.updates as Array<{ entityId: string }>;
    expect((await queue.status()).byType.UPDATE_NOTE.pending - before).toBe(updates.length);
    const characters = new Set(
      (await store.worlds.listEntities(worldId, 'character', {}, sessionId)).map((entity) => entity.id),
    );
    for (const update of updates) expect(characters.has(update.entityId)).toBe(true);
  });
});

/**
 * The world that remembers, with an oracle analyst (a fake model answering the right Intentions) on a
 * real store: no fact lost whatever order the queue runs tasks in, aliases, play-throughs kept apart,
 * promotion to canon, and who knows what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Gateway } from '../../src/gateway/index.js';
import { createQueue, type MaintenanceQueue, type TaskType } from '../../src/jobs/index.js';
import { HashingEmbedder, Memory } from '../../src/memory/index.js';
import { Narrative } from '../../src/narrative/index.js';
import { PromptLibrary, SHIPPED_PROMPTS_DIR, TemplateEngine } from '../../src/prompts/index.js';
import type { Store } from '../../src/store/index.js';
import { type BackendUnderTest, setUpBackend } from '../store/backends.js';
import { ORACLE_CONFIG, type OracleAnswers, oracleGateway } from '../support/oracle-analyst.js';

const character = (name: string, aliases: string[] = []) => ({
  type: 'character' as const,
  name,
  aliases,
  tags: [],
  description: `${name}, of Eldhollow.`,
  note: '',
  connections: [],
  attributes: {},
});

describe.each(['sqlite', 'postgres'] as const)('play-throughs on %s', (backend) => {
  let db: BackendUnderTest;
  let store: Store;
  let gateway: Gateway;
  let queue: MaintenanceQueue;
  let narrative: Narrative;
  let worldId: string;
  let miraId: string;
  let brannochId: string;
  let tobiasId: string;
  const answers: OracleAnswers = new Map();
  const published: Array<{ type: string; data: Record<string, unknown> }> = [];

  beforeAll(async () => {
    db = await setUpBackend(backend);
    store = await db.open();
    const { settings } = loadConfig({
      env: {},
      overrides: {
        'database.sqlite_path': db.config.sqlite_path,
        ...(db.config.url && { 'database.url': db.config.url }),
        ...ORACLE_CONFIG,
        'narrative.simulation_every_turns': 0,
      },
    });
    gateway = await oracleGateway(settings, answers);
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
    narrative = new Narrative({
      store,
      gateway,
      memory,
      prompts,
      settings,
      queue,
      publish: (type, _source, data) => published.push({ type, data }),
    });
    worldId = (await narrative.worlds.createWorld({ name: 'Eldhollow' })).id;
    miraId = (
      await narrative.worlds.createEntity(worldId, character('Mira Thornwood'), { changedBy: 'test' })
    ).id;
    brannochId = (
      await narrative.worlds.createEntity(worldId, character('Brannoch Tully'), { changedBy: 'test' })
    ).id;
    tobiasId = (await narrative.worlds.createEntity(worldId, character('Tobias Wren'), { changedBy: 'test' }))
      .id;
  }, 120_000);

  afterAll(async () => {
    await queue?.stop();
    await gateway?.close();
    await db?.teardown();
  });

  /** Runs every queued task of the given types, in the order given (types first, then queue order). */
  async function run(types: readonly TaskType[]): Promise<void> {
    for (const type of types)
      for (let round = 0; round < 50; round += 1) {
        const tasks = await queue.claim('test', { types: [type], limit: 20, leaseMs: 60_000 });
        if (tasks.length === 0) break;
        for (const task of tasks) {
          await narrative.maintenance.handle(task);
          await queue.complete(task, 'test');
        }
      }
  }
  const everything: TaskType[] = ['ANALYZE_TURN', 'CREATE_ENTITY', 'UPDATE_NOTE'];

  async function play(sessionId: string, input: string, intentions: unknown) {
    answers.set(input, intentions);
    return narrative.turns.play({ sessionId, input });
  }

  it('keeps a fact about an entity met one turn earlier, whatever order the tasks run in; an alias resolves; a second creation becomes an update', async () => {
    const sessionId = (await store.sessions.create({ worldId })).id;
    await play(sessionId, 'I hail the boat at the ford.', {
      present: ['Mira Thornwood'],
      creations: [
        {
          entity_type: 'character',
          name: 'Old Hesk',
          aliases: ['the ferryman'],
          initial_data: 'A ferryman who poles a black boat across the ford.',
          reasoning: 'met at the ford',
        },
      ],
    });
    await play(sessionId, 'I ask the ferryman about the river.', {
      updates: [
        {
          entity_id: 'the ferryman',
          update_type: 'fact',
          new_information: 'Old Hesk fears the drowned bell under the river.',
          aliases: ['Hesk of the Ford'],
        },
      ],
    });
    await play(sessionId, 'I pay Old Hesk a silver coin.', {
      creations: [
        { entity_type: 'character', name: 'Old Hesk', initial_data: 'Old Hesk took a silver coin.' },
      ],
    });
    // A backlog, worst order: the last turn's analysis first, then notes before entity records.
    const turns = await store.sessions.lastTurns(sessionId, 3);
    const analyses = await queue.claim('test', { types: ['ANALYZE_TURN'], limit: 50, leaseMs: 60_000 });
    const mine = analyses.filter((task) => task.sessionId === sessionId).reverse();
    for (const task of mine) {
      await narrative.maintenance.handle(task);
      await queue.complete(task, 'test');
    }
    await run(['UPDATE_NOTE', 'CREATE_ENTITY']);

    const views = await narrative.worlds.entities(worldId, { sessionId });
    const hesks = views.filter((view) => view.name === 'Old Hesk');
    expect(hesks).toHaveLength(1);
    const hesk = hesks[0]!;
    expect(hesk.data.aliases).toEqual(expect.arrayContaining(['the ferryman', 'Hesk of the Ford']));
    expect(hesk.data.note).toContain('Old Hesk fears the drowned bell under the river.');
    expect(hesk.data.note).toContain('Old Hesk took a silver coin.');
    expect((await narrative.worlds.resolve(worldId, 'hesk of the ford', sessionId))?.id).toBe(hesk.id);

    const third = (await store.sessions.turnById(turns[2]!.id))?.analysis as {
      updates: Array<{ entity_id: string }>;
      changed: Array<{ outcome: string; ref: string }>;
    };
    expect(third.updates.map((update) => update.entity_id)).toEqual([hesk.id]);
    expect(third.changed).toEqual([
      expect.objectContaining({ kind: 'creation', ref: 'Old Hesk', outcome: 'redirected' }),
    ]);
    expect(published).toContainEqual({
      type: 'intention.redirected',
      data: expect.objectContaining({ turn_id: turns[2]!.id, kind: 'creation', ref: 'Old Hesk' }),
    });
    expect(published).toContainEqual({
      type: 'entity.created',
      data: expect.objectContaining({ entity_id: hesk.id, name: 'Old Hesk', scope: 'session' }),
    });
  });

  it('keeps play-throughs apart: names, edits and deletions stay in their session until promoted', async () => {
    const a = (await store.sessions.create({ worldId })).id;
    const b = (await store.sessions.create({ worldId })).id;
    const canonBefore = await store.worlds.countEntities(worldId);
    await play(a, 'I buy a drink for a mercenary.', {
      creations: [
        { entity_type: 'character', name: 'Garran Holt', initial_data: 'A mercenary with a scarred jaw.' },
        { entity_type: 'item', name: 'Ember Compass', initial_data: 'Points at the nearest fire.' },
      ],
    });
    await play(b, 'I meet a mercenary at the gate.', {
      creations: [
        { entity_type: 'character', name: 'Garran Holt', initial_data: 'A young mercenary, eager.' },
      ],
    });
    await run(everything);

    const inA = await narrative.worlds.resolve(worldId, 'Garran Holt', a);
    const inB = await narrative.worlds.resolve(worldId, 'Garran Holt', b);
    expect(inA && inB && inA.id !== inB.id).toBe(true);
    expect(await narrative.worlds.resolve(worldId, 'Garran Holt')).toBeUndefined();
    expect(await store.worlds.countEntities(worldId)).toBe(canonBefore);
    // The world's author can use the name too.
    const canonGarran = await narrative.worlds.createEntity(worldId, character('Garran Holt'), {
      changedBy: 'test',
    });
    expect(canonGarran.id).not.toBe(inA!.id);
    expect((await narrative.worlds.resolve(worldId, 'Garran Holt', a))?.id).toBe(inA!.id);

    // PATCH and DELETE with a session change that session's view only.
    await narrative.worlds.updateEntity(
      miraId,
      { note: 'Owes the player a favour.' },
      { changedBy: 'test', sessionId: a },
    );
    expect((await narrative.worlds.entity(miraId)).data.note).toBe('');
    expect((await narrative.worlds.entity(miraId, a)).data.note).toBe('Owes the player a favour.');
    await narrative.worlds.deleteEntity(tobiasId, { sessionId: b });
    await expect(narrative.worlds.entity(tobiasId, b)).rejects.toMatchObject({ statusCode: 404 });
    expect((await narrative.worlds.entity(tobiasId, a)).name).toBe('Tobias Wren');
    expect((await narrative.worlds.entity(tobiasId)).name).toBe('Tobias Wren');
    expect((await narrative.worlds.entities(worldId, { sessionId: b })).map((view) => view.id)).not.toContain(
      tobiasId,
    );

    // Promotion: A's entities and versions become canon; the name canon gives another is a conflict.
    const report = await narrative.worlds.promote(a, 'all', 'test');
    const compass = await narrative.worlds.resolve(worldId, 'Ember Compass', a);
    expect(report.promoted.map((entry) => entry.entityId)).toEqual(
      expect.arrayContaining([compass!.id, miraId]),
    );
    expect(report.conflicts).toEqual([
      expect.objectContaining({
        entityId: inA!.id,
        name: 'garran holt',
        heldBy: canonGarran.id,
        outcome: 'not promoted',
      }),
    ]);
    expect((await narrative.worlds.resolve(worldId, 'Ember Compass'))?.id).toBe(compass!.id);
    expect((await narrative.worlds.entity(miraId)).data.note).toBe('Owes the player a favour.');
    expect(await store.worlds.countEntities(worldId)).toBe(canonBefore + 2);
  });

  it('records who knows what: those present, and those told later', async () => {
    const sessionId = (await store.sessions.create({ worldId })).id;
    await play(sessionId, 'Mira Thornwood shows me the letter from the Duke.', {
      present: ['Mira Thornwood'],
      creations: [
        { entity_type: 'character', name: 'Duke Aldous', initial_data: 'Rules from the river keep.' },
      ],
      updates: [{ entity_id: 'Duke Aldous', new_information: 'Duke Aldous is secretly bankrupt.' }],
    });
    await play(sessionId, 'Mira Thornwood whispers the news to Brannoch Tully.', {
      told: [{ teller: 'Mira Thornwood', listener: 'Brannoch Tully', about: 'Duke Aldous' }],
    });
    await run(everything);

    const mira = await narrative.worlds.knowledge(worldId, miraId, sessionId);
    expect(mira.facts).toEqual([
      expect.objectContaining({
        text: 'Duke Aldous is secretly bankrupt.',
        how: 'present',
        about: expect.objectContaining({ name: 'Duke Aldous' }),
      }),
    ]);
    const brannoch = await narrative.worlds.knowledge(worldId, brannochId, sessionId);
    expect(brannoch.facts.map((fact) => [fact.text, fact.how])).toEqual([
      ['Duke Aldous is secretly bankrupt.', 'told'],
    ]);
    expect((await narrative.worlds.knowledge(worldId, tobiasId, sessionId)).facts).toEqual([]);
    // Another session's witnesses are its own.
    const other = (await store.sessions.create({ worldId })).id;
    expect((await narrative.worlds.knowledge(worldId, miraId, other)).facts).toEqual([]);
  });
});

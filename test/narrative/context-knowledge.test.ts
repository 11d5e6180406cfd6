/**
 * What you see is what the model sees, and who knows what, on a real store with recording providers:
 * the context a session's next call would send (narrator, turn_analysis, dialogue_line) is exactly
 * what that call then sends the model; a search with `knownBy` finds only the facts one character
 * saw, heard or was told in the session; a `dialogue_line` gets only what its speaker knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { createGateway, type Gateway, ProviderRegistry } from '../../src/gateway/index.js';
import { createQueue, type MaintenanceQueue, type TaskType } from '../../src/jobs/index.js';
import { HashingEmbedder, Memory } from '../../src/memory/index.js';
import { Narrative } from '../../src/narrative/index.js';
import { PromptLibrary, SHIPPED_PROMPTS_DIR, TemplateEngine } from '../../src/prompts/index.js';
import { MockProvider, OfflineProvider } from '../../src/providers/index.js';
import type { Store } from '../../src/store/index.js';
import type { ChatMessage } from '../../src/vocabulary/index.js';
import { type BackendUnderTest, setUpBackend } from '../store/backends.js';
import { ORACLE_CONFIG, type OracleAnswers, oracleProvider } from '../support/oracle-analyst.js';

const character = (name: string, description: string) => ({
  type: 'character' as const,
  name,
  aliases: [],
  tags: [],
  description,
  note: '',
  connections: [],
  attributes: {},
});

const wire = (messages: readonly ChatMessage[] | undefined) =>
  (messages ?? []).map(({ role, content }) => ({ role, content }));

describe.each(['sqlite', 'postgres'] as const)('context and knowledge on %s', (backend) => {
  let db: BackendUnderTest;
  let store: Store;
  let gateway: Gateway;
  let queue: MaintenanceQueue;
  let memory: Memory;
  let narrative: Narrative;
  let worldId: string;
  let sessionId: string;
  let miraId: string;
  let tobiasId: string;
  let brannochId: string;
  const answers: OracleAnswers = new Map();
  const analyst = oracleProvider(answers);
  // The narrator and NPCs: answers anything, keeps every call it was sent.
  const scribe = new MockProvider({ name: 'scribe', fallback: () => ({ text: 'The lamps gutter.' }) });

  beforeAll(async () => {
    db = await setUpBackend(backend);
    store = await db.open();
    const { settings } = loadConfig({
      env: {},
      overrides: {
        'database.sqlite_path': db.config.sqlite_path,
        ...(db.config.url && { 'database.url': db.config.url }),
        ...ORACLE_CONFIG,
        providers: { offline: { type: 'offline' }, oracle: { type: 'mock' }, scribe: { type: 'mock' } },
        'roles.generation': { provider: 'scribe', model: 'mock-1', max_tokens: 256, temperature: 0.8 },
        'narrative.simulation_every_turns': 0,
      },
    });
    const registry = new ProviderRegistry([
      ['offline', new OfflineProvider({ name: 'offline' })],
      ['oracle', analyst],
      ['scribe', scribe],
    ]);
    gateway = await createGateway({
      settings,
      secrets: loadConfig({ env: {} }).secrets,
      logger: createLogger('silent'),
      registry,
    });
    queue = createQueue(store, { jobs: settings.jobs, database: settings.database });
    await queue.start();
    memory = new Memory({
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
    narrative = new Narrative({
      store,
      gateway,
      memory,
      prompts: { gateway, store, library, settings, environment: undefined },
      settings,
      queue,
    });
    worldId = (
      await narrative.worlds.createWorld({
        name: 'Eldhollow',
        settings: { state: { location: 'Gilded Stag' } },
      })
    ).id;
    const make = async (name: string, description: string) =>
      (await narrative.worlds.createEntity(worldId, character(name, description), { changedBy: 'test' })).id;
    miraId = await make('Mira Thornwood', 'Keeps the Gilded Stag inn; warm but guarded.');
    tobiasId = await make('Tobias Wren', 'A tinker with a cart of bells.');
    brannochId = await make('Brannoch Tully', 'The ferryman of the black boat.');
    sessionId = (
      await store.sessions.create({
        worldId,
        player: 'Ash',
        metadata: { notes: ['Ash owes Mira a silver coin.'], state: { time: 'dusk' } },
      })
    ).id;
  }, 120_000);

  afterAll(async () => {
    await queue?.stop();
    await gateway?.close();
    await db?.teardown();
  });

  async function run(types: readonly TaskType[]): Promise<void> {
    for (const type of types)
      for (let round = 0; round < 50; round += 1) {
        const tasks = await queue.claim('test', { types: [type], limit: 20, leaseMs: 60_000 });
        if (tasks.length === 0) break;
        for (const task of tasks) {
          if (type === 'EMBED_DOCUMENTS') await memory.sync.indexDocuments(idsOf(task.data));
          else await narrative.maintenance.handle(task);
          await queue.complete(task, 'test');
        }
      }
  }
  const idsOf = (data: unknown) => (data as { documentIds: string[] }).documentIds;
  const everything: TaskType[] = ['ANALYZE_TURN', 'CREATE_ENTITY', 'UPDATE_NOTE', 'EMBED_DOCUMENTS'];

  it('the narrator context is what the next turn sends, built from the same state, notes, lore and turns', async () => {
    answers.set('I ask Mira Thornwood about the drowned bell.', {
      present: ['Mira Thornwood'],
      updates: [
        {
          entity_id: 'Mira Thornwood',
          new_information: 'Mira Thornwood heard the drowned bell ring at midnight.',
        },
      ],
    });
    await narrative.turns.play({ sessionId, input: 'I ask Mira Thornwood about the drowned bell.' });
    await run(everything);

    const input = 'I ask Mira Thornwood where the bell rope went.';
    const preview = await narrative.context.preview('narrator', { sessionId, input });
    const before = scribe.calls.length;
    await narrative.turns.play({ sessionId, input });
    const sent = scribe.calls.slice(before);
    expect(sent).toHaveLength(1);
    expect(wire(sent[0]?.messages)).toEqual(wire(preview.prepared.rendered.messages));
    // Built from the session: its notes, its state, its last turn and the lore the input finds.
    const text = preview.prepared.rendered.messages.map((message) => message.content).join('\n');
    expect(text).toContain('Ash owes Mira a silver coin.');
    expect(text).toContain('I ask Mira Thornwood about the drowned bell.');
    expect(text).toContain('dusk');
    expect(preview.inputs.lore).toContainEqual(expect.objectContaining({ title: 'Mira Thornwood' }));
  });

  it('the analysis context is what the analysis of that turn sends', async () => {
    answers.set('Tobias Wren mends the bell rope by the river.', {
      present: ['Tobias Wren'],
      updates: [{ entity_id: 'Tobias Wren', new_information: 'Tobias Wren hid the bell rope in his cart.' }],
    });
    await narrative.turns.play({ sessionId, input: 'Tobias Wren mends the bell rope by the river.' });
    // Turn 2 (played above) and turn 3 wait; the preview shows the oldest waiting, turn 2.
    const preview = await narrative.context.preview('turn_analysis', { sessionId });
    expect(preview.inputs.turn).toMatchObject({ number: 2, analysed: false });
    const before = analyst.calls.length;
    await run(['ANALYZE_TURN']);
    const sent = analyst.calls.slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(wire(sent[0]?.messages)).toEqual(wire(preview.prepared.rendered.messages));
    await run(everything);
  });

  it('search with knownBy finds only what that character saw or was told in the session', async () => {
    const known = async (entityId: string, session = sessionId) =>
      (
        await memory.search({ worldId, q: 'bell rope drowned', k: 10, sessionId: session, knownBy: entityId })
      ).results.map((result) => result.text);
    expect(await known(miraId)).toEqual(['Mira Thornwood heard the drowned bell ring at midnight.']);
    expect(await known(tobiasId)).toEqual(['Tobias Wren hid the bell rope in his cart.']);
    expect(await known(brannochId)).toEqual([]);
    // Another play-through's witnesses are its own.
    const other = (await store.sessions.create({ worldId })).id;
    expect(await known(miraId, other)).toEqual([]);
    // Facts are searched on purpose only: a plain search of the session gives entities, not facts.
    const plain = await memory.search({ worldId, q: 'bell rope drowned', k: 10, sessionId });
    expect(plain.results.every((result) => result.source !== 'fact')).toBe(true);

    // Told later: Mira tells Brannoch what she knows about herself; now he knows it too.
    answers.set('Mira Thornwood whispers to Brannoch Tully.', {
      told: [{ teller: 'Mira Thornwood', listener: 'Brannoch Tully', about: 'Mira Thornwood' }],
    });
    await narrative.turns.play({ sessionId, input: 'Mira Thornwood whispers to Brannoch Tully.' });
    await run(everything);
    expect(await known(brannochId)).toEqual(['Mira Thornwood heard the drowned bell ring at midnight.']);
  });

  it('a dialogue line gets only what its speaker knows, and its context is what the line sends', async () => {
    const said = 'Have you seen the bell rope?';
    const preview = await narrative.context.preview('dialogue_line', {
      sessionId,
      characterId: miraId,
      input: said,
    });
    expect(preview.inputs.knows).toEqual(['Mira Thornwood heard the drowned bell ring at midnight.']);
    const before = scribe.calls.length;
    const line = await narrative.dialogue.line({ sessionId, characterId: miraId, said });
    expect(line.text).toBe('The lamps gutter.');
    expect(line.knows).toEqual(preview.inputs.knows);
    const sent = scribe.calls.slice(before);
    expect(sent).toHaveLength(1);
    expect(wire(sent[0]?.messages)).toEqual(wire(preview.prepared.rendered.messages));
    const prompt = wire(sent[0]?.messages)
      .map((message) => message.content)
      .join('\n');
    expect(prompt).toContain('Mira Thornwood heard the drowned bell ring at midnight.');
    expect(prompt).not.toContain('Tobias Wren hid the bell rope');
    expect(prompt).toContain('Ash: Have you seen the bell rope?');

    const tobias = await narrative.context.preview('dialogue_line', {
      sessionId,
      characterId: tobiasId,
      input: said,
    });
    expect(tobias.inputs.knows).toEqual(['Tobias Wren hid the bell rope in his cart.']);
    await expect(
      narrative.context.preview('dialogue_line', { sessionId, characterId: miraId }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'input' });
  });
});

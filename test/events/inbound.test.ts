/**
 * The game's events on one server (SQLite), the narrator behind a real fake upstream: POST /llm/events
 * (one, a batch, idempotent by id), each type's handler changing session state and entities (authored
 * by the game system) and queuing background work where the world asks, unknown types stored and
 * answered `handled: false`, the content service's handlers (character_created, campaign_updated,
 * theme_changed), and a quest event visible in the next turn's prompt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fighter } from '../content/fixtures.js';
import { call, drained } from '../narrative/support.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

let server: TestServer;
let fake: FakeUpstream;
let worldId: string;
let sessionId: string;
let giverId: string;

const post = (body: unknown) => call(server.url, 'POST', '/llm/events', body);
const session = async () => (await call(server.url, 'GET', `/sessions/${sessionId}`)).body;
const entities = async (type?: string) =>
  (
    await call(
      server.url,
      'GET',
      `/worlds/${worldId}/entities?session_id=${sessionId}${type ? `&type=${type}` : ''}`,
    )
  ).body.data as Array<{ id: string; name: string; version: number; attributes: Record<string, unknown> }>;

beforeAll(async () => {
  fake = await startFakeUpstream({ requireAuth: false });
  server = await startLoremaster({
    config: {
      providers: {
        offline: { type: 'offline' },
        fake: { type: 'openai-compatible', base_url: `${fake.url}/v1`, models: ['fake-narrator'] },
      },
      roles: { generation: { provider: 'fake', model: 'fake-narrator', max_tokens: 300 } },
      events: { log: { flush_interval_ms: 20 }, inbound: { max_batch: 20 } },
      narrative: { simulation_every_turns: 0, worker_idle_ms: 20 },
    },
  });
  const world = await call(server.url, 'POST', '/worlds', {
    name: 'Harrowmere',
    settings: { events: { quest_rumors: true, merchant_notes: true } },
  });
  worldId = world.body.id;
  const giver = await call(server.url, 'POST', `/worlds/${worldId}/entities`, {
    type: 'character',
    name: 'Mira Thornwood',
    note: 'The harbourmaster. She asked the player to find the Tide Bell.',
  });
  giverId = giver.body.id;
  await call(server.url, 'POST', `/worlds/${worldId}/entities`, {
    type: 'character',
    name: 'Brannoch Tully',
    tags: ['merchant'],
    note: 'Sells salt and rope at the quay.',
  });
  sessionId = (await call(server.url, 'POST', `/worlds/${worldId}/sessions`, { player: 'Ash' })).body.id;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe('POST /llm/events', () => {
  it('a quest event moves the session state and the quest entity, authored by the game system', async () => {
    const started = await post({
      id: 'evt_q1_start',
      type: 'quest.started',
      session_id: sessionId,
      source: 'quests',
      data: {
        quest: 'The Tide Bell',
        giver: 'Mira Thornwood',
        objective: 'Find the Tide Bell under the quay',
      },
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      object: 'event.outcome',
      id: 'evt_q1_start',
      handled: true,
      duplicate: false,
    });
    const kinds = started.body.changes.map((change: { kind: string }) => change.kind);
    expect(kinds).toEqual(['entity', 'session_state', 'session_notes']);
    expect(started.body.changes[0]).toMatchObject({
      action: 'created',
      type: 'quest',
      name: 'The Tide Bell',
    });

    const completed = await post({
      id: 'evt_q1_done',
      type: 'quest.completed',
      session_id: sessionId,
      source: 'quests',
      data: { quest: 'The Tide Bell', by: 'Ash', reward: '50 gold' },
    });
    expect(completed.body.handled).toBe(true);
    const changes = completed.body.changes;
    expect(changes[0]).toMatchObject({
      kind: 'entity',
      action: 'updated',
      name: 'The Tide Bell',
      version: 2,
    });
    // The world asks for rumors: a rumor is made and the giver's note updated, in the background.
    expect(changes.filter((c: { kind: string }) => c.kind === 'task')).toEqual([
      { kind: 'task', task_type: 'CREATE_ENTITY', about: 'rumor' },
      { kind: 'task', task_type: 'UPDATE_NOTE', about: "quest giver's note" },
    ]);
    const state = (await session()).metadata.state;
    expect(state).toMatchObject({ quests: { 'The Tide Bell': 'completed' } });
    expect(state.active_quest).toBeUndefined();
    expect((await session()).metadata.notes).toEqual([
      'Quest started: The Tide Bell',
      'Quest completed: The Tide Bell (by Ash)',
    ]);

    const quest = (await entities('quest')).find((entity) => entity.name === 'The Tide Bell')!;
    const versions = await call(server.url, 'GET', `/worlds/${worldId}/entities/${quest.id}/versions`);
    const authors = versions.body.data.map((version: { changed_by: string }) => version.changed_by);
    expect(authors).toEqual(['game:quests', 'game:quests']);
    expect(quest.attributes).toMatchObject({ status: 'completed', completed_by: 'Ash', reward: '50 gold' });

    await drained(server.url);
    const rumor = (await entities('concept')).find((entity) => entity.name === 'Rumor: The Tide Bell');
    expect(rumor).toBeDefined();
    const giver = await call(server.url, 'GET', `/worlds/${worldId}/entities/${giverId}/versions`);
    expect(giver.body.data.length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('replayed twice, an event changes nothing the second time and answers what the first did', async () => {
    const before = await session();
    const quest = (await entities('quest')).find((entity) => entity.name === 'The Tide Bell')!;
    const body = {
      id: 'evt_q1_done',
      type: 'quest.completed',
      session_id: sessionId,
      source: 'quests',
      data: { quest: 'The Tide Bell', by: 'Ash', reward: '50 gold' },
    };
    const first = await post(body);
    const second = await post({ events: [body, body] });
    expect(first.body).toMatchObject({ duplicate: true, handled: true });
    expect(second.body.data.map((outcome: { duplicate: boolean }) => outcome.duplicate)).toEqual([
      true,
      true,
    ]);
    expect(first.body.changes[0]).toMatchObject({ kind: 'entity', version: 2 });
    await drained(server.url);
    const after = await session();
    expect(after.metadata).toEqual(before.metadata);
    expect(after.updated_at).toBe(before.updated_at);
    const again = (await entities('quest')).find((entity) => entity.name === 'The Tide Bell')!;
    expect(again.version).toBe(quest.version);
    const logged = await call(server.url, 'GET', '/llm/events?types=quest.completed&direction=in');
    expect(logged.body.data.filter((event: { id: string }) => event.id === 'evt_q1_done')).toHaveLength(1);
  }, 60_000);

  it('the quest is in the next turn prompt', async () => {
    const turn = await call(server.url, 'POST', `/sessions/${sessionId}/turns`, {
      input: 'I ring the bell.',
    });
    expect(turn.status).toBe(201);
    const prompt = JSON.stringify(
      fake
        .lastRequests()
        .filter((request) => request.path.endsWith('/chat/completions'))
        .at(-1)?.body,
    );
    expect(prompt).toContain('The Tide Bell');
    expect(prompt).toContain('completed');
    expect(prompt).toContain('Quest completed: The Tide Bell (by Ash)');
  }, 60_000);

  it('handles a batch in order, one outcome each; an unknown type is stored, not an error', async () => {
    const batch = await post({
      events: [
        {
          id: 'evt_state_1',
          type: 'game_state.changed',
          session_id: sessionId,
          data: { state: { location: 'The quay', health: 9 }, notes: { add: ['It is raining.'] } },
        },
        {
          id: 'evt_faction_1',
          type: 'faction.relation_changed',
          session_id: sessionId,
          data: { faction: 'The Salt Guild', other: 'player', relation: 'hostile', score: -40 },
        },
        {
          id: 'evt_item_1',
          type: 'item.transferred',
          session_id: sessionId,
          data: { item: 'Silver Compass', from: 'Ash', to: 'Mira Thornwood' },
        },
        {
          id: 'evt_price_0',
          type: 'economy.price_changed',
          world_id: worldId,
          data: { item: 'Salt', price: 2, currency: 'sp' },
        },
        {
          id: 'evt_price_1',
          type: 'economy.price_changed',
          world_id: worldId,
          data: { item: 'Salt', price: 6, currency: 'sp', reason: 'the salt road is closed' },
        },
        {
          id: 'evt_world_1',
          type: 'world.event',
          session_id: sessionId,
          data: { name: 'The Drowned Bells', description: 'Every bell in the harbour rang at midnight.' },
        },
        {
          id: 'evt_char_1',
          type: 'character.updated',
          session_id: sessionId,
          data: {
            name: 'Mira Thornwood',
            attributes: { mood: 'grateful' },
            change: 'She has her bell back.',
          },
        },
        { id: 'evt_weather_1', type: 'weather.tick', session_id: sessionId, data: { rain: true } },
        {
          id: 'evt_bad_1',
          type: 'quest.started',
          session_id: sessionId,
          data: { quest: 'X', colour: 'red' },
        },
        { id: 'evt_nosession', type: 'game_state.changed', session_id: 'nope', data: { state: { a: 1 } } },
      ],
    });
    expect(batch.status).toBe(200);
    const byId = Object.fromEntries(
      batch.body.data.map((outcome: { id: string }) => [outcome.id, outcome]),
    ) as Record<string, { handled: boolean; reason: string | null; changes: Array<Record<string, unknown>> }>;
    expect(batch.body.data.map((outcome: { id: string }) => outcome.id)).toEqual([
      'evt_state_1',
      'evt_faction_1',
      'evt_item_1',
      'evt_price_0',
      'evt_price_1',
      'evt_world_1',
      'evt_char_1',
      'evt_weather_1',
      'evt_bad_1',
      'evt_nosession',
    ]);
    for (const id of [
      'evt_state_1',
      'evt_faction_1',
      'evt_item_1',
      'evt_price_0',
      'evt_price_1',
      'evt_world_1',
      'evt_char_1',
    ])
      expect(byId[id], id).toMatchObject({ handled: true, reason: null });
    expect(byId.evt_weather_1).toMatchObject({ handled: false, changes: [] });
    expect(byId.evt_weather_1?.reason).toContain('no handler for "weather.tick"');
    expect(byId.evt_bad_1).toMatchObject({ handled: false, reason: 'data.colour: unknown field' });
    expect(byId.evt_nosession).toMatchObject({ handled: false, reason: 'session nope not found' });
    // A price shock (2 → 6) tells the merchants, in the background.
    expect(byId.evt_price_1?.changes).toContainEqual({
      kind: 'task',
      task_type: 'UPDATE_NOTE',
      about: 'note of Brannoch Tully',
    });
    expect(byId.evt_price_0?.changes.some((change) => change.kind === 'task')).toBe(false);

    const state = (await session()).metadata.state;
    expect(state).toMatchObject({
      location: 'The quay',
      health: 9,
      quests: { 'The Tide Bell': 'completed' },
      factions: { 'The Salt Guild': { player: 'hostile (-40)' } },
    });
    expect((await session()).metadata.notes).toContain('It is raining.');
    const all = await entities();
    const bell = all.find((entity) => entity.name === 'Silver Compass');
    expect(bell?.attributes).toMatchObject({ owner: 'Mira Thornwood', previous_owner: 'Ash' });
    const salt = all.find((entity) => entity.name === 'Salt');
    expect(salt?.attributes).toMatchObject({ price: 6, previous_price: 2, currency: 'sp' });
    expect(all.find((entity) => entity.name === 'Mira Thornwood')?.attributes).toMatchObject({
      mood: 'grateful',
    });
    expect(all.some((entity) => entity.name === 'The Drowned Bells')).toBe(true);

    // Unknown and skipped events are stored with their outcome, and readable.
    const weather = await call(server.url, 'GET', '/llm/events?types=weather.tick');
    expect(weather.body.data).toHaveLength(1);
    expect(weather.body.data[0]).toMatchObject({ id: 'evt_weather_1', source: 'game', world_id: worldId });
    await drained(server.url);
  }, 120_000);

  it('handles again an event whose handling died with its process, once', async () => {
    const body = {
      id: 'evt_orphan_1',
      type: 'game_state.changed',
      session_id: sessionId,
      data: { state: { weather: 'fog' } },
    };
    const stored = {
      eventId: body.id,
      type: body.type,
      source: 'game',
      worldId: worldId,
      sessionId,
      payload: body.data,
      time: new Date().toISOString(),
      version: 1,
      direction: 'in' as const,
    };
    // Being handled right now (claimed a moment ago): a second post waits its turn.
    await server.store.events.insertOnce({
      ...stored,
      result: { status: 'processing', claimed_at: new Date().toISOString() },
    });
    const busy = await post(body);
    expect(busy.body).toMatchObject({ duplicate: true, handled: false });
    expect(busy.body.reason).toContain('being handled');
    expect((await session()).metadata.state.weather).toBeUndefined();
    // Claimed an hour ago by a process that died: handled again.
    await server.store.events.setResult(body.id, {
      status: 'processing',
      claimed_at: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const retaken = await post(body);
    expect(retaken.body).toMatchObject({ duplicate: false, handled: true });
    expect((await session()).metadata.state.weather).toBe('fog');
    expect((await post(body)).body).toMatchObject({ duplicate: true, handled: true });
  });

  it('a claim found stale by two posts at once is handled again once', async () => {
    const body = {
      id: 'evt_orphan_2',
      type: 'quest.started',
      session_id: sessionId,
      source: 'quests',
      data: { quest: 'The Lost Net' },
    };
    const stale = {
      eventId: body.id,
      type: body.type,
      source: 'quests',
      worldId,
      sessionId,
      payload: body.data,
      time: new Date().toISOString(),
      version: 1,
      direction: 'in' as const,
      result: { status: 'processing', claimed_at: new Date(Date.now() - 3_600_000).toISOString() },
    };
    await server.store.events.insertOnce(stale);
    const staleRow = (await server.store.events.getByEventId(body.id))!;
    const outcomes = (await Promise.all([post(body), post(body)])).map((answer) => answer.body);
    expect(outcomes.filter((outcome) => outcome.duplicate === false)).toHaveLength(1);
    const notes = (await session()).metadata.notes as string[];
    expect(notes.filter((note) => note === 'Quest started: The Lost Net')).toHaveLength(1);
    // What the slower of two retakes does: the row it read is gone, so the fresh one stays.
    expect(await server.store.events.deleteRowOf(body.id, staleRow.id)).toBe(false);
    expect((await server.store.events.getByEventId(body.id))?.result).toMatchObject({ status: 'done' });
  });

  it('refuses a malformed envelope with a 400 naming the field, storing nothing of the batch', async () => {
    const bad = await post({
      events: [
        { type: 'quest.started', data: {} },
        { type: 'Bad Type!', data: {} },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('events.1.type');
    const single = await post({ type: 'quest.started', data: 'x' });
    expect(single.status).toBe(400);
    expect(single.body.error.param).toBe('data');
    const tooMany = await post({
      events: Array.from({ length: 21 }, () => ({ type: 'world.event', data: {} })),
    });
    expect(tooMany.body.error.param).toBe('events');
    expect(tooMany.status).toBe(400);
    const empty = await post({ events: [] });
    expect(empty.status).toBe(400);
    // A bare array is not an envelope: a batch is {events: [...]}.
    expect((await post([{ type: 'world.event', data: {} }])).status).toBe(400);
  });

  it('hands characters, campaigns and themes to the content service', async () => {
    const legal = await post({
      id: 'evt_char_created_1',
      type: 'character_created',
      world_id: worldId,
      data: { character: fighter() },
    });
    expect(legal.body).toMatchObject({ handled: true });
    expect(legal.body.changes[0]).toMatchObject({ kind: 'content', action: 'character_validated' });
    expect(legal.body.changes[0].result.valid).toBe(true);

    const illegal = await post({
      id: 'evt_char_created_2',
      type: 'character_created',
      world_id: worldId,
      data: { character: { ...fighter(), level: 25 } },
    });
    expect(illegal.body.handled).toBe(true);
    const result = illegal.body.changes[0].result;
    expect(result.valid).toBe(false);
    expect(result.findings.map((finding: { path: string }) => finding.path)).toContain('$.level');

    const enriched = await post({
      id: 'evt_char_created_3',
      type: 'character_created',
      world_id: worldId,
      data: {
        character: { name: 'Corvin Ashe', class: 'Rogue', species: 'Halfling', level: 2 },
        enrich: true,
      },
    });
    expect(enriched.body.handled).toBe(true);
    // Written by the generation role (here the fake upstream) and saved in the world.
    expect(typeof enriched.body.changes[0].result.enriched.backstory).toBe('string');
    expect(enriched.body.changes[0].result.enriched.backstory.length).toBeGreaterThan(0);

    const missing = await post({
      id: 'evt_char_created_4',
      type: 'character_created',
      world_id: worldId,
      data: {},
    });
    expect(missing.body).toMatchObject({ handled: false, reason: expect.stringContaining('data.character') });

    const theme = await call(server.url, 'POST', '/themes', { name: 'Grim harbour', tone: 'grim' });
    expect(theme.status).toBe(201);
    const changed = await post({
      id: 'evt_theme_1',
      type: 'theme_changed',
      world_id: worldId,
      data: { theme_id: theme.body.id },
    });
    expect(changed.body).toMatchObject({ handled: true });
    expect(changed.body.changes[0]).toMatchObject({
      kind: 'content',
      action: 'theme_applied',
      result: { world_id: worldId, theme_id: theme.body.id },
    });
    const unknownTheme = await post({
      id: 'evt_theme_2',
      type: 'theme_changed',
      world_id: worldId,
      data: { theme_id: 'thm_nope' },
    });
    expect(unknownTheme.body.handled).toBe(false);

    // A campaign is an entity of the world.
    const saga = await call(server.url, 'POST', `/worlds/${worldId}/entities`, {
      type: 'concept',
      name: 'The Salt War',
      tags: ['campaign'],
    });
    const campaign = await post({
      id: 'evt_campaign_1',
      type: 'campaign_updated',
      world_id: worldId,
      data: { campaign_id: saga.body.id, theme_id: theme.body.id },
    });
    expect(campaign.body).toMatchObject({ handled: true });
    expect(campaign.body.changes[0].result).toMatchObject({
      campaign_id: saga.body.id,
      theme_id: theme.body.id,
    });
    const unknownCampaign = await post({
      id: 'evt_campaign_2',
      type: 'campaign_updated',
      world_id: worldId,
      data: { campaign_id: 'ent_nope', theme_id: theme.body.id },
    });
    expect(unknownCampaign.body).toMatchObject({
      handled: false,
      reason: 'campaign_id: Campaign ent_nope not found',
    });
  }, 120_000);
});

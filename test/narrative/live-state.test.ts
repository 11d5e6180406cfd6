/**
 * Live game state (issue 12, point 4): a session's state as a JSON merge-patch and its notes, a world's
 * fields, a world's sessions, and the removal of a session or a world with their data in one
 * transaction (their vectors leave the index). The removal and the compare-and-swap run on SQLite and
 * PostgreSQL; the routes over HTTP on a real server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Servers answer turns and generations on a loaded 2-core machine: a minute per test, not 20 s.
vi.setConfig({ testTimeout: 60_000 });

import { loadConfig } from '../../src/config/index.js';
import { HashingEmbedder, Memory } from '../../src/memory/index.js';
import { LiveStateService, mergePatch, patchSession } from '../../src/narrative/index.js';
import type { Store } from '../../src/store/index.js';
import { withMemoryTables } from '../../src/store/repositories/memory-documents.js';
import { BACKENDS, type BackendUnderTest, setUpBackend } from '../store/backends.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { call } from './support.js';

describe('JSON merge-patch (RFC 7396)', () => {
  it('follows the RFC’s examples', () => {
    // RFC 7396, appendix A.
    const cases: Array<[unknown, unknown, unknown]> = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [
        ['a', 'b'],
        ['c', 'd'],
        ['c', 'd'],
      ],
      [{ a: 'b' }, ['c'], ['c']],
      [{ a: 'foo' }, null, null],
      [{ a: 'foo' }, 'bar', 'bar'],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [target, patch, result] of cases) expect(mergePatch(target, patch)).toEqual(result);
  });
});

const settings = loadConfig({ env: {} }).settings;

describe.each(BACKENDS)('live state in the store on %s', (backend) => {
  let db: BackendUnderTest;
  let store: Store;
  let dir: string;
  let memory: Memory;
  let live: LiveStateService;
  const published: Array<{ type: string; data: Record<string, unknown> }> = [];

  beforeAll(async () => {
    db = await setUpBackend(backend);
    store = await db.open();
    dir = mkdtempSync(join(tmpdir(), 'loremaster-live-'));
    memory = new Memory({ store, settings, embedder: new HashingEmbedder(64), indexDirectory: dir });
    await memory.open();
    live = new LiveStateService({
      store,
      memory,
      publish: (type, _source, data) => published.push({ type, data }),
    });
  }, 120_000);
  afterAll(async () => {
    await memory?.close();
    await db?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A world with a canon entity and two sessions, each with a turn, an entity of its own, facts and documents. */
  async function seed(name: string) {
    const world = await store.worlds.createWorld({ name });
    const canon = await store.transaction((tx) =>
      tx.worlds.createEntity(world.id, {
        kind: 'character',
        name: 'Mira',
        data: { note: 'canon' },
        changedBy: 'test',
      }),
    );
    const sessions = [];
    for (const player of ['Ash', 'Bryn']) {
      const session = await store.sessions.create({
        worldId: world.id,
        player,
        metadata: { state: { hp: 10 } },
      });
      await store.transaction(async (tx) => {
        const turn = await tx.sessions.addTurn(session.id, { input: 'I look around.', output: 'Mist.' });
        const own = await tx.worlds.insertEntity({
          id: `${session.id}-lantern`,
          worldId: world.id,
          kind: 'item',
          name: `${player}'s lantern`,
          sessionId: session.id,
        });
        await tx.worlds.addVersion(own.id, {
          scope: 'session',
          sessionId: session.id,
          data: { note: 'found' },
          changedBy: 'test',
        });
        await tx.worlds.addVersion(canon.entity.id, {
          scope: 'session',
          sessionId: session.id,
          data: { note: `met ${player}` },
          changedBy: 'test',
        });
        const fact = await tx.knowledge.addFact({
          worldId: world.id,
          sessionId: session.id,
          entityId: canon.entity.id,
          turnId: turn.id,
          text: `Mira met ${player}.`,
        });
        await tx.knowledge.addWitnesses(world.id, session.id, [fact], [canon.entity.id], 'present');
        await tx.feedback.add({
          targetType: 'turn',
          targetId: String(turn.id),
          rating: 5,
          comment: null,
          metadata: {},
        });
      });
      await memory.put([
        {
          id: `${session.id}-memory`,
          worldId: world.id,
          sessionId: session.id,
          source: 'memory',
          title: `${player} in the mist`,
          body: `${player} walked the reeds.`,
        },
      ]);
      sessions.push(session);
    }
    await memory.put([
      { id: `${world.id}-lore`, worldId: world.id, title: 'The reeds', body: 'Reeds as tall as houses.' },
    ]);
    return { world, canon: canon.entity, sessions: sessions as [(typeof sessions)[0], (typeof sessions)[0]] };
  }

  const documents = (worldId: string) =>
    withMemoryTables(store.db)
      .selectFrom('memory_documents')
      .select(['id', 'session_id'])
      .where('world_id', '=', worldId)
      .execute();

  it('removes a session and what is only its own in one transaction; its vectors leave the index', async () => {
    const { world, canon, sessions } = await seed('Reedholm');
    const [gone, kept] = sessions;
    expect(memory.sync.index.has(`${gone.id}-memory`)).toBe(true);

    const removed = await live.removeSession(gone.id);
    expect(removed).toMatchObject({
      sessions: 1,
      turns: 1,
      entities: 1,
      versions: 2,
      facts: 1,
      documents: 1,
    });

    expect(await store.sessions.get(gone.id)).toBeUndefined();
    expect(await store.sessions.turns(gone.id, { limit: 10 })).toEqual([]);
    expect(await store.worlds.getEntity(`${gone.id}-lantern`)).toBeUndefined();
    // Canon keeps its own version; only the removed session's overlay went.
    const history = await store.worlds.history(canon.id);
    expect(history.map((version) => version.sessionId)).toEqual([null, kept.id]);
    expect((await documents(world.id)).map((row) => row.id).sort()).toEqual(
      [`${kept.id}-memory`, `${world.id}-lore`].sort(),
    );
    expect(
      await store.embeddings.get('memory_document', `${gone.id}-memory`, memory.embedder.model),
    ).toBeUndefined();
    expect(memory.sync.index.has(`${gone.id}-memory`)).toBe(false);
    // Every instance's index follows: the removal is in the vector change log.
    const logged = await store.vectorChanges.after(0, memory.embedder.model, 10_000);
    expect(logged.map((change) => change.ownerId)).toContain(`${gone.id}-memory`);
    expect(memory.sync.index.has(`${kept.id}-memory`)).toBe(true);
    // The other session is untouched.
    expect(await store.sessions.get(kept.id)).toBeDefined();
    expect(await store.worlds.getEntity(`${kept.id}-lantern`)).toBeDefined();
    expect(published.at(-1)).toMatchObject({ type: 'session.deleted', data: { session_id: gone.id } });
  });

  it('removes a world with its sessions, entities, versions, facts, documents and vectors', async () => {
    const { world, canon, sessions } = await seed('Saltmere');
    const other = await seed('Other shore');
    const removed = await live.removeWorld(world.id);
    expect(removed).toMatchObject({ sessions: 2, turns: 2, entities: 3, facts: 2, documents: 3 });
    expect(await store.worlds.getWorld(world.id)).toBeUndefined();
    expect(await store.worlds.getEntity(canon.id)).toBeUndefined();
    expect(await store.worlds.history(canon.id)).toEqual([]);
    for (const session of sessions) expect(await store.sessions.get(session.id)).toBeUndefined();
    expect(await documents(world.id)).toEqual([]);
    expect(memory.sync.index.has(`${world.id}-lore`)).toBe(false);
    // Another world is untouched.
    expect(await store.worlds.getWorld(other.world.id)).toBeDefined();
    expect(await documents(other.world.id)).toHaveLength(3);
    expect(memory.sync.index.has(`${other.world.id}-lore`)).toBe(true);
    await expect(live.removeWorld(world.id)).rejects.toMatchObject({
      statusCode: 404,
      code: 'world_not_found',
    });
  });

  it('patches state by merge-patch with compare-and-swap: concurrent patches all land', async () => {
    const world = await store.worlds.createWorld({ name: 'Busy tavern' });
    const session = await store.sessions.create({
      worldId: world.id,
      metadata: { state: { gold: 1 }, notes: ['a'] },
    });
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        patchSession(store, session.id, { state: { [`flag${index}`]: true } }),
      ),
    );
    const after = await store.sessions.get(session.id);
    const state = after?.metadata.state as Record<string, unknown>;
    expect(Object.keys(state).sort()).toEqual(
      ['gold', ...Array.from({ length: 12 }, (_, i) => `flag${i}`)].sort(),
    );
    const noted = await patchSession(store, session.id, {
      notes: { add: ['b', 'b'], remove: ['a'] },
      state: { gold: null },
    });
    expect(noted.metadata.notes).toEqual(['b']);
    expect(noted.metadata.state).not.toHaveProperty('gold');
    await expect(patchSession(store, session.id, { state: { a: { constructor: 1 } } })).rejects.toMatchObject(
      {
        statusCode: 400,
        param: 'state.a.constructor',
      },
    );
  });
});

describe('live state over HTTP', () => {
  let server: TestServer;
  let worldId: string;

  beforeAll(async () => {
    server = await startLoremaster();
    const world = await call(server.url, 'POST', '/worlds', {
      name: 'Lanternfall',
      settings: { theme: { genre: 'fantasy', tone: 'grim' }, state: { time: 'dusk' } },
    });
    worldId = world.body.id;
  }, 120_000);
  afterAll(async () => server?.stop());

  const newSession = async (metadata: Record<string, unknown> = {}) =>
    (await call(server.url, 'POST', `/worlds/${worldId}/sessions`, { metadata })).body.id as string;

  it('PATCH /sessions/{id}: state as a JSON merge-patch, notes added and removed, status', async () => {
    const id = await newSession({
      state: { location: 'The gate', hp: 12, bag: { rope: 1, torch: 2 } },
      notes: ['Owes Mira a favour'],
    });
    const patched = await call(server.url, 'PATCH', `/sessions/${id}`, {
      state: { hp: 9, bag: { torch: null, key: 1 }, quest: { stage: 2 } },
      notes: { add: ['The bridge is out'], remove: ['Owes Mira a favour'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.metadata).toEqual({
      state: { location: 'The gate', hp: 9, bag: { rope: 1, key: 1 }, quest: { stage: 2 } },
      notes: ['The bridge is out'],
    });
    const read = await call(server.url, 'GET', `/sessions/${id}`);
    expect(read.body.metadata.state.bag).toEqual({ rope: 1, key: 1 });

    const ended = await call(server.url, 'PATCH', `/sessions/${id}`, { status: 'ended' });
    expect(ended.body.status).toBe('ended');
    const turn = await call(server.url, 'POST', `/sessions/${id}/turns`, {
      input: 'I wait.',
      state: { hp: 1 },
    });
    expect(turn.status).toBe(409);
  });

  it('bounds the state: depth, size and key names are a 400 naming the field', async () => {
    const id = await newSession();
    let deep: Record<string, unknown> = { end: true };
    for (let level = 0; level < 12; level += 1) deep = { level: deep };
    const tooDeep = await call(server.url, 'PATCH', `/sessions/${id}`, { state: { map: deep } });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.param).toMatch(/^state\.map(\.level)+$/);
    expect(tooDeep.body.error.message).toMatch(/nested deeper than 8/);

    const big = await call(server.url, 'PATCH', `/sessions/${id}`, { state: { log: 'x'.repeat(70_000) } });
    expect(big.status).toBe(400);
    expect(big.body.error).toMatchObject({ param: 'state' });
    expect(big.body.error.message).toMatch(/bytes/);

    const proto = await fetch(`${server.url}/sessions/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"state":{"a":{"__proto__":{"admin":true}}}}',
    });
    // Refused by the JSON parser already (the state check refuses such keys from any other caller).
    expect(proto.status).toBe(400);

    const unknown = await call(server.url, 'PATCH', `/sessions/${id}`, { mood: 'calm' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/mood/);
    const nothing = await call(server.url, 'PATCH', `/sessions/${id}`, {});
    expect(nothing.status).toBe(400);
    expect((await call(server.url, 'PATCH', '/sessions/nope', { state: { a: 1 } })).status).toBe(404);
    // Nothing of the refused patches was kept.
    expect((await call(server.url, 'GET', `/sessions/${id}`)).body.metadata).toEqual({});
  });

  it('a turn body may carry a state patch: applied before generation, seen by the narrator', async () => {
    const id = await newSession({ state: { location: 'The gate' } });
    const turn = await call(server.url, 'POST', `/sessions/${id}/turns`, {
      input: 'I walk on.',
      state: { location: 'The Lantern Market', objective: 'Find the bellmaker' },
    });
    expect(turn.status).toBe(201);
    // The panel is built from the state the narrator was given.
    expect(turn.body.panel).toMatchObject({
      location: 'The Lantern Market',
      objective: 'Find the bellmaker',
    });
    expect(turn.body.call_id).toEqual(expect.any(String));
    const session = await call(server.url, 'GET', `/sessions/${id}`);
    expect(session.body.metadata.state).toEqual({
      location: 'The Lantern Market',
      objective: 'Find the bellmaker',
    });
    const bad = await call(server.url, 'POST', `/sessions/${id}/turns`, { input: 'Again.', state: 'north' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('state');
  });

  it('PATCH /worlds/{id}: name, description, theme and settings as merge-patches', async () => {
    const patched = await call(server.url, 'PATCH', `/worlds/${worldId}`, {
      name: 'Lanternfall Reborn',
      theme: { tone: 'hopeful', style: 'lyrical' },
      settings: { state: { time: 'dawn' }, simulation: { every: 5 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      object: 'world',
      name: 'Lanternfall Reborn',
      settings: {
        theme: { genre: 'fantasy', tone: 'hopeful', style: 'lyrical' },
        state: { time: 'dawn' },
        simulation: { every: 5 },
      },
    });
    const cleared = await call(server.url, 'PATCH', `/worlds/${worldId}`, {
      theme: null,
      settings: { simulation: null },
    });
    expect(cleared.body.settings).toEqual({ state: { time: 'dawn' } });
    expect((await call(server.url, 'PATCH', `/worlds/${worldId}`, { name: '' })).body.error.param).toBe(
      'name',
    );
    expect((await call(server.url, 'PATCH', '/worlds/nope', { name: 'X' })).status).toBe(404);
  });

  it('GET /worlds/{id}/sessions lists a world’s sessions a page at a time; DELETE removes sessions and worlds', async () => {
    const world = (await call(server.url, 'POST', '/worlds', { name: 'Short-lived' })).body.id as string;
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1)
      ids.push(
        (await call(server.url, 'POST', `/worlds/${world}/sessions`, { player: `P${index}` })).body.id,
      );
    const page = await call(server.url, 'GET', `/worlds/${world}/sessions?limit=2`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ object: 'list', total: 3, limit: 2, offset: 0 });
    expect(page.body.data).toHaveLength(2);
    expect(page.body.data[0]).toMatchObject({ object: 'session', world_id: world });
    const rest = await call(server.url, 'GET', `/worlds/${world}/sessions?limit=2&offset=2`);
    expect([...page.body.data, ...rest.body.data].map((s: { id: string }) => s.id).sort()).toEqual(
      [...ids].sort(),
    );

    const played = await call(server.url, 'POST', `/sessions/${ids[0]}/turns`, {
      input: 'I light the lamp.',
    });
    expect(played.status).toBe(201);
    const gone = await call(server.url, 'DELETE', `/sessions/${ids[0]}`);
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({
      object: 'session',
      id: ids[0],
      deleted: true,
      removed: { sessions: 1, turns: 1 },
    });
    expect((await call(server.url, 'GET', `/sessions/${ids[0]}`)).status).toBe(404);
    expect((await call(server.url, 'DELETE', `/sessions/${ids[0]}`)).status).toBe(404);

    const removed = await call(server.url, 'DELETE', `/worlds/${world}`);
    expect(removed.body).toMatchObject({ object: 'world', deleted: true, removed: { sessions: 2 } });
    expect((await call(server.url, 'GET', `/worlds/${world}`)).status).toBe(404);
    expect((await call(server.url, 'GET', `/worlds/${world}/sessions`)).status).toBe(404);
    expect((await call(server.url, 'GET', `/sessions/${ids[1]}`)).status).toBe(404);
  });
});

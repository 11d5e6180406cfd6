/**
 * Play-throughs over HTTP, on the embedded default (offline narrator and analyst, real workers): an
 * entity a session invents is that session's own, `PATCH` and `DELETE` with `session_id` change that
 * session's view only, `POST /sessions/{id}/promote` makes a session's work canon with a conflicts
 * report, `entity_count` counts canon, world simulation is counted per session (per world when shared),
 * and `GET …/entities/{id}/knowledge?session_id=` lists what a character learned in that session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { call, drained } from './support.js';

const character = (name: string, description: string) => ({ type: 'character', name, description });

describe('play-throughs over HTTP', () => {
  let server: TestServer;
  let worldId: string;
  let miraId: string;
  let tobiasId: string;
  let a: string;
  let b: string;

  beforeAll(async () => {
    server = await startLoremaster({
      // The embedder's weights load at start (on a loaded machine, not inside the first test).
      config: { narrative: { simulation_every_turns: 2 }, memory: { warm_up_embedder: true } },
    });
    worldId = (await call(server.url, 'POST', '/worlds', { name: 'Eldhollow' })).body.id;
    miraId = (
      await call(
        server.url,
        'POST',
        `/worlds/${worldId}/entities`,
        character('Mira Thornwood', 'Keeps the Gilded Stag inn.'),
      )
    ).body.id;
    tobiasId = (
      await call(
        server.url,
        'POST',
        `/worlds/${worldId}/entities`,
        character('Tobias Wren', 'A tinker with a cart of bells.'),
      )
    ).body.id;
    a = (await call(server.url, 'POST', `/worlds/${worldId}/sessions`, { player: 'Ash' })).body.id;
    b = (await call(server.url, 'POST', `/worlds/${worldId}/sessions`, { player: 'Bryn' })).body.id;
  }, 120_000);

  afterAll(async () => server?.stop());

  const entityCount = async () => (await call(server.url, 'GET', `/worlds/${worldId}`)).body.entity_count;
  const named = async (name: string, sessionId?: string) => {
    const list = await call(
      server.url,
      'GET',
      `/worlds/${worldId}/entities?limit=1000${sessionId ? `&session_id=${sessionId}` : ''}`,
    );
    return (list.body.data as Array<{ id: string; name: string; scope: string }>).filter(
      (entity) => entity.name === name,
    );
  };

  it('a name a session invents is its own: another session and the author can use it; entity_count counts canon', async () => {
    const turn = await call(server.url, 'POST', `/sessions/${a}/turns`, {
      input: 'At the forge I meet a smith named Garran Holt. Mira Thornwood says the bell rang at midnight.',
    });
    expect(turn.status).toBe(201);
    await drained(server.url);

    const inA = await named('Garran Holt', a);
    expect(inA).toEqual([expect.objectContaining({ scope: 'session' })]);
    expect(await named('Garran Holt', b)).toEqual([]);
    expect(await named('Garran Holt')).toEqual([]);
    expect(await entityCount()).toBe(2);

    // The world's author can create the name canon; session A keeps its own Garran.
    const authored = await call(
      server.url,
      'POST',
      `/worlds/${worldId}/entities`,
      character('Garran Holt', 'The old smith of Eldhollow, canon.'),
    );
    expect(authored.status).toBe(201);
    expect(authored.body.id).not.toBe(inA[0]?.id);
    expect(await entityCount()).toBe(3);
    // Session A sees canon's Garran beside its own; B sees canon's only.
    expect((await named('Garran Holt', a)).map((entity) => entity.id).sort()).toEqual(
      [inA[0]?.id, authored.body.id].sort(),
    );
    expect((await named('Garran Holt', b)).map((entity) => entity.id)).toEqual([authored.body.id]);
  }, 120_000);

  it('PATCH and DELETE with session_id change that session only; canon and other sessions stay', async () => {
    const patched = await call(server.url, 'PATCH', `/worlds/${worldId}/entities/${miraId}?session_id=${a}`, {
      note: 'Owes Ash a favour.',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      id: miraId,
      note: 'Owes Ash a favour.',
      scope: 'session',
      session_id: a,
    });
    expect((await call(server.url, 'GET', `/worlds/${worldId}/entities/${miraId}`)).body.note).not.toBe(
      'Owes Ash a favour.',
    );
    expect(
      (await call(server.url, 'GET', `/worlds/${worldId}/entities/${miraId}?session_id=${b}`)).body.note,
    ).not.toBe('Owes Ash a favour.');
    expect(
      (await call(server.url, 'GET', `/worlds/${worldId}/entities/${miraId}?session_id=${a}`)).body.note,
    ).toBe('Owes Ash a favour.');

    const deleted = await call(
      server.url,
      'DELETE',
      `/worlds/${worldId}/entities/${tobiasId}?session_id=${b}`,
    );
    expect(deleted.status).toBe(204);
    expect(
      (await call(server.url, 'GET', `/worlds/${worldId}/entities/${tobiasId}?session_id=${b}`)).status,
    ).toBe(404);
    expect((await call(server.url, 'GET', `/worlds/${worldId}/entities/${tobiasId}`)).status).toBe(200);
    expect(
      (await call(server.url, 'GET', `/worlds/${worldId}/entities/${tobiasId}?session_id=${a}`)).status,
    ).toBe(200);
    expect(await named('Tobias Wren', b)).toEqual([]);
    expect(await named('Tobias Wren', a)).toHaveLength(1);
    expect(await named('Tobias Wren')).toHaveLength(1);
    expect(await entityCount()).toBe(3);
    // A session's search leaves out what it deleted; canon's still finds it.
    const search = (sessionId?: string) =>
      call(server.url, 'POST', `/worlds/${worldId}/search`, {
        q: 'Tobias Wren tinker bells',
        k: 5,
        ...(sessionId && { filters: { session_id: sessionId } }),
      });
    expect((await search(b)).body.data.map((hit: { id: string }) => hit.id)).not.toContain(tobiasId);
    expect((await search()).body.data.map((hit: { id: string }) => hit.id)).toContain(tobiasId);
  });

  it('POST /sessions/{id}/promote makes a session’s work canon and reports conflicts', async () => {
    const bad = await call(server.url, 'POST', `/sessions/${a}/promote`, {});
    expect(bad.status).toBe(400);
    const both = await call(server.url, 'POST', `/sessions/${a}/promote`, {
      all: true,
      entity_ids: [miraId],
    });
    expect(both.status).toBe(400);
    expect((await call(server.url, 'POST', '/sessions/nope/promote', { all: true })).status).toBe(404);

    const one = await call(server.url, 'POST', `/sessions/${a}/promote`, { entity_ids: [miraId] });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ object: 'promotion', session_id: a, conflicts: [] });
    expect(one.body.promoted.map((entry: { entity_id: string }) => entry.entity_id)).toEqual([miraId]);
    expect((await call(server.url, 'GET', `/worlds/${worldId}/entities/${miraId}`)).body.note).toBe(
      'Owes Ash a favour.',
    );

    const garran = (await named('Garran Holt', a)).find((entity) => entity.scope === 'session');
    const canonGarran = (await named('Garran Holt'))[0];
    const all = await call(server.url, 'POST', `/sessions/${a}/promote`, { all: true });
    expect(all.status).toBe(200);
    expect(all.body.conflicts).toContainEqual({
      entity_id: garran?.id,
      name: 'garran holt',
      held_by: canonGarran?.id,
      outcome: 'not promoted',
    });
    expect(all.body.promoted.map((entry: { entity_id: string }) => entry.entity_id)).not.toContain(
      garran?.id,
    );
    // Canon still has its own Garran, and counts one more only for what was promoted.
    expect((await named('Garran Holt')).map((entity) => entity.id)).toEqual([canonGarran?.id]);
    const promotedNew = (all.body.promoted as Array<{ entity_id: string }>).filter(
      (entry) => entry.entity_id !== miraId && entry.entity_id !== tobiasId,
    ).length;
    expect(await entityCount()).toBe(3 + promotedNew);
  });

  it('lists what a character learned in a session, and nothing in another', async () => {
    const known = await call(
      server.url,
      'GET',
      `/worlds/${worldId}/entities/${miraId}/knowledge?session_id=${a}`,
    );
    expect(known.status).toBe(200);
    expect(known.body).toMatchObject({
      object: 'list',
      entity: { id: miraId, name: 'Mira Thornwood' },
      session_id: a,
    });
    expect(known.body.data.length).toBeGreaterThan(0);
    for (const fact of known.body.data) {
      expect(fact.how).toBe('present');
      expect(typeof fact.fact).toBe('string');
      expect(fact.turn_id).toEqual(expect.any(Number));
    }
    const elsewhere = await call(
      server.url,
      'GET',
      `/worlds/${worldId}/entities/${miraId}/knowledge?session_id=${b}`,
    );
    expect(elsewhere.body.data).toEqual([]);
    const missing = await call(server.url, 'GET', `/worlds/${worldId}/entities/${miraId}/knowledge`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.param).toBe('session_id');
  });

  it('shows what a session’s next call sends (GET /llm/context/{type}?session_id=), and an NPC’s line knows only its facts', async () => {
    const narrator = await call(
      server.url,
      'GET',
      `/llm/context/narrator?session_id=${a}&input=${encodeURIComponent('I ask Mira Thornwood about the bell.')}`,
    );
    expect(narrator.status).toBe(200);
    expect(narrator.body).toMatchObject({
      object: 'context',
      prompt: 'narrator',
      model: 'generation',
      session_id: a,
    });
    expect(narrator.body.inputs.lore).toContainEqual(expect.objectContaining({ title: 'Mira Thornwood' }));
    expect(JSON.stringify(narrator.body.messages)).toContain('I ask Mira Thornwood about the bell.');
    const noInput = await call(server.url, 'GET', `/llm/context/narrator?session_id=${a}`);
    expect(noInput.status).toBe(400);
    expect(noInput.body.error.param).toBe('input');
    const analysis = await call(server.url, 'GET', `/llm/context/analysis?session_id=${a}`);
    expect(analysis.body).toMatchObject({
      prompt: 'turn_analysis',
      inputs: { turn: { number: 1, analysed: true } },
    });
    // Without a session it is the builder over any prompt, as before.
    expect((await call(server.url, 'GET', '/llm/context/rumor?sample=true')).status).toBe(200);

    const facts = await call(server.url, 'POST', `/worlds/${worldId}/search`, {
      q: 'the bell at midnight',
      filters: { session_id: a, known_by: miraId },
    });
    expect(facts.status).toBe(200);
    expect(facts.body.data.length).toBeGreaterThan(0);
    for (const hit of facts.body.data) expect(hit).toMatchObject({ source: 'fact', kind: 'fact' });
    const tobiasKnows = await call(server.url, 'POST', `/worlds/${worldId}/search`, {
      q: 'the bell at midnight',
      filters: { session_id: a, known_by: tobiasId },
    });
    expect(tobiasKnows.body.data).toEqual([]);
    const noSession = await call(server.url, 'POST', `/worlds/${worldId}/search`, {
      q: 'bell',
      filters: { known_by: miraId },
    });
    expect(noSession.status).toBe(400);

    const line = await call(server.url, 'POST', `/sessions/${a}/dialogue`, {
      character_id: miraId,
      said: 'What did you hear at midnight?',
    });
    expect(line.status).toBe(200);
    expect(line.body).toMatchObject({
      object: 'dialogue_line',
      speaker: { id: miraId, name: 'Mira Thornwood' },
    });
    expect(typeof line.body.text).toBe('string');
    const miraKnows = await call(
      server.url,
      'GET',
      `/worlds/${worldId}/entities/${miraId}/knowledge?session_id=${a}`,
    );
    const miraFacts = miraKnows.body.data.map((fact: { fact: string }) => fact.fact);
    for (const fact of line.body.knows) expect(miraFacts).toContain(fact);
    expect(line.body.knows.length).toBeGreaterThan(0);
    const notCharacter = await call(server.url, 'POST', `/sessions/${a}/dialogue`, {
      character_id: 'nope',
      said: 'Hi',
    });
    expect(notCharacter.status).toBe(404);
  });

  it('counts world simulation per session in a world that is not shared, per world when shared', async () => {
    const simulations = async () =>
      (await drained(server.url)).by_type.SIMULATE_WORLD as Record<string, number>;
    const total = (counts: Record<string, number>) =>
      Object.values(counts).reduce((sum, count) => sum + count, 0);
    const before = total(await simulations());
    // Session A has played one turn; B plays its first: two turns in the world, none a session's second.
    await call(server.url, 'POST', `/sessions/${b}/turns`, { input: 'I look around the square.' });
    expect(total(await simulations())).toBe(before);
    await call(server.url, 'POST', `/sessions/${a}/turns`, { input: 'I walk to the river.' });
    expect(total(await simulations())).toBe(before + 1);

    const shared = (await call(server.url, 'POST', '/worlds', { name: 'Mooring', shared: true })).body.id;
    const one = (await call(server.url, 'POST', `/worlds/${shared}/sessions`, {})).body.id;
    const two = (await call(server.url, 'POST', `/worlds/${shared}/sessions`, {})).body.id;
    await call(server.url, 'POST', `/sessions/${one}/turns`, { input: 'I tie up the boat.' });
    await call(server.url, 'POST', `/sessions/${two}/turns`, { input: 'I wave from the pier.' });
    expect(total(await simulations())).toBe(before + 2);
  });
});

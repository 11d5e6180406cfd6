/**
 * What a turn would refuse is refused when a world or a session is created (issue 15, point 1): a
 * player name over 200 characters, more notes than a session keeps, a state nested past its bounds.
 * And a world stored before these checks still plays: the narrator gets values clipped to its bounds.
 * A real server on a real SQLite file; the old rows are written through the store, as an older
 * Loremaster wrote them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 60_000 });

import { NarrativeError, WorldService } from '../../src/narrative/index.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { call } from './support.js';

let server: TestServer;
let worlds: WorldService;

beforeAll(async () => {
  server = await startLoremaster();
  worlds = new WorldService({ store: server.store, queue: { enqueue: async () => [] } as never });
}, 120_000);
afterAll(() => server?.stop());

/** `{"a":{"a":…1}}`, `levels` objects deep. */
function nested(levels: number): Record<string, unknown> {
  let value: unknown = 1;
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value as Record<string, unknown>;
}

describe('a world is refused at creation with what a turn would refuse', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a player name over 200 characters', { player: { name: 'x'.repeat(201) } }, 'settings.player.name'],
    ['a player name that is not a string', { player: { name: 7 } }, 'settings.player.name'],
    [
      '101 traits',
      { player: { traits: Array.from({ length: 101 }, (_, i) => `t${i}`) } },
      'settings.player.traits',
    ],
    ['a state nested past its bounds', { state: nested(12) }, `settings.state${'.a'.repeat(7)}`],
    ['1,001 notes', { notes: Array.from({ length: 1_001 }, (_, i) => `note ${i}`) }, 'settings.notes'],
    ['a theme that is not an object', { theme: 'grim' }, 'settings.theme'],
  ];
  for (const [name, settings, param] of cases) {
    it(name, async () => {
      // The service refuses it whoever calls (an import, a route), naming the field.
      const error = await worlds
        .createWorld({ name: `bad: ${name}`, settings })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NarrativeError);
      expect(error).toMatchObject({ statusCode: 400, param });
      // Over HTTP the route's schema may refuse it first; either way a 400 on that field, nothing stored.
      const created = await call(server.url, 'POST', '/worlds', { name: `bad: ${name}`, settings });
      expect(created.status, JSON.stringify(created.body)).toBe(400);
      expect(created.body.error.param).toMatch(new RegExp(`^${param.split('.').slice(0, 2).join('\\.')}`));
      const list = await call(server.url, 'GET', '/worlds');
      expect(list.status).toBe(200);
      expect(list.body.data.map((world: { name: string }) => world.name)).not.toContain(`bad: ${name}`);
    });
  }

  it('settings within the bounds are kept as given', async () => {
    const settings = {
      player: { name: 'Aren Vale', description: 'a courier', traits: ['wary', 'quick'] },
      state: { location: 'the Gilded Stag', inventory: { items: ['lantern'] } },
      theme: { genre: 'low fantasy', tone: 'grim' },
    };
    const created = await call(server.url, 'POST', '/worlds', { name: 'within bounds', settings });
    expect(created.status).toBe(201);
    expect(created.body.settings).toEqual(settings);
  });
});

describe('a session is refused at creation with what a turn would refuse', () => {
  it('names the field past its bound; within them, the session is created', async () => {
    const world = await worlds.createWorld({ name: 'sessions world' });
    const refuse = async (metadata: Record<string, unknown>, param: string) => {
      const error = await worlds.createSession(world.id, { metadata }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NarrativeError);
      expect((error as NarrativeError).statusCode).toBe(400);
      expect((error as NarrativeError).param).toBe(param);
    };
    await refuse({ notes: Array.from({ length: 1_200 }, (_, i) => `note ${i}`) }, 'metadata.notes');
    await refuse({ notes: ['fine', 'x'.repeat(2_001)] }, 'metadata.notes.1');
    await refuse({ state: nested(2_000) }, `metadata.state${'.a'.repeat(7)}`);
    await refuse({ player: { name: 'y'.repeat(250) } }, 'metadata.player.name');
    const session = await worlds.createSession(world.id, {
      player: 'Aren',
      metadata: { notes: ['the bell rang twice'], state: { location: 'chapel' } },
    });
    expect(session.metadata).toEqual({ notes: ['the bell rang twice'], state: { location: 'chapel' } });
    const missing = await worlds.createSession('no-such-world', {}).catch((caught: unknown) => caught);
    expect((missing as NarrativeError).statusCode).toBe(404);
  });
});

describe('a world stored before the checks still plays', () => {
  it('a turn clips the old values to the narrator’s bounds instead of failing', async () => {
    const world = await server.store.worlds.createWorld({
      name: 'old world',
      settings: {
        player: { name: 'z'.repeat(260), traits: Array.from({ length: 180 }, (_, i) => `trait ${i}`) },
        state: nested(2_000),
      },
    });
    const session = await server.store.sessions.create({
      worldId: world.id,
      metadata: { notes: Array.from({ length: 1_200 }, (_, i) => `note ${i}`), state: nested(2_000) },
    });
    const turn = await call(server.url, 'POST', `/sessions/${session.id}/turns`, { input: 'I look around.' });
    expect(turn.status, JSON.stringify(turn.body)).toBe(201);
    expect(turn.body.narration.length).toBeGreaterThan(0);
    expect((await call(server.url, 'GET', '/health')).status).toBe(200);
  });
});

/**
 * What a world, a session or a turn stores, a later turn reads (issue 15, point 1): the routes refuse
 * at creation, with a 400 naming the field, what the narrator would refuse later (a world whose
 * `settings.player.name` is over 200 characters, a session with 1,000 notes, a state 2,000 levels deep,
 * settings 4,100 levels deep), and what they accept at the bounds plays a turn. Numeric query
 * parameters are ranged: a huge number is a 400, never a 500. On a real server (SQLite, offline model).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

vi.setConfig({ testTimeout: 60_000 });

let server: TestServer;
beforeAll(async () => {
  server = await startLoremaster();
}, 120_000);
afterAll(() => server.stop());

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { param: string | null; message: string } };
}

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

function nested(levels: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let at = root;
  for (let i = 0; i < levels; i += 1) {
    const next: Record<string, unknown> = {};
    at.a = next;
    at = next;
  }
  return root;
}

function expect400(answer: Answer, param: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  expect(answer.body.error?.param).toBe(param);
}

describe('a world', () => {
  it('is refused at creation when the narrator could not read it, naming the field', async () => {
    expect400(
      await call('POST', '/worlds', { name: 'Longname', settings: { player: { name: 'n'.repeat(201) } } }),
      'settings.player.name',
    );
    expect400(
      await call('POST', '/worlds', { name: 'Traits', settings: { player: { traits: [1, 2] } } }),
      'settings.player.traits.0',
    );
    // 4,100 levels are refused where the body enters (server.max_json_depth); 100 by the route's schema.
    for (const levels of [4_100, 100]) {
      const deep = await call('POST', '/worlds', { name: 'Deep', settings: { lore: nested(levels) } });
      expect(deep.status).toBe(400);
      expect(deep.body.error?.param).toMatch(/^settings\.lore(\.a)+$/);
    }
    const deeper = await call('POST', '/worlds', { name: 'Deep', settings: { lore: nested(100) } });
    expect(deeper.body.error?.message).toContain('nested deeper than 8 levels');
    const deepState = await call('POST', '/worlds', { name: 'Deep', settings: { state: nested(20) } });
    expect(deepState.status).toBe(400);
    expect(deepState.body.error?.param).toMatch(/^settings\.state(\.a)+$/);
    expect400(
      await call('POST', '/worlds', {
        name: 'Wide',
        settings: { items: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])) },
      }),
      'settings.items',
    );
    expect400(
      await call('POST', '/worlds', { name: 'Huge', settings: { blob: 'x'.repeat(600 * 1024) } }),
      'settings',
    );
    // Nothing refused was stored: the list still answers.
    const list = await call('GET', '/worlds');
    expect(list.status).toBe(200);
    expect((list.body.data as Array<{ name: string }>).map((world) => world.name)).toEqual([]);
  });

  it('is refused by PATCH as at creation', async () => {
    const world = await call('POST', '/worlds', { name: 'Patchable' });
    const id = world.body.id as string;
    expect400(
      await call('PATCH', `/worlds/${id}`, { settings: { player: { name: 'n'.repeat(201) } } }),
      'settings.player.name',
    );
    expect400(await call('PATCH', `/worlds/${id}`, { theme: { tone: 't'.repeat(1_001) } }), 'theme.tone');
    const patched = await call('PATCH', `/worlds/${id}`, { settings: { player: { name: null } } });
    expect(patched.status).toBe(200);
    await call('DELETE', `/worlds/${id}`);
  });
});

describe('a session and a turn', () => {
  let worldId: string;
  beforeAll(async () => {
    const world = await call('POST', '/worlds', {
      name: 'Brinkwater',
      settings: {
        player: { name: 'P'.repeat(200), description: 'A salt-cured smuggler', traits: ['wary', 'quick'] },
        theme: { genre: 'low fantasy', tone: 'salt and rain' },
        state: { location: 'the quay', deep: nested(5) },
      },
    });
    expect(world.status, JSON.stringify(world.body)).toBe(201);
    worldId = world.body.id as string;
  });

  it('refuses at creation what a turn would refuse', async () => {
    expect400(
      await call('POST', `/worlds/${worldId}/sessions`, {
        metadata: { notes: Array.from({ length: 1_000 }, (_, i) => `note ${i}`) },
      }),
      'metadata.notes',
    );
    expect400(
      await call('POST', `/worlds/${worldId}/sessions`, { metadata: { notes: ['n'.repeat(2_001)] } }),
      'metadata.notes.0',
    );
    const deep = await call('POST', `/worlds/${worldId}/sessions`, { metadata: { state: nested(20) } });
    expect(deep.status).toBe(400);
    expect(deep.body.error?.param).toMatch(/^metadata\.state(\.a)+$/);
    expect400(
      await call('POST', `/worlds/${worldId}/sessions`, {
        metadata: { player: { name: 'n'.repeat(201) } },
      }),
      'metadata.player.name',
    );
  });

  it('plays a turn with everything creation accepted at its bounds', async () => {
    const session = await call('POST', `/worlds/${worldId}/sessions`, {
      player: 'Q'.repeat(200),
      metadata: {
        notes: Array.from({ length: 200 }, (_, i) => `Note ${i}: ${'n '.repeat(990)}`),
        state: { time: 'dusk', deep: nested(5) },
        player: { name: 'R'.repeat(200) },
      },
    });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    const id = session.body.id as string;
    const turn = await call('POST', `/sessions/${id}/turns`, { input: 'I check the tide tables.' });
    expect(turn.status, JSON.stringify(turn.body)).toBe(201);
    expect(turn.body.object).toBe('turn');

    const deepPatch = await call('POST', `/sessions/${id}/turns`, {
      input: 'I wait.',
      state: nested(2_000),
    });
    expect(deepPatch.status).toBe(400);
    expect(deepPatch.body.error?.param).toMatch(/^state(\.a)+$/);
    expect400(await call('PATCH', `/sessions/${id}`, { notes: { add: ['n'.repeat(2_001)] } }), 'notes.add.0');
  });
});

describe('numeric query parameters', () => {
  it('are ranged: a huge or malformed number is a 400 naming it', async () => {
    const world = await call('POST', '/worlds', { name: 'Ranges' });
    const id = world.body.id as string;
    const session = await call('POST', `/worlds/${id}/sessions`, {});
    const sessionId = session.body.id as string;
    expect400(await call('GET', `/sessions/${sessionId}?after=99999999999999999999`), 'after');
    expect400(await call('GET', `/sessions/${sessionId}?after=3000000000`), 'after');
    expect400(await call('GET', `/sessions/${sessionId}?limit=abc`), 'limit');
    expect400(await call('GET', `/worlds/${id}/entities?offset=99999999999999999999`), 'offset');
    expect400(await call('GET', `/worlds/${id}/entities?limit=0`), 'limit');
    expect400(await call('GET', `/worlds/${id}/sessions?offset=-1`), 'offset');
    expect400(await call('GET', `/worlds/${id}/entities/e1/knowledge?session_id=s&limit=1e9`), 'limit');
    expect((await call('GET', `/sessions/${sessionId}?after=2147483647&limit=5`)).status).toBe(200);
    expect((await call('GET', `/worlds/${id}/entities?offset=2147483647`)).status).toBe(200);
  });
});

/**
 * Each content type offline through the real server: typed, validated, reads as game content (real
 * names, no template words), saved in a world as entities with connections; themes applied (banned
 * words never in the output); POST /content/validate; SSE; bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SCHEMAS, CONTENT_TYPES } from '../../src/content/schemas.js';
import { call } from '../narrative/support.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { fighter } from './fixtures.js';

let server: TestServer;
let worldId: string;

beforeAll(async () => {
  server = await startLoremaster();
  const world = await call(server.url, 'POST', '/worlds', {
    name: 'Harrowmere',
    description: 'A drowned river valley of mills and toll bridges.',
  });
  expect(world.status).toBe(201);
  worldId = world.body.id;
}, 60_000);

afterAll(async () => {
  await server?.stop();
}, 60_000);

/** Events in the stored log (written in batches), waiting a bounded while for `atLeast` of them. */
async function storedEvents(
  query: { type: string; worldId?: string },
  atLeast: number,
  filter: (event: { payload: unknown }) => boolean = () => true,
) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const events = (await server.store.events.list({ ...query, limit: 500 })).filter(filter);
    if (events.length >= atLeast || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const TEMPLATE_WORDS = /\b(create|generate|placeholder|lorem|ipsum|todo|json|brief|schema)\b|\{\{|\{%/i;

describe('each content type offline', () => {
  it.each(CONTENT_TYPES)('%s: typed, valid, real names, no template words', async (type) => {
    const response = await call(server.url, 'POST', `/content/${type}`, {});
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { body } = response;
    expect(body.object).toBe('content');
    expect(body.type).toBe(type);
    expect(body.validation.valid).toBe(true);
    expect(body.validation.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect(body.prompt.name).toBe(`content_${type}`);
    expect(body.provider).toBe('offline');
    expect(CONTENT_SCHEMAS[type].safeParse(body.content).success).toBe(true);
    expect(body.content.name).toMatch(/^[A-Z][\p{L}' -]+$/u);
    expect(JSON.stringify(body.content)).not.toMatch(TEMPLATE_WORDS);
    expect(body.content.image).toBeNull();
  });

  it('a character agrees with itself and the rules: the class asked for, its saves, slots and spells', async () => {
    const { body } = await call(server.url, 'POST', '/content/character', {
      class: 'Wizard',
      species: 'Elf',
      level: 5,
      concept: 'a disgraced archivist',
    });
    const c = body.content;
    expect(c).toMatchObject({
      class: 'Wizard',
      species: 'Elf',
      level: 5,
      proficiency_bonus: 3,
      saving_throws: ['INT', 'WIS'],
      spell_slots: [4, 3, 2, 0, 0, 0, 0, 0, 0],
    });
    expect(c.spells.length).toBeGreaterThan(0);
    expect(c.backstory).toContain(c.name.split(' ')[0]);
    expect(c.backstory).toContain('disgraced archivist');
    const check = await call(server.url, 'POST', '/content/validate', { type: 'character', content: c });
    expect(check.body.valid).toBe(true);
  });

  it('the same request gives the same content (deterministic offline)', async () => {
    const a = await call(server.url, 'POST', '/content/npc', { occupation: 'ferryman' });
    const b = await call(server.url, 'POST', '/content/npc', { occupation: 'ferryman' });
    expect(a.body.content).toEqual(b.body.content);
  });
});

describe('saved in a world', () => {
  it('a quest becomes an entity with a version and connections to its giver', async () => {
    const npc = await call(server.url, 'POST', '/content/npc', {
      world_id: worldId,
      occupation: 'toll collector',
    });
    expect(npc.status).toBe(200);
    expect(npc.body.entities).toHaveLength(1);
    const giver = npc.body.content.name;
    const quest = await call(server.url, 'POST', '/content/quest', { world_id: worldId, giver });
    expect(quest.status, JSON.stringify(quest.body)).toBe(200);
    const saved = quest.body.entities[0];
    expect(saved).toMatchObject({ type: 'quest', version: 1 });
    const entity = await call(server.url, 'GET', `/worlds/${worldId}/entities/${saved.id}`);
    expect(entity.status).toBe(200);
    expect(entity.body.connections).toContainEqual({
      entity_id: npc.body.entities[0].id,
      name: giver,
      relation: 'given by',
    });
    // Generating the same name again is a new version of that entity, not a second one.
    const again = await call(server.url, 'POST', '/content/quest', {
      world_id: worldId,
      giver,
      name: quest.body.content.name,
      concept: 'again',
    });
    expect(again.body.entities[0]).toMatchObject({ id: saved.id, version: 2 });
  });

  it('a campaign saves its locations and NPCs, connected to it', async () => {
    const { body } = await call(server.url, 'POST', '/content/campaign', { world_id: worldId });
    expect(body.entities[0].type).toBe('concept');
    expect(body.entities.length).toBe(1 + body.content.locations.length + body.content.npcs.length);
  });

  it('content named like an entity of another kind is saved beside it, never as a version of it', async () => {
    // A world of its own: content generated by the tests above may hold any name already.
    const world = await call(server.url, 'POST', '/worlds', { name: 'Bellmere' });
    expect(world.status).toBe(201);
    const worldId = world.body.id as string;
    const quest = await call(server.url, 'POST', `/worlds/${worldId}/entities`, {
      type: 'quest',
      name: 'The Sunken Bell',
      description: 'Raise the bell from the mere.',
    });
    expect(quest.status).toBe(201);
    const { status, body } = await call(server.url, 'POST', '/content/campaign', {
      world_id: worldId,
      name: 'The Sunken Bell',
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.entities[0]).toMatchObject({
      type: 'concept',
      name: 'The Sunken Bell (concept)',
      version: 1,
    });
    const kept = await call(server.url, 'GET', `/worlds/${worldId}/entities/${quest.body.id}`);
    expect(kept.body).toMatchObject({ type: 'quest', name: 'The Sunken Bell', version: 1 });
  });
});

describe('themes applied', () => {
  it('banned words and anachronisms never appear in offline output; the vocabulary does', async () => {
    const theme = await call(server.url, 'POST', '/themes', {
      name: 'Salt and Iron',
      description: 'A grim coastal saga of fishing clans and old oaths.',
      tone: 'grim, terse',
      vocabulary: ['brine', 'oathstone', 'longhall'],
      // Words the offline writer uses without a theme.
      banned_words: ['river', 'road', 'inn', 'scar', 'gold'],
      anachronisms: ['ledger', 'letter'],
    });
    expect(theme.status).toBe(201);
    const themeWorld = await call(server.url, 'POST', '/worlds', { name: 'Skerryholm' });
    const attach = await call(server.url, 'POST', `/themes/${theme.body.id}/attach`, {
      world_id: themeWorld.body.id,
    });
    expect(attach.body).toMatchObject({ target: 'world', theme_id: theme.body.id });
    const banned = /\b(rivers?|roads?|inns?|scars?|gold|ledgers?|letters?)\b/i;
    for (const type of CONTENT_TYPES) {
      for (const concept of type === 'character' ? ['a', 'b', 'c'] : ['a']) {
        const { status, body } = await call(server.url, 'POST', `/content/${type}`, {
          world_id: themeWorld.body.id,
          save: false,
          concept: `variant ${concept}`,
        });
        expect(status, JSON.stringify(body)).toBe(200);
        expect(body.theme).toEqual({ id: theme.body.id, name: 'Salt and Iron' });
        expect(JSON.stringify(body.content)).not.toMatch(banned);
        expect(JSON.stringify(body.content)).toMatch(/brine|oathstone|longhall/);
      }
    }
    // One theme_applied per generation, and one when the attach re-applied the theme to the world's
    // content (published from its own path, so it may be stored before or after the generations').
    const reapplied = (event: { payload: unknown }) =>
      (event.payload as { reapplied?: boolean }).reapplied === true;
    const applied = await storedEvents(
      { type: 'theme_applied', worldId: themeWorld.body.id },
      CONTENT_TYPES.length + 2,
      (event) => !reapplied(event),
    );
    expect(applied.length).toBe(CONTENT_TYPES.length + 2);
    expect(applied[0]!.payload).toMatchObject({ theme_id: theme.body.id });
    expect(
      await storedEvents({ type: 'theme_applied', worldId: themeWorld.body.id }, 1, reapplied),
    ).toHaveLength(1);
    expect(await storedEvents({ type: 'theme_changed', worldId: themeWorld.body.id }, 1)).toHaveLength(1);
  }, 180_000);

  it('theme CRUD: create, read, patch, list, delete; bad input is a 400 naming the field', async () => {
    const created = await call(server.url, 'POST', '/themes', { name: 'Gaslight', banned_words: ['magic'] });
    expect(created.status).toBe(201);
    const patched = await call(server.url, 'PATCH', `/themes/${created.body.id}`, {
      tone: 'foggy',
      art_style: 'sepia etching',
    });
    expect(patched.body).toMatchObject({
      name: 'Gaslight',
      tone: 'foggy',
      art_style: 'sepia etching',
      banned_words: ['magic'],
    });
    expect((await call(server.url, 'GET', `/themes/${created.body.id}`)).body.tone).toBe('foggy');
    expect(
      (await call(server.url, 'GET', '/themes')).body.data.some(
        (t: { id: string }) => t.id === created.body.id,
      ),
    ).toBe(true);
    const bad = await call(server.url, 'POST', '/themes', { name: 'x', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('colour');
    expect((await call(server.url, 'DELETE', `/themes/${created.body.id}`)).status).toBe(204);
    const gone = await call(server.url, 'GET', `/themes/${created.body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('theme_not_found');
  });
});

describe('POST /content/validate', () => {
  it('finds a rules error, a placeholder and a banned word, each at its path', async () => {
    const theme = await call(server.url, 'POST', '/themes', { name: 'Bronze Age', anachronisms: ['pistol'] });
    const c = {
      ...fighter(),
      hit_points: 99,
      backstory: `${fighter().backstory} She carries a pistol and a note signed {{ name }}.`,
    };
    const { status, body } = await call(server.url, 'POST', '/content/validate', {
      type: 'character',
      content: c,
      theme_id: theme.body.id,
    });
    expect(status).toBe(200);
    expect(body.valid).toBe(false);
    const found = body.findings.map((f: { path: string; code: string }) => [f.path, f.code]);
    expect(found).toContainEqual(['$.hit_points', 'hit_points']);
    expect(found).toContainEqual(['$.backstory', 'placeholder']);
    expect(found).toContainEqual(['$.backstory', 'anachronism']);
    expect(typeof body.similarity).toBe('number');
    const events = await storedEvents(
      { type: 'content_validated' },
      1,
      (e) => (e.payload as { valid: boolean }).valid === false,
    );
    expect(events.length).toBeGreaterThan(0);
  });

  it('a refusal and a leaked instruction are quality errors', async () => {
    const c = {
      ...fighter(),
      name: 'Create Osric',
      backstory: "I'm sorry, but I can't help with creating that character backstory for you today.",
    };
    const { body } = await call(server.url, 'POST', '/content/validate', { type: 'character', content: c });
    const found = body.findings.map((f: { path: string; code: string }) => [f.path, f.code]);
    expect(found).toContainEqual(['$.name', 'leaked_instruction']);
    expect(found).toContainEqual(['$.backstory', 'refusal']);
  });

  it('a document that does not fit the schema is found at its path', async () => {
    const { body } = await call(server.url, 'POST', '/content/validate', {
      type: 'item',
      content: { name: 'Rope' },
    });
    expect(body.valid).toBe(false);
    expect(
      body.findings.some(
        (f: { path: string; category: string }) => f.category === 'schema' && f.path === '$.kind',
      ),
    ).toBe(true);
  });
});

describe('streaming and bad input', () => {
  it('SSE: deltas, then the validated content, then [DONE]', async () => {
    const response = await fetch(`${server.url}/content/item`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true, rarity: 'rare', kind: 'weapon' }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(text).toContain('event: delta');
    const content = /event: content\ndata: (.*)\n/.exec(text);
    expect(content).not.toBeNull();
    const result = JSON.parse(content![1]!);
    expect(result.content.rarity).toBe('rare');
    expect(result.validation.valid).toBe(true);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('refuses what it cannot honour, naming it', async () => {
    const wrongField = await call(server.url, 'POST', '/content/item', { class: 'Wizard' });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.message).toContain('class');
    const level = await call(server.url, 'POST', '/content/character', { level: 25 });
    expect(level.status).toBe(400);
    expect(level.body.error.param).toBe('level');
    const type = await call(server.url, 'POST', '/content/spaceship', {});
    expect(type.status).toBe(404);
    const world = await call(server.url, 'POST', '/content/npc', { world_id: 'no-such-world' });
    expect(world.status).toBe(404);
    const theme = await call(server.url, 'POST', '/content/npc', { theme_id: 'no-such-theme' });
    expect(theme.status).toBe(404);
    expect(theme.body.error.code).toBe('theme_not_found');
  });
});

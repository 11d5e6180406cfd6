/**
 * SillyTavern imports and exports through the HTTP API: Character Card V2 and V3 (JSON, and PNG with
 * the `chara` / `ccv3` tEXt chunk, built here as SillyTavern builds them: a real PNG from pngjs, the
 * card's JSON base64 in a tEXt chunk), their embedded character_book, lorebook_v3 and World Info
 * files. Each lands as a world; each is written back in the same format and imports again the same.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode as decodeText, encode as encodeText } from 'png-chunk-text';
import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { call, drained, type Json } from './support.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'sillytavern');
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

/** A real 32×32 picture, with the cards' JSON (UTF-8, base64) in tEXt chunks before IEND. */
function pngCard(cards: Record<string, unknown>): Buffer {
  const image = new PNG({ width: 32, height: 32 });
  for (let i = 0; i < image.data.length; i += 4) image.data.set([200, (i / 4) % 256, 90, 255], i);
  const chunks = extractChunks(PNG.sync.write(image));
  const end = chunks.findIndex((chunk) => chunk.name === 'IEND');
  const text = Object.entries(cards).map(([name, card]) =>
    encodeText(name, Buffer.from(JSON.stringify(card), 'utf8').toString('base64')),
  );
  chunks.splice(end, 0, ...text);
  return Buffer.from(encodeChunks(chunks));
}

function cardChunk(png: Buffer, name: string): unknown {
  for (const chunk of extractChunks(png)) {
    if (chunk.name !== 'tEXt') continue;
    const { keyword, text } = decodeText(chunk.data);
    if (keyword === name) return JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  }
  return undefined;
}

interface Entity {
  id: string;
  type: string;
  name: string;
  aliases: string[];
  tags: string[];
  description: string;
  attributes: Record<string, unknown>;
}

describe('SillyTavern imports and exports', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startLoremaster();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function postPng(png: Buffer): Promise<Json> {
    const response = await fetch(`${server.url}/worlds/import`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: png,
    });
    return { status: response.status, body: await response.json() };
  }

  async function entitiesOf(worldId: string): Promise<Entity[]> {
    const page = await call(server.url, 'GET', `/worlds/${worldId}/entities?limit=1000`);
    return page.body.data.map((entity: Entity & { data?: Entity }) => ({
      ...entity,
      ...(entity.data ?? {}),
    }));
  }

  it('imports a V2 card with its character_book: the character, each entry searchable, disabled and constant kept', async () => {
    const imported = await call(server.url, 'POST', '/worlds/import', fixture('card-v2.json'));
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.import).toMatchObject({ format: 'card-v2', entities: 4 });
    expect(imported.body.name).toBe('Seraphine Vale');
    const entities = await entitiesOf(imported.body.id);
    const byName = new Map(entities.map((entity) => [entity.name, entity]));
    const seraphine = byName.get('Seraphine Vale');
    expect(seraphine?.type).toBe('character');
    expect(seraphine?.description).toContain('lighthouse keeper of Gullreach');
    expect(seraphine?.attributes.personality).toBe('patient, dry-humoured, secretive about the lamp');

    const island = byName.get('Gullreach');
    expect(island?.aliases).toEqual(['the island']);
    expect(island?.tags).toContain('always-in-context');
    expect(island?.attributes.always_in_context).toBe(true);
    const lamp = byName.get('The Drowned Lamp');
    // "Drowned Lamp" is the title itself (articles aside): only "lamp" is another name.
    expect(lamp?.aliases).toEqual(['lamp']);
    // A regular expression is a keyword, not a name.
    expect(lamp?.aliases).not.toContain('/lamp ?room/i');
    expect(lamp?.attributes.keywords).toContain('/lamp ?room/i');
    const orrin = byName.get('Captain Orrin Hale (retired)');
    expect(orrin?.tags).toContain('disabled');
    expect(orrin?.attributes.enabled).toBe(false);

    // Searchable by a key and resolvable by an alias.
    const search = await call(server.url, 'POST', `/worlds/${imported.body.id}/search`, {
      q: 'Orrin Brinewolf',
      k: 5,
    });
    expect(search.body.data.map((hit: { title: string }) => hit.title)).toContain(
      'Captain Orrin Hale (retired)',
    );
  });

  it('imports a V3 card (JSON) with its nickname as an alias', async () => {
    const imported = await call(server.url, 'POST', '/worlds/import', fixture('card-v3.json'));
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.import.format).toBe('card-v3');
    const entities = await entitiesOf(imported.body.id);
    expect(entities.find((entity) => entity.name === 'Brother Anselm')?.aliases).toEqual(['Anselm']);
    expect(entities.find((entity) => entity.name === 'Forbidden Library')?.tags).toContain(
      'always-in-context',
    );
  });

  it('imports PNG cards: the chara chunk (V2) and the ccv3 chunk (V3, preferred when both are there)', async () => {
    const v2 = await postPng(pngCard({ chara: fixture('card-v2.json') }));
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    expect(v2.body.import).toMatchObject({ format: 'card-v2-png', entities: 4 });
    const v3 = await postPng(pngCard({ chara: fixture('card-v2.json'), ccv3: fixture('card-v3.json') }));
    expect(v3.status, JSON.stringify(v3.body)).toBe(201);
    expect(v3.body.import.format).toBe('card-v3-png');
    expect(v3.body.name).toBe('Brother Anselm');
  });

  it('imports a World Info file and a lorebook_v3 file', async () => {
    const info = await call(
      server.url,
      'POST',
      '/worlds/import?name=Ashfall%20Lore',
      fixture('world-info.json'),
    );
    expect(info.status, JSON.stringify(info.body)).toBe(201);
    expect(info.body.import).toMatchObject({ format: 'world-info', entities: 3 });
    expect(info.body.name).toBe('Ashfall Lore');
    const entries = await entitiesOf(info.body.id);
    const oracle = entries.find((entity) => entity.name === 'oracle');
    expect(oracle?.aliases).toEqual(['Oracle of the Vent']);
    expect(oracle?.tags).toContain('disabled');
    expect(entries.find((entity) => entity.name === 'Ashfall')?.tags).toContain('always-in-context');

    const book = await call(server.url, 'POST', '/worlds/import', fixture('lorebook-v3.json'));
    expect(book.status, JSON.stringify(book.body)).toBe(201);
    expect(book.body.import).toMatchObject({ format: 'lorebook-v3', entities: 2 });
    expect(book.body.name).toBe('The Thornwood');
  });

  it('refuses what it cannot read with a 400 saying what it expected', async () => {
    const unknown = await call(server.url, 'POST', '/worlds/import', { hello: 'world' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/Character Card/);
    const spec = await call(server.url, 'POST', '/worlds/import', { spec: 'chara_card_v9', data: {} });
    expect(spec.status).toBe(400);
    const noName = await call(server.url, 'POST', '/worlds/import', {
      spec: 'chara_card_v2',
      data: { description: 'x' },
    });
    expect(noName.status).toBe(400);
    expect(noName.body.error.message).toContain('data.name');
    const plain = new PNG({ width: 4, height: 4 });
    const noCard = await postPng(PNG.sync.write(plain));
    expect(noCard.status).toBe(400);
    expect(noCard.body.error.message).toContain('without a character card');
    const broken = pngCard({ chara: fixture('card-v2.json') });
    broken[40] = (broken[40] as number) ^ 0xff;
    const damaged = await postPng(broken);
    expect(damaged.status).toBe(400);
    expect(JSON.stringify(damaged.body)).not.toMatch(/at .*\.js/);
  });

  it('exports back to every format, keeping keys, disabled and constant entries, and imports the export again', async () => {
    const imported = await call(server.url, 'POST', '/worlds/import', fixture('card-v2.json'));
    const id = imported.body.id;
    const v2 = await call(server.url, 'GET', `/worlds/${id}/export?format=card-v2`);
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ spec: 'chara_card_v2', spec_version: '2.0' });
    expect(v2.body.data).toMatchObject({
      name: 'Seraphine Vale',
      description: fixture('card-v2.json').data.description,
      personality: 'patient, dry-humoured, secretive about the lamp',
      first_mes: fixture('card-v2.json').data.first_mes,
      creator: 'tidewright',
      alternate_greetings: fixture('card-v2.json').data.alternate_greetings,
    });
    const entries = v2.body.data.character_book.entries as Array<Record<string, unknown>>;
    expect(entries).toHaveLength(3);
    const byComment = new Map(entries.map((entry) => [entry.comment, entry]));
    expect(byComment.get('The Drowned Lamp')).toMatchObject({
      keys: ['Drowned Lamp', 'lamp', '/lamp ?room/i'],
      secondary_keys: ['Seraphine'],
      insertion_order: 90,
      position: 'after_char',
      enabled: true,
    });
    expect(byComment.get('Gullreach')).toMatchObject({ constant: true, enabled: true });
    expect(byComment.get('Captain Orrin Hale (retired)')).toMatchObject({ enabled: false });

    const again = await call(server.url, 'POST', '/worlds/import', v2.body);
    expect(again.status).toBe(201);
    expect(again.body.import.entities).toBe(4);

    const png = await fetch(`${server.url}/worlds/${id}/export?format=card-v3-png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(PNG.sync.read(bytes).width).toBeGreaterThan(0);
    expect(cardChunk(bytes, 'ccv3')).toMatchObject({
      spec: 'chara_card_v3',
      data: { name: 'Seraphine Vale' },
    });
    expect(cardChunk(bytes, 'chara')).toMatchObject({ spec: 'chara_card_v2' });
    const fromPng = await postPng(bytes);
    expect(fromPng.body.import).toMatchObject({ format: 'card-v3-png', entities: 4 });

    const info = await call(server.url, 'GET', `/worlds/${id}/export?format=world-info`);
    const infoEntries = Object.values(info.body.entries) as Array<Record<string, unknown>>;
    expect(infoEntries.find((entry) => entry.comment === 'Captain Orrin Hale (retired)')).toMatchObject({
      disable: true,
      key: ['Captain Orrin Hale', 'Orrin'],
    });
    expect(infoEntries.find((entry) => entry.comment === 'Gullreach')).toMatchObject({
      constant: true,
      position: 0,
    });
    const book = await call(server.url, 'GET', `/worlds/${id}/export?format=lorebook-v3`);
    expect(book.body.spec).toBe('lorebook_v3');
    expect(book.body.data.entries.length).toBe(4);

    const bad = await call(server.url, 'GET', `/worlds/${id}/export?format=docx`);
    expect(bad.status).toBe(400);
  });

  it('round-trips a World Info file field by field', async () => {
    const source = fixture('world-info.json');
    const imported = await call(server.url, 'POST', '/worlds/import', source);
    const exported = await call(server.url, 'GET', `/worlds/${imported.body.id}/export?format=world-info`);
    for (const [uid, entry] of Object.entries(source.entries as Record<string, Record<string, unknown>>)) {
      const back = exported.body.entries[uid];
      for (const field of [
        'key',
        'keysecondary',
        'content',
        'constant',
        'disable',
        'order',
        'position',
        'probability',
        'depth',
      ])
        expect(back?.[field], `${uid}.${field}`).toEqual(entry[field]);
    }
  });

  it('gives a turn its constant entries always and its disabled entries never', async () => {
    const imported = await call(server.url, 'POST', '/worlds/import', fixture('world-info.json'));
    await drained(server.url, 60_000);
    const session = await call(server.url, 'POST', `/worlds/${imported.body.id}/sessions`, {});
    // The input names the disabled oracle and not the constant city.
    const turn = await call(server.url, 'POST', `/sessions/${session.body.id}/turns`, {
      input: 'I ask the Oracle of the Vent what the mountain wants.',
    });
    expect(turn.status, JSON.stringify(turn.body)).toBe(201);
    const titles = turn.body.lore.map((entry: { title: string }) => entry.title);
    expect(titles).toContain('Ashfall');
    expect(titles).not.toContain('oracle');
  });
  it('fills {{char}} and {{user}} in when a prompt is built, and keeps them in the world for export', async () => {
    const imported = await call(server.url, 'POST', '/worlds/import', fixture('card-v2.json'));
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    await drained(server.url, 60_000);
    const worldId = imported.body.id;
    const session = await call(server.url, 'POST', `/worlds/${worldId}/sessions`, { player: 'Corin' });
    expect(session.status).toBe(201);
    const sessionId = session.body.id;

    const narrator = await call(
      server.url,
      'GET',
      `/llm/context/narrator?session_id=${sessionId}&input=${encodeURIComponent('Who keeps the Gullreach light?')}`,
    );
    expect(narrator.status, JSON.stringify(narrator.body)).toBe(200);
    const prompt = JSON.stringify(narrator.body.messages);
    expect(prompt).toContain('Seraphine Vale is the lighthouse keeper of Gullreach');
    expect(prompt).toContain('Corin washes ashore');
    expect(prompt).not.toMatch(/\{\{\s*(char|user)\s*\}\}/i);

    const keeper = (await entitiesOf(worldId)).find((entity) => entity.name === 'Seraphine Vale');
    expect(keeper?.description).toContain('{{char}} is the lighthouse keeper');
    const dialogue = await call(
      server.url,
      'GET',
      `/llm/context/dialogue_line?session_id=${sessionId}&character_id=${keeper?.id}&input=${encodeURIComponent('Who are you?')}`,
    );
    expect(dialogue.status, JSON.stringify(dialogue.body)).toBe(200);
    const line = JSON.stringify(dialogue.body.messages);
    expect(line).toContain('Seraphine Vale');
    expect(line).not.toMatch(/\{\{\s*(char|user)\s*\}\}/i);

    const exported = await fetch(`${server.url}/worlds/${worldId}/export?format=card-v2`);
    expect(((await exported.json()) as { data: { description: string } }).data.description).toContain(
      '{{char}} is the lighthouse keeper',
    );
  });
});

/**
 * Files from the wider ecosystem, imported as SillyTavern itself reads them: NovelAI, Agnai and RisuAI
 * lorebooks and a bare character book (each entry a World Info entry), CHARX cards (a ZIP archive with
 * card.json), PNG cards written by other tools (zTXt and iTXt chunks, the `chara_card_v3` keyword, JSON
 * not in base64), a NovelAI lorebook in a PNG's `naidata` chunk, a file with a byte order mark, and a
 * card whose picture is larger than the ordinary body limit.
 */
import { randomFillSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFile } from '../../src/narrative/imports/index.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { call, type Json } from './support.js';

const card = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sillytavern', 'card-v3.json'), 'utf8'),
);

function picture(size = 32): Buffer {
  const image = new PNG({ width: size, height: size });
  for (let i = 0; i < image.data.length; i += 4) image.data.set([90, (i / 4) % 256, 200, 255], i);
  return PNG.sync.write(image);
}

/** A PNG with the given chunks (name and raw data) before IEND. */
function withChunks(png: Buffer, added: Array<{ name: string; data: Buffer }>): Buffer {
  const chunks = extractChunks(png);
  const end = chunks.findIndex((chunk) => chunk.name === 'IEND');
  chunks.splice(end, 0, ...added.map(({ name, data }) => ({ name, data: new Uint8Array(data) })));
  return Buffer.from(encodeChunks(chunks));
}

const latin = (text: string) => Buffer.from(text, 'latin1');
const zTXt = (keyword: string, text: string) => ({
  name: 'zTXt',
  data: Buffer.concat([latin(keyword), Buffer.from([0, 0]), deflateSync(latin(text))]),
});
const iTXt = (keyword: string, text: string, compressed: boolean) => ({
  name: 'iTXt',
  data: Buffer.concat([
    latin(keyword),
    Buffer.from([0, compressed ? 1 : 0, 0]),
    latin('en'),
    Buffer.from([0]),
    Buffer.from([0]),
    compressed ? deflateSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8'),
  ]),
});
const tEXt = (keyword: string, text: string) => ({
  name: 'tEXt',
  data: Buffer.concat([latin(keyword), Buffer.from([0]), latin(text)]),
});
const base64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

interface Entity {
  name: string;
  aliases: string[];
  tags: string[];
  description: string;
  attributes: Record<string, unknown>;
}

describe('imports from other front ends and tools', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startLoremaster();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function postBytes(bytes: Uint8Array, type: string, query = ''): Promise<Json> {
    const response = await fetch(`${server.url}/worlds/import${query}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: bytes,
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

  it('imports NovelAI, Agnai and RisuAI lorebooks and a bare character book, entry by entry', async () => {
    const novel = await call(server.url, 'POST', '/worlds/import?name=Saltmarsh', {
      lorebookVersion: 5,
      entries: [
        {
          displayName: 'Saltmarsh',
          text: 'A fishing town built on stilts.',
          keys: ['Saltmarsh', 'stilts'],
          enabled: true,
        },
        {
          displayName: 'The Drowned Bell',
          text: 'It rings when a ship is lost.',
          keys: ['bell'],
          enabled: false,
        },
      ],
    });
    expect(novel.status, JSON.stringify(novel.body)).toBe(201);
    expect(novel.body.import).toMatchObject({
      format: 'novelai-lorebook',
      format_name: 'NovelAI lorebook',
      entities: 2,
    });
    const novelEntities = await entitiesOf(novel.body.id);
    const bell = novelEntities.find((entity) => entity.name === 'The Drowned Bell');
    expect(bell).toMatchObject({ description: 'It rings when a ship is lost.' });
    expect(bell?.tags).toContain('disabled');

    const agnai = await call(server.url, 'POST', '/worlds/import', {
      kind: 'memory',
      name: 'Gullreach lore',
      description: 'What the town knows.',
      entries: [
        {
          name: 'Gullreach',
          entry: 'A rocky fishing town under the light.',
          keywords: ['Gullreach', 'the town'],
          priority: 0,
          weight: 5,
          enabled: true,
        },
      ],
    });
    expect(agnai.status, JSON.stringify(agnai.body)).toBe(201);
    expect(agnai.body).toMatchObject({
      name: 'Gullreach lore',
      import: { format: 'agnai-memory-book', entities: 1 },
    });
    const [town] = await entitiesOf(agnai.body.id);
    expect(town).toMatchObject({ name: 'Gullreach', description: 'A rocky fishing town under the light.' });
    expect(town?.aliases).toContain('the town');

    const risu = await call(server.url, 'POST', '/worlds/import?name=Risu', {
      type: 'risu',
      ver: 1,
      data: [
        {
          key: 'Harrow Keep, the keep',
          secondkey: '',
          comment: 'Harrow Keep',
          content: 'A ruined fortress.',
          mode: 'normal',
          insertorder: 100,
          alwaysActive: true,
          selective: false,
        },
      ],
    });
    expect(risu.status, JSON.stringify(risu.body)).toBe(201);
    expect(risu.body.import.format).toBe('risu-lorebook');
    const [keep] = await entitiesOf(risu.body.id);
    expect(keep).toMatchObject({ name: 'Harrow Keep', description: 'A ruined fortress.' });
    expect(keep?.aliases).toEqual(['the keep']);
    expect(keep?.tags).toContain('always-in-context');

    const book = await call(server.url, 'POST', '/worlds/import', card.data.character_book);
    expect(book.status, JSON.stringify(book.body)).toBe(201);
    expect(book.body.import).toMatchObject({
      format: 'character-book',
      entities: card.data.character_book.entries.length,
    });

    // Each exports as a SillyTavern World Info file, as SillyTavern would keep it.
    const exported = await fetch(`${server.url}/worlds/${agnai.body.id}/export?format=world-info`);
    const info = (await exported.json()) as {
      entries: Record<string, { key: string[]; content: string; comment: string }>;
    };
    expect(Object.values(info.entries)).toContainEqual(
      expect.objectContaining({ comment: 'Gullreach', content: 'A rocky fishing town under the light.' }),
    );
  });

  it('imports a CHARX card (a ZIP archive holding card.json and its pictures)', async () => {
    const archive = zipSync({
      'card.json': strToU8(JSON.stringify(card)),
      'assets/icon/images/main.png': new Uint8Array(picture()),
    });
    const imported = await postBytes(archive, 'application/zip');
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.import).toMatchObject({
      format: 'card-v3-charx',
      format_name: 'Character Card V3 (CHARX archive)',
    });
    expect(imported.body.name).toBe(card.data.name);

    const noCard = await postBytes(zipSync({ 'readme.txt': strToU8('hello') }), 'application/zip');
    expect(noCard.status).toBe(400);
    expect(noCard.body.error).toMatchObject({ code: 'invalid_world_file' });
    expect(noCard.body.error.message).toMatch(/without a card\.json/);
    const damaged = await postBytes(archive.subarray(0, 60), 'application/zip');
    expect(damaged.status).toBe(400);
    expect(damaged.body.error.code).toBe('invalid_world_file');
  });

  it('reads PNG cards written by other tools: zTXt, iTXt, the chara_card_v3 keyword, JSON not in base64', async () => {
    const v2 = {
      spec: 'chara_card_v2',
      spec_version: '2.0',
      data: { ...card.data, name: 'Zed of the zTXt' },
    };
    const zipped = await postBytes(withChunks(picture(), [zTXt('chara', base64(v2))]), 'image/png');
    expect(zipped.status, JSON.stringify(zipped.body)).toBe(201);
    expect(zipped.body).toMatchObject({ name: 'Zed of the zTXt', import: { format: 'card-v2-png' } });

    const v3 = { ...card, data: { ...card.data, name: 'Ida of the iTXt' } };
    const international = await postBytes(
      withChunks(picture(), [iTXt('chara_card_v3', base64(v3), true)]),
      'image/png',
    );
    expect(international.status, JSON.stringify(international.body)).toBe(201);
    expect(international.body).toMatchObject({ name: 'Ida of the iTXt', import: { format: 'card-v3-png' } });

    const raw = { ...card, data: { ...card.data, name: 'Rae Plain' } };
    const plain = await postBytes(
      withChunks(picture(), [iTXt('ccv3', JSON.stringify(raw), false)]),
      'image/png',
    );
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    expect(plain.body.name).toBe('Rae Plain');

    // A chunk named like a property of every object is not a card.
    const odd = await postBytes(withChunks(picture(), [tEXt('constructor', 'x')]), 'image/png');
    expect(odd.status).toBe(400);
    expect(odd.body.error.message).toMatch(/without a character card/);
  });

  it('reads a NovelAI lorebook saved in a PNG (naidata) and a file that starts with a byte order mark', async () => {
    const lorebook = {
      lorebookVersion: 5,
      entries: [{ displayName: 'Mirewood', text: 'A drowned forest.', keys: ['Mirewood'], enabled: true }],
    };
    const png = await postBytes(
      withChunks(picture(), [tEXt('naidata', base64(lorebook))]),
      'image/png',
      '?name=Mire',
    );
    expect(png.status, JSON.stringify(png.body)).toBe(201);
    expect(png.body.import).toMatchObject({ format: 'novelai-lorebook', entities: 1 });

    const withBom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify(card), 'utf8'),
    ]);
    expect(detectFile(withBom, 'bom-card.json')).toMatchObject({ format: 'card-v3' });
  });

  it('takes a card whose picture is larger than the ordinary 1 MiB body limit', async () => {
    // 2.2 MB of incompressible picture data, as a real card's artwork can be.
    const noise = new PNG({ width: 900, height: 800 });
    randomFillSync(noise.data);
    const big = withChunks(PNG.sync.write(noise), [
      tEXt('chara', base64({ ...card, spec: 'chara_card_v2' })),
    ]);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const imported = await postBytes(big, 'image/png');
    expect(imported.status, JSON.stringify(imported.body).slice(0, 300)).toBe(201);
    // A JSON card that large too: a lorebook of 180 long entries.
    const entries = Array.from({ length: 180 }, (_, index) => ({
      keys: [`Place ${index}`],
      content: `Place ${index} is ${'old and '.repeat(900)}quiet.`,
      enabled: true,
      insertion_order: index,
      extensions: {},
    }));
    const long = {
      ...card,
      data: { ...card.data, name: 'Long Book', character_book: { ...card.data.character_book, entries } },
    };
    expect(JSON.stringify(long).length).toBeGreaterThan(1024 * 1024);
    const json = await call(server.url, 'POST', '/worlds/import', long);
    expect(json.status, JSON.stringify(json.body).slice(0, 300)).toBe(201);
    // Other routes keep the ordinary limit.
    const other = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'offline',
        messages: [{ role: 'user', content: 'x'.repeat(2 * 1024 * 1024) }],
      }),
    });
    expect(other.status).toBe(413);
  });

  it('reads cards and books as other tools write them: null parts, keys as one string, a minimal V1 card, the Pygmalion character', async () => {
    // `null` for an absent part, and keys and tags as comma-separated strings.
    const nulls = await call(server.url, 'POST', '/worlds/import', {
      spec: 'chara_card_v2',
      data: {
        name: 'Mirela',
        description: 'A ferrywoman.',
        tags: 'fantasy, river',
        alternate_greetings: null,
        extensions: null,
        character_book: {
          name: null,
          entries: [
            {
              keys: 'Black Ferry, the ferry',
              content: 'The Black Ferry crosses at dusk.',
              secondary_keys: null,
            },
            { keys: '/toll(s)?, coin/i', content: 'The toll is one coin.', id: null },
            { keys: ['Dusk Bell', 7], content: 'Rung at the crossing.' },
          ],
        },
      },
    });
    expect(nulls.status, JSON.stringify(nulls.body)).toBe(201);
    expect(nulls.body.import).toMatchObject({ format: 'card-v2', entities: 4 });
    const lore = await entitiesOf(nulls.body.id);
    expect(lore.find((entity) => entity.name === 'Black Ferry')?.aliases).toEqual(['the ferry']);
    // A regular expression is one key, commas and all: a keyword, not an alias.
    const toll = lore.find((entity) => entity.description === 'The toll is one coin.');
    expect(toll?.attributes.keywords).toBe('/toll(s)?, coin/i');
    expect(lore.find((entity) => entity.name === 'Dusk Bell')?.aliases).toEqual(['7']);
    expect(lore.find((entity) => entity.name === 'Mirela')?.tags).toEqual(['fantasy', 'river']);

    const noBook = await call(server.url, 'POST', '/worlds/import', {
      spec: 'chara_card_v3',
      data: { name: 'Bare', character_book: null },
    });
    expect(noBook.status, JSON.stringify(noBook.body)).toBe(201);
    expect(noBook.body.import).toMatchObject({ format: 'card-v3', entities: 1 });
    const emptyBook = await call(server.url, 'POST', '/worlds/import', {
      spec: 'chara_card_v2',
      data: { name: 'Empty', character_book: { name: 'Nothing yet', entries: null } },
    });
    expect(emptyBook.status, JSON.stringify(emptyBook.body)).toBe(201);

    // World Info keys as one string, and a bare list of World Info entries (key, not keys).
    const info = await call(server.url, 'POST', '/worlds/import?name=Delta', {
      entries: {
        '0': { uid: 0, key: 'delta, the marsh', comment: 'River Delta', content: 'Reeds and fog.' },
      },
    });
    expect(info.status, JSON.stringify(info.body)).toBe(201);
    expect((await entitiesOf(info.body.id))[0]?.aliases).toEqual(['delta', 'the marsh']);
    const listed = await call(server.url, 'POST', '/worlds/import?name=Listed', {
      entries: [{ uid: 3, key: ['Saltworks'], content: 'Salt pans.', disable: true }],
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(201);
    expect(listed.body.import.format).toBe('character-book');
    const [saltworks] = await entitiesOf(listed.body.id);
    expect(saltworks?.name).toBe('Saltworks');
    expect(saltworks?.tags).toContain('disabled');

    // Pygmalion's notepad JSON, which SillyTavern also imports (the fields mapped as it maps them).
    const pygmalion = await call(server.url, 'POST', '/worlds/import', {
      char_name: 'Old Tobin',
      char_persona: 'A lighthouse keeper who counts ships.',
      world_scenario: 'A storm on the cape.',
      char_greeting: 'Shut the door, the wind bites.',
      example_dialogue: '<START>\n{{char}}: Forty ships this year.',
    });
    expect(pygmalion.status, JSON.stringify(pygmalion.body)).toBe(201);
    expect(pygmalion.body.import.format).toBe('pygmalion-character');
    const [tobin] = await entitiesOf(pygmalion.body.id);
    expect(tobin).toMatchObject({
      name: 'Old Tobin',
      description: 'A lighthouse keeper who counts ships.',
      attributes: { scenario: 'A storm on the cape.', first_mes: 'Shut the door, the wind bites.' },
    });
    // A V1 card needs only its name and one of its fields, as SillyTavern reads it.
    const minimal = await call(server.url, 'POST', '/worlds/import', {
      name: 'Mina',
      description: 'A scout of the northern pass.',
    });
    expect(minimal.status, JSON.stringify(minimal.body)).toBe(201);
    expect(minimal.body.import.format).toBe('card-v1');
    expect((await entitiesOf(minimal.body.id))[0]?.description).toBe('A scout of the northern pass.');
    const unnamed = await call(server.url, 'POST', '/worlds/import', { char_name: '', char_persona: 'x' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.message).toContain('Pygmalion');
  });
});

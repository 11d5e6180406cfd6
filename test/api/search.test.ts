import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { HashingEmbedder, Memory } from '../../src/memory/index.js';
import type { Store } from '../../src/store/index.js';
import { BACKENDS, type BackendUnderTest, setUpBackend } from '../store/backends.js';

describe.each(BACKENDS)('POST /worlds/{id}/search on %s', (backend) => {
  let db: BackendUnderTest;
  let store: Store;
  let app: FastifyInstance;
  let worldId: string;

  beforeAll(async () => {
    db = await setUpBackend(backend);
    store = await db.open();
    const config = loadConfig({
      env: {},
      overrides: { 'database.sqlite_path': db.config.sqlite_path, 'database.url': db.config.url },
    });
    const memory = new Memory({
      store,
      settings: config.settings,
      embedder: new HashingEmbedder(384),
      indexDirectory: null,
    });
    await memory.open();
    const world = await store.worlds.createWorld({ name: 'Eldhollow' });
    worldId = world.id;
    await memory.put([
      {
        id: 'mira',
        worldId,
        kind: 'character',
        title: 'Mira Thornwood',
        aliases: ['the innkeeper'],
        body: 'Keeps the Gilded Stag and hides the drowned bell in her cellar.',
        tags: ['eldhollow', 'inn'],
      },
      {
        id: 'lake',
        worldId,
        kind: 'place',
        title: 'Black Lake',
        body: 'The bell sank here in the great flood.',
        tags: ['wilds'],
      },
      {
        id: 'bread',
        worldId,
        kind: 'note',
        title: 'Barley bread',
        body: 'Baked every morning at the mill.',
        tags: [],
      },
    ]);
    ({ app } = await buildApp({ config, logger: createLogger('silent'), store, memory }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.teardown();
  });

  it('answers ranked results with reasons and scores', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/worlds/${worldId}/search`,
      payload: { q: 'What is the innkeeper hiding?', k: 2 },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.object).toBe('list');
    expect(body.data).toHaveLength(2);
    const [top] = body.data;
    expect(top).toMatchObject({ id: 'mira', kind: 'character', found_by: 'both' });
    expect(top.reasons.some((reason: string) => reason.startsWith('lexical'))).toBe(true);
    expect(top.reasons.some((reason: string) => reason.startsWith('vector'))).toBe(true);
    expect(top.scores).toMatchObject({
      lexical_rank: 1,
      vector_rank: expect.any(Number),
      fused: expect.any(Number),
    });
    expect(body.query.mentioned).toEqual(['Mira Thornwood']);
  });

  it('filters by entity type and tags', async () => {
    const places = await app.inject({
      method: 'POST',
      url: `/worlds/${worldId}/search`,
      payload: { q: 'bell', filters: { kinds: ['place'] } },
    });
    expect(places.json().data.map((r: { id: string }) => r.id)).toEqual(['lake']);
    const inn = await app.inject({
      method: 'POST',
      url: `/worlds/${worldId}/search`,
      payload: { q: 'bell', filters: { tags: ['inn'] } },
    });
    expect(inn.json().data.map((r: { id: string }) => r.id)).toEqual(['mira']);
  });

  it('400 names the bad field; 404 for a world that does not exist', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: `/worlds/${worldId}/search`,
      payload: { q: '', k: 5 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ param: 'q', code: 'invalid_request' });
    const tooMany = await app.inject({
      method: 'POST',
      url: `/worlds/${worldId}/search`,
      payload: { q: 'bell', k: 1000 },
    });
    expect(tooMany.json().error.param).toBe('k');
    const missing = await app.inject({
      method: 'POST',
      url: '/worlds/nowhere/search',
      payload: { q: 'bell' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('world_not_found');
  });
});

describe('the server embeds queued documents in the background (embedding worker)', () => {
  let db: BackendUnderTest;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    db = await setUpBackend('sqlite');
  });
  afterAll(async () => {
    await app?.close();
    await db?.teardown();
  });

  it('a document queued for embedding becomes findable by vector search without a restart', async () => {
    const store = await db.open();
    const config = loadConfig({
      env: {},
      overrides: { 'database.sqlite_path': db.config.sqlite_path, 'roles.embedding': { model: 'hashing' } },
    });
    ({ app } = await buildApp({ config, logger: createLogger('silent'), store }));
    const writer = new Memory({ store, settings: config.settings, indexDirectory: null });
    const world = await store.worlds.createWorld({ name: 'Karsk' });
    await writer.put(
      [
        {
          id: 'gate',
          worldId: world.id,
          kind: 'place',
          title: 'The rusted gate',
          body: 'The north gate of Karsk, rusted shut.',
        },
      ],
      { queue: true },
    );
    let found: string[] = [];
    for (let attempt = 0; attempt < 100 && found.length === 0; attempt += 1) {
      const response = await app.inject({
        method: 'POST',
        url: `/worlds/${world.id}/search`,
        payload: { q: 'rusted gate', mode: 'vector' },
      });
      found = response.json().data.map((r: { id: string }) => r.id);
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found).toEqual(['gate']);
    expect((await store.maintenance.counts()).completed).toBe(1);
  }, 30_000);
});

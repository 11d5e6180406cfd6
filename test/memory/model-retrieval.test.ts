/**
 * Query transformation and reranking by a model, chosen in config (`memory.query_expansion_model`,
 * `memory.rerank_model`), through a real gateway to a scripted provider; and the fallback to the
 * offline path when that model fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { createGateway, type Gateway, ProviderRegistry } from '../../src/gateway/index.js';
import { HashingEmbedder, Memory } from '../../src/memory/index.js';
import { MockProvider, type MockStep, OfflineProvider } from '../../src/providers/index.js';
import type { Store } from '../../src/store/index.js';
import type { ChatMessage } from '../../src/vocabulary/index.js';
import { type BackendUnderTest, setUpBackend } from '../store/backends.js';

const world = 'world-karsk';
let db: BackendUnderTest;
let store: Store;
let gateway: Gateway;
/** What the scripted model answers; each test sets it. */
let respond: (messages: ChatMessage[]) => MockStep = () => ({ text: '' });
const scripted = new MockProvider({ name: 'scripted', fallback: (messages) => respond(messages) });

beforeAll(async () => {
  db = await setUpBackend('sqlite');
  store = await db.open();
  const { settings, secrets } = loadConfig({
    env: {},
    overrides: { providers: { scripted: { type: 'mock' } } },
  });
  gateway = await createGateway({
    settings,
    secrets,
    logger: createLogger('silent'),
    registry: new ProviderRegistry([
      ['scripted', scripted],
      ['offline', new OfflineProvider()],
    ]),
    middlewares: [],
  });
});
afterAll(async () => {
  await gateway.close();
  await db.teardown();
});

function memoryWith(memory: Record<string, string>) {
  const settings = loadConfig({ env: {}, overrides: { memory } }).settings;
  return new Memory({ store, settings, gateway, embedder: new HashingEmbedder(64), indexDirectory: null });
}

const DOCUMENTS = [
  {
    id: 'forge',
    worldId: world,
    kind: 'place',
    title: 'The Ember Forge',
    body: 'Where the smiths of Karsk work iron.',
  },
  {
    id: 'well',
    worldId: world,
    kind: 'place',
    title: 'The Old Well',
    body: 'A dry well where smugglers hide iron ingots.',
  },
  {
    id: 'gate',
    worldId: world,
    kind: 'place',
    title: 'The North Gate',
    body: 'Iron bars and a tired guard.',
  },
];

describe('model retrieval from config', () => {
  it('reranks with the configured model, and says so', async () => {
    const memory = memoryWith({ rerank_model: 'scripted' });
    await memory.open();
    await memory.put(DOCUMENTS);
    // The model reverses the candidates it is shown ("[0] The Ember Forge: ...").
    let shown: string[] = [];
    respond = (messages) => {
      shown = [...(messages.at(-1)?.content ?? '').matchAll(/^\[(\d+)\] ([^:]+):/gm)].map(
        (match) => match[2]!,
      );
      return {
        text: shown
          .map((_, index) => index)
          .reverse()
          .join(', '),
      };
    };
    scripted.calls.length = 0;
    const answer = await memory.search({ worldId: world, q: 'where is the iron', k: 3 });
    expect(scripted.calls).toHaveLength(1);
    expect(scripted.calls[0]?.messages?.at(-1)?.content).toMatch(/Question: where is the iron/);
    expect(shown).toHaveLength(3);
    expect(answer.results.map((result) => result.title)).toEqual([...shown].reverse());
    expect(answer.results[0]?.reasons.join(' ')).toMatch(/model/);
  });

  it('falls back to the local order when the rerank model fails', async () => {
    const memory = memoryWith({ rerank_model: 'scripted' });
    await memory.open();
    const offline = memoryWith({});
    await offline.open();
    const local = await offline.search({ worldId: world, q: 'where is the iron', k: 3 });
    respond = () => ({ error: 'upstream_unavailable' });
    const answer = await memory.search({ worldId: world, q: 'where is the iron', k: 3 });
    expect(answer.results.map((result) => result.id)).toEqual(local.results.map((result) => result.id));
  });

  it('expands the query with the configured model', async () => {
    const memory = memoryWith({ query_expansion_model: 'scripted' });
    await memory.open();
    respond = () => ({ text: 'smugglers, ingots' });
    const answer = await memory.search({ worldId: world, q: 'who hides contraband', k: 3 });
    expect(answer.query.expansion).toEqual(expect.arrayContaining(['smugglers', 'ingots']));
    expect(answer.results[0]?.id).toBe('well');
  });
});

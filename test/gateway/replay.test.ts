/** Record and replay: cassettes written by the middleware, answered from, validated and read back. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { compose } from '../../src/gateway/chain.js';
import { GatewayError } from '../../src/gateway/errors.js';
import { createReplayMiddleware } from '../../src/gateway/middleware/replay.js';
import { CassetteError, readCassette } from '../../src/gateway/replay/cassette.js';
import { compareCassettes, formatDivergence } from '../../src/gateway/replay/compare.js';
import type { CallMeta, GatewayCall, Handlers, Middleware, StartedStream } from '../../src/gateway/types.js';
import {
  createProvider,
  MockProvider,
  OfflineProvider,
  type Provider,
  ProviderError,
} from '../../src/providers/index.js';
import type { ChatMessage, StreamEvent } from '../../src/vocabulary/index.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { makeCall, makeDeps, terminal } from '../support/gateway-call.js';
import { VENDOR_KEYS, vendorProviders } from '../support/vendors.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const newCassette = () => join(dir, `cassette-${++files}.jsonl`);

function record(path: string, deps = makeDeps()): { middleware: Middleware; handlers: Handlers } {
  const middleware = createReplayMiddleware(deps, { mode: 'record', cassette: path });
  return { middleware, handlers: compose([middleware], terminal) };
}

function replay(path: string, checkMeta = false): { middleware: Middleware; handlers: Handlers } {
  const middleware = createReplayMiddleware(makeDeps(), { mode: 'replay', cassette: path, checkMeta });
  return { middleware, handlers: compose([middleware], terminal) };
}

const ask = (content: string): ChatMessage[] => [{ role: 'user', content }];

const chatCall = (provider: Provider, content: string, meta: CallMeta = {}) =>
  makeCall({ provider, route: route(provider), messages: ask(content), meta });
const streamCall = (provider: Provider, content: string) =>
  makeCall({ provider, route: route(provider), kind: 'stream', messages: ask(content) });
const embedCall = (provider: Provider, input: string[]) =>
  makeCall({ provider, route: route(provider), kind: 'embed', messages: [], input, dimensions: 16 });

function route(provider: Provider): GatewayCall['route'] {
  return { provider: provider.name, model: undefined, role: undefined };
}

async function drain(started: StartedStream): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of started.events) events.push(event);
  return events;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('record then replay', () => {
  it('answers chat, stream and embed exactly as recorded, without calling the provider', async () => {
    const path = newCassette();
    const recorded = new MockProvider();
    const { middleware, handlers } = record(path);
    const chat = await handlers.chat(chatCall(recorded, 'I light the beacon of Karsk.'));
    const stream = await drain(await handlers.stream(streamCall(recorded, 'The tide turns at dusk.')));
    const embed = await handlers.embed(embedCall(recorded, ['the old tower', 'the grey sea']));
    await middleware.close?.();
    expect(recorded.calls.map((call) => call.kind)).toEqual(['chat', 'stream', 'embed']);

    const untouched = new MockProvider();
    const player = replay(path);
    expect(await player.handlers.chat(chatCall(untouched, 'I light the beacon of Karsk.'))).toEqual(chat);
    const replayed = await player.handlers.stream(streamCall(untouched, 'The tide turns at dusk.'));
    expect(replayed).toMatchObject({ provider: 'mock', model: 'mock-1' });
    expect(await drain(replayed)).toEqual(stream);
    expect(await player.handlers.embed(embedCall(untouched, ['the old tower', 'the grey sea']))).toEqual(
      embed,
    );
    expect(untouched.calls).toEqual([]);
    expect(player.middleware.stats?.()).toMatchObject({ mode: 'replay', entries: 3, answered: 3, misses: 0 });
  });

  it('writes one line per call with request, key, meta, response and timing', async () => {
    const path = newCassette();
    const { middleware, handlers } = record(path);
    await handlers.chat(
      chatCall(new MockProvider(), 'Roll for the ferryman.', { tick: 12, seed: 7, rng: [3, 'left'] }),
    );
    await middleware.close?.();
    const [entry] = readCassette(path);
    expect(entry).toMatchObject({
      v: 1,
      seq: 0,
      kind: 'chat',
      model: 'mock',
      provider: 'mock',
      providerModel: null,
      request: {
        messages: ask('Roll for the ferryman.'),
        options: { temperature: 0 },
        input: [],
        dimensions: null,
      },
      meta: { tick: 12, seed: 7, rng: [3, 'left'] },
      response: { type: 'chat', result: { text: 'mock: Roll for the ferryman.', provider: 'mock' } },
    });
    expect(entry!.key).toMatch(/^[0-9a-f]{64}$/);
    expect(entry!.timing.latencyMs).toBeGreaterThanOrEqual(0);
    expect(entry!.timing.firstTokenMs).toBeNull();
  });

  it('answers the same request recorded several times in recorded order, then misses', async () => {
    const path = newCassette();
    const provider = new MockProvider({
      script: [{ text: 'The first answer.' }, { text: 'The second answer.' }],
    });
    const { middleware, handlers } = record(path);
    await handlers.chat(chatCall(provider, 'Again?'));
    await handlers.chat(chatCall(provider, 'Again?'));
    await middleware.close?.();

    const player = replay(path).handlers;
    const untouched = new MockProvider();
    expect((await player.chat(chatCall(untouched, 'Again?'))).text).toBe('The first answer.');
    expect((await player.chat(chatCall(untouched, 'Again?'))).text).toBe('The second answer.');
    const third = await failure(player.chat(chatCall(untouched, 'Again?')));
    expect(third.message).toMatch(/recorded 2 times and every answer is used/);
  });

  it('fails loudly on a request not in the cassette: model, key and the last user message', async () => {
    const path = newCassette();
    const { middleware, handlers } = record(path);
    await handlers.chat(chatCall(new MockProvider(), 'Open the gate.'));
    await middleware.close?.();

    const player = replay(path);
    const error = await failure(
      player.handlers.chat(
        chatCall(new MockProvider(), 'Burn the gate and everything behind it, then the town.'),
      ),
    );
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'replay_miss', status: 409 });
    expect(error.message).toMatch(/model "mock"/);
    expect(error.message).toMatch(/key [0-9a-f]{64}/);
    expect(error.message).toContain('"Burn the gate and everything behind it, then the town."');
    // Another model with the same prompt is another request.
    const otherModel = makeCall({ model: 'generation', messages: ask('Open the gate.') });
    expect(await failure(player.handlers.chat(otherModel))).toMatchObject({ code: 'replay_miss' });
    expect(player.middleware.stats?.()).toMatchObject({ answered: 0, misses: 2 });
  });

  it('checks the caller’s tick, seed and RNG decisions when asked, and says which differs', async () => {
    const path = newCassette();
    const { middleware, handlers } = record(path);
    const meta = { tick: 4, seed: 42, rng: [0.25, 'north'] };
    await handlers.chat(chatCall(new MockProvider(), 'Where does the wind blow?', meta));
    await middleware.close?.();

    const strict = replay(path, true).handlers;
    const mock = new MockProvider();
    const tick = await failure(
      strict.chat(chatCall(mock, 'Where does the wind blow?', { ...meta, tick: 5 })),
    );
    expect(tick).toMatchObject({ code: 'replay_miss' });
    expect(tick.message).toMatch(/meta mismatch: tick recorded 4, got 5/);
    const seed = await failure(
      strict.chat(chatCall(mock, 'Where does the wind blow?', { ...meta, seed: 43 })),
    );
    expect(seed.message).toMatch(/seed recorded 42, got 43/);
    const rng = await failure(
      strict.chat(chatCall(mock, 'Where does the wind blow?', { tick: 4, seed: 42 })),
    );
    expect(rng.message).toMatch(/rng recorded \[0.25,"north"\], got none/);
    // A mismatch does not use up the answer: the right meta still gets it.
    expect((await strict.chat(chatCall(mock, 'Where does the wind blow?', meta))).text).toMatch(/wind/);

    const lenient = replay(path).handlers;
    expect((await lenient.chat(chatCall(mock, 'Where does the wind blow?', { tick: 99 }))).text).toMatch(
      /wind/,
    );
  });
});

describe('recorded upstream errors', () => {
  let upstream: FakeUpstream;
  let openai: Provider;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    const { settings, secrets } = loadConfig({
      env: VENDOR_KEYS,
      overrides: { providers: vendorProviders(upstream.url, 2_000) },
    });
    openai = createProvider('openai', settings.providers.openai!, secrets);
  });
  afterAll(() => upstream.close());

  it('replays a 429 and a 503 as the same ProviderError, then the answer, in order', async () => {
    const path = newCassette();
    const { middleware, handlers } = record(path);
    upstream.injectFault(
      { type: 'status', status: 429, retryAfter: '7', path: '/chat/completions' },
      { type: 'status', status: 503, path: '/chat/completions' },
    );
    const call = () => chatCall(openai, 'Is the harbour open?');
    const limited = await failure(handlers.chat(call()));
    const unavailable = await failure(handlers.chat(call()));
    const answer = await handlers.chat(call());
    await middleware.close?.();
    expect(limited).toMatchObject({ code: 'rate_limited', upstreamStatus: 429, retryAfterSeconds: 7 });
    expect(unavailable).toMatchObject({ code: 'upstream_unavailable', upstreamStatus: 503 });

    const before = upstream.stats().total;
    const player = replay(path).handlers;
    const replayedLimited = await failure(player.chat(call()));
    expect(replayedLimited).toBeInstanceOf(ProviderError);
    expect(replayedLimited).toMatchObject({
      code: 'rate_limited',
      upstreamStatus: 429,
      retryAfterSeconds: 7,
      retryable: true,
      provider: 'openai',
      message: limited.message,
    });
    const replayedUnavailable = await failure(player.chat(call()));
    expect(replayedUnavailable).toBeInstanceOf(ProviderError);
    expect(replayedUnavailable).toMatchObject({ code: 'upstream_unavailable', upstreamStatus: 503 });
    expect(await player.chat(call())).toEqual(answer);
    expect(upstream.stats().total).toBe(before);
  });

  it('replays a stream cut mid-way: the same deltas, then the same error', async () => {
    const path = newCassette();
    const { middleware, handlers } = record(path);
    upstream.injectFault({ type: 'cut-stream', afterChunks: 3, path: '/chat/completions' });
    const call = () => streamCall(openai, 'Tell the tale of the drowned bell.');
    const seen: StreamEvent[] = [];
    const cut = await failure(
      (async () => {
        for await (const event of (await handlers.stream(call())).events) seen.push(event);
      })(),
    );
    await middleware.close?.();
    expect(cut).toBeInstanceOf(ProviderError);

    const replayed: StreamEvent[] = [];
    const again = await failure(
      (async () => {
        for await (const event of (await replay(path).handlers.stream(call())).events) replayed.push(event);
      })(),
    );
    expect(replayed).toEqual(seen);
    expect(again).toBeInstanceOf(ProviderError);
    expect(again).toMatchObject({ code: (cut as ProviderError).code, message: cut.message });
  });
});

describe('the validator', () => {
  /** One game session: the same calls every run, with the caller's meta. */
  async function session(path: string, lastWords = 'I ring the bell twice.'): Promise<void> {
    const offline = new OfflineProvider();
    const { middleware, handlers } = record(path);
    const system: ChatMessage = { role: 'system', content: 'You narrate a grim harbour town.' };
    await handlers.chat(
      makeCall({
        provider: offline,
        route: route(offline),
        messages: [system, { role: 'user', content: 'I walk to the pier.' }],
        meta: { tick: 1, seed: 9 },
      }),
    );
    await drain(
      await handlers.stream(
        makeCall({
          provider: offline,
          route: route(offline),
          kind: 'stream',
          messages: [
            system,
            { role: 'user', content: 'I walk to the pier.' },
            { role: 'assistant', content: 'The planks creak.' },
            { role: 'user', content: lastWords },
          ],
          meta: { tick: 2, seed: 9 },
        }),
      ),
    );
    await handlers.embed(embedCall(offline, ['the pier', 'the bell']));
    await middleware.close?.();
  }

  it('finds two offline runs of the same session equal, timing aside', async () => {
    const first = newCassette();
    const second = newCassette();
    await session(first);
    await session(second);
    const comparison = compareCassettes(readCassette(first), readCassette(second));
    expect(comparison).toEqual({ expectedEntries: 3, actualEntries: 3, matches: 3, divergence: undefined });
  });

  it('reports the first divergence of a changed prompt: entry, field path, expected and actual', async () => {
    const first = newCassette();
    const changed = newCassette();
    await session(first);
    await session(changed, 'I ring the bell three times.');
    const comparison = compareCassettes(readCassette(first), readCassette(changed));
    expect(comparison.matches).toBe(2);
    expect(comparison.divergence).toEqual({
      kind: 'field',
      index: 1,
      path: 'request.messages[3].content',
      expected: '"I ring the bell twice."',
      actual: '"I ring the bell three times."',
    });
    expect(formatDivergence(comparison.divergence!)).toContain('entry 1, request.messages[3].content');
  });

  it('reports a different answer at its path, trimmed around the first difference', async () => {
    const path = newCassette();
    await session(path);
    const entries = readCassette(path);
    const edited = structuredClone(entries);
    const response = edited[0]!.response as { result: { text: string } };
    const original = response.result.text;
    response.result.text = `${original.slice(0, 30)}THE LIGHTHOUSE FALLS${original.slice(30)}`;
    const divergence = compareCassettes(entries, edited).divergence;
    expect(divergence).toMatchObject({ kind: 'field', index: 0, path: 'response.result.text' });
    expect(divergence).toHaveProperty('actual', expect.stringMatching(/^"….{20}THE LIGHTHOUSE FALLS/));
  });

  it('reports which cassette is shorter', () => {
    const path = newCassette();
    return session(path).then(() => {
      const entries = readCassette(path);
      expect(compareCassettes(entries, entries.slice(0, 2)).divergence).toEqual({
        kind: 'length',
        index: 2,
        shorter: 'actual',
      });
      expect(compareCassettes(entries.slice(0, 1), entries).divergence).toMatchObject({
        shorter: 'expected',
      });
    });
  });
});

describe('the cassette file', () => {
  it('holds every call after close under 500 concurrent calls, ordered by start', async () => {
    const path = newCassette();
    // Answers finish in another order than they start.
    const provider = new MockProvider({
      fallback: (messages) => ({
        text: `echo ${messages[0]!.content}`,
        delayMs: (messages[0]!.content.length * 7) % 11,
      }),
    });
    const { middleware, handlers } = record(path);
    const calls = Array.from({ length: 500 }, (_, i) => chatCall(provider, `call ${i}`));
    await Promise.all(calls.map((call) => handlers.chat(call)));
    await middleware.close?.();

    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(500);
    const entries = readCassette(path);
    expect(entries.map((entry) => entry.seq)).toEqual(calls.map((_, i) => i));
    for (const [i, entry] of entries.entries()) {
      expect(entry.response).toMatchObject({ type: 'chat', result: { text: `echo call ${i}` } });
    }
    expect(middleware.stats?.()).toMatchObject({ recorded: 500, written: 500, dropped: 0 });
  });

  it('names the line of a malformed cassette', async () => {
    const path = newCassette();
    const { middleware, handlers } = record(path);
    await handlers.chat(chatCall(new MockProvider(), 'One good line.'));
    await middleware.close?.();
    const good = readFileSync(path, 'utf8').trimEnd();

    const broken = newCassette();
    writeFileSync(broken, `${good}\n\n{"v":1,"seq":1,"kind":"chat"\n`);
    expect(() => readCassette(broken)).toThrow(CassetteError);
    expect(() => readCassette(broken)).toThrow(`${broken}:3: not valid JSON`);

    const wrongField = newCassette();
    const entry = JSON.parse(good);
    entry.seq = 1;
    entry.response.result.text = 42;
    writeFileSync(wrongField, `${good}\n${JSON.stringify(entry)}\n`);
    expect(() => readCassette(wrongField)).toThrow(new RegExp(`${wrongField}:2: response\\.result\\.text: `));

    const future = newCassette();
    writeFileSync(future, `${JSON.stringify({ ...JSON.parse(good), v: 2 })}\n`);
    expect(() => readCassette(future)).toThrow(/:1: cassette version 2 is not supported/);

    // Replay mode reads the cassette at start: a broken one stops the gateway there.
    expect(() => createReplayMiddleware(makeDeps(), { mode: 'replay', cassette: broken })).toThrow(/:3: /);
    expect(() =>
      createReplayMiddleware(makeDeps(), { mode: 'replay', cassette: join(dir, 'none.jsonl') }),
    ).toThrow(/Cannot read cassette/);
  });

  it('logs a write failure and never fails the call', async () => {
    const logs: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => logs.push(line) });
    const { middleware, handlers } = record('/dev/null/cannot/cassette.jsonl', makeDeps({ logger }));
    const answer = await handlers.chat(chatCall(new MockProvider(), 'Still answered?'));
    expect(answer.text).toBe('mock: Still answered?');
    await middleware.close?.();
    expect(logs.join('')).toMatch(/cassette write failed/);
  });

  it('passes calls through untouched when off', async () => {
    const middleware = createReplayMiddleware(makeDeps());
    const provider = new MockProvider();
    const answer = await compose([middleware], terminal).chat(chatCall(provider, 'Plain call.'));
    expect(answer.text).toBe('mock: Plain call.');
    expect(middleware.stats?.()).toEqual({ mode: 'off' });
  });
});

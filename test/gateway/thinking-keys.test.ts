/**
 * Thinking in the identities of a call and in stored answers: the cache/coalescing key and the cassette
 * key change with the thinking settings and with the thinking sent back (signatures included); a cached
 * answer keeps its thinking blocks, served plain or streamed; a cassette line holds reasoning events.
 */
import { describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { createCacheMiddleware } from '../../src/gateway/middleware/cache.js';
import { cassetteEntrySchema } from '../../src/gateway/replay/cassette.js';
import { cassetteKey, normaliseRequest } from '../../src/gateway/replay/key.js';
import { requestKey } from '../../src/gateway/request-key.js';
import type { GatewayCall } from '../../src/gateway/types.js';
import { OfflineProvider } from '../../src/providers/index.js';
import type { ChatMessage, ChatOptions, StreamEvent } from '../../src/vocabulary/index.js';
import { makeCall, makeDeps, terminal } from '../support/gateway-call.js';

const loop = (signature: string): ChatMessage[] => [
  { role: 'user', content: 'Roll for me.' },
  {
    role: 'assistant',
    content: '',
    toolCalls: [{ id: 'toolu_1', name: 'roll', arguments: '{}' }],
    reasoning: [
      { type: 'thinking', text: 'A roll is needed.', signature },
      { type: 'redacted', data: 'opaque' },
    ],
  },
  { role: 'tool', content: '17', toolCallId: 'toolu_1' },
];

describe('thinking in keys', () => {
  const key = (overrides: Partial<GatewayCall>) => requestKey(makeCall(overrides));

  it('the request key changes with the thinking settings and the thinking sent back', () => {
    const variants: Partial<GatewayCall>[] = [
      { options: { temperature: 0 } },
      { options: { temperature: 0, thinking: { type: 'enabled', budgetTokens: 1024 } } },
      { options: { temperature: 0, thinking: { type: 'enabled', budgetTokens: 2048 } } },
      { options: { temperature: 0, thinking: { type: 'adaptive' } } },
      { options: { temperature: 0, thinking: { type: 'disabled' } } },
      { options: { temperature: 0, think: 'medium' } },
      { options: { temperature: 0, think: 'high' } },
      { messages: loop('sig-a') },
      { messages: loop('sig-b') },
      { messages: loop('sig-a').map(({ reasoning: _, ...message }) => message) },
    ];
    const keys = variants.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(key({ messages: loop('sig-a') })).toBe(keys[7]);
  });

  it('a cassette keeps the thinking settings and the thinking sent back, and its key follows them', () => {
    const options: ChatOptions = { thinking: { type: 'enabled', budgetTokens: 1024 } };
    const request = normaliseRequest(makeCall({ messages: loop('sig-a'), options }));
    expect(request.options.thinking).toEqual({ type: 'enabled', budgetTokens: 1024 });
    expect(request.messages[1]!.reasoning).toEqual(loop('sig-a')[1]!.reasoning);
    const other = normaliseRequest(makeCall({ messages: loop('sig-b'), options }));
    const unthinking = normaliseRequest(makeCall({ messages: loop('sig-a'), options: {} }));
    const keyOf = (value: typeof request) => cassetteKey('chat', 'mock', value);
    expect(new Set([keyOf(request), keyOf(other), keyOf(unthinking)]).size).toBe(3);

    // A recorded stream line with reasoning events reads back.
    const line = {
      v: 1,
      seq: 0,
      kind: 'stream',
      model: 'offline',
      provider: 'offline',
      providerModel: null,
      key: keyOf(request),
      request,
      meta: {},
      response: {
        type: 'stream',
        provider: 'offline',
        model: 'loremaster-offline-1',
        deltas: [
          { type: 'reasoning-delta', text: 'Hm.' },
          { type: 'reasoning-signature', signature: 'sig' },
          { type: 'reasoning-redacted', data: 'opaque' },
          'Hello',
        ],
        done: null,
        error: null,
      },
      timing: { offsetMs: 0, latencyMs: 1, firstTokenMs: null },
      callId: 'c1',
      recordedAt: new Date(0).toISOString(),
    };
    expect(cassetteEntrySchema.parse(JSON.parse(JSON.stringify(line)))).toMatchObject({
      request: { messages: [{}, { reasoning: request.messages[1]!.reasoning }, {}] },
      response: { deltas: line.response.deltas },
    });
  });
});

describe('thinking in the cache', () => {
  it('keeps the thinking blocks of an answer, stored from a stream and served plain and streamed', async () => {
    const settings = loadConfig({ env: {}, overrides: {} }).settings;
    const handlers = createCacheMiddleware(makeDeps({ settings, logger: createLogger('silent') })).wrap(
      terminal,
    );
    const provider = new OfflineProvider();
    const options: ChatOptions = { temperature: 0, thinking: { type: 'enabled', budgetTokens: 1024 } };
    const messages: ChatMessage[] = [{ role: 'user', content: 'I ask about the bell.' }];
    const call = (kind: 'chat' | 'stream') => makeCall({ provider, kind, messages, options });
    const direct = await provider.chat(messages, options);
    expect(direct.reasoning).toEqual([
      {
        type: 'thinking',
        text: expect.stringMatching(/^Offline model reasoning/),
        signature: expect.any(String),
      },
    ]);

    const events: StreamEvent[] = [];
    for await (const event of (await handlers.stream(call('stream'))).events) events.push(event);
    expect(events[0]).toMatchObject({ type: 'reasoning-delta' });

    const stored = call('chat');
    const answer = await handlers.chat(stored);
    expect(stored.state.cache).toBe('hit');
    expect(answer.reasoning).toEqual(direct.reasoning);

    const replayed = call('stream');
    const served: StreamEvent[] = [];
    for await (const event of (await handlers.stream(replayed)).events) served.push(event);
    expect(replayed.state.cache).toBe('hit');
    const thinking = served.filter((event) => event.type === 'reasoning-delta').map((event) => event.text);
    expect(thinking.join('')).toBe((direct.reasoning![0] as { text: string }).text);
    expect(served.find((event) => event.type === 'reasoning-signature')).toMatchObject({
      signature: (direct.reasoning![0] as { signature: string }).signature,
    });
  });
});

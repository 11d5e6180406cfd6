import { describe, expect, it } from 'vitest';
import { requestKey } from '../../src/gateway/request-key.js';
import type { GatewayCall } from '../../src/gateway/types.js';
import { MockProvider } from '../../src/providers/index.js';
import { makeCall } from '../support/gateway-call.js';

const provider = new MockProvider();
const call = (overrides: Partial<GatewayCall> = {}) => makeCall({ provider, ...overrides });
const key = (overrides: Partial<GatewayCall> = {}) => requestKey(call(overrides));

describe('requestKey', () => {
  it('is a SHA-256 hex digest, equal for equal requests', () => {
    expect(key()).toMatch(/^[0-9a-f]{64}$/);
    expect(key()).toBe(key());
  });

  it('is shared by chat and stream, not by embed', () => {
    expect(key({ kind: 'stream' })).toBe(key({ kind: 'chat' }));
    expect(key({ kind: 'embed', input: ['I light the beacon of Karsk.'] })).not.toBe(key());
  });

  it('ignores what does not change the answer', () => {
    const base = key();
    expect(
      key({
        id: 'other',
        priority: 'low',
        apiKeyId: 'k1',
        cacheMode: 'force',
        meta: { tick: 4 },
        startedAt: 0,
        signal: new AbortController().signal,
      }),
    ).toBe(base);
  });

  it('changes with provider, model, messages and every option that changes the answer', () => {
    const base = key();
    const variants: Partial<GatewayCall>[] = [
      { route: { provider: 'other', model: undefined, role: undefined } },
      { providerModel: 'mock-2' },
      { messages: [{ role: 'user', content: 'I light the beacon of Karsk!' }] },
      { messages: [{ role: 'system', content: 'I light the beacon of Karsk.' }] },
      { messages: [{ role: 'user', content: 'I light the beacon of Karsk.', name: 'Aela' }] },
      { options: { temperature: 0.5 } },
      { options: { temperature: 0, maxTokens: 10 } },
      { options: { temperature: 0, topP: 0.9 } },
      { options: { temperature: 0, stop: ['\n'] } },
      { options: { temperature: 0, seed: 7 } },
      { options: { temperature: 0, json: true } },
      { options: { temperature: 0, jsonSchema: { type: 'object' } } },
      { options: { temperature: 0, system: 'You are a narrator.' } },
      { options: {} },
      { options: { temperature: 0, tools: [{ name: 'roll', parameters: { type: 'object' } }] } },
      {
        options: {
          temperature: 0,
          tools: [{ name: 'roll', parameters: { type: 'object' } }],
          toolChoice: 'required',
        },
      },
      { options: { temperature: 0, n: 2 } },
      { options: { temperature: 0, logprobs: true } },
      { options: { temperature: 0, frequencyPenalty: 0.5 } },
      { options: { temperature: 0, logitBias: { '50256': -100 } } },
      {
        messages: [
          { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'roll', arguments: '{}' }] },
        ],
      },
      { messages: [{ role: 'tool', content: 'I light the beacon of Karsk.', toolCallId: 'c1' }] },
    ];
    const keys = variants.map((variant) => key(variant));
    for (const variant of keys) expect(variant).not.toBe(base);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names the default model, so the key follows a change of the default', () => {
    expect(key({ providerModel: undefined })).toBe(key({ providerModel: provider.defaultModel }));
  });

  it('cannot be fooled by content that looks like a field boundary', () => {
    const split = (a: string, b: string) =>
      key({
        messages: [
          { role: 'user', content: a },
          { role: 'user', content: b },
        ],
      });
    expect(split('ab', 'c')).not.toBe(split('a', 'bc'));
    expect(split('a4:user1:b', '')).not.toBe(split('a', 'b'));
    expect(key({ options: { temperature: 0, stop: ['a', 'b'] } })).not.toBe(
      key({ options: { temperature: 0, stop: ['ab'] } }),
    );
    expect(key({ messages: [{ role: 'user', content: 'x', name: '' }] })).not.toBe(
      key({ messages: [{ role: 'user', content: 'x' }] }),
    );
  });

  it('canonicalises the JSON schema: key order does not matter, content does', () => {
    const schema = (s: Record<string, unknown>) => key({ options: { temperature: 0, jsonSchema: s } });
    const a = {
      type: 'object',
      properties: { b: { type: 'string' }, a: { type: 'number' } },
      required: ['a'],
    };
    const b = {
      required: ['a'],
      properties: { a: { type: 'number' }, b: { type: 'string' } },
      type: 'object',
    };
    expect(schema(a)).toBe(schema(b));
    expect(schema({ ...a, required: ['b'] })).not.toBe(schema(a));
  });

  it('keys embeddings by model, input and dimensions', () => {
    const embed = (overrides: Partial<GatewayCall>) =>
      key({ kind: 'embed', input: ['a', 'b'], ...overrides });
    const base = embed({});
    expect(embed({ input: ['a', 'b'] })).toBe(base);
    expect(embed({ providerModel: provider.defaultEmbeddingModel })).toBe(base);
    expect(embed({ input: ['b', 'a'] })).not.toBe(base);
    expect(embed({ input: ['ab'] })).not.toBe(base);
    expect(embed({ dimensions: 4 })).not.toBe(base);
    expect(embed({ providerModel: 'other-embed' })).not.toBe(base);
    // Sampling options do not touch an embedding.
    expect(embed({ options: { temperature: 0.9 } })).toBe(base);
  });
});

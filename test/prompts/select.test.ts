/**
 * The selection rule (README "Prompts"): default → A/B arm → provider variant → environment override,
 * each replacing only the parts it defines; provider variant keys by name, then type, then `local`;
 * A/B arms drawn by weight, sticky per session.
 */
import { describe, expect, it } from 'vitest';
import type { PromptBody } from '../../src/prompts/index.js';
import { promptBodySchema, selectParts } from '../../src/prompts/index.js';

const body: PromptBody = promptBodySchema.parse({
  system: 'default system',
  user: 'default user',
  temperature: 0.7,
  variants: {
    ollama: { user: 'ollama user' },
    'openai-compatible': { user: 'compatible user' },
    local: { user: 'local user', max_tokens: 100 },
    anthropic: { system: 'anthropic system' },
  },
  environments: { development: { temperature: 0 }, production: { system: 'production system' } },
  ab: [
    { name: 'a', weight: 3 },
    { name: 'b', weight: 1, user: 'arm b user', temperature: 1.2 },
  ],
});

describe('selectParts', () => {
  it('picks the provider variant by name, then type, then local', () => {
    const pick = (name: string, kind: string) =>
      selectParts('p', body, { provider: { name, kind }, arm: 'a' });
    expect(pick('ollama', 'openai-compatible')).toMatchObject({
      variant: 'ollama',
      parts: { user: 'ollama user' },
    });
    expect(pick('vllm', 'openai-compatible')).toMatchObject({ variant: 'openai-compatible' });
    const noTypeKey = { ...body, variants: { local: { user: 'local user' } } };
    expect(
      selectParts('p', noTypeKey, { provider: { name: 'vllm', kind: 'openai-compatible' }, arm: 'a' }),
    ).toMatchObject({ variant: 'local', parts: { user: 'local user' } });
    expect(pick('claude', 'anthropic')).toMatchObject({
      variant: 'anthropic',
      parts: { system: 'anthropic system', user: 'default user' },
    });
    expect(pick('openai', 'openai')).toMatchObject({ variant: '', parts: { system: 'default system' } });
  });

  it('layers default, arm, provider variant, then environment; each replaces only what it defines', () => {
    const selected = selectParts('p', body, {
      provider: { name: 'ollama', kind: 'openai-compatible' },
      environment: 'development',
      arm: 'b',
    });
    expect(selected).toMatchObject({ variant: 'ollama', environment: 'development', arm: 'b' });
    // user: the provider variant beats the arm; temperature: the environment beats the arm.
    expect(selected.parts).toEqual({
      system: 'default system',
      user: 'ollama user',
      temperature: 0,
      max_tokens: undefined,
    });
    const production = selectParts('p', body, {
      provider: { name: 'c', kind: 'anthropic' },
      environment: 'production',
      arm: 'b',
    });
    expect(production.parts).toMatchObject({
      system: 'production system',
      user: 'arm b user',
      temperature: 1.2,
    });
    // An environment with no override changes nothing.
    expect(selectParts('p', body, { environment: 'staging', arm: 'a' }).environment).toBe('');
  });

  it('draws arms by weight, and a session always gets the same arm', () => {
    const counts = { a: 0, b: 0 };
    for (let session = 0; session < 4_000; session += 1) {
      const first = selectParts('p', body, { sessionId: `s${session}` }).arm as 'a' | 'b';
      expect(selectParts('p', body, { sessionId: `s${session}` }).arm).toBe(first);
      counts[first] += 1;
    }
    // 3:1 weights: b near 25% (4,000 draws: well within ±4 points).
    expect(counts.b / 4_000).toBeGreaterThan(0.21);
    expect(counts.b / 4_000).toBeLessThan(0.29);
  });

  it('refuses an arm the prompt does not have', () => {
    expect(() => selectParts('p', body, { arm: 'c' })).toThrow(/has no A\/B arm c/);
  });
});

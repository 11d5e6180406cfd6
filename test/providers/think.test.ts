/**
 * A call's `think` in each provider kind's terms (src/providers/think.ts): a thinking budget where the
 * thinking comes back (Anthropic, offline), the reasoning effort for OpenAI-format APIs, a refusal by
 * name where neither exists; and the offline model, given `think`, answers with its thinking block.
 */
import { describe, expect, it } from 'vitest';
import { isProviderError } from '../../src/providers/errors.js';
import { OfflineProvider } from '../../src/providers/offline/index.js';
import { MIN_THINKING_BUDGET, resolveThink, THINKING_BUDGETS } from '../../src/providers/think.js';
import type { ChatOptions, ThinkEffort } from '../../src/vocabulary/index.js';

const EFFORTS: ThinkEffort[] = ['minimal', 'low', 'medium', 'high'];

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('think, per provider kind', () => {
  it('budgets grow with the effort, from Anthropic’s minimum', () => {
    const budgets = EFFORTS.map((effort) => THINKING_BUDGETS[effort]);
    expect(budgets[0]).toBe(MIN_THINKING_BUDGET);
    for (let index = 1; index < budgets.length; index++)
      expect(budgets[index]).toBeGreaterThan(budgets[index - 1]!);
  });

  it.each(['anthropic', 'offline'] as const)(
    '%s thinks with the effort’s budget, think itself gone',
    (kind) => {
      for (const effort of EFFORTS) {
        const resolved = resolveThink(kind, kind, { think: effort, temperature: 1 });
        expect(resolved).toEqual({
          temperature: 1,
          thinking: { type: 'enabled', budgetTokens: THINKING_BUDGETS[effort] },
        });
      }
    },
  );

  it('with a token limit the thinking gets at most half of it; a limit without room for the minimum is refused by name', () => {
    expect(resolveThink('anthropic', 'claude', { think: 'high', maxTokens: 3000 }).thinking).toEqual({
      type: 'enabled',
      budgetTokens: 1500,
    });
    // A limit far above the budget leaves the budget as it is.
    expect(resolveThink('anthropic', 'claude', { think: 'low', maxTokens: 100_000 }).thinking).toEqual({
      type: 'enabled',
      budgetTokens: THINKING_BUDGETS.low,
    });
    expect(
      resolveThink('anthropic', 'claude', { think: 'minimal', maxTokens: 2 * MIN_THINKING_BUDGET }).thinking,
    ).toEqual({ type: 'enabled', budgetTokens: MIN_THINKING_BUDGET });
    const refused = refusal(() =>
      resolveThink('anthropic', 'claude', { think: 'minimal', maxTokens: 2 * MIN_THINKING_BUDGET - 1 }),
    );
    expect(refused).toMatchObject({ code: 'unsupported', param: 'think', provider: 'claude' });
    expect(refused.message).toContain(String(2 * MIN_THINKING_BUDGET - 1));
  });

  it.each(['openai', 'openai-compatible'] as const)('%s takes think as its reasoning effort', (kind) => {
    expect(resolveThink(kind, kind, { think: 'low' })).toEqual({ reasoningEffort: 'low' });
  });

  it('mistral cannot think: think is refused by its own name', () => {
    expect(refusal(() => resolveThink('mistral', 'mistral', { think: 'medium' }))).toMatchObject({
      code: 'unsupported',
      param: 'think',
      retryable: false,
    });
  });

  it('the call’s own thinking settings win, and a call without think is left as it is', () => {
    const own: ChatOptions = { think: 'high', thinking: { type: 'adaptive' } };
    expect(resolveThink('anthropic', 'claude', own)).toEqual({ thinking: { type: 'adaptive' } });
    expect(resolveThink('openai', 'openai', { think: 'high', reasoningEffort: 'minimal' })).toEqual({
      reasoningEffort: 'minimal',
    });
    const plain: ChatOptions = { temperature: 0.2 };
    expect(resolveThink('mistral', 'mistral', plain)).toBe(plain);
  });
});

describe('the offline model asked to think', () => {
  const messages = [{ role: 'user' as const, content: 'Where is the drowned bell?' }];

  it('answers with its thinking block, plain and streamed, and the same text as without think', async () => {
    const provider = new OfflineProvider();
    const thinking = await provider.chat(messages, { think: 'medium' });
    const plain = await provider.chat(messages);
    expect(plain.reasoning).toBeUndefined();
    expect(thinking.text).toBe(plain.text);
    expect(thinking.reasoning).toHaveLength(1);
    const block = thinking.reasoning![0]!;
    if (block.type !== 'thinking') throw new Error(`expected a thinking block, got ${block.type}`);
    expect(block.text).toContain('Where is the drowned bell?');
    let streamed = '';
    for await (const event of provider.stream(messages, { think: 'medium' }))
      if (event.type === 'reasoning-delta') streamed += event.text;
    expect(streamed).toBe(block.text);
  });
});

/**
 * The context builder: priority order, the budget, required and contiguous sections, the report; and
 * fitting a real template's variables (the narrator with a full context) into a budget.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildContext,
  CompiledPrompt,
  countTokens,
  fitContext,
  readPromptFile,
  SHIPPED_PROMPTS_DIR,
  TemplateEngine,
} from '../../src/prompts/index.js';

const words = (n: number, word = 'lore') => Array.from({ length: n }, () => word).join(' ');

describe('buildContext', () => {
  it('takes sections by priority until the budget is spent, and reports the rest as dropped', () => {
    const built = buildContext({
      budgetTokens: 60,
      count: (text) => text.split(' ').length,
      sections: [
        { name: 'lore', priority: 6, items: [{ id: 'l1', text: words(20) }] },
        {
          name: 'notes',
          priority: 3,
          items: [
            { id: 'n1', text: words(20) },
            { id: 'n2', text: words(20) },
          ],
        },
        { name: 'character', priority: 1, required: true, items: [{ id: 'c', text: words(10) }] },
      ],
    });
    expect(built.report.included.map((e) => e.id)).toEqual(['c', 'n1', 'n2']);
    expect(built.report.dropped).toEqual([{ section: 'lore', id: 'l1', tokens: 22, reason: 'budget' }]);
    expect(built.report.used_tokens).toBe(12 + 22 + 22);
    expect(built.report.remaining_tokens).toBe(4);
    expect(built.report.over_budget).toBe(false);
    expect(built.sections.lore).toEqual([]);
  });

  it('fills the gaps with smaller items, best score first', () => {
    const built = buildContext({
      budgetTokens: 30,
      count: (text) => text.split(' ').length,
      sections: [
        {
          name: 'lore',
          priority: 1,
          items: [
            { id: 'weak', text: words(5), score: 1 },
            { id: 'big', text: words(40), score: 9 },
            { id: 'best', text: words(10), score: 5 },
          ],
        },
      ],
    });
    expect(built.sections.lore!.map((item) => item.id)).toEqual(['best', 'weak']);
    expect(built.report.dropped.map((e) => e.id)).toEqual(['big']);
  });

  it('a contiguous section stops at its first item that does not fit', () => {
    const built = buildContext({
      budgetTokens: 25,
      count: (text) => text.split(' ').length,
      sections: [
        {
          name: 'recent_turns',
          priority: 4,
          contiguous: true,
          items: [
            { id: 't3', text: words(10) },
            { id: 't2', text: words(20) },
            { id: 't1', text: words(2) },
          ],
        },
      ],
    });
    expect(built.sections.recent_turns!.map((item) => item.id)).toEqual(['t3']);
    expect(built.report.dropped).toMatchObject([
      { id: 't2', reason: 'budget' },
      { id: 't1', reason: 'after_gap' },
    ]);
  });

  it('required sections are kept past the budget, and the report says so', () => {
    const built = buildContext({
      budgetTokens: 10,
      reservedTokens: 8,
      count: (text) => text.split(' ').length,
      sections: [{ name: 'character', priority: 1, required: true, items: [{ id: 'c', text: words(10) }] }],
    });
    expect(built.report).toMatchObject({ used_tokens: 20, over_budget: true, remaining_tokens: 0 });
  });

  it('counts with the tokenizer by default', () => {
    expect(countTokens('The drowned bell rings at night.')).toBeGreaterThan(4);
    expect(countTokens('The drowned bell rings at night.')).toBeLessThan(12);
    // A long run without spaces is estimated, never tokenized at quadratic cost.
    expect(countTokens('x'.repeat(100_000))).toBe(25_000);
  });
});

describe('fitContext on the narrator', () => {
  const file = readPromptFile(`${SHIPPED_PROMPTS_DIR}/narrator.yaml`);
  const engine = new TemplateEngine();
  const prompt = new CompiledPrompt('narrator', 1, file.definition, engine);
  afterAll(() => engine.close());
  const full = {
    ...file.definition.sample,
    world_facts: Array.from({ length: 60 }, (_, i) => `Fact ${i}: ${words(12, 'mill')}`),
    lore: Array.from({ length: 40 }, (_, i) => ({ title: `Entry ${i}`, text: words(30, 'bell') })),
    notes: Array.from({ length: 10 }, (_, i) => `Note ${i}: ${words(8, 'promise')}`),
    recent_turns: Array.from({ length: 20 }, (_, i) => ({
      input: `Turn ${i} input`,
      output: `Turn ${i} output`,
    })),
  };

  it('fits the rendered prompt into the budget, keeping the newest turns and dropping lore first', async () => {
    const fitted = await fitContext(prompt, full, 1_200);
    const { report } = fitted;
    expect(report.used_tokens).toBeLessThanOrEqual(1_200);
    // The rendered text is what was budgeted (within the per-item framing estimate).
    expect(Math.abs(report.rendered_tokens - report.used_tokens)).toBeLessThan(report.used_tokens * 0.15);
    const droppedSections = new Set(report.dropped.map((e) => e.section));
    expect(droppedSections.has('lore')).toBe(true);
    expect(droppedSections.has('notes')).toBe(false);
    const turns = fitted.variables.recent_turns as Array<{ input: string }>;
    expect(turns.at(-1)!.input).toBe('Turn 19 input');
    expect(turns.length).toBe(20);
    expect(fitted.rendered.messages[1]!.content).toContain('Turn 19 input');
  });

  it('a bigger budget includes everything and drops nothing', async () => {
    const fitted = await fitContext(prompt, full, 100_000);
    expect(fitted.report.dropped).toEqual([]);
    expect((fitted.variables.lore as unknown[]).length).toBe(40);
  });
});

/**
 * Fits a prompt's context variables into a token budget. The variables a template declares become
 * the builder's sections: list variables (world facts, lore, notes, recent turns …) one item per
 * element, optional object variables (game state) one item; the template's fixed text ("system") and
 * its required variables (the acting character) are always included, and reported as such. The standard sections have these priorities
 * (0 = kept first); any other list variable gets 5:
 *
 *   system 0 (required) · character 1 · game_state 2 · notes 3 · recent_turns 4 (newest first,
 *   contiguous) · world_facts 5 · lore 6
 */

import { countTextTokens, TOKENS_PER_MESSAGE } from '../vocabulary/tokens.js';
import type { CompiledPrompt, RenderedPrompt } from './compiled.js';
import {
  type BuiltContext,
  buildContext,
  type ContextReport,
  type ContextSection,
} from './context-builder.js';
import type { SelectOptions } from './select.js';

export const SECTION_PRIORITY: Record<string, number> = {
  character: 1,
  game_state: 2,
  notes: 3,
  recent_turns: 4,
  world_facts: 5,
  lore: 6,
};
const DEFAULT_LIST_PRIORITY = 5;
/** A variable's section priority; a variable named like an Object.prototype member has none. */
const sectionPriority = (name: string): number | undefined =>
  Object.hasOwn(SECTION_PRIORITY, name) ? SECTION_PRIORITY[name] : undefined;
/** Sections whose items arrive oldest first but are kept newest first. */
const NEWEST_LAST = new Set(['recent_turns']);

export interface ContextResult {
  report: ContextReport & { template_tokens: number; rendered_tokens: number };
  variables: Record<string, unknown>;
  rendered: RenderedPrompt;
}

function itemText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    return Object.values(value as Record<string, unknown>)
      .map((field) => (typeof field === 'string' ? field : JSON.stringify(field)))
      .join(' ');
  }
  return JSON.stringify(value) ?? '';
}

function messagesTokens(rendered: RenderedPrompt): number {
  // Chat formats add a few tokens around every message.
  return rendered.messages.reduce(
    (sum, message) => sum + countTextTokens(message.content) + TOKENS_PER_MESSAGE,
    0,
  );
}

/**
 * Builds the context for one render: what fits, what was dropped, the variables to render with, and
 * the rendered messages. `values` are validated first (a bad variable is named, as for any render).
 */
export async function fitContext(
  prompt: CompiledPrompt,
  values: Record<string, unknown>,
  budgetTokens: number,
  options: SelectOptions = {},
): Promise<ContextResult> {
  const variables = prompt.variables(values);
  const specs = prompt.body.variables;
  const sections: ContextSection[] = [];
  const emptied: Record<string, unknown> = { ...variables };
  for (const [name, spec] of Object.entries(specs)) {
    const value = variables[name];
    if (spec.type === 'array' && Array.isArray(value)) {
      const indexed = value.map((element, index) => ({
        id: `${name}[${index}]`,
        text: itemText(element),
        value: element,
      }));
      sections.push({
        name,
        priority: sectionPriority(name) ?? DEFAULT_LIST_PRIORITY,
        items: NEWEST_LAST.has(name) ? indexed.reverse() : indexed,
        contiguous: NEWEST_LAST.has(name),
      });
      emptied[name] = [];
    } else if ((spec.type === 'object' || spec.type === 'json') && spec.optional && value != null) {
      sections.push({
        name,
        priority: sectionPriority(name) ?? 2,
        items: [{ id: name, text: itemText(value), value }],
      });
      emptied[name] = null;
    }
  }
  // `emptied` and `fitted` are the validated variables with list items or optional values taken out:
  // valid as they are, so they are not parsed again (two of a turn's three parses).
  const bare = await prompt.renderValidated(emptied, options);
  // The same A/B arm for both renders (a call without a session draws one at random).
  const selected: SelectOptions = { ...options, ...(bare.selection.arm && { arm: bare.selection.arm }) };
  const templateTokens = messagesTokens(bare);
  const built: BuiltContext = buildContext({ sections, budgetTokens, reservedTokens: templateTokens });
  // Required context (the acting character) is part of the fixed text; report it as its own section.
  const required = Object.entries(specs)
    .filter(([name, spec]) => sectionPriority(name) !== undefined && !spec.optional && spec.type !== 'array')
    .map(([name]) => ({ section: name, id: name, tokens: countTextTokens(itemText(variables[name])) }))
    .filter((entry) => entry.tokens > 0);
  const own = templateTokens - required.reduce((sum, entry) => sum + entry.tokens, 0);
  built.report.included.unshift({ section: 'system', id: 'template', tokens: Math.max(0, own) }, ...required);
  const fitted: Record<string, unknown> = { ...emptied };
  for (const section of sections) {
    const kept = (built.sections[section.name] ?? []).map((item) => item.value);
    if (specs[section.name]?.type === 'array') {
      fitted[section.name] = NEWEST_LAST.has(section.name) ? kept.reverse() : kept;
    } else {
      fitted[section.name] = kept[0] ?? null;
    }
  }
  const rendered = await prompt.renderValidated(fitted, selected);
  return {
    report: withRenderedTokens({ ...built.report, template_tokens: templateTokens }, rendered),
    variables: fitted,
    rendered,
  };
}

/**
 * The report's `rendered_tokens`, counted when first read: a turn sends the prompt without reading its
 * report, and counting the whole rendered prompt (new text every turn, so never a cached count) costs
 * ~0.3 ms of the turn. An enumerable getter, so a spread or JSON of the report still holds the number.
 */
function withRenderedTokens(
  report: ContextReport & { template_tokens: number },
  rendered: RenderedPrompt,
): ContextResult['report'] {
  // The texts as rendered now (the messages array goes on to the gateway).
  const contents = rendered.messages.map((message) => message.content);
  let counted: number | undefined;
  return Object.defineProperty(report, 'rendered_tokens', {
    enumerable: true,
    configurable: true,
    get: () => {
      counted ??= contents.reduce((sum, content) => sum + countTextTokens(content) + TOKENS_PER_MESSAGE, 0);
      return counted;
    },
  }) as ContextResult['report'];
}

/**
 * The context builder: fits a game's state into a model's window. Each section (the acting character,
 * game state, session notes, recent turns, world facts, retrieved lore …) has a priority and items;
 * items are counted with a tokenizer and taken in priority order (most important section first, and
 * within a section in its own order: best score, or newest first) while they fit the budget. What did
 * not fit is reported as dropped, with its size, so a game can see what the model was not told.
 *
 * Required sections (the system instructions, the acting character) are always included, even past
 * the budget; the report then says `over_budget`. A contiguous section (recent turns) stops at its
 * first item that does not fit, so the model never sees turn 5 and turn 3 without turn 4.
 */
import { countTextTokens } from '../vocabulary/tokens.js';

export interface ContextItem {
  id: string;
  /** What the model reads (and what is counted). */
  text: string;
  /** The value given to the template (defaults to `text`). */
  value?: unknown;
  /** Higher first, within the section; items without a score keep their order. */
  score?: number;
}

export interface ContextSection {
  name: string;
  /** 0 is the most important. */
  priority: number;
  items: ContextItem[];
  required?: boolean;
  contiguous?: boolean;
}

export interface ContextEntry {
  section: string;
  id: string;
  tokens: number;
}

export interface ContextReport {
  budget_tokens: number;
  used_tokens: number;
  remaining_tokens: number;
  over_budget: boolean;
  included: ContextEntry[];
  dropped: Array<ContextEntry & { reason: 'budget' | 'after_gap' }>;
}

export interface BuiltContext {
  /** Included items by section, in the section's order. */
  sections: Record<string, ContextItem[]>;
  report: ContextReport;
}

/** Each item costs a few tokens of framing (a bullet, a newline, a label) beyond its text. */
export const ITEM_OVERHEAD_TOKENS = 2;

export function buildContext(input: {
  sections: readonly ContextSection[];
  budgetTokens: number;
  /** Tokens already spent by the template's fixed text. */
  reservedTokens?: number;
  count?: (text: string) => number;
}): BuiltContext {
  const count = input.count ?? countTextTokens;
  const report: ContextReport = {
    budget_tokens: input.budgetTokens,
    used_tokens: input.reservedTokens ?? 0,
    remaining_tokens: 0,
    over_budget: false,
    included: [],
    dropped: [],
  };
  const sections: Record<string, ContextItem[]> = {};
  const ordered = [...input.sections].sort(
    (a, b) => Number(b.required ?? false) - Number(a.required ?? false) || a.priority - b.priority,
  );
  for (const section of ordered) {
    const kept: ContextItem[] = [];
    const items = section.items.some((item) => item.score !== undefined)
      ? [...section.items].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
      : section.items;
    let gap = false;
    for (const item of items) {
      const tokens = count(item.text) + ITEM_OVERHEAD_TOKENS;
      const entry = { section: section.name, id: item.id, tokens };
      if (gap) {
        report.dropped.push({ ...entry, reason: 'after_gap' });
      } else if (section.required || report.used_tokens + tokens <= input.budgetTokens) {
        kept.push(item);
        report.used_tokens += tokens;
        report.included.push(entry);
      } else {
        report.dropped.push({ ...entry, reason: 'budget' });
        if (section.contiguous) gap = true;
      }
    }
    sections[section.name] = kept;
  }
  report.over_budget = report.used_tokens > input.budgetTokens;
  report.remaining_tokens = Math.max(0, input.budgetTokens - report.used_tokens);
  return { sections, report };
}

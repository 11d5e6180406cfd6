/**
 * Extended thinking: how much the model may think before it answers, and its thinking as blocks.
 * Types only (see index.ts).
 */

/**
 * Anthropic's extended thinking: `enabled` with a budget of thinking tokens (part of `maxTokens`),
 * `adaptive` (the model decides how much), `disabled` (no thinking, as when absent).
 */
export type ThinkingConfig =
  | { type: 'enabled'; budgetTokens: number }
  | { type: 'adaptive' }
  | { type: 'disabled' };

/**
 * A piece of the model's thinking: its text with the vendor's `signature` (which proves it unaltered
 * when sent back), or a block the vendor's safety systems encrypted (`data`, opaque).
 */
export type ReasoningBlock =
  | { type: 'thinking'; text: string; signature: string }
  | { type: 'redacted'; data: string };

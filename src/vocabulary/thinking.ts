/**
 * Extended thinking: how much the model may think before it answers, and its thinking as blocks.
 * Types only (see index.ts).
 */

/**
 * Anthropic's extended thinking: `enabled` with a budget of thinking tokens (part of `maxTokens`),
 * `adaptive` (the model decides how much), `disabled` (no thinking, as when absent).
 */
export type ThinkingConfig =
  | { type: 'enabled'; budgetTokens: number; display?: ThinkingDisplay }
  | { type: 'adaptive'; display?: ThinkingDisplay }
  | { type: 'disabled' };

/**
 * Whether the thinking's text comes back (`summarized`) or only its blocks and signatures (`omitted`,
 * the default of Anthropic's newest models); the model's own default when absent.
 */
export type ThinkingDisplay = 'summarized' | 'omitted';

/**
 * A piece of the model's thinking: its text with the vendor's `signature` (which proves it unaltered
 * when sent back), or a block the vendor's safety systems encrypted (`data`, opaque).
 */
export type ReasoningBlock =
  | { type: 'thinking'; text: string; signature: string }
  | { type: 'redacted'; data: string };

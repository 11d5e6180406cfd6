/**
 * The offline model's thinking block, for calls that ask for thinking: a short, deterministic note
 * that says plainly it is the offline model's reasoning, with a deterministic signature (a digest of
 * the note), so clients that expect a thinking block in tool loops (and send it back) work offline.
 */
import { createHash } from 'node:crypto';
import type { ChatChoice, ChatMessage, ChatOptions, ReasoningBlock } from '../../vocabulary/index.js';

/** How many words of the player's last message the note quotes. */
const QUOTED_WORDS = 8;

export function wantsThinking(options: ChatOptions): boolean {
  return options.thinking !== undefined && options.thinking.type !== 'disabled';
}

export function offlineThinking(messages: readonly ChatMessage[], choice: ChatChoice): ReasoningBlock {
  const last = messages.findLast((message) => message.role === 'user' || message.role === 'tool');
  const quoted = (last?.content ?? '').split(/\s+/).filter(Boolean).slice(0, QUOTED_WORDS).join(' ');
  const asked = quoted ? `The request reads "${quoted}".` : 'The request has no text.';
  const plan = choice.toolCalls?.length
    ? `I will call ${choice.toolCalls.map((call) => call.name).join(', ')}.`
    : last?.role === 'tool'
      ? 'I will answer from the tool result.'
      : 'I will answer in the narrator’s voice.';
  const text = `Offline model reasoning (deterministic, no language model): ${asked} ${plan}`;
  return { type: 'thinking', text, signature: offlineSignature(text) };
}

/** `offline-` and the note's SHA-256: the same note always carries the same signature. */
function offlineSignature(text: string): string {
  return `offline-${createHash('sha256').update(text).digest('base64url')}`;
}

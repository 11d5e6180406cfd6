/**
 * Thinking blocks as stream events and back: a block's text arrives in `reasoning-delta` pieces and
 * ends with its `reasoning-signature`; a redacted block arrives whole. The cache, structured output and
 * the Anthropic route put blocks together with this; cached answers are played back with it.
 */
import type { ReasoningBlock, StreamEvent } from '../vocabulary/index.js';

export type ReasoningEvent = Extract<
  StreamEvent,
  { type: 'reasoning-delta' | 'reasoning-signature' | 'reasoning-redacted' }
>;

/** The text of an answer's thinking blocks, joined ('' when none: redacted blocks have no text to show). */
export function thinkingText(blocks: readonly ReasoningBlock[] | undefined): string {
  let text = '';
  for (const block of blocks ?? []) if (block.type === 'thinking') text += block.text;
  return text;
}

export function isReasoningEvent(event: StreamEvent): event is ReasoningEvent {
  return (
    event.type === 'reasoning-delta' ||
    event.type === 'reasoning-signature' ||
    event.type === 'reasoning-redacted'
  );
}

/** The thinking blocks a stream's reasoning events spell, in order. */
export class ReasoningAssembler {
  readonly blocks: ReasoningBlock[] = [];
  /** Whether the last thinking block still takes text (no signature yet). */
  private open = false;

  add(event: ReasoningEvent): void {
    const last = this.blocks.at(-1);
    const current = this.open && last?.type === 'thinking' ? last : undefined;
    switch (event.type) {
      case 'reasoning-delta':
        if (current) current.text += event.text;
        else this.blocks.push({ type: 'thinking', text: event.text, signature: '' });
        this.open = true;
        return;
      case 'reasoning-signature':
        if (current) current.signature += event.signature;
        else this.blocks.push({ type: 'thinking', text: '', signature: event.signature });
        this.open = false;
        return;
      case 'reasoning-redacted':
        this.blocks.push({ type: 'redacted', data: event.data });
        this.open = false;
        return;
    }
  }
}

/** The events that spell `blocks`: each thinking block as one text piece and its signature. */
export function* reasoningEvents(
  blocks: readonly ReasoningBlock[],
  at: { choice?: number } = {},
): Generator<ReasoningEvent> {
  for (const block of blocks) {
    if (block.type === 'redacted') {
      yield { type: 'reasoning-redacted', data: block.data, ...at };
      continue;
    }
    if (block.text.length > 0) yield { type: 'reasoning-delta', text: block.text, ...at };
    yield { type: 'reasoning-signature', signature: block.signature, ...at };
  }
}

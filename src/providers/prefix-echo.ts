/**
 * Mistral's answer prefix. Mistral refuses a conversation that ends with an assistant message unless
 * that message is marked `prefix: true`: the start its answer must continue (Anthropic's "prefill", which
 * front ends such as SillyTavern send). Its answer then says the prefix again before the continuation
 * (the AI SDK's Mistral provider cut it for that reason when it added prefixes). Loremaster answers with
 * the continuation only, streamed or not, as Anthropic's Messages API does; an answer that does not start
 * with the prefix is passed on whole.
 *
 * Only a call that ends with such a message goes through here: every other stream is decoded as it was.
 */
import type { StreamEvent } from '../vocabulary/index.js';
import type { BodyDecoder } from './stream-http.js';

/** The answer without the prefix it starts with (if it does). */
export function withoutEchoedPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

/**
 * A streamed answer's decoder that holds each answer's first text until it is known whether it
 * repeats the prefix, then passes on the rest. Any other event (a tool call, the end) releases what
 * is held first, so no text is lost and the order stays.
 */
export class PrefixEchoDecoder implements BodyDecoder<StreamEvent> {
  /** By answer index: the text held while it may still be the prefix said again. */
  private readonly held = new Map<number, string>();
  /** Answers whose start has been settled: their text passes straight on. */
  private readonly settled = new Set<number>();

  constructor(
    private readonly inner: BodyDecoder<StreamEvent>,
    private readonly prefix: string,
  ) {}

  push(chunk: Buffer, emit: (event: StreamEvent) => void): boolean {
    return this.inner.push(chunk, (event) => this.pass(event, emit));
  }

  end(emit: (event: StreamEvent) => void): void {
    this.inner.end((event) => this.pass(event, emit));
  }

  failure(error: unknown): unknown {
    return this.inner.failure(error);
  }

  private pass(event: StreamEvent, emit: (event: StreamEvent) => void): void {
    if (event.type !== 'delta') {
      this.release(emit);
      emit(event);
      return;
    }
    const choice = event.choice ?? 0;
    if (this.settled.has(choice)) {
      emit(event);
      return;
    }
    const held = (this.held.get(choice) ?? '') + event.text;
    if (held.length < this.prefix.length && this.prefix.startsWith(held)) {
      this.held.set(choice, held);
      return;
    }
    this.settled.add(choice);
    this.held.delete(choice);
    const rest = withoutEchoedPrefix(held, this.prefix);
    if (rest.length > 0) emit({ ...event, text: rest });
  }

  /** Held text that turned out to be the whole answer so far: passed on as it came. */
  private release(emit: (event: StreamEvent) => void): void {
    for (const [choice, text] of this.held) {
      this.settled.add(choice);
      if (text.length > 0) emit(choice === 0 ? { type: 'delta', text } : { type: 'delta', text, choice });
    }
    this.held.clear();
  }
}

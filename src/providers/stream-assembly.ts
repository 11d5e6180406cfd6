/**
 * A stream's events put together into the answer they spell (text, tool calls, logprobs, every
 * choice), and an answer played back as events: what the cache stores from a stream and serves to one.
 */
import type { ChatChoice, ChatResult, StreamEvent, ToolCall } from '../vocabulary/index.js';
import { isReasoningEvent, ReasoningAssembler, reasoningEvents } from './reasoning.js';

interface Building {
  text: string;
  toolCalls: ToolCall[];
  logprobs: NonNullable<ChatChoice['logprobs']> | undefined;
  reasoning?: ReasoningAssembler;
}

export class StreamAssembler {
  private readonly choices: Building[] = [];

  add(event: StreamEvent): void {
    if (event.type === 'done') return;
    const choice = this.at(event.choice ?? 0);
    if (event.type === 'delta') {
      choice.text += event.text;
      if (event.logprobs) {
        choice.logprobs ??= [];
        choice.logprobs.push(...event.logprobs);
      }
      return;
    }
    if (isReasoningEvent(event)) {
      choice.reasoning ??= new ReasoningAssembler();
      choice.reasoning.add(event);
      return;
    }
    let call = choice.toolCalls[event.index];
    if (!call) {
      call = { id: '', name: '', arguments: '' };
      choice.toolCalls[event.index] = call;
    }
    if (event.id !== undefined) call.id = event.id;
    if (event.name !== undefined) call.name = event.name;
    call.arguments += event.arguments;
  }

  /** The whole answer, once `done` has arrived. */
  result(done: Extract<StreamEvent, { type: 'done' }>): ChatResult {
    const reasons = done.finishReasons ?? [done.finishReason];
    const count = Math.max(this.choices.length, reasons.length, 1);
    const choices: ChatChoice[] = [];
    for (let index = 0; index < count; index++) {
      const building = this.choices[index] ?? { text: '', toolCalls: [], logprobs: undefined };
      const choice: ChatChoice = { text: building.text, finishReason: reasons[index] ?? done.finishReason };
      const toolCalls = building.toolCalls.filter((call) => call !== undefined);
      if (toolCalls.length > 0) choice.toolCalls = toolCalls;
      if (building.logprobs) choice.logprobs = building.logprobs;
      if (building.reasoning) choice.reasoning = building.reasoning.blocks;
      choices.push(choice);
    }
    return {
      ...choices[0]!,
      ...(count > 1 && { choices }),
      usage: done.usage,
      model: done.model,
      provider: done.provider,
      latencyMs: done.latencyMs,
    };
  }

  private at(index: number): Building {
    let choice = this.choices[index];
    if (!choice) {
      choice = { text: '', toolCalls: [], logprobs: undefined };
      this.choices[index] = choice;
    }
    return choice;
  }
}

/** A word with the whitespace around it, or whitespace alone: the pieces join back to the text exactly. */
const WORDS = /\s*\S+\s*|\s+/g;

/**
 * The events (without `done`) that spell `result`: its thinking blocks whole, word-sized text deltas,
 * then each tool call whole.
 */
export function* resultEvents(result: ChatResult): Generator<Exclude<StreamEvent, { type: 'done' }>> {
  const choices = result.choices ?? [result];
  for (const [index, choice] of choices.entries()) {
    const at = index === 0 ? {} : { choice: index };
    if (choice.reasoning) yield* reasoningEvents(choice.reasoning, at);
    if (choice.logprobs) {
      // With log probabilities, one delta per token, each with its own.
      for (const logprob of choice.logprobs)
        yield { type: 'delta', text: logprob.token, logprobs: [logprob], ...at };
    } else {
      for (const word of choice.text.match(WORDS) ?? []) yield { type: 'delta', text: word, ...at };
    }
    for (const [position, call] of (choice.toolCalls ?? []).entries())
      yield {
        type: 'tool-call-delta',
        index: position,
        id: call.id,
        name: call.name,
        arguments: call.arguments,
        ...at,
      };
  }
}

/**
 * Structured output that holds: an answer to a JSON call (`jsonSchema`, or `json` for any JSON
 * object) is checked before it leaves the provider layer. An invalid answer is repaired when a
 * syntactic fix makes it valid (jsonrepair: trailing commas, code fences, cut-off brackets), else the
 * model is asked again, told what was wrong, at most MAX_ASKS times in all; then the call fails with
 * a `bad_response` naming the failure (a 502 for the client), never an invalid 200.
 *
 * Streams of JSON calls are read whole and checked before the first event is passed on: a client
 * cannot un-read invalid JSON. Plain calls (no JSON asked) pass straight through at no cost.
 */
import { jsonrepair } from 'jsonrepair';
import {
  checkJsonText,
  ProviderError,
  resultEvents,
  type SchemaCheck,
  StreamAssembler,
} from '../providers/index.js';
import type { ChatChoice, ChatMessage, ChatResult, StreamEvent, Usage } from '../vocabulary/index.js';
import type { GatewayCall, Handlers, StartedStream } from './types.js';

/** Asks of the model per call, the first included. */
export const MAX_ASKS = 3;

export function withStructuredOutput(next: Handlers): Handlers {
  return {
    chat: (call) => (wantsJson(call) ? checkedChat(call, next) : next.chat(call)),
    stream: (call) => (wantsJson(call) ? checkedStream(call, next) : next.stream(call)),
    embed: (call) => next.embed(call),
  };
}

function wantsJson(call: GatewayCall): boolean {
  return call.checkJson === true && (call.options.jsonSchema !== undefined || call.options.json === true);
}

async function checkedChat(call: GatewayCall, next: Handlers): Promise<ChatResult> {
  return settle(call, (attempt) => next.chat(attempt));
}

async function checkedStream(call: GatewayCall, next: Handlers): Promise<StartedStream> {
  const result = await settle(call, async (attempt) => {
    const started = await next.stream(attempt);
    const assembler = new StreamAssembler();
    for await (const event of started.events) {
      if (event.type === 'done') return assembler.result(event);
      assembler.add(event);
    }
    throw new ProviderError('bad_response', `${started.provider} stream ended before it finished`, {
      provider: started.provider,
    });
  });
  return { provider: result.provider, model: result.model, events: replay(result) };
}

async function* replay(result: ChatResult): AsyncGenerator<StreamEvent> {
  yield* resultEvents(result);
  yield {
    type: 'done',
    usage: result.usage,
    finishReason: result.finishReason,
    ...(result.choices && { finishReasons: result.choices.map((choice) => choice.finishReason) }),
    model: result.model,
    provider: result.provider,
    latencyMs: result.latencyMs,
    firstTokenMs: result.latencyMs,
  };
}

/** Asks until every answer is valid JSON (repaired where that suffices), at most MAX_ASKS times. */
async function settle(
  call: GatewayCall,
  ask: (attempt: GatewayCall) => Promise<ChatResult>,
): Promise<ChatResult> {
  const schema = call.options.jsonSchema;
  let attempt = call;
  let spent: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  for (let asked = 1; ; asked++) {
    const result = await ask(attempt);
    spent = add(spent, result.usage);
    const checked = checkChoices(result, schema);
    if (checked.ok) return { ...checked.result, usage: spent };
    if (asked >= MAX_ASKS) {
      throw new ProviderError(
        'bad_response',
        `${result.provider} answered JSON that does not match the requested ${schema ? 'schema' : 'format'} ` +
          `after ${asked} attempts: ${checked.error}`,
        { provider: result.provider, retryable: false },
      );
    }
    attempt = { ...call, messages: [...call.messages, ...correction(checked.text, checked.error)] };
  }
}

type Checked = { ok: true; result: ChatResult } | { ok: false; text: string; error: string };

/** Every text answer checked (an answer made of tool calls is not JSON text); repaired where that helps. */
function checkChoices(result: ChatResult, schema: GatewayCall['options']['jsonSchema']): Checked {
  const choices: ChatChoice[] = result.choices ?? [result];
  const fixed: ChatChoice[] = [];
  for (const choice of choices) {
    if (choice.toolCalls && choice.toolCalls.length > 0) {
      fixed.push(choice);
      continue;
    }
    const text = choice.text;
    const check = checkJsonText(schema, text);
    if (check.ok) {
      fixed.push(choice);
      continue;
    }
    const repaired = repair(text);
    if (repaired !== undefined && checkJsonText(schema, repaired).ok) {
      fixed.push({ ...choice, text: repaired });
      continue;
    }
    return { ok: false, text, error: (check as Extract<SchemaCheck, { ok: false }>).error };
  }
  const first = fixed[0]!;
  return {
    ok: true,
    result: {
      ...result,
      text: first.text,
      ...(result.choices && { choices: fixed }),
    },
  };
}

function repair(text: string): string | undefined {
  try {
    return jsonrepair(text.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, ''));
  } catch {
    return undefined;
  }
}

/** The failed answer and what was wrong with it, so the model can correct itself. */
function correction(text: string, error: string): ChatMessage[] {
  return [
    { role: 'assistant', content: text.slice(0, 4_000) },
    {
      role: 'user',
      content: `That answer is not valid: ${error}. Answer again with only the JSON, matching the schema exactly.`,
    },
  ];
}

function add(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/**
 * The fake upstream's richer Chat Completions answers, in OpenAI's wire format: tool calls (plain and
 * streamed as `delta.tool_calls`), `n` choices, `logprobs` and `json_schema` answers that fit the
 * schema. Deterministic, like the rest of the fake: a test can tell what was sent from what came back.
 * Which tool is called, and with what arguments, is decided in fake-upstream-tools.ts; after tool
 * results the answer is `Fake reply to "<the results>"`.
 */
import {
  type FakeTool,
  type FakeToolChoice,
  hasProperties,
  isRecord,
  type Json,
  pickTool,
  replyPieces,
  schemaInText,
  textOf,
  valueFor,
} from './fake-upstream-tools.js';

export interface RichFrame {
  text: string;
  paced: boolean;
}

export type RichReply = { kind: 'json'; status: number; body: string } | { kind: 'sse'; frames: RichFrame[] };

export interface RichCall {
  body: Json;
  stream: boolean;
  seq: number;
  answerWords: number;
  /** Mistral streams its usage on the last chunk, always, and never a chunk without choices. */
  vendor?: 'openai' | 'anthropic' | 'mistral';
}

/** Whether this request needs the richer answers (otherwise the fake's plain path answers it). */
export function wantsRichAnswer(body: Json): boolean {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return (
    (Array.isArray(body.tools) && body.tools.length > 0) ||
    (typeof body.n === 'number' && body.n > 1) ||
    body.logprobs === true ||
    answerSchema(body, messages) !== undefined ||
    messages.some((message) => isRecord(message) && message.role === 'tool')
  );
}

/**
 * The schema a JSON answer follows: json_schema's own, or with json_object one written in the system
 * prompt or the last user message (as LangChain's jsonMode and JSON-mode users send it).
 */
function answerSchema(body: Json, messages: unknown[]): Json | undefined {
  const format = body.response_format;
  if (hasSchemaProperties(format)) return (format as { json_schema: { schema: Json } }).json_schema.schema;
  if (!isRecord(format) || format.type !== 'json_object') return undefined;
  const lastUser = messages.findLast((message) => isRecord(message) && message.role === 'user');
  const prompts = [
    lastUser,
    ...messages.filter(
      (message) => isRecord(message) && (message.role === 'system' || message.role === 'developer'),
    ),
  ];
  for (const message of prompts) {
    const schema = isRecord(message) ? schemaInText(textOf(message.content)) : undefined;
    if (schema) return schema;
  }
  return undefined;
}

/** A json_schema format whose schema describes properties (an empty object schema gets the plain answer). */
function hasSchemaProperties(format: unknown): boolean {
  return isRecord(format) && isRecord(format.json_schema) && hasProperties(format.json_schema.schema);
}

function toolsOf(body: Json): FakeTool[] {
  const tools: FakeTool[] = [];
  for (const tool of Array.isArray(body.tools) ? body.tools : []) {
    if (!isRecord(tool) || !isRecord(tool.function) || typeof tool.function.name !== 'string') continue;
    tools.push({
      name: tool.function.name,
      parameters: isRecord(tool.function.parameters) ? tool.function.parameters : {},
    });
  }
  return tools;
}

function toolChoiceOf(choice: unknown): FakeToolChoice {
  if (isRecord(choice) && isRecord(choice.function) && typeof choice.function.name === 'string')
    return { name: choice.function.name };
  // A Mistral client asks for a call with "any".
  if (choice === 'required' || choice === 'any') return 'required';
  return choice === 'none' ? 'none' : 'auto';
}

/** The tools this request's answer calls (at most one, the fake's models are not parallel). */
function chosenTools(body: Json, messages: unknown[], userText: string): FakeTool[] {
  const last = messages.at(-1);
  const afterToolResult = isRecord(last) && last.role === 'tool';
  const tool = pickTool(toolsOf(body), toolChoiceOf(body.tool_choice), userText, afterToolResult);
  return tool ? [tool] : [];
}

interface Choice {
  pieces: string[];
  text: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finish: string;
}

function echoSource(messages: unknown[]): string {
  // After tool results the fake answers to them; otherwise to the last user message.
  const last = messages.at(-1);
  if (isRecord(last) && last.role === 'tool') return textOf(last.content);
  return textOf(
    (messages.findLast((message) => isRecord(message) && message.role === 'user') as Json | undefined)
      ?.content,
  );
}

function buildChoice(call: RichCall, messages: unknown[], index: number): Choice {
  const { body } = call;
  const userText = textOf(
    (messages.findLast((message) => isRecord(message) && message.role === 'user') as Json | undefined)
      ?.content,
  );
  const tools = chosenTools(body, messages, userText);
  if (tools.length > 0) {
    const toolCalls = tools.map((tool, position) => ({
      id: `call_fake_${call.seq}_${index}_${position}`,
      name: tool.name,
      arguments: JSON.stringify(valueFor({ type: 'object', ...tool.parameters })),
    }));
    return { pieces: [], text: '', toolCalls, finish: 'tool_calls' };
  }
  const schema = answerSchema(body, messages);
  if (schema) {
    const text = JSON.stringify(valueFor(schema));
    return { pieces: [text], text, toolCalls: [], finish: 'stop' };
  }
  const pieces = replyPieces(echoSource(messages), call.answerWords, index);
  return { pieces, text: pieces.join(''), toolCalls: [], finish: 'stop' };
}

function logprobsOf(pieces: string[], top: number) {
  return pieces.map((token, i) => {
    const logprob = -0.1 * ((i % 5) + 1);
    const bytes = Array.from(Buffer.from(token, 'utf8'));
    const alternatives = Array.from({ length: top }, (_, rank) =>
      rank === 0 ? { token, logprob, bytes } : { token: `${token}~${rank}`, logprob: logprob - rank, bytes },
    );
    return { token, logprob, bytes, top_logprobs: alternatives };
  });
}

function wireToolCalls(choice: Choice) {
  return choice.toolCalls.map((toolCall) => ({
    id: toolCall.id,
    type: 'function',
    function: { name: toolCall.name, arguments: toolCall.arguments },
  }));
}

export function richChatCompletion(call: RichCall, messages: unknown[], promptTokens: number): RichReply {
  const { body } = call;
  const count = typeof body.n === 'number' && body.n > 1 ? Math.floor(body.n) : 1;
  const choices = Array.from({ length: count }, (_, index) => buildChoice(call, messages, index));
  const logprobs = body.logprobs === true;
  const top = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
  const completion = choices.reduce(
    (sum, choice) => sum + choice.pieces.length + choice.toolCalls.length * 3,
    0,
  );
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
  };
  const id = `chatcmpl-fake-${call.seq}`;
  const created = Math.floor(Date.now() / 1000);
  const model = body.model as string;
  if (!call.stream) {
    return {
      kind: 'json',
      status: 200,
      body: JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: choices.map((choice, index) => ({
          index,
          message: {
            role: 'assistant',
            content: choice.toolCalls.length > 0 ? null : choice.text,
            refusal: null,
            ...(choice.toolCalls.length > 0 && { tool_calls: wireToolCalls(choice) }),
          },
          logprobs: logprobs ? { content: logprobsOf(choice.pieces, top), refusal: null } : null,
          finish_reason: choice.finish,
        })),
        usage,
      }),
    };
  }
  const frame = (choicesJson: unknown[], extra: Json = {}, paced = false): RichFrame => ({
    text: `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: choicesJson, ...extra })}\n\n`,
    paced,
  });
  const frames: RichFrame[] = [];
  for (const [index, choice] of choices.entries()) {
    frames.push(frame([{ index, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
    for (const [i, piece] of choice.pieces.entries()) {
      const lp = logprobs ? { content: logprobsOf([piece], top), refusal: null } : null;
      frames.push(
        frame([{ index, delta: { content: piece }, logprobs: lp, finish_reason: null }], {}, i > 0),
      );
    }
    for (const [position, toolCall] of choice.toolCalls.entries()) {
      const half = Math.ceil(toolCall.arguments.length / 2);
      frames.push(
        frame([
          {
            index,
            delta: {
              tool_calls: [
                {
                  index: position,
                  id: toolCall.id,
                  type: 'function',
                  function: { name: toolCall.name, arguments: '' },
                },
              ],
            },
            finish_reason: null,
          },
        ]),
      );
      for (const part of [toolCall.arguments.slice(0, half), toolCall.arguments.slice(half)]) {
        frames.push(
          frame([
            {
              index,
              delta: { tool_calls: [{ index: position, function: { arguments: part } }] },
              finish_reason: null,
            },
          ]),
        );
      }
    }
    const last = index === choices.length - 1;
    const tail = call.vendor === 'mistral' && last ? { usage } : {};
    frames.push(frame([{ index, delta: {}, finish_reason: choice.finish }], tail));
  }
  const streamOptions = body.stream_options;
  if (call.vendor !== 'mistral' && isRecord(streamOptions) && streamOptions.include_usage === true)
    frames.push(frame([], { usage }));
  frames.push({ text: 'data: [DONE]\n\n', paced: false });
  return { kind: 'sse', frames };
}

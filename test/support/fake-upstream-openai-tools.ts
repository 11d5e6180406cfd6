/**
 * The fake upstream's richer Chat Completions answers, in OpenAI's wire format: tool calls (plain and
 * streamed as `delta.tool_calls`), `n` choices, `logprobs` and `json_schema` answers that fit the
 * schema. Deterministic, like the rest of the fake: a test can tell what was sent from what came back.
 *
 * Tools: a named `tool_choice` calls that function; `required` calls the tool whose name the last user
 * message mentions (else the first); `auto` calls it only when mentioned, and never right after tool
 * results (then it answers `Fake reply to "<the results>"`). Arguments: every property of the
 * function's schema, filled by type (the first enum value, the minimum or 1, "fake", true, [], {}).
 */

type Json = Record<string, unknown>;

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
}

const ECHO_WORDS = 5;
const FILLER = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit'];

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(textOf).join(' ');
  if (isRecord(content) && typeof content.text === 'string') return content.text;
  return '';
}

/** Whether this request needs the richer answers (otherwise the fake's plain path answers it). */
export function wantsRichAnswer(body: Json): boolean {
  const format = body.response_format;
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return (
    (Array.isArray(body.tools) && body.tools.length > 0) ||
    (typeof body.n === 'number' && body.n > 1) ||
    body.logprobs === true ||
    hasSchemaProperties(format) ||
    messages.some((message) => isRecord(message) && message.role === 'tool')
  );
}

/** A json_schema format whose schema describes properties (an empty object schema gets the plain answer). */
function hasSchemaProperties(format: unknown): boolean {
  return (
    isRecord(format) &&
    isRecord(format.json_schema) &&
    isRecord(format.json_schema.schema) &&
    isRecord(format.json_schema.schema.properties)
  );
}

interface Tool {
  name: string;
  parameters: Json;
}

function toolsOf(body: Json): Tool[] {
  const tools: Tool[] = [];
  for (const tool of Array.isArray(body.tools) ? body.tools : []) {
    if (!isRecord(tool) || !isRecord(tool.function) || typeof tool.function.name !== 'string') continue;
    tools.push({
      name: tool.function.name,
      parameters: isRecord(tool.function.parameters) ? tool.function.parameters : {},
    });
  }
  return tools;
}

function mentions(text: string, tool: Tool): boolean {
  const lower = text.toLowerCase();
  return tool.name
    .toLowerCase()
    .split(/[_-]+/)
    .filter((word) => word.length > 2 && word !== 'get')
    .some((word) => lower.includes(word));
}

/** The tools this request's answer calls (at most one, the fake's models are not parallel). */
function chosenTools(body: Json, messages: unknown[], userText: string): Tool[] {
  const tools = toolsOf(body);
  const choice = body.tool_choice;
  if (tools.length === 0 || choice === 'none') return [];
  if (isRecord(choice) && isRecord(choice.function)) {
    const named = tools.find((tool) => tool.name === (choice.function as Json).name);
    return named ? [named] : [];
  }
  // A Mistral client asks for a call with "any".
  const required = choice === 'required' || choice === 'any';
  const last = messages.at(-1);
  if (!required && isRecord(last) && last.role === 'tool') return [];
  const mentioned = tools.find((tool) => mentions(userText, tool));
  if (mentioned) return [mentioned];
  return required ? [tools[0]!] : [];
}

/** A value for a schema, filled by type: enough for any client's validation of the fake's answers. */
export function valueFor(schema: unknown, depth = 0): unknown {
  if (!isRecord(schema) || depth > 8) return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches) && branches.length > 0) return valueFor(branches[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
    case 'boolean':
      return true;
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: min }, () => valueFor(schema.items, depth + 1));
    }
    case 'string':
      return 'fake';
    case 'null':
      return null;
    default: {
      const out: Json = {};
      const properties = isRecord(schema.properties) ? schema.properties : {};
      for (const [key, property] of Object.entries(properties)) out[key] = valueFor(property, depth + 1);
      return out;
    }
  }
}

interface Choice {
  pieces: string[];
  text: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finish: string;
}

function echoOf(messages: unknown[]): string {
  // After tool results the fake answers to them; otherwise to the last user message.
  const last = messages.at(-1);
  const source =
    isRecord(last) && last.role === 'tool'
      ? textOf(last.content)
      : textOf(
          (messages.findLast((message) => isRecord(message) && message.role === 'user') as Json | undefined)
            ?.content,
        );
  return source.split(/\s+/).filter(Boolean).slice(0, ECHO_WORDS).join(' ');
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
  const format = body.response_format;
  const schema = isRecord(format) && isRecord(format.json_schema) ? format.json_schema.schema : undefined;
  if (isRecord(schema) && isRecord(schema.properties)) {
    const text = JSON.stringify(valueFor(schema));
    return { pieces: [text], text, toolCalls: [], finish: 'stop' };
  }
  const echo = echoOf(messages);
  const words = `Fake reply${index > 0 ? ` #${index}` : ''} to "${echo}"`.split(' ');
  for (let i = 0; words.length < call.answerWords; i++) words.push(FILLER[i % FILLER.length]!);
  const pieces = words.map((word, i) => (i === 0 ? word : ` ${word}`));
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
    frames.push(frame([{ index, delta: {}, finish_reason: choice.finish }]));
  }
  const streamOptions = body.stream_options;
  if (isRecord(streamOptions) && streamOptions.include_usage === true) frames.push(frame([], { usage }));
  frames.push({ text: 'data: [DONE]\n\n', paced: false });
  return { kind: 'sse', frames };
}

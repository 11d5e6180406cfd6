/**
 * The fake upstream's richer Messages answers, in Anthropic's wire format: `tool_use` content blocks
 * (streamed as `input_json_delta` pieces), answers to `tool_result` blocks, and structured output that
 * fits its schema (native `output_config.format` / `output_format`, or the AI SDK's forced `json` tool).
 * The same decisions as the OpenAI answers (fake-upstream-tools.ts), so a test can expect the same call
 * whichever wire carried it.
 *
 * Like Claude, with `tool_choice` auto the answer says a few words in a text block before its tool_use
 * block, so a client (and Loremaster's translation) meets both block kinds in one message; a forced
 * choice (`any`, a named tool) answers with the tool_use block alone.
 *
 * Extended thinking (`thinking` enabled or adaptive) is validated as Anthropic validates it (a budget of
 * at least 1,024 tokens below max_tokens; in a tool loop the last assistant turn must start with its
 * thinking block, and every thinking block sent back must carry the signature the fake gave it), and
 * answered with a thinking block first (plus a redacted_thinking block when the user asks to "redact").
 */
import { createHash } from 'node:crypto';
import {
  type FakeTool,
  type FakeToolChoice,
  hasProperties,
  isRecord,
  type Json,
  pickTool,
  replyPieces,
  textOf,
  valueFor,
} from './fake-upstream-tools.js';

export interface AnthropicFrame {
  text: string;
  paced: boolean;
}

export type AnthropicReply =
  | { kind: 'json'; status: number; body: string }
  | { kind: 'sse'; frames: AnthropicFrame[] };

export interface AnthropicCall {
  body: Json;
  stream: boolean;
  seq: number;
  answerWords: number;
  /** A test's scripted answer: the text said, or a forced tool's input when it is JSON. */
  scripted?: string | undefined;
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

type Block =
  | { type: 'text'; pieces: string[] }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'thinking'; pieces: string[]; signature: string }
  | { type: 'redacted_thinking'; data: string };

/** The signature the fake gives a thinking text (and checks when the block comes back). */
export function fakeThinkingSignature(thinking: string): string {
  return `fakesig_${createHash('sha256').update(thinking).digest('base64url')}`;
}

/** The encrypted data of the fake's redacted_thinking block. */
export const FAKE_REDACTED_DATA = 'fake-redacted-EncryptedThoughtsGoHere';

function thinkingOn(body: Json): boolean {
  return isRecord(body.thinking) && (body.thinking.type === 'enabled' || body.thinking.type === 'adaptive');
}

/** Anthropic's own checks of `thinking` and of the thinking blocks sent back; the first failure's message. */
function thinkingError(body: Json, messages: unknown[]): string | undefined {
  const thinking = body.thinking;
  if (thinking === undefined) return undefined;
  if (!isRecord(thinking) || !['enabled', 'adaptive', 'disabled'].includes(String(thinking.type)))
    return 'thinking.type: Input should be enabled, adaptive or disabled';
  if (thinking.type === 'enabled') {
    const budget = thinking.budget_tokens;
    if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1024)
      return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
    if (typeof body.max_tokens === 'number' && budget >= body.max_tokens)
      return '`max_tokens` must be greater than `thinking.budget_tokens`';
  }
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || message.role !== 'assistant') continue;
    for (const [at, block] of blocksOf(message.content).entries()) {
      if (block.type === 'thinking' && block.signature !== fakeThinkingSignature(String(block.thinking)))
        return `messages.${index}.content.${at}: Invalid \`signature\` in \`thinking\` block`;
      if (block.type === 'redacted_thinking' && block.data !== FAKE_REDACTED_DATA)
        return `messages.${index}.content.${at}: Invalid \`data\` in \`redacted_thinking\` block`;
    }
  }
  // In a tool loop the assistant turn that called the tools must come back with its thinking first.
  const lastAssistant = messages.findLastIndex(
    (message) => isRecord(message) && message.role === 'assistant',
  );
  const assistant = messages[lastAssistant];
  if (thinkingOn(body) && isRecord(assistant) && hasToolResult(messages[lastAssistant + 1])) {
    const first = blocksOf(assistant.content)[0];
    if (first?.type !== 'thinking' && first?.type !== 'redacted_thinking')
      return `messages.${lastAssistant}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`;
  }
  return undefined;
}

/** The fake's thinking: a few words about the request, then (when asked) a redacted block. */
function thinkingBlocks(userText: string, afterToolResult: boolean): Block[] {
  const about = userText.split(/\s+/).filter(Boolean).slice(0, 5).join(' ');
  const thought = afterToolResult
    ? 'The tool answered; I can reply now.'
    : `The user wrote "${about}". Let me think it through.`;
  const blocks: Block[] = [
    { type: 'thinking', pieces: thought.split(/(?= )/), signature: fakeThinkingSignature(thought) },
  ];
  if (/\bredact/i.test(userText)) blocks.push({ type: 'redacted_thinking', data: FAKE_REDACTED_DATA });
  return blocks;
}

function blocksOf(content: unknown): Json[] {
  return Array.isArray(content) ? content.filter(isRecord) : [];
}

/** The schema of a native structured-output request (current and older field names). */
function outputSchema(body: Json): unknown {
  const config = body.output_config;
  const format = isRecord(config) && isRecord(config.format) ? config.format : body.output_format;
  return isRecord(format) && format.type === 'json_schema' ? format.schema : undefined;
}

function toolsOf(body: Json): FakeTool[] {
  const tools: FakeTool[] = [];
  for (const tool of Array.isArray(body.tools) ? body.tools : []) {
    // Server tools (web search, code execution) have a `type` and no input_schema: the fake never runs them.
    if (!isRecord(tool) || typeof tool.name !== 'string' || !isRecord(tool.input_schema)) continue;
    tools.push({ name: tool.name, parameters: tool.input_schema });
  }
  return tools;
}

function toolChoiceOf(choice: unknown): FakeToolChoice {
  if (!isRecord(choice)) return 'auto';
  if (choice.type === 'tool' && typeof choice.name === 'string') return { name: choice.name };
  if (choice.type === 'any') return 'required';
  return choice.type === 'none' ? 'none' : 'auto';
}

function hasToolResult(message: unknown): boolean {
  return (
    isRecord(message) &&
    message.role === 'user' &&
    blocksOf(message.content).some((block) => block.type === 'tool_result')
  );
}

/** Whether this request needs the richer answers (otherwise the fake's plain path answers it). */
export function wantsRichAnthropicAnswer(body: Json): boolean {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return (
    toolsOf(body).length > 0 ||
    hasProperties(outputSchema(body)) ||
    messages.some(hasToolResult) ||
    body.thinking !== undefined
  );
}

/** The words of the last user message, leaving tool results out. */
function userTextOf(messages: unknown[]): string {
  const last = messages.findLast((message) => isRecord(message) && message.role === 'user');
  if (!isRecord(last)) return '';
  if (typeof last.content === 'string') return last.content;
  return textOf(blocksOf(last.content).filter((block) => block.type === 'text'));
}

function toolResultText(message: unknown): string {
  if (!isRecord(message)) return '';
  return textOf(blocksOf(message.content).filter((block) => block.type === 'tool_result'));
}

/** The input of a tool call: the AI SDK's `json` tool without properties keeps the fake's plain JSON. */
function inputFor(tool: FakeTool, userText: string): unknown {
  if (tool.name === 'json' && !hasProperties(tool.parameters)) {
    return { fake: true, echo: userText.split(/\s+/).filter(Boolean).slice(0, 5).join(' ') };
  }
  return valueFor({ type: 'object', ...tool.parameters });
}

function cut(pieces: string[], maxTokens: unknown): { pieces: string[]; truncated: boolean } {
  const limit = typeof maxTokens === 'number' ? Math.max(0, Math.floor(maxTokens)) : Infinity;
  return pieces.length > limit
    ? { pieces: pieces.slice(0, limit), truncated: true }
    : { pieces, truncated: false };
}

function answerBlocks(call: AnthropicCall, messages: unknown[]): { blocks: Block[]; stopReason: string } {
  const { body } = call;
  const last = messages.at(-1);
  const afterToolResult = hasToolResult(last);
  const userText = userTextOf(messages);
  const choice = toolChoiceOf(body.tool_choice);
  const tool = pickTool(toolsOf(body), choice, userText, afterToolResult);
  if (call.scripted !== undefined) {
    // A forced tool (how the AI SDK asks for JSON when it cannot use output_config) gets the script as input.
    const input = choice !== 'auto' && tool ? parsedOrUndefined(call.scripted) : undefined;
    if (tool && input !== undefined)
      return {
        blocks: [{ type: 'tool_use', id: `toolu_fake_${call.seq}`, name: tool.name, input }],
        stopReason: 'tool_use',
      };
    return { blocks: [{ type: 'text', pieces: call.scripted.split(/(?= )/) }], stopReason: 'end_turn' };
  }
  if (tool) {
    const use: Block = {
      type: 'tool_use',
      id: `toolu_fake_${call.seq}`,
      name: tool.name,
      input: inputFor(tool, userText),
    };
    const blocks: Block[] =
      choice === 'auto' ? [{ type: 'text', pieces: ['I', ' will', ' use', ` ${tool.name}.`] }, use] : [use];
    return { blocks, stopReason: 'tool_use' };
  }
  const schema = outputSchema(body);
  if (hasProperties(schema)) {
    return { blocks: [{ type: 'text', pieces: [JSON.stringify(valueFor(schema))] }], stopReason: 'end_turn' };
  }
  const source = afterToolResult ? toolResultText(last) : userText;
  const { pieces, truncated } = cut(replyPieces(source, call.answerWords), body.max_tokens);
  return { blocks: [{ type: 'text', pieces }], stopReason: truncated ? 'max_tokens' : 'end_turn' };
}

function outputTokens(blocks: Block[]): number {
  let sum = 0;
  for (const block of blocks)
    if (block.type === 'text' || block.type === 'thinking') sum += block.pieces.length;
    else if (block.type === 'tool_use') sum += JSON.stringify(block.input).length;
  return sum;
}

/** A block as the Messages API answers it whole. */
function wholeBlock(block: Block): Json {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.pieces.join('') };
    case 'thinking':
      return { type: 'thinking', thinking: block.pieces.join(''), signature: block.signature };
    default:
      return block;
  }
}

function frame(event: string, value: unknown, paced = false): AnthropicFrame {
  return { text: `event: ${event}\ndata: ${JSON.stringify(value)}\n\n`, paced };
}

function streamFrames(
  head: Json,
  blocks: Block[],
  stopReason: string,
  inputTokens: number,
): AnthropicFrame[] {
  const frames: AnthropicFrame[] = [
    frame('message_start', {
      type: 'message_start',
      message: {
        ...head,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 1 },
      },
    }),
  ];
  for (const [index, block] of blocks.entries()) {
    const start =
      block.type === 'text'
        ? { type: 'text', text: '' }
        : block.type === 'thinking'
          ? { type: 'thinking', thinking: '', signature: '' }
          : block.type === 'redacted_thinking'
            ? block
            : { type: 'tool_use', id: block.id, name: block.name, input: {} };
    frames.push(frame('content_block_start', { type: 'content_block_start', index, content_block: start }));
    if (index === 0) frames.push(frame('ping', { type: 'ping' }));
    if (block.type === 'thinking') {
      for (const [i, piece] of block.pieces.entries()) {
        const delta = { type: 'thinking_delta', thinking: piece };
        frames.push(frame('content_block_delta', { type: 'content_block_delta', index, delta }, i > 0));
      }
      const delta = { type: 'signature_delta', signature: block.signature };
      frames.push(frame('content_block_delta', { type: 'content_block_delta', index, delta }, true));
    } else if (block.type === 'redacted_thinking') {
      // Sent whole in its content_block_start, as Anthropic does.
    } else if (block.type === 'text') {
      for (const [i, piece] of block.pieces.entries()) {
        const delta = { type: 'text_delta', text: piece };
        frames.push(frame('content_block_delta', { type: 'content_block_delta', index, delta }, i > 0));
      }
    } else {
      // Anthropic streams a tool's input as JSON text in pieces that are not valid JSON on their own.
      const json = JSON.stringify(block.input);
      const half = Math.ceil(json.length / 2);
      for (const part of [json.slice(0, half), json.slice(half)]) {
        const delta = { type: 'input_json_delta', partial_json: part };
        frames.push(frame('content_block_delta', { type: 'content_block_delta', index, delta }, true));
      }
    }
    frames.push(frame('content_block_stop', { type: 'content_block_stop', index }));
  }
  frames.push(
    frame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens(blocks) },
    }),
    frame('message_stop', { type: 'message_stop' }),
  );
  return frames;
}

export function richAnthropicMessage(
  call: AnthropicCall,
  messages: unknown[],
  inputTokens: number,
): AnthropicReply {
  const refused = thinkingError(call.body, messages);
  if (refused !== undefined)
    return {
      kind: 'json',
      status: 400,
      body: JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: refused } }),
    };
  const answer = answerBlocks(call, messages);
  const blocks = thinkingOn(call.body)
    ? [...thinkingBlocks(userTextOf(messages), hasToolResult(messages.at(-1))), ...answer.blocks]
    : answer.blocks;
  const stopReason = answer.stopReason;
  const head = { id: `msg_fake_${call.seq}`, type: 'message', role: 'assistant', model: call.body.model };
  if (call.stream) return { kind: 'sse', frames: streamFrames(head, blocks, stopReason, inputTokens) };
  const content = blocks.map(wholeBlock);
  return {
    kind: 'json',
    status: 200,
    body: JSON.stringify({
      ...head,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: outputTokens(blocks) },
    }),
  };
}

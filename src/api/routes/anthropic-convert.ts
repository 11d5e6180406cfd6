/**
 * Anthropic's Messages API ↔ Loremaster's shared vocabulary: request messages, tools and tool choice
 * in; content blocks, stop reasons and usage out. Pure functions, no I/O.
 */
import { randomBytes } from 'node:crypto';
import { imageFacts } from '../../providers/index.js';
import type {
  ChatMessage,
  ChatOptions,
  ContentPart,
  FinishReason,
  ImagePart,
  ReasoningBlock,
  ToolCall,
  ToolChoice,
  Usage,
} from '../../vocabulary/index.js';
import { countTextTokens, TOKENS_PER_MESSAGE } from '../../vocabulary/tokens.js';
import { ApiError } from '../errors.js';
import { fromAnthropicImage } from '../image-parts.js';
import type {
  AnthropicMessage,
  AnthropicThinking,
  AnthropicToolChoice,
  CountTokensRequest,
  MessagesRequest,
} from './anthropic-schemas.js';

export function messageId(): string {
  return `msg_${randomBytes(12).toString('base64url')}`;
}

function systemText(system: CountTokensRequest['system']): string {
  if (system === undefined) return '';
  return typeof system === 'string' ? system : system.map((block) => block.text).join('\n');
}

/** Anthropic's turns as chat messages: tool results become `tool` messages, tool uses tool calls. */
export function toMessages(body: CountTokensRequest): ChatMessage[] {
  const out: ChatMessage[] = [];
  const system = systemText(body.system);
  if (system) out.push({ role: 'system', content: system });
  body.messages.forEach((message, index) => {
    out.push(...fromMessage(message, index));
  });
  return out;
}

function fromMessage(message: AnthropicMessage, index: number): ChatMessage[] {
  if (typeof message.content === 'string') {
    if (message.role === 'user' && message.content.length === 0) throw emptyContent(index);
    return [{ role: message.role, content: message.content }];
  }
  const texts: string[] = [];
  // The user's text and images in order, kept only when there is an image.
  const parts: ContentPart[] = [];
  let images = 0;
  const toolCalls: ToolCall[] = [];
  const toolResults: ChatMessage[] = [];
  const reasoning: ReasoningBlock[] = [];
  message.content.forEach((block, blockIndex) => {
    if (block.type === 'text') {
      texts.push(block.text);
      parts.push({ type: 'text', text: block.text });
    } else if (block.type === 'image') {
      if (message.role !== 'user') throw misplaced(index, blockIndex, 'image', 'user');
      parts.push(fromAnthropicImage(block));
      images++;
    } else if (block.type === 'thinking' || block.type === 'redacted_thinking') {
      if (message.role !== 'assistant') throw misplaced(index, blockIndex, block.type, 'assistant');
      reasoning.push(
        block.type === 'thinking'
          ? { type: 'thinking', text: block.thinking, signature: block.signature }
          : { type: 'redacted', data: block.data },
      );
    } else if (block.type === 'tool_use') {
      if (message.role !== 'assistant') throw misplaced(index, blockIndex, 'tool_use', 'assistant');
      toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input) });
    } else {
      if (message.role !== 'user') throw misplaced(index, blockIndex, 'tool_result', 'user');
      toolResults.push(toolResult(block));
    }
  });
  const text = texts.join('\n');
  if (message.role === 'assistant') {
    return [
      {
        role: 'assistant',
        content: text,
        ...(toolCalls.length > 0 && { toolCalls }),
        ...(reasoning.length > 0 && { reasoning }),
      },
    ];
  }
  // Tool results answer the assistant's calls just before; the user's own words come after them.
  if (text.length === 0 && images === 0 && toolResults.length === 0) throw emptyContent(index);
  const user: ChatMessage[] =
    images > 0
      ? [{ role: 'user', content: text, parts: joinTexts(parts) }]
      : text.length > 0
        ? [{ role: 'user', content: text }]
        : [];
  return [...toolResults, ...user];
}

type ToolResultBlock = Extract<Exclude<AnthropicMessage['content'], string>[number], { type: 'tool_result' }>;

/** A tool_result block as a tool message; its images, if any, ride in `parts`. */
function toolResult(block: ToolResultBlock): ChatMessage {
  const prefix = block.is_error ? 'Error: ' : '';
  if (block.content === undefined || typeof block.content === 'string')
    return { role: 'tool', toolCallId: block.tool_use_id, content: prefix + (block.content ?? '') };
  const texts: string[] = [];
  const parts: ContentPart[] = [];
  for (const part of block.content)
    if (part.type === 'text') {
      texts.push(part.text);
      parts.push({ type: 'text', text: part.text });
    } else parts.push(fromAnthropicImage(part));
  const content = prefix + texts.join('\n');
  if (parts.length === texts.length) return { role: 'tool', toolCallId: block.tool_use_id, content };
  if (prefix) parts.unshift({ type: 'text', text: prefix.trim() });
  return { role: 'tool', toolCallId: block.tool_use_id, content, parts: joinTexts(parts) };
}

/** Anthropic's blocks of one message join with newlines (as `content` has them): text parts side by side do too. */
function joinTexts(parts: ContentPart[]): ContentPart[] {
  const out: ContentPart[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (part.type === 'text' && last?.type === 'text')
      out[out.length - 1] = { type: 'text', text: `${last.text}\n${part.text}` };
    else out.push(part);
  }
  return out;
}

function emptyContent(index: number): ApiError {
  return new ApiError(400, `Invalid request: messages.${index}.content: expected non-empty text`, {
    param: `messages.${index}.content`,
  });
}

function misplaced(index: number, block: number, type: string, role: string): ApiError {
  const param = `messages.${index}.content.${block}`;
  const article = role === 'assistant' ? 'an' : 'a';
  return new ApiError(
    400,
    `Invalid request: ${param}: a ${type} block belongs in ${article} ${role} message`,
    {
      param,
    },
  );
}

export function toOptions(body: MessagesRequest): Omit<ChatOptions, 'model' | 'signal'> {
  const options: Omit<ChatOptions, 'model' | 'signal'> = { maxTokens: body.max_tokens };
  if (body.temperature !== undefined) options.temperature = body.temperature;
  if (body.top_p !== undefined) options.topP = body.top_p;
  if (body.top_k !== undefined && body.top_k !== 0) options.topK = body.top_k;
  // Stop sequences are not sent upstream: an OpenAI-style upstream would not say which one it hit
  // (Anthropic's `stop_sequence`), so the stream is cut here, at the first match, the same for every provider.
  if (body.metadata?.user_id) options.user = body.metadata.user_id;
  if (body.tools?.length) {
    options.tools = body.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined && { description: tool.description }),
      parameters: tool.input_schema,
      ...(tool.strict !== undefined && { strict: tool.strict }),
    }));
  }
  const format = outputFormat(body);
  if (format) options.jsonSchema = format.schema;
  if (body.output_config?.effort != null) options.reasoningEffort = body.output_config.effort;
  if (body.thinking) options.thinking = toThinking(body.thinking);
  if (body.tool_choice) {
    options.toolChoice = toToolChoice(body.tool_choice);
    if ('disable_parallel_tool_use' in body.tool_choice && body.tool_choice.disable_parallel_tool_use)
      options.parallelToolCalls = false;
  }
  return options;
}

/** The structured answer's format, by its name or its deprecated beta name. */
function outputFormat(body: CountTokensRequest): { schema: Record<string, unknown> } | undefined {
  return body.output_config?.format ?? body.output_format ?? undefined;
}

function toThinking(thinking: AnthropicThinking): NonNullable<ChatOptions['thinking']> {
  if (thinking.type === 'disabled') return { type: 'disabled' };
  const display = thinking.display != null ? { display: thinking.display } : {};
  return thinking.type === 'enabled'
    ? { type: 'enabled', budgetTokens: thinking.budget_tokens, ...display }
    : { type: 'adaptive', ...display };
}

/**
 * Whether the answer's thinking text is left out (`display: "omitted"`): its blocks and signatures still
 * come, empty, as Anthropic sends them. Done here, so every provider's thinking honours it alike.
 */
export function thinkingOmitted(body: MessagesRequest): boolean {
  return (
    body.thinking !== undefined && body.thinking.type !== 'disabled' && body.thinking.display === 'omitted'
  );
}

/**
 * A thinking block in Anthropic's shape (a thinking block without a signature has an empty one), its
 * text left out when the display is omitted.
 */
export function toThinkingBlock(
  block: ReasoningBlock,
  omitted = false,
): { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string } {
  return block.type === 'thinking'
    ? { type: 'thinking', thinking: omitted ? '' : block.text, signature: block.signature }
    : { type: 'redacted_thinking', data: block.data };
}

function toToolChoice(choice: AnthropicToolChoice): ToolChoice {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { name: choice.name };
  }
}

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

export function toStopReason(reason: FinishReason): StopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** A tool call's arguments as the object Anthropic's `input` is (`{}` when the model wrote no JSON object). */
export function toolInput(call: ToolCall): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(call.arguments || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export function toAnthropicUsage(usage: Usage) {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

/**
 * The prompt's tokens as count_tokens reports them (o200k; exact for no vendor, close for all). Thinking
 * sent back is left out: Anthropic strips earlier turns' thinking from the context.
 */
export function countInputTokens(body: CountTokensRequest): number {
  let total = 0;
  for (const message of toMessages(body)) {
    total += TOKENS_PER_MESSAGE + countTextTokens(message.content);
    for (const call of message.toolCalls ?? []) total += countTextTokens(call.name + call.arguments);
    for (const part of message.parts ?? []) if (part.type === 'image') total += imageTokens(part);
  }
  for (const tool of body.tools ?? []) total += countTextTokens(JSON.stringify(tool));
  const format = outputFormat(body);
  if (format) total += countTextTokens(JSON.stringify(format.schema));
  return total;
}

/** Anthropic's stated estimate for an image, width × height / 750, capped at its resize limit (about 1,600). */
const MAX_IMAGE_TOKENS = 1_600;

function imageTokens(part: ImagePart): number {
  const { width, height } = imageFacts(part);
  if (width === undefined || height === undefined) return MAX_IMAGE_TOKENS;
  return Math.max(1, Math.min(MAX_IMAGE_TOKENS, Math.ceil((width * height) / 750)));
}

/**
 * Finds the first stop sequence in streamed text, holding back just enough characters that a sequence
 * split across two deltas is still found. `push` returns the text safe to send now.
 */
export class StopScanner {
  private held = '';
  private readonly longest: number;
  matched: string | null = null;

  constructor(private readonly sequences: readonly string[]) {
    this.longest = Math.max(0, ...sequences.map((sequence) => sequence.length));
  }

  push(text: string): string {
    if (this.matched !== null) return '';
    const buffer = this.held + text;
    const found = firstStop(buffer, this.sequences);
    if (found) {
      this.matched = found.sequence;
      this.held = '';
      return buffer.slice(0, found.index);
    }
    const keep = Math.min(buffer.length, this.longest - 1);
    this.held = buffer.slice(buffer.length - keep);
    return buffer.slice(0, buffer.length - keep);
  }

  /** What is still held back once the stream ended without a match. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }
}

export function firstStop(
  text: string,
  sequences: readonly string[],
): { index: number; sequence: string } | undefined {
  let best: { index: number; sequence: string } | undefined;
  for (const sequence of sequences) {
    const index = text.indexOf(sequence);
    if (index >= 0 && (!best || index < best.index)) best = { index, sequence };
  }
  return best;
}

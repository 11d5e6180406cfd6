/**
 * OpenAI's Responses API ↔ Loremaster's shared vocabulary: `instructions` and input items in as chat
 * messages, the request's settings as call options; answers out as output items, status and usage.
 * Pure functions, no I/O.
 */
import { randomBytes } from 'node:crypto';
import type {
  ChatMessage,
  ChatOptions,
  ContentPart,
  FinishReason,
  ReasoningBlock,
  ToolCall,
  ToolChoice,
  Usage,
} from '../../vocabulary/index.js';
import { ApiError } from '../errors.js';
import { fromResponsesImage } from '../image-parts.js';
import {
  asInput,
  blockFromInput,
  type ReasoningOutput,
  reasoningItem,
} from './openai-responses-reasoning.js';
import type { ResponseInputItem, ResponseRequest } from './openai-responses-schemas.js';

export function newId(prefix: 'resp' | 'msg' | 'fc' | 'rs'): string {
  return `${prefix}_${randomBytes(16).toString('hex')}`;
}

type Parts = Extract<ResponseInputItem, { role: string }>['content'];

function textOf(content: Parts): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content)
    if (part.type === 'refusal') text += part.refusal;
    else if (part.type !== 'input_image') text += part.text;
  return text;
}

type OutputParts = Extract<ResponseInputItem, { type: 'function_call_output' }>['output'];

/**
 * The text and images of a user message or a function's output, in order; undefined without an image.
 * An image anywhere else (an assistant's or a system message) is refused: no model takes it there.
 */
function partsOf(content: Parts | OutputParts, role: string, param: string): ContentPart[] | undefined {
  if (typeof content === 'string') return undefined;
  const at = content.findIndex((part) => part.type === 'input_image');
  if (at < 0) return undefined;
  if (role !== 'user' && role !== 'tool')
    throw new ApiError(
      400,
      `Invalid request: ${param}.${at}: input_image parts go in user messages and function_call_output items, not in ${role} messages`,
      { param: `${param}.${at}` },
    );
  const parts: ContentPart[] = [];
  for (const part of content)
    if (part.type === 'input_image') parts.push(fromResponsesImage(part));
    else if (part.type === 'refusal') parts.push({ type: 'text', text: part.refusal });
    else parts.push({ type: 'text', text: part.text });
  return parts;
}

/**
 * The conversation as chat messages: `instructions` first as a system message, each input item in
 * order; consecutive function_call items join the assistant message before them, as chat has them,
 * and reasoning items go onto the assistant message or call that follows them.
 */
export function toMessages(
  body: ResponseRequest,
  findItem: (id: string) => OutputItem | undefined,
): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (body.instructions) out.push({ role: 'system', content: body.instructions });
  if (typeof body.input === 'string') {
    if (body.input.length === 0) throw emptyInput('input');
    out.push({ role: 'user', content: body.input });
    return out;
  }
  const turns = new AssistantTurns(out);
  // The first reasoning item still waiting for the assistant turn it led to.
  let reasoningAt = -1;
  body.input.forEach((given, index) => {
    const item: InputItem = given.type === 'item_reference' ? resolve(given.id, index, findItem) : given;
    if (item.type === 'reasoning') {
      const block = blockFromInput(item, `input.${index}`);
      if (block) turns.think(block);
      if (reasoningAt < 0) reasoningAt = index;
      return;
    }
    const assistant =
      item.type === 'function_call' || (item.type !== 'function_call_output' && item.role === 'assistant');
    if (!assistant && turns.thinking) throw strayReasoning(reasoningAt);
    if (assistant) reasoningAt = -1;
    if (item.type === 'function_call') {
      turns.call({ id: item.call_id, name: item.name, arguments: item.arguments });
    } else if (item.type === 'function_call_output') {
      const parts = partsOf(item.output, 'tool', `input.${index}.output`);
      let output = '';
      if (typeof item.output === 'string') output = item.output;
      else for (const part of item.output) if (part.type === 'input_text') output += part.text;
      out.push({ role: 'tool', toolCallId: item.call_id, content: output, ...(parts && { parts }) });
    } else {
      const content = textOf(item.content);
      const parts = partsOf(item.content, item.role, `input.${index}.content`);
      if (item.role === 'assistant') turns.say(content);
      else if (item.role === 'user') {
        if (parts) out.push({ role: 'user', content, parts });
        else if (content.length === 0) throw emptyInput(`input.${index}.content`);
        else out.push({ role: 'user', content });
      }
      // OpenAI's "developer" role is a system message for every other vendor.
      else out.push({ role: 'system', content });
    }
  });
  if (turns.thinking) throw strayReasoning(reasoningAt);
  return out;
}

/**
 * Assistant turns as chat has them: a function call joins the assistant message before it, and
 * thinking goes onto the assistant message or call that comes after it.
 */
export class AssistantTurns {
  private reasoning: ReasoningBlock[] = [];

  constructor(private readonly out: ChatMessage[]) {}

  /** Whether thinking is waiting for its turn. */
  get thinking(): boolean {
    return this.reasoning.length > 0;
  }

  think(block: ReasoningBlock): void {
    this.reasoning.push(block);
  }

  say(content: string): void {
    this.out.push({ role: 'assistant', content, ...this.takeReasoning() });
  }

  call(call: ToolCall): void {
    const last = this.out.at(-1);
    if (last?.role !== 'assistant') {
      this.out.push({ role: 'assistant', content: '', toolCalls: [call], ...this.takeReasoning() });
      return;
    }
    last.toolCalls = [...(last.toolCalls ?? []), call];
    if (this.thinking) last.reasoning = [...(last.reasoning ?? []), ...this.reasoning];
    this.reasoning = [];
  }

  private takeReasoning(): { reasoning?: ReasoningBlock[] } {
    const taken = this.reasoning;
    this.reasoning = [];
    return taken.length > 0 ? { reasoning: taken } : {};
  }
}

/** Thinking with no answer after it: no model takes it on its own, so it is refused, not dropped. */
function strayReasoning(index: number): ApiError {
  return new ApiError(
    400,
    `Invalid request: input.${index}: a reasoning item goes before the assistant message or function_call ` +
      'it led to, and none follows it',
    { param: `input.${index}` },
  );
}

type InputItem = Exclude<ResponseInputItem, { type: 'item_reference' }>;

/** An earlier output item, as the input item a client would have sent in its place. */
function resolve(id: string, index: number, findItem: (id: string) => OutputItem | undefined): InputItem {
  const item = findItem(id);
  if (!item)
    throw new ApiError(
      400,
      `Invalid request: input.${index}: item_reference ${id} is not an item this server answered with in the ` +
        'last hour (Loremaster keeps them in memory, per server, and not with store: false): send the item itself',
      { param: `input.${index}`, code: 'item_not_found' },
    );
  if (item.type === 'function_call')
    return { type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments };
  if (item.type === 'reasoning') return asInput(item);
  return {
    type: 'message',
    role: 'assistant',
    content: item.content.map((part) => ({ type: 'output_text', text: part.text })),
  };
}

function emptyInput(param: string): ApiError {
  return new ApiError(400, `Invalid request: ${param}: expected non-empty text`, { param });
}

export function toOptions(body: ResponseRequest): Omit<ChatOptions, 'model' | 'signal'> {
  const options: Omit<ChatOptions, 'model' | 'signal'> = {};
  if (body.temperature != null) options.temperature = body.temperature;
  if (body.top_p != null) options.topP = body.top_p;
  if (body.max_output_tokens != null) options.maxTokens = body.max_output_tokens;
  if (body.user != null) options.user = body.user;
  if (body.safety_identifier != null) options.safetyIdentifier = body.safety_identifier;
  if (body.prompt_cache_key != null) options.promptCacheKey = body.prompt_cache_key;
  const format = body.text?.format;
  if (format?.type === 'json_object') options.json = true;
  if (format?.type === 'json_schema') {
    options.jsonSchema = format.schema;
    options.jsonSchemaName = format.name;
    if (format.strict != null) options.jsonSchemaStrict = format.strict;
  }
  if (body.tools?.length) {
    options.tools = body.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description != null && { description: tool.description }),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      ...(tool.strict != null && { strict: tool.strict }),
    }));
    if (body.tool_choice != null) options.toolChoice = toToolChoice(body.tool_choice);
    if (body.parallel_tool_calls != null) options.parallelToolCalls = body.parallel_tool_calls;
  }
  if (body.reasoning?.effort != null) options.reasoningEffort = body.reasoning.effort;
  const verbosity = body.text?.verbosity;
  if (verbosity != null && verbosity !== 'medium') options.verbosity = verbosity;
  // "auto" and "default" ask for the standard tier every provider gives.
  if (body.service_tier != null && body.service_tier !== 'auto' && body.service_tier !== 'default')
    options.serviceTier = body.service_tier;
  return options;
}

function toToolChoice(choice: NonNullable<ResponseRequest['tool_choice']>): ToolChoice {
  return typeof choice === 'string' ? choice : { name: choice.name };
}

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: never[];
  logprobs: never[];
}

export interface MessageOutput {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: OutputText[];
}

export interface FunctionCallOutput {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
}

export type OutputItem = ReasoningOutput | MessageOutput | FunctionCallOutput;

export function outputText(text: string): OutputText {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function functionCallItem(call: ToolCall, status: FunctionCallOutput['status']): FunctionCallOutput {
  return {
    type: 'function_call',
    id: newId('fc'),
    call_id: call.id,
    name: call.name,
    arguments: call.arguments,
    status,
  };
}

/**
 * A whole answer's output: its thinking (a reasoning item a block; `sealed`: with the block in
 * `encrypted_content`), its text as one message (when there is text, or no call), then its calls.
 */
export function toOutput(
  text: string,
  toolCalls: readonly ToolCall[],
  reasoning: readonly ReasoningBlock[] = [],
  sealed = false,
): OutputItem[] {
  const output: OutputItem[] = reasoning.map((block) => reasoningItem(newId('rs'), block, sealed));
  if (text.length > 0 || toolCalls.length === 0)
    output.push({
      type: 'message',
      id: newId('msg'),
      status: 'completed',
      role: 'assistant',
      content: [outputText(text)],
    });
  for (const call of toolCalls) output.push(functionCallItem(call, 'completed'));
  return output;
}

/** `completed`, or `incomplete` with its reason when the answer was cut short. */
export function toStatus(reason: FinishReason): {
  status: 'completed' | 'incomplete';
  incomplete_details: { reason: string } | null;
} {
  if (reason === 'length')
    return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'content_filter')
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export function toResponsesUsage(usage: Usage) {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.totalTokens,
  };
}

/** The response object around an output: the request's settings as OpenAI echoes them. */
export function responseObject(
  body: ResponseRequest,
  fields: {
    id: string;
    createdAt: number;
    status: 'in_progress' | 'completed' | 'incomplete';
    incompleteDetails?: { reason: string } | null;
    output: OutputItem[];
    usage: Usage | null;
    callId?: string | undefined;
    provider?: string | undefined;
  },
) {
  return {
    id: fields.id,
    object: 'response' as const,
    created_at: fields.createdAt,
    status: fields.status,
    error: null,
    incomplete_details: fields.incompleteDetails ?? null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: body.model,
    output: fields.output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? null,
    text: { format: body.text?.format ?? { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: (body.tools ?? []).map((tool) => ({
      type: 'function',
      name: tool.name,
      description: tool.description ?? null,
      parameters: tool.parameters ?? null,
      strict: tool.strict ?? null,
    })),
    top_p: body.top_p ?? null,
    truncation: 'disabled' as const,
    usage: fields.usage ? toResponsesUsage(fields.usage) : null,
    user: body.user ?? null,
    metadata: body.metadata ?? {},
    ...(fields.callId !== undefined && { call_id: fields.callId }),
    ...(fields.provider !== undefined && { provider: fields.provider }),
  };
}

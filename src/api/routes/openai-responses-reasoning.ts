/**
 * The Responses API's `reasoning` items ↔ Loremaster's thinking blocks.
 *
 * An answer's thinking (an open server's reasoning model, Claude's extended thinking) is a `reasoning`
 * output item before the message or calls it led to, its text in `content` as `reasoning_text` parts,
 * as OpenAI gives an open-weight model's raw thinking; `summary` stays empty (no summaries are
 * written). With `include: ["reasoning.encrypted_content"]` the item also carries its whole block in
 * `encrypted_content`: not encrypted, only packed (`lm1.` and the block's JSON in base64url), opaque to
 * the client, so that a stateless client (`store: false`), which sends back that field and perhaps
 * nothing else, gives the model its own thinking again, Claude's signature and redacted blocks
 * included. A reasoning item sent back goes onto the assistant turn that follows it.
 */
import type { ReasoningBlock } from '../../vocabulary/index.js';
import { ApiError } from '../errors.js';

export interface ReasoningText {
  type: 'reasoning_text';
  text: string;
}

export interface ReasoningOutput {
  type: 'reasoning';
  id: string;
  summary: never[];
  content: ReasoningText[];
  encrypted_content?: string;
  status: 'in_progress' | 'completed' | 'incomplete';
}

/** A reasoning item as a client sends it back (OpenAI's shape: summary, content, encrypted_content). */
export interface ReasoningInput {
  type: 'reasoning';
  summary?: Array<{ type: 'summary_text'; text: string }> | undefined;
  content?: ReasoningText[] | null | undefined;
  encrypted_content?: string | null | undefined;
}

const SEALED = 'lm1.';

/** The block each reasoning item of an answer stands for (the item shows its text only). */
const blocks = new WeakMap<ReasoningOutput, ReasoningBlock>();

export function reasoningText(text: string): ReasoningText {
  return { type: 'reasoning_text', text };
}

/** The output item of one thinking block; `sealed`: with the block in `encrypted_content`. */
export function reasoningItem(
  id: string,
  block: ReasoningBlock,
  sealed: boolean,
  status: ReasoningOutput['status'] = 'completed',
): ReasoningOutput {
  const item: ReasoningOutput = {
    type: 'reasoning',
    id,
    summary: [],
    content: block.type === 'thinking' && block.text.length > 0 ? [reasoningText(block.text)] : [],
    ...(sealed && { encrypted_content: seal(block) }),
    status,
  };
  blocks.set(item, block);
  return item;
}

/** The thinking block an output item of this server stands for. */
export function blockOf(item: ReasoningOutput): ReasoningBlock {
  return blocks.get(item) ?? { type: 'thinking', text: textOf(item.content), signature: '' };
}

/** An output item as the input item that gives the model the same block again. */
export function asInput(item: ReasoningOutput): ReasoningInput {
  return { type: 'reasoning', summary: [], content: item.content, encrypted_content: seal(blockOf(item)) };
}

/**
 * The block a reasoning item sent back stands for: this server's packed block when it carries one,
 * else its text (`content`, or failing that its `summary`) as thinking without a signature, which
 * only an open server takes back. Undefined when it holds no text at all. Another server's
 * `encrypted_content` (OpenAI's own) cannot be read here: with no text beside it, a 400.
 */
export function blockFromInput(item: ReasoningInput, param: string): ReasoningBlock | undefined {
  const sealed = item.encrypted_content;
  if (sealed) {
    const block = unseal(sealed);
    if (block) return block;
  }
  const text = textOf(item.content ?? []) || textOf(item.summary ?? []);
  if (text.length > 0) return { type: 'thinking', text, signature: '' };
  if (sealed)
    throw new ApiError(
      400,
      `Invalid request: ${param}.encrypted_content: not a reasoning item this server answered with, and ` +
        'the item has no content or summary text to send instead',
      { param: `${param}.encrypted_content` },
    );
  return undefined;
}

function textOf(parts: ReadonlyArray<{ text: string }>): string {
  let text = '';
  for (const part of parts) text += part.text;
  return text;
}

function seal(block: ReasoningBlock): string {
  return SEALED + Buffer.from(JSON.stringify(block)).toString('base64url');
}

/** This server's packed block, checked field by field; undefined for anything else. */
function unseal(sealed: string): ReasoningBlock | undefined {
  if (!sealed.startsWith(SEALED)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(sealed.slice(SEALED.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const block = value as Record<string, unknown> | null;
  if (typeof block !== 'object' || block === null) return undefined;
  if (block.type === 'thinking' && typeof block.text === 'string' && typeof block.signature === 'string')
    return { type: 'thinking', text: block.text, signature: block.signature };
  if (block.type === 'redacted' && typeof block.data === 'string')
    return { type: 'redacted', data: block.data };
  return undefined;
}

/**
 * A conversation as every layer sees it: messages with their roles, text, images, tool calls and
 * tool results. Types only (see index.ts).
 */
import type { ReasoningBlock } from './thinking.js';
import type { ToolCall } from './tools.js';

/** `tool`: a tool's result, answering one of the assistant's tool calls (see `toolCallId`). */
export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export interface ChatMessage {
  role: ChatRole;
  /**
   * The text; '' for an assistant message that only calls tools. A tool message's result as text.
   * With `parts`, the text of its text parts (so every layer that reads only text keeps working).
   */
  content: string;
  /**
   * User and tool messages that carry images: the message's text and images in the order the client
   * sent them. Absent for text-only messages (the common case); `content` then is the whole message.
   */
  parts?: ContentPart[];
  /** Optional speaker name (an NPC, a player). */
  name?: string;
  /** Assistant messages: the tools it called, in order. */
  toolCalls?: ToolCall[];
  /** Tool messages: the id of the call this result answers. */
  toolCallId?: string;
  /**
   * Assistant messages: the model's thinking before its answer, as the client sent it back (Anthropic
   * asks for it unchanged, signatures included, in tool loops). Only the Anthropic provider sends it
   * upstream; every other provider leaves it out, as Anthropic's docs say its API does with earlier
   * turns' thinking (stripped from the context, not counted). Text and tool calls are always sent.
   */
  reasoning?: ReasoningBlock[];
}

/** A piece of a message: text, or an image the model looks at. */
export type ContentPart = { type: 'text'; text: string } | ImagePart;

/** OpenAI's resolution hint: `low` (a 512 px thumbnail), `high` (tiles), `auto` (the vendor decides). */
export type ImageDetail = 'auto' | 'low' | 'high';

/**
 * An image in a message. `base64`: its bytes inline (a data: URL, Anthropic's base64 source), with
 * the media type the client declared (image/png, image/jpeg, image/gif or image/webp); `url`: an
 * http(s) address the provider fetches itself.
 */
export interface ImagePart {
  type: 'image';
  source: { type: 'base64'; mediaType: string; data: string } | { type: 'url'; url: string };
  detail?: ImageDetail;
}

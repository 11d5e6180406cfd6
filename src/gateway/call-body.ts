/**
 * What the call log keeps of a gateway call: its request as the gateway received it (enough to send it
 * again: model, messages, system, sampling, tools, response format) and its answer (text, tool calls,
 * finish reason). Built from objects the call already holds, with no copy and no serialising: the log's
 * writer turns them into JSON once, off the request path (store/call-bodies.ts bounds and cuts them).
 * Nothing here can hold a secret: API keys and auth headers never reach a GatewayCall.
 */
import { imageFacts } from '../providers/index.js';
import type {
  ChatMessage,
  ChatOptions,
  FinishReason,
  ImagePart,
  StreamEvent,
  ToolCall,
} from '../vocabulary/index.js';
import type { CallKind, GatewayCall } from './types.js';

/** A call's stored request: `kind` says which of the gateway's entries sends it again. */
export type StoredCallRequest =
  | {
      kind: 'chat' | 'stream';
      model: string;
      messages: readonly ChatMessage[];
      options: Readonly<Omit<ChatOptions, 'model' | 'signal'>>;
      check_json?: true;
    }
  | { kind: 'embed'; model: string; input: readonly string[]; dimensions: number | undefined };

/** A call's answer (its first choice when it has several). */
export interface CallAnswer {
  text: string;
  toolCalls: readonly ToolCall[] | undefined;
  finishReason: FinishReason | undefined;
}

/** What a call's stored request is made of: a GatewayCall has it, and so has a call refused before one was built. */
export type CallBody = Pick<
  GatewayCall,
  'kind' | 'model' | 'messages' | 'options' | 'input' | 'dimensions'
> & {
  readonly checkJson?: boolean | undefined;
};

export function storedRequestOf(call: CallBody): StoredCallRequest {
  if (call.kind === 'embed')
    return { kind: 'embed', model: call.model, input: call.input, dimensions: call.dimensions };
  const messages = withImagePlaceholders(call.messages);
  return call.checkJson
    ? { kind: call.kind, model: call.model, messages, options: call.options, check_json: true }
    : { kind: call.kind, model: call.model, messages, options: call.options };
}

/**
 * What the log keeps of an image sent inline: its media type, size, dimensions and a hash, never
 * its base64 (a photo is megabytes). A URL is kept as it is (it is short, and the upstream fetched it).
 * A request holding one cannot be sent again (see `notReplayableReason`).
 */
export interface ImagePlaceholder {
  type: 'image';
  omitted: true;
  mediaType: string | undefined;
  bytes: number;
  width?: number;
  height?: number;
  sha256: string;
}

/** The messages as they are when none carries an inline image (the common case: no copy). */
function withImagePlaceholders(messages: readonly ChatMessage[]): readonly ChatMessage[] {
  if (!messages.some((message) => message.parts?.some(isInlineImage))) return messages;
  return messages.map((message) =>
    message.parts?.some(isInlineImage)
      ? {
          ...message,
          parts: message.parts.map((part) => (isInlineImage(part) ? placeholderOf(part) : part)) as never,
        }
      : message,
  );
}

function isInlineImage(part: { type: string; source?: { type: string } }): part is ImagePart {
  return part.type === 'image' && part.source?.type === 'base64';
}

function placeholderOf(part: ImagePart): ImagePlaceholder {
  const facts = imageFacts(part);
  return {
    type: 'image',
    omitted: true,
    mediaType: facts.mediaType,
    bytes: facts.bytes,
    ...(facts.width !== undefined && { width: facts.width, height: facts.height }),
    sha256: facts.digest,
  };
}

export function isChatKind(kind: CallKind | string): kind is 'chat' | 'stream' {
  return kind === 'chat' || kind === 'stream';
}

/** A stream's answer (first choice) put together as it goes by, for the call log. */
export class StreamAnswer {
  private text = '';
  private toolCalls: ToolCall[] | undefined;

  add(event: StreamEvent): void {
    if (event.type === 'done' || (event.choice ?? 0) !== 0) return;
    if (event.type === 'delta') {
      this.text += event.text;
      return;
    }
    if (event.type !== 'tool-call-delta') return;
    this.toolCalls ??= [];
    let call = this.toolCalls[event.index];
    if (!call) {
      call = { id: '', name: '', arguments: '' };
      this.toolCalls[event.index] = call;
    }
    if (event.id !== undefined) call.id = event.id;
    if (event.name !== undefined) call.name = event.name;
    call.arguments += event.arguments;
  }

  answer(finishReason: FinishReason | undefined): CallAnswer {
    return { text: this.text, toolCalls: this.toolCalls?.filter(Boolean), finishReason };
  }
}

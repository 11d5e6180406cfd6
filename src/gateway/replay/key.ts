/**
 * The normalised request a cassette stores, and its key: a sha256 of it, so a replayed call finds its
 * recorded answer whatever order the caller built its options in. Deliberately separate from the
 * cache's key: a cassette must stay readable when the cache changes how it hashes.
 */
import { createHash } from 'node:crypto';
import { imageFacts } from '../../providers/index.js';
import type { ChatMessage, ContentPart, ImageDetail } from '../../vocabulary/index.js';
import type { CallKind, GatewayCall } from '../types.js';
import type { RecordedRequest } from './cassette.js';

/** Copies what the call asks of the model (the caller may reuse its arrays after the call). */
export function normaliseRequest(call: GatewayCall): RecordedRequest {
  return {
    messages: call.messages.map(({ role, content, name, toolCalls, toolCallId, parts, reasoning }) => ({
      role,
      content,
      ...(name !== undefined && { name }),
      ...(toolCalls !== undefined && { toolCalls: toolCalls.map((toolCall) => ({ ...toolCall })) }),
      ...(toolCallId !== undefined && { toolCallId }),
      ...(parts !== undefined && { parts: parts.map(recordedPart) }),
      ...(reasoning !== undefined && { reasoning: reasoning.map((block) => ({ ...block })) }),
    })),
    options: { ...call.options },
    input: [...call.input],
    dimensions: call.dimensions ?? null,
  };
}

/**
 * A cassette holds an image as its digest and what is known of it (media type, size, dimensions or
 * URL), not its bytes: the key still changes with the image, and a cassette stays small and readable.
 */
function recordedPart(
  part: ContentPart,
): RecordedRequest['messages'][number]['parts'] extends Array<infer P> | undefined ? P : never {
  if (part.type === 'text') return { type: 'text', text: part.text };
  const facts = imageFacts(part);
  return {
    type: 'image',
    sha256: facts.digest,
    ...(facts.mediaType !== undefined && { mediaType: facts.mediaType, bytes: facts.bytes }),
    ...(facts.url !== undefined && { url: facts.url }),
    ...(part.detail !== undefined && { detail: part.detail }),
  };
}

/**
 * A recorded request's messages as the gateway takes them, to send again: an image by URL is sent
 * again; an inline image was kept as its hash only, so such a call cannot be sent again and says so.
 */
export function recordedMessages(request: RecordedRequest): ChatMessage[] {
  return request.messages.map(({ parts, ...message }, index) => {
    if (parts === undefined) return message;
    return {
      ...message,
      parts: parts.map((part): ContentPart => {
        if (part.type === 'text') return part;
        if (part.url === undefined)
          throw new Error(
            `message ${index} held an inline image, which the cassette keeps as its sha256 (${part.sha256}), not its bytes: the call cannot be sent again`,
          );
        return {
          type: 'image',
          source: { type: 'url', url: part.url },
          ...(isDetail(part.detail) && { detail: part.detail }),
        };
      }),
    };
  });
}

function isDetail(detail: string | undefined): detail is ImageDetail {
  return detail === 'auto' || detail === 'low' || detail === 'high';
}

/**
 * The provider is left out on purpose: a cassette recorded against OpenAI replays under a config that
 * routes the same model name elsewhere, and a failover's attempts share one key, answered in order.
 */
export function cassetteKey(kind: CallKind, model: string, request: RecordedRequest): string {
  return createHash('sha256').update(canonicalJson({ kind, model, request })).digest('hex');
}

/** JSON with object keys sorted at every depth and undefined values left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const record = inner as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) sorted[key] = record[key];
    return sorted;
  });
}

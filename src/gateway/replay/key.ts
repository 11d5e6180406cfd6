/**
 * The normalised request a cassette stores, and its key: a sha256 of it, so a replayed call finds its
 * recorded answer whatever order the caller built its options in. Deliberately separate from the
 * cache's key: a cassette must stay readable when the cache changes how it hashes.
 */
import { createHash } from 'node:crypto';
import type { CallKind, GatewayCall } from '../types.js';
import type { RecordedRequest } from './cassette.js';

/** Copies what the call asks of the model (the caller may reuse its arrays after the call). */
export function normaliseRequest(call: GatewayCall): RecordedRequest {
  return {
    messages: call.messages.map(({ role, content, name, toolCalls, toolCallId }) => ({
      role,
      content,
      ...(name !== undefined && { name }),
      ...(toolCalls !== undefined && { toolCalls: toolCalls.map((toolCall) => ({ ...toolCall })) }),
      ...(toolCallId !== undefined && { toolCallId }),
    })),
    options: { ...call.options },
    input: [...call.input],
    dimensions: call.dimensions ?? null,
  };
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

/**
 * The call log rows of a conversation's model calls (its answers and its summaries). The server logs
 * every other gateway call from the gateway's events; these the conversation service logs itself, with
 * their conversation and session, under ids that carry CONVERSATION_CALL_PREFIX so the gateway-wide
 * logger skips them and every call is logged once.
 */
import { randomUUID } from 'node:crypto';
import type { Settings } from '../config/index.js';
import type { CompletionRequest, Gateway } from '../gateway/index.js';
import { costUsd, priceFor } from '../gateway/usage/pricing.js';
import { CALLER_LOGGED_CALL_PREFIX } from '../prompts/index.js';
import type { Conversation, Store } from '../store/index.js';
import type { ChatResult } from '../vocabulary/index.js';

/** Ids of the gateway calls the conversation service (and the prompt runner) logs itself. */
export const CONVERSATION_CALL_PREFIX = CALLER_LOGGED_CALL_PREFIX;

export function conversationCallId(): string {
  return `${CONVERSATION_CALL_PREFIX}${randomUUID()}`;
}

/** How a failed call is named to its client; the call log records it in the same words. */
export type DescribeFailure = (error: unknown) => { code: string | null; message: string };

export interface CallLogDeps {
  gateway: Gateway;
  store: Store;
  settings: Settings;
  describeFailure: DescribeFailure;
}

export interface CallRecordInput {
  /** The model as asked (a role, provider or model), for calls that failed before any answer. */
  requested: string;
  callType: 'conversation' | 'summary';
  call: Pick<CompletionRequest, 'id' | 'messages' | 'apiKeyId'>;
  result?: Pick<ChatResult, 'provider' | 'model' | 'usage' | 'text'> & { firstTokenMs?: number | null };
  latencyMs: number;
  error?: unknown;
}

/** Puts the call in the batched call log (synchronous, O(1): never delays the answer). */
export function recordCall(deps: CallLogDeps, conversation: Conversation, input: CallRecordInput): void {
  const { requested, result, error } = input;
  const role = ['generation', 'analysis', 'maintenance'].includes(requested) ? requested : '';
  const failure = error === undefined ? undefined : deps.describeFailure(error);
  const bodies = deps.gateway.settings.database.call_log.bodies.enabled;
  deps.store.callLog.record({
    // The gateway's id for the call (the answer's call_id).
    ...(input.call.id && { id: input.call.id }),
    provider: result?.provider ?? requested.split('/')[0] ?? requested,
    model: result?.model ?? requested,
    role,
    call_type: input.callType,
    api_key_id: input.call.apiKeyId ?? null,
    conversation_id: conversation.id,
    session_id: conversation.sessionId,
    // Bounded by the call log's writer (database.call_log.bodies.max_chars); none with bodies off.
    request: bodies ? { model: requested, messages: input.call.messages } : null,
    response: bodies && result ? result.text : null,
    body_note: bodies ? null : 'bodies off (database.call_log.bodies.enabled is false)',
    input_tokens: result?.usage.inputTokens ?? 0,
    output_tokens: result?.usage.outputTokens ?? 0,
    cost: result ? callCost(deps, result) : 0,
    latency_ms: Math.round(input.latencyMs),
    first_token_ms: result?.firstTokenMs ?? null,
    status: failure ? 'error' : 'ok',
    error_code: failure?.code ?? null,
    error_message: failure ? failure.message.slice(0, 2_000) : null,
  });
}

/** The call's cost in USD by the gateway's price table (config overrides, local models free, else the default price). */
function callCost(deps: CallLogDeps, result: Pick<ChatResult, 'provider' | 'model' | 'usage'>): number {
  const kind = deps.gateway.registry.get(result.provider)?.provider?.kind;
  if (!kind) return 0;
  const { pricing, default_price: defaultPrice } = deps.settings.gateway.usage;
  return costUsd(result.usage, priceFor(result.provider, kind, result.model, pricing) ?? defaultPrice);
}

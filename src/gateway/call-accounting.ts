/**
 * Call accounting: every model call the gateway makes becomes one call-log row, written from the
 * gateway's own events (`llm.response`, `llm.error`) and from nowhere else. The gateway reports every
 * call once (monitoring the calls it admits, its entry those refused before), so each call is one row,
 * under the gateway's id for it: what an answer's `call_id` and POST /llm/feedback name.
 *
 * A caller says what it knows about a call through the request's `meta` (see CallMeta): its type (a
 * conversation's answer or summary, a stored prompt's run), its conversation and session, and the
 * stored prompt it rendered (id, version, provider variant, A/B arm), which feed the prompt's stats.
 *
 * `record` only puts the row in the writer's bounded buffer (synchronous, O(1)): batches are written
 * off the request path, and with bodies on the row holds the call's request and answer objects as they
 * are, serialised once by the writer.
 */
import type { CallRecord } from '../store/index.js';
import { storedRequestOf } from './call-body.js';
import type { EventBus } from './events.js';

/** Where rows go: the store's batched call-log writer. */
export interface CallLogSink {
  record(call: CallRecord): string;
}

export interface CallAccountingOptions {
  /** `database.call_log.bodies.enabled`: keep each call's request and answer. */
  bodies: boolean;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Logs every call the gateway reports on `bus` to `callLog`; returns the function that stops it. */
export function accountCalls(
  bus: EventBus,
  callLog: CallLogSink,
  options: CallAccountingOptions,
): () => void {
  const { bodies } = options;
  // Says why a call has no body (only for calls that could have one: images never do).
  const bodiesOff = bodies ? null : 'bodies off (database.call_log.bodies.enabled is false)';
  // One object literal per call (no spreads): this runs once per call.
  const offResponse = bus.on('llm.response', (event) => {
    const meta = event.meta;
    const answer = event.answer;
    const toolCalls = answer?.toolCalls;
    callLog.record({
      id: event.id,
      provider: event.provider,
      role: event.role ?? '',
      api_key_id: event.apiKeyId ?? null,
      latency_ms: event.latencyMs,
      model: event.providerModel,
      input_tokens: event.usage.inputTokens,
      output_tokens: event.usage.outputTokens,
      cost: event.costUsd,
      first_token_ms: event.firstTokenMs,
      status: 'ok',
      call_type: text(meta?.call_type) ?? event.kind,
      conversation_id: text(meta?.conversation_id),
      session_id: text(meta?.session_id),
      prompt_id: text(meta?.prompt_id),
      prompt_version: typeof meta?.prompt_version === 'number' ? meta.prompt_version : null,
      prompt_variant: text(meta?.prompt_variant),
      prompt_arm: text(meta?.prompt_arm),
      request: bodies && event.call ? storedRequestOf(event.call) : null,
      response: answer ? answer.text : null,
      tool_calls: toolCalls && toolCalls.length > 0 ? toolCalls : null,
      finish_reason: event.finishReason ?? null,
      body_note: event.call ? bodiesOff : null,
    });
  });
  const offError = bus.on('llm.error', (event) => {
    const meta = event.meta;
    callLog.record({
      id: event.id,
      provider: event.provider,
      role: event.role ?? '',
      api_key_id: event.apiKeyId ?? null,
      latency_ms: event.latencyMs,
      model: event.model,
      input_tokens: 0,
      output_tokens: 0,
      cost: 0,
      status: 'error',
      error_code: event.code,
      error_message: event.message.slice(0, 2_000),
      call_type: text(meta?.call_type) ?? event.kind,
      conversation_id: text(meta?.conversation_id),
      session_id: text(meta?.session_id),
      prompt_id: text(meta?.prompt_id),
      prompt_version: typeof meta?.prompt_version === 'number' ? meta.prompt_version : null,
      prompt_variant: text(meta?.prompt_variant),
      prompt_arm: text(meta?.prompt_arm),
      // A failed call keeps its request too: replaying it shows whether it fails again.
      request: bodies && event.call ? storedRequestOf(event.call) : null,
      body_note: event.call ? bodiesOff : null,
    });
  });
  return () => {
    offResponse();
    offError();
  };
}

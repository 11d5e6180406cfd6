/**
 * The call log read back: recent model calls (provider, model, role, latency, tokens, cost, status),
 * one call with its request and answer, and a replay of one call: its stored request sent again
 * through the gateway (same model, messages, system, sampling, tools, response format) with the cache
 * off, to compare the answer, its latency and its tokens with the original's. Every gateway call keeps
 * its request and answer (unless `database.call_log.bodies.enabled` is off); a call whose request was
 * cut to fit the log, or that kept none (images, bodies off), cannot be replayed and says why.
 */
import type { LlmCallRow, Store } from '../store/index.js';
import { newId } from '../store/util.js';
import type { ChatMessage, ChatOptions, FinishReason, ToolCall } from '../vocabulary/index.js';
import type { Gateway } from './gateway.js';

export interface CallQuery {
  limit: number;
  provider?: string;
  since?: string;
}

/**
 * A call's stored request: a gateway call's ({kind, model, messages, options} or an embedding's
 * {kind, model, input, dimensions}), or a conversation call's as older versions kept it
 * ({model, messages}: before the gateway logged those calls too).
 */
type StoredRequest =
  | {
      kind: 'chat';
      model: string;
      messages: ChatMessage[];
      options: Omit<ChatOptions, 'model' | 'signal'>;
      checkJson: boolean;
    }
  | { kind: 'embed'; model: string; input: string[]; dimensions: number | undefined };

export interface ReplayAnswer {
  callId: string;
  provider: string;
  model: string;
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason | null;
  /** Embedding calls: how many vectors came back, and their length. */
  embedding: { count: number; dimensions: number } | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
}

export type ReplayOutcome =
  | { status: 'not_found' }
  | { status: 'not_replayable'; reason: string }
  | { status: 'replayed'; original: LlmCallRow; answer: ReplayAnswer };

/** Why a call cannot be sent again, or undefined when its whole request was kept. */
export function notReplayableReason(
  row: Pick<LlmCallRow, 'request' | 'body_note' | 'call_type'>,
): string | undefined {
  if (row.request === null) {
    if (row.body_note) return `the call log kept no request for it: ${row.body_note}`;
    if (row.call_type === 'image') return 'the call log keeps no request for image calls';
    return 'the call log kept no request for it (it was logged before requests were kept)';
  }
  if (row.body_note?.includes('request cut'))
    return `its stored request was cut to fit the log (${row.body_note}; database.call_log.bodies.max_chars)`;
  return undefined;
}

function storedRequest(row: LlmCallRow): StoredRequest | string {
  const reason = notReplayableReason(row);
  if (reason) return reason;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(row.request as string) as Record<string, unknown>;
  } catch {
    // Before bodies were bounded by the writer, a conversation call kept at most 20,000 characters of its
    // request: a longer one was cut without a marker.
    return 'its stored request was cut to fit the log (the prompt was too long to keep whole)';
  }
  if (typeof parsed.model !== 'string') return 'its stored request names no model';
  if (parsed.kind === 'embed') {
    if (!Array.isArray(parsed.input) || parsed.input.length === 0) return 'its stored request has no input';
    return {
      kind: 'embed',
      model: parsed.model,
      input: parsed.input as string[],
      dimensions: typeof parsed.dimensions === 'number' ? parsed.dimensions : undefined,
    };
  }
  if (!Array.isArray(parsed.messages) || parsed.messages.length === 0)
    return 'its stored request has no messages';
  if ((parsed.messages as ChatMessage[]).some((message) => message.parts?.some((part) => 'omitted' in part)))
    return 'its request held inline images, which the call log keeps as placeholders (media type, size, hash), not their bytes';
  return {
    kind: 'chat',
    model: parsed.model,
    messages: parsed.messages as ChatMessage[],
    options: (parsed.options ?? {}) as Omit<ChatOptions, 'model' | 'signal'>,
    checkJson: parsed.check_json === true,
  };
}

export class CallLog {
  constructor(private readonly deps: { store: Store; gateway: Gateway }) {}

  /** The newest calls first; calls still waiting in the log's batch are written first. */
  async list(query: CallQuery): Promise<LlmCallRow[]> {
    this.deps.gateway.settle();
    await this.deps.store.callLog.flush();
    return this.deps.store.calls.list({
      limit: query.limit,
      ...(query.provider && { provider: query.provider }),
      ...(query.since && { since: query.since }),
    });
  }

  async get(id: string): Promise<LlmCallRow | undefined> {
    this.deps.gateway.settle();
    await this.deps.store.callLog.flush();
    return this.deps.store.calls.get(id);
  }

  /**
   * Sends the call's stored request again (a new call, in the log under its own id), with the cache
   * off: an answer from the cache would compare the call with itself. A streamed call is asked again
   * whole (the same request, answered at once), so the two answers compare as texts.
   */
  async replay(id: string, options: { apiKeyId?: string; signal?: AbortSignal }): Promise<ReplayOutcome> {
    const original = await this.get(id);
    if (!original) return { status: 'not_found' };
    const request = storedRequest(original);
    if (typeof request === 'string') return { status: 'not_replayable', reason: request };
    const callId = newId();
    const common = {
      model: request.model,
      cache: 'off' as const,
      ...(options.apiKeyId && { apiKeyId: options.apiKeyId }),
      ...(options.signal && { signal: options.signal }),
      id: callId,
    };
    const started = performance.now();
    if (request.kind === 'embed') {
      const result = await this.deps.gateway.embed({
        ...common,
        input: request.input,
        ...(request.dimensions !== undefined && { dimensions: request.dimensions }),
      });
      return {
        status: 'replayed',
        original,
        answer: {
          callId,
          provider: result.provider,
          model: result.model,
          text: '',
          toolCalls: [],
          finishReason: null,
          embedding: { count: result.embeddings.length, dimensions: result.embeddings[0]?.length ?? 0 },
          latencyMs: Math.round(performance.now() - started),
          inputTokens: result.usage.inputTokens,
          outputTokens: 0,
        },
      };
    }
    const result = await this.deps.gateway.complete({
      ...common,
      messages: request.messages,
      options: request.options,
      ...(request.checkJson && { checkJson: true }),
    });
    return {
      status: 'replayed',
      original,
      answer: {
        callId,
        provider: result.provider,
        model: result.model,
        text: result.text,
        toolCalls: result.toolCalls ?? [],
        finishReason: result.finishReason,
        embedding: null,
        latencyMs: Math.round(performance.now() - started),
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
      },
    };
  }
}

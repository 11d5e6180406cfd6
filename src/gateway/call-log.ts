/**
 * The call log read back: recent model calls (provider, model, role, latency, tokens, cost, status),
 * one call with its prompt and answer when they were kept, and a replay of one call: its stored request
 * sent again through the gateway (same model, same messages), to compare the answer, its latency and
 * its tokens with the original's. Loremaster keeps the prompt and answer of conversation calls; other
 * calls are logged without them and cannot be replayed.
 */
import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '../providers/index.js';
import type { LlmCallRow, Store } from '../store/index.js';
import type { Gateway } from './gateway.js';

export interface CallQuery {
  limit: number;
  provider?: string;
  since?: string;
}

/** A call's stored request, as the conversation API writes it. */
interface StoredRequest {
  model: string;
  messages: ChatMessage[];
}

export type ReplayOutcome =
  | { status: 'not_found' }
  | { status: 'not_replayable'; reason: string }
  | {
      status: 'replayed';
      original: LlmCallRow;
      answer: {
        callId: string;
        provider: string;
        model: string;
        text: string;
        latencyMs: number;
        inputTokens: number;
        outputTokens: number;
      };
    };

function storedRequest(row: LlmCallRow): StoredRequest | string {
  if (!row.request)
    return `the call log keeps no prompt for ${row.call_type || 'this kind of'} call (only conversation calls keep theirs)`;
  try {
    const parsed = JSON.parse(row.request) as Partial<StoredRequest>;
    if (typeof parsed.model !== 'string' || !Array.isArray(parsed.messages) || parsed.messages.length === 0)
      return 'its stored request names no model or no messages';
    return { model: parsed.model, messages: parsed.messages };
  } catch {
    // The log keeps at most 20,000 characters of a request: a longer one was cut and cannot be sent again.
    return 'its stored request was cut to fit the log (the prompt was too long to keep whole)';
  }
}

export class CallLog {
  constructor(private readonly deps: { store: Store; gateway: Gateway }) {}

  /** The newest calls first; calls still waiting in the log's batch are written first. */
  async list(query: CallQuery): Promise<LlmCallRow[]> {
    await this.deps.store.callLog.flush();
    return this.deps.store.calls.list({
      limit: query.limit,
      ...(query.provider && { provider: query.provider }),
      ...(query.since && { since: query.since }),
    });
  }

  async get(id: string): Promise<LlmCallRow | undefined> {
    await this.deps.store.callLog.flush();
    return this.deps.store.calls.get(id);
  }

  /** Sends the call's stored request again (a new call, in the log under its own id). */
  async replay(id: string, options: { apiKeyId?: string; signal?: AbortSignal }): Promise<ReplayOutcome> {
    const original = await this.get(id);
    if (!original) return { status: 'not_found' };
    const request = storedRequest(original);
    if (typeof request === 'string') return { status: 'not_replayable', reason: request };
    const callId = randomUUID();
    const started = performance.now();
    const result = await this.deps.gateway.complete({
      model: request.model,
      messages: request.messages,
      // A replay asks the model again: an answer from the cache would compare the call with itself.
      cache: 'off',
      ...(options.apiKeyId && { apiKeyId: options.apiKeyId }),
      ...(options.signal && { signal: options.signal }),
      id: callId,
    });
    return {
      status: 'replayed',
      original,
      answer: {
        callId,
        provider: result.provider,
        model: result.model,
        text: result.text,
        latencyMs: Math.round(performance.now() - started),
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
      },
    };
  }
}

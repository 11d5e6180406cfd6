/**
 * The gateway's middleware contract. A call flows down a chain of middlewares
 * (security → monitoring → cache → limiter → resilience → replay) to the provider handler; each
 * middleware wraps the next one's handlers, like Koa or the AI SDK's model middleware.
 *
 * Streams: `stream()` resolves only once the first event has arrived, so every layer above the
 * provider can still retry, fail over or answer an error status before a byte reaches the client.
 */
import type { RoleName } from '../config/index.js';
import type { Provider } from '../providers/index.js';
import type { ChatMessage, ChatOptions, ChatResult, EmbedResult, StreamEvent } from '../vocabulary/index.js';
import type { Route } from './router.js';

export type CallKind = 'chat' | 'stream' | 'embed';

/** What usage, the call log and the call events count: the chain's calls, and the image path's. */
export type AccountedKind = CallKind | 'image';

/** HIGH serves players, MEDIUM analysis, LOW background maintenance. */
export type Priority = 'high' | 'medium' | 'low';

/** `auto`: cache when safe (temperature 0); `force`: cache whatever the temperature; `off`: never. */
export type CacheMode = 'auto' | 'force' | 'off';

/**
 * What the call log records a call as: the gateway's kind (chat, stream, embed, image) unless the
 * caller says it is a conversation's answer, a conversation's summary or a run of a stored prompt.
 */
export type CallType = 'conversation' | 'summary' | 'prompt';

/**
 * What a caller attaches to a call: for deterministic record and replay (game tick, seed, RNG
 * decisions), and what it knows about the call that the call log keeps beside it (its type, its
 * conversation and session, the stored prompt it rendered).
 */
export interface CallMeta {
  tick?: number;
  seed?: number;
  rng?: unknown[];
  call_type?: CallType;
  conversation_id?: string;
  session_id?: string;
  /** The stored prompt the call rendered: its id, version, provider variant and A/B arm. */
  prompt_id?: string | null;
  prompt_version?: number;
  prompt_variant?: string | null;
  prompt_arm?: string | null;
  [key: string]: unknown;
}

/** Facts about a call that middlewares fill in on the way, for responses, metrics and logs. */
export interface CallState {
  /** The call's id, set as the call enters the gateway (what feedback and the call log know it by). */
  callId?: string;
  /** Upstream attempts made (retries and failovers included). */
  attempts: number;
  /** Providers that failed before the one that answered. */
  failedOver: string[];
  cache: 'hit' | 'miss' | 'skip' | undefined;
  /** Time spent waiting in the priority queue. */
  queuedMs: number;
  /** True when this call shared another identical call's upstream answer. */
  coalesced: boolean;
  /**
   * Set when monitoring counts the call in: from then on monitoring reports its outcome
   * (`llm.response` or `llm.error`); a failure before it is reported by the gateway's entry.
   */
  accounted?: true;
}

export interface GatewayCall {
  /** Unique per call (request id). */
  readonly id: string;
  readonly kind: CallKind;
  /** The model name as the caller sent it (`generation`, `openai/gpt-4o`, ...). */
  readonly model: string;
  readonly route: Route;
  /** The provider the call goes to now; resilience replaces it when it fails over. */
  provider: Provider;
  /** The provider's model id; undefined means that provider's default. */
  providerModel: string | undefined;
  readonly messages: readonly ChatMessage[];
  /** Texts to embed (embed calls). */
  readonly input: readonly string[];
  readonly dimensions: number | undefined;
  /** Sampling options (no model, no signal: those live on the call). */
  readonly options: Readonly<Omit<ChatOptions, 'model' | 'signal'>>;
  readonly priority: Priority;
  /** Identifies the API client (a hash of its key); undefined for Loremaster's own roles. */
  readonly apiKeyId: string | undefined;
  /** An HTTP client waits on it: over a rate limit it is refused (429), not held (see CallOptions). */
  readonly client?: boolean;
  readonly role: RoleName | undefined;
  readonly cacheMode: CacheMode;
  /** Answers to JSON calls are checked, repaired or asked again (see structured-output.ts). */
  readonly checkJson?: boolean;
  readonly meta: CallMeta;
  readonly signal: AbortSignal | undefined;
  /** performance.now() when the call entered the gateway. */
  readonly startedAt: number;
  readonly state: CallState;
}

export interface StartedStream {
  /** The provider that is answering. */
  provider: string;
  model: string;
  /** The events, starting with the first one (already received). */
  events: AsyncIterable<StreamEvent>;
}

export interface Handlers {
  chat(call: GatewayCall): Promise<ChatResult>;
  stream(call: GatewayCall): Promise<StartedStream>;
  embed(call: GatewayCall): Promise<EmbedResult>;
}

export interface Middleware {
  readonly name: string;
  wrap(next: Handlers): Handlers;
  /** Numbers for /metrics/detailed and /health (cache size, queue depth, circuit states...). */
  stats?(): Record<string, unknown>;
  /** Releases timers, connections; flushes what must not be lost. */
  close?(): Promise<void>;
}

/**
 * The in-process event bus the gateway reports on. Later parts (webhooks, WebSocket fan-out, the
 * dashboard) subscribe here. A listener that throws never breaks a model call.
 */
import type { FinishReason, Usage } from '../vocabulary/index.js';
import type { CallAnswer, CallBody } from './call-body.js';
import type { AccountedKind, CallMeta, GatewayCall, Priority } from './types.js';

interface CallFacts {
  id: string;
  kind: AccountedKind;
  model: string;
  provider: string;
  role: string | undefined;
  apiKeyId: string | undefined;
  /**
   * What the caller said about the call (its type; its conversation and session; a prompt's id,
   * version, variant and arm): the call log keeps it beside the call.
   */
  meta?: CallMeta;
}

export interface GatewayEvents {
  'llm.request': CallFacts & { priority: Priority };
  'llm.response': CallFacts & {
    providerModel: string;
    usage: Usage;
    costUsd: number;
    latencyMs: number;
    firstTokenMs: number | null;
    finishReason: FinishReason | undefined;
    cache: 'hit' | 'miss' | 'skip' | undefined;
    attempts: number;
    failedOver: string[];
    /** The call itself (not for images): what the call log keeps of its request. */
    call?: GatewayCall;
    /** The answer, when the call log keeps bodies (`database.call_log.bodies.enabled`). */
    answer?: CallAnswer;
  };
  /**
   * Every call that fails, once: after monitoring counted it in, or refused before (unknown model,
   * provider not configured, over the security limits), then with `attempts` 0.
   */
  'llm.error': CallFacts & {
    code: string;
    message: string;
    latencyMs: number;
    attempts: number;
    /** What the call log keeps of its request (not for images). */
    call?: CallBody;
  };
  'budget.alert': {
    budget: string;
    scope: 'global' | 'key';
    apiKeyId: string | undefined;
    period: 'day' | 'month';
    unit: 'tokens' | 'usd';
    threshold: number;
    used: number;
    limit: number;
  };
  'provider.degraded': {
    provider: string;
    state: 'open' | 'half_open' | 'closed';
    reason: string | undefined;
  };
}

export type GatewayEventName = keyof GatewayEvents;
type Listener<K extends GatewayEventName> = (payload: GatewayEvents[K]) => void;

export class EventBus {
  private readonly listeners = new Map<GatewayEventName, Set<Listener<GatewayEventName>>>();
  private readonly onListenerError: (error: unknown, event: GatewayEventName) => void;

  constructor(onListenerError: (error: unknown, event: GatewayEventName) => void = () => {}) {
    this.onListenerError = onListenerError;
  }

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends GatewayEventName>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<GatewayEventName>);
    return () => set.delete(listener as Listener<GatewayEventName>);
  }

  /** True when someone listens: lets callers skip building a payload nobody reads. */
  has(event: GatewayEventName): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0;
  }

  emit<K extends GatewayEventName>(event: K, payload: GatewayEvents[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}

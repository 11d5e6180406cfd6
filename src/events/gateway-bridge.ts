/**
 * Publishes the gateway's own events (model calls, budgets, circuit breakers) as envelopes. The
 * gateway keeps its small in-process bus; this is the one place its events become Loremaster's.
 */
import type { EventBus } from '../gateway/events.js';
import type { Publish } from './hub.js';

const SOURCE = 'gateway';

export function bridgeGatewayEvents(bus: EventBus, publish: Publish): () => void {
  const off = [
    bus.on('llm.request', (event) =>
      publish('llm.request', SOURCE, {
        call_id: event.id,
        kind: event.kind,
        model: event.model,
        provider: event.provider,
        role: event.role ?? null,
        api_key_id: event.apiKeyId ?? null,
        priority: event.priority,
      }),
    ),
    bus.on('llm.response', (event) =>
      publish('llm.response', SOURCE, {
        call_id: event.id,
        kind: event.kind,
        model: event.providerModel,
        provider: event.provider,
        role: event.role ?? null,
        api_key_id: event.apiKeyId ?? null,
        usage: {
          input_tokens: event.usage.inputTokens,
          output_tokens: event.usage.outputTokens,
          total_tokens: event.usage.totalTokens,
        },
        cost_usd: event.costUsd,
        latency_ms: event.latencyMs,
        first_token_ms: event.firstTokenMs,
        finish_reason: event.finishReason ?? null,
        cache: event.cache ?? null,
        attempts: event.attempts,
        failed_over: event.failedOver,
      }),
    ),
    bus.on('llm.error', (event) =>
      publish('llm.error', SOURCE, {
        call_id: event.id,
        kind: event.kind,
        model: event.model,
        provider: event.provider,
        role: event.role ?? null,
        api_key_id: event.apiKeyId ?? null,
        code: event.code,
        message: event.message,
        latency_ms: event.latencyMs,
        attempts: event.attempts,
      }),
    ),
    bus.on('budget.alert', (event) =>
      publish('budget.alert', SOURCE, {
        budget: event.budget,
        scope: event.scope,
        api_key_id: event.apiKeyId ?? null,
        period: event.period,
        unit: event.unit,
        threshold: event.threshold,
        used: event.used,
        limit: event.limit,
      }),
    ),
    bus.on('provider.degraded', (event) =>
      publish('provider.degraded', SOURCE, {
        provider: event.provider,
        state: event.state,
        reason: event.reason ?? null,
      }),
    ),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}

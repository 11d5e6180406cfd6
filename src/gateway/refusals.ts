/**
 * Calls that fail before the monitoring middleware counts them in: the model does not route, its
 * provider is not configured, or a middleware outside monitoring (security: prompt size, images, a
 * key's daily quota) refuses it. Monitoring reports every call it admits; these the gateway's entry
 * reports, as one `llm.error` with no attempt, so the call log and the event stream see every failed
 * call once: never twice, never not at all.
 */
import { redactText, type Secrets } from '../config/index.js';
import type { CallBody } from './call-body.js';
import type { EventBus, GatewayEvents } from './events.js';
import { errorCode } from './middleware/monitoring.js';
import type { GatewayCall, Handlers } from './types.js';

/** What is known of a refused call: everything an `llm.error` carries but the failure itself. */
export type RefusedCall = Omit<GatewayEvents['llm.error'], 'code' | 'message' | 'latencyMs' | 'attempts'> & {
  startedAt: number;
};

export class Refusals {
  constructor(
    private readonly bus: EventBus,
    private readonly secrets: Secrets,
  ) {}

  /** Tells the bus about a call that failed before monitoring admitted it. */
  report(call: RefusedCall, error: unknown): void {
    if (!this.bus.has('llm.error')) return;
    const { startedAt, ...facts } = call;
    this.bus.emit('llm.error', {
      ...facts,
      code: errorCode(error),
      // Listeners may forward this outside the process (webhooks): never with a secret in it.
      message: redactText(error instanceof Error ? error.message : String(error), this.secrets),
      latencyMs: performance.now() - startedAt,
      attempts: 0,
    });
  }

  /** The chain's handlers, reporting a call that fails without monitoring having counted it in. */
  wrap(next: Handlers): Handlers {
    const guard = async <T>(call: GatewayCall, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        if (!call.state.accounted) this.report(refusedCall(call), error);
        throw error;
      }
    };
    return {
      chat: (call) => guard(call, () => next.chat(call)),
      stream: (call) => guard(call, () => next.stream(call)),
      embed: (call) => guard(call, () => next.embed(call)),
    };
  }
}

function refusedCall(call: GatewayCall): RefusedCall {
  const body: CallBody = call;
  return {
    id: call.id,
    kind: call.kind,
    model: call.model,
    provider: call.provider.name,
    role: call.role,
    apiKeyId: call.apiKeyId,
    meta: call.meta,
    call: body,
    startedAt: call.startedAt,
  };
}

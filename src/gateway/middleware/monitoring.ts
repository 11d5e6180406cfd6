/**
 * Monitoring: budgets before a call; usage, cost, metrics and events after it. It sits outside the
 * cache, limiter and resilience, so it sees one call as the client does: one result (which provider
 * answered, after how many attempts) or one error.
 *
 * What is recorded after a call (metrics, usage, the `llm.*` events) runs through `AfterCallWork`:
 * at once for a call alone, held to the burst's first quiet moment while other calls are in flight
 * (see after-call.ts for why and what it costs). Budgets are checked and spent at once.
 *
 * Streams pass through untouched and unbuffered: each step of the events iterable is watched as it
 * goes by, to note the first text (time to first token) and to record the call when its `done` event
 * goes by, or the error when it breaks. Only while the answer is short are its pieces kept, in case
 * the provider reports no usage and the tokens have to be counted.
 */
import { redactText } from '../../config/index.js';
import { isProviderError, ProviderError, type ProviderKind } from '../../providers/index.js';
import type { FinishReason, StreamEvent, Usage } from '../../vocabulary/index.js';
import { type CallAnswer, StreamAnswer } from '../call-body.js';
import type { MiddlewareDeps } from '../deps.js';
import { isGatewayError } from '../errors.js';
import type { GatewayMetrics } from '../metrics.js';
import type { GatewayCall, Middleware } from '../types.js';
import type { BudgetTracker } from '../usage/budgets.js';
import { costUsd, PriceTable } from '../usage/pricing.js';
import {
  countPromptTokens,
  countTextsTokens,
  countTextTokens,
  EXACT_COUNT_MAX_CHARS,
  estimateTokens,
} from '../usage/tokens.js';
import type { UsageTracker } from '../usage/usage-tracker.js';
import { type AfterCallWork, afterCallWork } from './after-call.js';

export interface MonitoringParts {
  /** Shared with /health (unpriced models); built from config when not given. */
  prices?: PriceTable;
  usage: UsageTracker;
  budgets: BudgetTracker;
  metrics: GatewayMetrics;
  /** Shared with the readers of metrics, usage and the logs, which settle it; built from config when not given. */
  afterCall?: AfterCallWork;
}

/**
 * Whether the provider reported both counts. Some local servers report zeros, so a zero is taken as
 * "not reported" and counted from the text (an empty answer counts zero again, at no cost).
 */
function isComplete(usage: Usage): boolean {
  return usage.inputTokens > 0 && usage.outputTokens > 0;
}

/** The code an error is counted under: the ProviderError or GatewayError code. */
export function errorCode(error: unknown): string {
  if (isProviderError(error) || isGatewayError(error)) return error.code;
  return 'internal_error';
}

export function createMonitoringMiddleware(deps: MiddlewareDeps, parts: MonitoringParts): Middleware {
  const { bus, registry, secrets } = deps;
  const { usage, budgets, metrics } = parts;
  const { pricing, default_price: defaultPrice } = deps.settings.gateway.usage;
  const prices = parts.prices ?? new PriceTable(pricing, undefined, defaultPrice);
  // The call log keeps answers: a stream's text is put together as it goes by only then.
  const keepAnswers = deps.settings.database.call_log.bodies.enabled;
  const afterCall = parts.afterCall ?? afterCallWork(deps);
  const totals = { requests: 0, errors: 0, inFlight: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };

  /** The model id asked of the provider: the label of the call in metrics and usage. */
  function requestedModel(call: GatewayCall): string {
    const fallback = call.kind === 'embed' ? call.provider.defaultEmbeddingModel : call.provider.defaultModel;
    return call.providerModel ?? fallback ?? 'default';
  }

  function kindOf(call: GatewayCall, provider: string): ProviderKind {
    if (call.provider.name === provider) return call.provider.kind;
    return registry.get(provider)?.provider?.kind ?? call.provider.kind;
  }

  /** Counts the call in, tells listeners, and refuses it if a budget is used up. */
  function admit(call: GatewayCall): void {
    // From here on this middleware reports the call's outcome, and the gateway's entry does not.
    call.state.accounted = true;
    totals.requests += 1;
    totals.inFlight += 1;
    if (bus.has('llm.request')) {
      const event = {
        id: call.id,
        kind: call.kind,
        model: call.model,
        provider: call.provider.name,
        role: call.role,
        apiKeyId: call.apiKeyId,
        priority: call.priority,
      };
      afterCall.run(() => bus.emit('llm.request', event), totals.inFlight > 1);
    }
    budgets.check(call);
  }

  function succeed(
    call: GatewayCall,
    provider: string,
    answeredModel: string,
    used: Usage,
    firstTokenMs: number | null,
    finishReason: FinishReason | undefined,
    answer: CallAnswer | undefined,
  ): void {
    const latencyMs = performance.now() - call.startedAt;
    const model = requestedModel(call);
    // A cached answer, or one shared with an identical call in flight, costs nothing upstream: it
    // spends no budget (the call that went upstream pays).
    const cacheHit = call.state.cache === 'hit';
    const free = cacheHit || call.state.coalesced;
    const cost = free
      ? 0
      : costUsd(used, prices.price(provider, kindOf(call, provider), answeredModel || model));
    totals.inFlight -= 1;
    totals.inputTokens += used.inputTokens;
    totals.outputTokens += used.outputTokens;
    totals.costUsd += cost;
    if (!free) budgets.record(call, used, cost);
    // Held while other calls are in flight (after-call.ts); a call alone is recorded now.
    afterCall.run(() => {
      metrics.observe(call, {
        provider,
        model,
        status: 'ok',
        inputTokens: used.inputTokens,
        outputTokens: used.outputTokens,
        costUsd: cost,
        latencyMs,
        firstTokenMs,
      });
      usage.record({
        provider,
        model,
        role: call.role,
        kind: call.kind,
        apiKeyId: call.apiKeyId,
        inputTokens: used.inputTokens,
        outputTokens: used.outputTokens,
        costUsd: cost,
        cacheHit,
        error: false,
      });
      if (bus.has('llm.response')) {
        bus.emit('llm.response', {
          id: call.id,
          kind: call.kind,
          model: call.model,
          provider,
          role: call.role,
          apiKeyId: call.apiKeyId,
          meta: call.meta,
          providerModel: answeredModel || model,
          usage: used,
          costUsd: cost,
          latencyMs,
          firstTokenMs,
          finishReason,
          cache: call.state.cache,
          attempts: call.state.attempts,
          failedOver: call.state.failedOver,
          call,
          answer,
        });
      }
    }, totals.inFlight > 0);
  }

  function fail(call: GatewayCall, error: unknown): void {
    const latencyMs = performance.now() - call.startedAt;
    const code = errorCode(error);
    const provider = call.provider.name;
    const model = requestedModel(call);
    totals.inFlight -= 1;
    totals.errors += 1;
    afterCall.run(() => {
      metrics.observe(call, {
        provider,
        model,
        status: code,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        latencyMs,
        firstTokenMs: null,
      });
      usage.record({
        provider,
        model,
        role: call.role,
        kind: call.kind,
        apiKeyId: call.apiKeyId,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        cacheHit: false,
        error: true,
      });
      if (bus.has('llm.error')) {
        bus.emit('llm.error', {
          id: call.id,
          kind: call.kind,
          model: call.model,
          provider,
          role: call.role,
          apiKeyId: call.apiKeyId,
          meta: call.meta,
          code,
          // Listeners may forward this outside the process (webhooks): never with a secret in it.
          message: redactText(error instanceof Error ? error.message : String(error), secrets),
          latencyMs,
          attempts: call.state.attempts,
          call,
        });
      }
    }, totals.inFlight > 0);
  }

  /** The provider's usage with whatever it left at zero counted from the text (see `isComplete`). */
  function filledUsage(call: GatewayCall, reported: Usage, output: () => number): Usage {
    const inputTokens = reported.inputTokens || countPromptTokens(call.messages, call.options.system);
    const outputTokens = reported.outputTokens || output();
    return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  }

  function observeStream(call: GatewayCall, events: AsyncIterable<StreamEvent>): AsyncIterable<StreamEvent> {
    return {
      [Symbol.asyncIterator]() {
        const source = events[Symbol.asyncIterator]();
        let firstTokenMs: number | null = null;
        let pieces: string[] | undefined = [];
        let chars = 0;
        let settled = false;
        const answer = keepAnswers ? new StreamAnswer() : undefined;
        const settleFailed = (error: unknown) => {
          if (settled) return;
          settled = true;
          fail(call, error);
        };
        const onEvent = (event: StreamEvent) => {
          answer?.add(event);
          if (event.type === 'delta') {
            if (firstTokenMs === null) firstTokenMs = performance.now() - call.startedAt;
            chars += event.text.length;
            if (pieces && chars <= EXACT_COUNT_MAX_CHARS) pieces.push(event.text);
            else pieces = undefined;
            return;
          }
          if (event.type === 'tool-call-delta') {
            if (firstTokenMs === null) firstTokenMs = performance.now() - call.startedAt;
            chars += event.arguments.length + (event.name?.length ?? 0);
            if (pieces && chars <= EXACT_COUNT_MAX_CHARS) pieces.push(event.arguments);
            else pieces = undefined;
            return;
          }
          if (event.type !== 'done') {
            // Thinking is output too (Anthropic bills it as such): it counts when the usage is estimated.
            if (firstTokenMs === null) firstTokenMs = performance.now() - call.startedAt;
            const text =
              event.type === 'reasoning-delta'
                ? event.text
                : event.type === 'reasoning-signature'
                  ? ''
                  : event.data;
            chars += text.length;
            if (pieces && chars <= EXACT_COUNT_MAX_CHARS) pieces.push(text);
            else pieces = undefined;
            return;
          }
          if (settled) return;
          settled = true;
          const kept = pieces;
          const used = isComplete(event.usage)
            ? event.usage
            : filledUsage(call, event.usage, () =>
                kept ? countTextTokens(kept.join('')) : estimateTokens(chars),
              );
          succeed(
            call,
            event.provider,
            event.model,
            used,
            firstTokenMs,
            event.finishReason,
            answer?.answer(event.finishReason),
          );
        };
        // Watched beside the consumer rather than in its way: the consumer gets the source's own
        // promise, not one chained after these (their reaction is the one cost per event), and these
        // run first, as they were attached first. They must not throw: nobody would catch it.
        const observe = (result: IteratorResult<StreamEvent>) => {
          try {
            if (!result.done) onEvent(result.value);
            else if (!settled)
              settleFailed(
                new ProviderError('bad_response', 'The stream ended without its done event', {
                  provider: call.provider.name,
                }),
              );
          } catch (error) {
            deps.logger.error({ err: error }, 'recording a streamed call failed');
          }
        };
        const observeFailure = (error: unknown) => {
          try {
            settleFailed(error);
          } catch (failure) {
            deps.logger.error({ err: failure }, 'recording a streamed call failed');
          }
        };
        return {
          next: () => {
            const step = source.next();
            step.then(observe, observeFailure);
            return step;
          },
          return: (value?: unknown) => {
            // The consumer stopped reading before the end (the client went away). After `done`
            // there is nothing to record (and no error worth building).
            if (!settled)
              settleFailed(
                new ProviderError('aborted', 'The client stopped reading the stream', {
                  provider: call.provider.name,
                  retryable: false,
                }),
              );
            return source.return ? source.return(value) : Promise.resolve({ done: true as const, value });
          },
        };
      },
    };
  }

  /** Admits the call (budgets), runs it, and records a failure before passing it on. */
  async function attempt<T>(call: GatewayCall, run: () => Promise<T>): Promise<T> {
    try {
      admit(call);
      return await run();
    } catch (error) {
      fail(call, error);
      throw error;
    }
  }

  return {
    name: 'monitoring',
    wrap: (next) => ({
      chat: async (call) => {
        const result = await attempt(call, () => next.chat(call));
        const used = isComplete(result.usage)
          ? result.usage
          : filledUsage(call, result.usage, () => countTextTokens(result.text));
        succeed(
          call,
          result.provider,
          result.model,
          used,
          null,
          result.finishReason,
          keepAnswers
            ? { text: result.text, toolCalls: result.toolCalls, finishReason: result.finishReason }
            : undefined,
        );
        return result;
      },
      stream: async (call) => {
        const started = await attempt(call, () => next.stream(call));
        return {
          provider: started.provider,
          model: started.model,
          events: observeStream(call, started.events),
        };
      },
      embed: async (call) => {
        const result = await attempt(call, () => next.embed(call));
        const inputTokens = result.usage.inputTokens || countTextsTokens(call.input);
        const used = { inputTokens, outputTokens: 0, totalTokens: inputTokens };
        succeed(call, result.provider, result.model, used, null, undefined, undefined);
        return result;
      },
    }),
    stats: () => ({
      requests: totals.requests,
      errors: totals.errors,
      in_flight: totals.inFlight,
      input_tokens: totals.inputTokens,
      output_tokens: totals.outputTokens,
      cost_usd: totals.costUsd,
      usage: usage.stats(),
    }),
    close: () => {
      afterCall.close();
      return usage.close();
    },
  };
}

/**
 * Resilience: a deadline on every attempt, retries with capped exponential backoff and jitter that
 * honour Retry-After, a circuit breaker per provider, and a failover chain per role that ends in the
 * offline provider (unless disabled), so the game gets an answer.
 *
 * Retries and the breaker come from cockatiel; what is Loremaster's own is which errors count, the
 * failover order, and reporting a degraded provider.
 */
import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  handleWhen,
  type IRetryBackoffContext,
  isBrokenCircuitError,
  type RetryPolicy,
  retry,
} from 'cockatiel';
import type { GatewayConfig } from '../../config/index.js';
import { isProviderError, type Provider } from '../../providers/index.js';
import type { MiddlewareDeps } from '../deps.js';
import { GatewayError, isGatewayError } from '../errors.js';
import { roleFallbacks } from '../router.js';
import type { GatewayCall, Handlers, Middleware } from '../types.js';

type Settings = GatewayConfig['resilience'];
type Attempt<T> = (call: GatewayCall) => Promise<T>;

interface Target {
  provider: Provider;
  model: string | undefined;
}

const CIRCUIT_NAMES: Record<CircuitState, 'closed' | 'open' | 'half_open'> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'open',
};

/** Errors worth another attempt: 408, 409, 425, 429, 5xx, network, timeout, malformed responses. */
export function isRetryable(error: unknown): boolean {
  return isProviderError(error) && error.retryable;
}

/**
 * Errors that say the provider (not the request) is in trouble: these open the circuit. A 429 does
 * not: the upstream is healthy and asked us to slow down, which the retry's backoff (Retry-After)
 * does; opening the circuit would send every call to the fallback for `half_open_after_ms`.
 */
function isProviderFailure(error: unknown): boolean {
  return isProviderError(error) && error.retryable && error.code !== 'rate_limited';
}

/** Errors after which another provider may still answer. */
function canFailOver(error: unknown): boolean {
  if (isBrokenCircuitError(error)) return true;
  if (isGatewayError(error)) return error.code === 'circuit_open';
  return (
    isProviderError(error) &&
    (error.retryable || error.code === 'not_configured' || error.code === 'upstream_auth')
  );
}

export function createResilienceMiddleware(deps: MiddlewareDeps): Middleware {
  const settings = deps.settings.gateway.resilience;
  const breakers = new Map<string, CircuitBreakerPolicy>();
  let retries = 0;
  let failovers = 0;

  const breakerFor = (provider: string): CircuitBreakerPolicy => {
    let breaker = breakers.get(provider);
    if (breaker) return breaker;
    breaker = circuitBreaker(handleWhen(isProviderFailure), {
      halfOpenAfter: settings.breaker.half_open_after_ms,
      breaker: new ConsecutiveBreaker(settings.breaker.consecutive_failures),
    });
    breaker.onStateChange((state) => {
      const name = CIRCUIT_NAMES[state];
      const reason =
        breaker?.lastFailure && 'error' in breaker.lastFailure
          ? breaker.lastFailure.error.message
          : undefined;
      deps.registry.setCircuit(provider, name, reason);
      deps.logger.warn({ provider, state: name, reason }, 'circuit state changed');
      deps.bus.emit('provider.degraded', { provider, state: name, reason });
    });
    breakers.set(provider, breaker);
    return breaker;
  };

  const retryPolicy: RetryPolicy = retry(
    handleWhen((error) => isRetryable(error) && !waitsTooLong(error, settings)),
    {
      maxAttempts: settings.retries,
      backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) =>
        backoffDelay(context, settings),
      ),
    },
  );
  retryPolicy.onRetry(() => {
    retries += 1;
  });

  /** Runs one provider: retries inside, each attempt through the provider's breaker. */
  const runOn = <T>(call: GatewayCall, target: Target, attempt: Attempt<T>): Promise<T> =>
    retryPolicy.execute(
      () =>
        breakerFor(target.provider.name).execute(() => {
          call.state.attempts += 1;
          return attempt(attemptCall(call, target, settings));
        }),
      call.signal,
    );

  const run = async <T>(call: GatewayCall, attempt: Attempt<T>): Promise<T> => {
    const chain = failoverChain(call, deps);
    let lastError: unknown;
    for (const [index, target] of chain.entries()) {
      if (index > 0) {
        failovers += 1;
        call.state.failedOver.push(chain[index - 1]!.provider.name);
      }
      try {
        return await runOn(call, target, attempt);
      } catch (error) {
        lastError = error;
        if (call.signal?.aborted || !canFailOver(error)) throw unwrap(error, target.provider.name);
        deps.logger.debug(
          { provider: target.provider.name, err: error },
          'provider failed; trying the next one',
        );
      }
    }
    throw unwrap(lastError, chain.at(-1)?.provider.name ?? call.provider.name);
  };

  return {
    name: 'resilience',
    wrap: (next: Handlers): Handlers => ({
      chat: (call) => run(call, next.chat),
      stream: (call) => run(call, next.stream),
      embed: (call) => run(call, next.embed),
    }),
    stats: () => {
      const circuits: Record<string, string> = {};
      for (const [provider, breaker] of breakers) circuits[provider] = CIRCUIT_NAMES[breaker.state];
      return { circuits, retries, failovers };
    },
  };
}

/** The call for one attempt: the target provider, and a deadline joined to the caller's signal. */
function attemptCall(call: GatewayCall, target: Target, settings: Settings): GatewayCall {
  const same = target.provider === call.provider && target.model === call.providerModel;
  if (same && settings.attempt_timeout_ms === undefined) return call;
  const signals = [
    call.signal,
    settings.attempt_timeout_ms ? AbortSignal.timeout(settings.attempt_timeout_ms) : undefined,
  ];
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  return {
    ...call,
    provider: target.provider,
    providerModel: target.model,
    signal: present.length > 1 ? AbortSignal.any(present) : present[0],
  };
}

/** The call's own provider, then the role's failover list, then offline (unless disabled). */
function failoverChain(call: GatewayCall, deps: MiddlewareDeps): Target[] {
  const chain: Target[] = [{ provider: call.provider, model: call.providerModel }];
  // A client that names a provider explicitly gets that provider; roles get the failover chain.
  if (!call.role) return chain;
  for (const target of roleFallbacks(call.role, deps.settings, deps.registry)) {
    if (target.provider !== call.provider) chain.push(target);
  }
  return chain;
}

function waitsTooLong(error: unknown, settings: Settings): boolean {
  return isProviderError(error) && (error.retryAfterSeconds ?? 0) * 1000 > settings.max_delay_ms;
}

/** Capped exponential backoff with equal jitter, never shorter than the upstream's Retry-After. */
export function backoffDelay(context: IRetryBackoffContext<unknown>, settings: Settings): number {
  const exponential = Math.min(settings.max_delay_ms, settings.base_delay_ms * 2 ** (context.attempt - 1));
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  const error = 'error' in context.result ? context.result.error : undefined;
  const retryAfterMs = isProviderError(error) ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
  return Math.min(settings.max_delay_ms, Math.max(jittered, retryAfterMs));
}

function unwrap(error: unknown, provider: string): unknown {
  if (isBrokenCircuitError(error)) {
    return new GatewayError(
      'circuit_open',
      `Provider ${provider} is failing (circuit open); no other provider could answer`,
      {
        retryAfterSeconds: 5,
        cause: error,
      },
    );
  }
  return error;
}

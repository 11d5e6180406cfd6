/**
 * Rate limits, the priority queue and coalescing, in one middleware because they share one question:
 * may this call go upstream now?
 *
 * 1. API clients: a token bucket per API key (requests and tokens per minute); over it → 429.
 * 2. Provider and model: token buckets (rpm, tpm). Loremaster's own roles wait for tokens; an API
 *    client (with or without an API key) gets 429 with Retry-After instead of holding its
 *    connection open.
 * 3. Concurrency: at most `queue.max_concurrency` calls in flight per provider; the rest wait in a
 *    bounded priority queue (HIGH / MEDIUM / LOW, weighted so LOW never starves).
 * 4. Coalescing: identical calls in flight at once (when their answer may be shared: temperature 0,
 *    or embeddings) make one upstream call.
 */
import type { GatewayConfig, RateConfig } from '../../config/index.js';
import type { ChatResult, EmbedResult } from '../../vocabulary/index.js';
import type { MiddlewareDeps } from '../deps.js';
import { GatewayError } from '../errors.js';
import { RedisTokenBuckets } from '../limits/redis-token-bucket.js';
import { MemoryTokenBuckets } from '../limits/token-bucket.js';
import { perMinute, type RateLimitStore } from '../limits/types.js';
import { requestKey } from '../request-key.js';
import type { GatewayCall, Handlers, Middleware } from '../types.js';
import { PriorityQueue } from './priority-queue.js';

type LimitSettings = GatewayConfig['limits'];

/** A bucket key (`key:<id>` or `p:<provider>/<model>`) and its per-minute rates. */
type Bucket = [string, RateConfig];

interface Lane {
  inFlight: number;
  queue: PriorityQueue;
}

interface Shared<T> {
  promise: Promise<T>;
  controller: AbortController;
  participants: number;
  gone: number;
}

const VENDOR_KINDS = new Set(['openai', 'anthropic', 'mistral']);
/** Tokens assumed for an answer whose max_tokens is not given, until the real usage is known. */
const DEFAULT_ANSWER_TOKENS = 256;

export function createLimiterMiddleware(deps: MiddlewareDeps, store?: RateLimitStore): Middleware {
  const settings = deps.settings.gateway;
  const buckets: RateLimitStore =
    store ??
    (deps.redis
      ? new RedisTokenBuckets(deps.redis, { prefix: settings.limits.redis_prefix, logger: deps.logger })
      : new MemoryTokenBuckets());
  const lanes = new Map<string, Lane>();
  const inflight = new Map<string, Shared<unknown>>();
  const counters = { coalesced: 0, rateLimited: 0 };

  const laneFor = (provider: string): Lane => {
    let lane = lanes.get(provider);
    if (!lane) {
      lane = { inFlight: 0, queue: new PriorityQueue(settings.queue) };
      lanes.set(provider, lane);
    }
    return lane;
  };

  /** Takes from the per-key and per-model buckets; API clients get 429, roles wait. */
  const takeTokens = async (call: GatewayCall, limits: Bucket[], estimate: number): Promise<void> => {
    for (const [key, rate] of limits) {
      for (const [suffix, amount, perMin] of [
        [':r', 1, rate.rpm],
        [':t', estimate, rate.tpm],
      ] as const) {
        if (!perMin) continue;
        const limit = perMinute(perMin);
        const deadline = performance.now() + settings.queue.timeout_ms[call.priority];
        for (;;) {
          const taken = await buckets.take(key + suffix, Math.min(amount, limit.capacity), limit);
          if (taken.ok) break;
          const waitMs = taken.retryAfterMs;
          if (call.client === true || call.apiKeyId !== undefined || performance.now() + waitMs > deadline) {
            counters.rateLimited += 1;
            throw new GatewayError(
              'rate_limited',
              `Rate limit reached for ${key.startsWith('key:') ? 'this API key' : key.slice(2)} ` +
                `(${suffix === ':r' ? `${perMin} requests` : `${perMin} tokens`} per minute); retry in ${Math.ceil(waitMs / 1000)} s`,
              { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) },
            );
          }
          await sleep(waitMs, call.signal);
        }
      }
    }
  };

  /** Runs `fn` once the call has its tokens and a slot on its provider. */
  const admitted = async <T>(call: GatewayCall, fn: (call: GatewayCall) => Promise<T>): Promise<T> => {
    // Resolved once per call: the same buckets are charged before and settled after.
    const limits = bucketsFor(call, settings.limits, deps.keyRates);
    const estimate = limits.length > 0 ? estimateTokens(call) : 0;
    if (limits.length > 0) await takeTokens(call, limits, estimate);
    const lane = laneFor(call.provider.name);
    if (lane.inFlight >= settings.queue.max_concurrency || lane.queue.size > 0) {
      const waitStart = performance.now();
      await lane.queue.wait(call.priority, call.signal);
      call.state.queuedMs += performance.now() - waitStart;
    }
    lane.inFlight += 1;
    try {
      const result = await fn(call);
      if (limits.length > 0) void settleTokens(limits, estimate, result);
      return result;
    } finally {
      lane.inFlight -= 1;
      lane.queue.releaseNext();
    }
  };

  /** Charges or gives back the difference between the estimate and the real usage. */
  const settleTokens = async (limits: Bucket[], estimate: number, result: unknown): Promise<void> => {
    const usage = (result as { usage?: Partial<ChatResult['usage'] & EmbedResult['usage']> }).usage;
    if (!usage) return;
    const used = usage.totalTokens ?? usage.inputTokens ?? 0;
    const delta = used - estimate;
    if (delta === 0) return;
    for (const [key, rate] of limits) {
      if (rate.tpm) await buckets.adjust(`${key}:t`, delta, perMinute(rate.tpm));
    }
  };

  /** Shares one upstream call among identical calls in flight. */
  const coalesced = <T>(call: GatewayCall, fn: (call: GatewayCall) => Promise<T>): Promise<T> => {
    const key = requestKey(call);
    const existing = inflight.get(key) as Shared<T> | undefined;
    if (existing) {
      counters.coalesced += 1;
      call.state.coalesced = true;
      return join(existing, call.signal);
    }
    const controller = new AbortController();
    const shared: Shared<T> = {
      controller,
      participants: 0,
      gone: 0,
      promise: admitted({ ...call, signal: controller.signal }, fn).finally(() => inflight.delete(key)),
    };
    inflight.set(key, shared);
    return join(shared, call.signal);
  };

  const handle = <T>(call: GatewayCall, fn: (call: GatewayCall) => Promise<T>): Promise<T> => {
    return settings.queue.coalesce && call.kind !== 'stream' && shareable(call)
      ? coalesced(call, fn)
      : admitted(call, fn);
  };

  return {
    name: 'limiter',
    wrap: (next: Handlers): Handlers => ({
      chat: (call) => handle(call, next.chat),
      stream: (call) => handle(call, next.stream),
      embed: (call) => handle(call, next.embed),
    }),
    stats: () => {
      const queue = { high: 0, medium: 0, low: 0 };
      const inFlight: Record<string, number> = {};
      for (const [provider, lane] of lanes) {
        const depth = lane.queue.depth();
        queue.high += depth.high;
        queue.medium += depth.medium;
        queue.low += depth.low;
        inFlight[provider] = lane.inFlight;
      }
      return {
        queue,
        in_flight: inFlight,
        coalesced: counters.coalesced,
        rate_limited: counters.rateLimited,
      };
    },
    close: async () => {
      await buckets.close?.();
    },
  };
}

/** One participant's view of a shared call: it may leave (abort) without cancelling the others. */
function join<T>(shared: Shared<T>, signal: AbortSignal | undefined): Promise<T> {
  shared.participants += 1;
  if (!signal) return shared.promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      shared.gone += 1;
      // The upstream call stops only when everyone who waits for it has gone.
      if (shared.gone === shared.participants) shared.controller.abort(signal.reason);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    shared.promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * May identical calls share one answer? Only when it does not depend on sampling (temperature 0,
 * embeddings) or the caller said any answer will do (cache `force`). Cache `off` only skips the cache.
 */
function shareable(call: GatewayCall): boolean {
  return call.kind === 'embed' || call.cacheMode === 'force' || call.options.temperature === 0;
}

/** The buckets a call draws from: its API key's, then its provider/model's. */
function bucketsFor(
  call: GatewayCall,
  limits: LimitSettings,
  keyRates: ReadonlyMap<string, RateConfig> | undefined,
): Bucket[] {
  const out: Bucket[] = [];
  if (call.apiKeyId !== undefined) {
    // A stored key's own limits, else the config's for that key id, else the default for every key.
    const rate = keyRates?.get(call.apiKeyId) ?? limits.api_keys[call.apiKeyId] ?? limits.api_key_default;
    if (rate.rpm || rate.tpm) out.push([`key:${call.apiKeyId}`, rate]);
  }
  const rate = providerRate(call, limits);
  if (rate && (rate.rpm || rate.tpm)) {
    out.push([`p:${call.provider.name}/${call.providerModel ?? call.provider.defaultModel}`, rate]);
  }
  return out;
}

function providerRate(call: GatewayCall, limits: LimitSettings): RateConfig | undefined {
  const provider = call.provider.name;
  const model = call.providerModel ?? call.provider.defaultModel;
  return (
    limits.providers[`${provider}/${model}`] ??
    limits.providers[provider] ??
    (VENDOR_KINDS.has(call.provider.kind) ? limits.vendor_default : undefined)
  );
}

/** A cheap upper-bound guess of the tokens a call will use: about 4 characters per token. */
function estimateTokens(call: GatewayCall): number {
  let chars = call.options.system?.length ?? 0;
  for (const message of call.messages) chars += message.content.length;
  for (const text of call.input) chars += text.length;
  const answer = call.kind === 'embed' ? 0 : (call.options.maxTokens ?? DEFAULT_ANSWER_TOKENS);
  return Math.ceil(chars / 4) + answer;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

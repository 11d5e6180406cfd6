/**
 * The response cache middleware: answers a repeated request from the cache, without calling the
 * layers below (limiter, resilience, provider). Only where that is safe: a request asked to be
 * cached (`force`), a deterministic one (`auto` at temperature 0), or an embedding.
 */
import { resultEvents, StreamAssembler } from '../../providers/index.js';
import type { ChatResult, StreamEvent } from '../../vocabulary/index.js';
import { MemoryCacheStore } from '../cache/memory-cache.js';
import { RedisCacheStore } from '../cache/redis-cache.js';
import type { CachedAnswer, CacheStore } from '../cache/types.js';
import type { MiddlewareDeps } from '../deps.js';
import { requestKey } from '../request-key.js';
import type { GatewayCall, Handlers, Middleware, StartedStream } from '../types.js';

/**
 * Uses `store` when given (the caller keeps ownership of it), else Redis when REDIS_URL is set, so
 * every instance shares one cache, else an in-process LRU.
 */
export function createCacheMiddleware(deps: MiddlewareDeps, store?: CacheStore): Middleware {
  const config = deps.settings.gateway.cache;
  const ownStore = store === undefined;
  const cache =
    store ??
    (deps.redis
      ? new RedisCacheStore(deps.redis, { prefix: config.redis_prefix, logger: deps.logger })
      : new MemoryCacheStore({ maxEntries: config.max_entries, maxBytes: config.max_bytes }));
  const ttlMs = config.ttl_ms;
  let skips = 0;

  /** Looks the call up and records hit, miss or skip; `key` is undefined when the call must not be cached. */
  async function lookup(
    call: GatewayCall,
  ): Promise<{ key: string | undefined; found: CachedAnswer | undefined }> {
    if (!cacheable(call)) {
      skip(call);
      return { key: undefined, found: undefined };
    }
    const key = requestKey(call);
    const answer = await cache.get(key);
    const kind = call.kind === 'embed' ? 'embed' : 'chat';
    if (answer?.kind === kind) {
      call.state.cache = 'hit';
      return { key, found: answer };
    }
    call.state.cache = 'miss';
    return { key, found: undefined };
  }

  function skip(call: GatewayCall): void {
    call.state.cache = 'skip';
    skips++;
  }

  function remember(call: GatewayCall, key: string, answer: CachedAnswer): void {
    // A failed-over answer (possibly the offline fallback) is not what this request's provider
    // would say: pinning it for the whole TTL would keep serving the degraded answer after recovery.
    if (call.state.failedOver.length > 0) return;
    if (answer.kind === 'chat' && answer.result.finishReason === 'error') return;
    // Not awaited: the caller has its answer; the store never rejects and counts its own failures.
    void cache.set(key, answer, ttlMs);
  }

  return {
    name: 'cache',
    wrap(next: Handlers): Handlers {
      if (!config.enabled) return next;
      return {
        async chat(call) {
          const { key, found } = await lookup(call);
          if (found?.kind === 'chat')
            return { ...found.result, latencyMs: performance.now() - call.startedAt };
          const result = await next.chat(call);
          if (key !== undefined) remember(call, key, { kind: 'chat', result });
          return result;
        },
        async stream(call) {
          // Most streams are not cached (a player's turn is sampled): those go straight on, without
          // waiting a turn of the microtask queue for a lookup that cannot find anything.
          if (!cacheable(call)) {
            skip(call);
            return next.stream(call);
          }
          const { key, found } = await lookup(call);
          if (found?.kind === 'chat') return replay(found.result, call.startedAt);
          const started = await next.stream(call);
          if (key === undefined) return started;
          return {
            ...started,
            events: recording(started.events, (result) => remember(call, key, { kind: 'chat', result })),
          };
        },
        async embed(call) {
          const { key, found } = await lookup(call);
          if (found?.kind === 'embed')
            return { ...found.result, latencyMs: performance.now() - call.startedAt };
          const result = await next.embed(call);
          if (key !== undefined) remember(call, key, { kind: 'embed', result });
          return result;
        },
      };
    },
    stats: () => ({ ...cache.stats(), skips }),
    close: async () => {
      if (ownStore) await cache.close();
    },
  };
}

/** Deterministic answers only, unless the caller asks; never when it says `off`. */
function cacheable(call: GatewayCall): boolean {
  if (call.cacheMode === 'off') return false;
  if (call.cacheMode === 'force') return true;
  // Embeddings are a function of model and input; chat is only at temperature 0.
  return call.kind === 'embed' || call.options.temperature === 0;
}

/** A stored answer played back as a stream: word-sized deltas (whitespace kept), then `done`. */
function replay(result: ChatResult, startedAt: number): StartedStream {
  return { provider: result.provider, model: result.model, events: replayEvents(result, startedAt) };
}

async function* replayEvents(result: ChatResult, startedAt: number): AsyncGenerator<StreamEvent> {
  let firstTokenMs: number | null = null;
  for (const event of resultEvents(result)) {
    firstTokenMs ??= performance.now() - startedAt;
    yield event;
  }
  yield {
    type: 'done',
    usage: result.usage,
    finishReason: result.finishReason,
    ...(result.choices && { finishReasons: result.choices.map((choice) => choice.finishReason) }),
    model: result.model,
    provider: result.provider,
    latencyMs: performance.now() - startedAt,
    firstTokenMs,
  };
}

/**
 * Passes the events through untouched and hands the assembled answer to `onComplete` when the
 * `done` event arrives: a stream cut short (error, or the client gone) never reaches it, so a
 * partial answer is never stored. It is handed over before `done` is yielded, because a consumer
 * may stop reading at `done` and never resume this generator.
 */
async function* recording(
  events: AsyncIterable<StreamEvent>,
  onComplete: (result: ChatResult) => void,
): AsyncGenerator<StreamEvent> {
  const assembler = new StreamAssembler();
  for await (const event of events) {
    if (event.type === 'done') onComplete(assembler.result(event));
    else assembler.add(event);
    yield event;
  }
}

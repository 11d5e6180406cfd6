/**
 * The image path of the gateway: every picture Loremaster makes goes through here, as every model call
 * goes through the chat chain. In order: route (provider, model, failover chain), the parameters the
 * first provider cannot honour are refused (400 naming them), budgets, the cache, the rate limit
 * (`images.per_minute`), then the chain with failover ending at the offline drawer, each attempt recorded
 * or replayed when `gateway.replay.mode` says so (image-replay.ts); the call is counted
 * once (usage with its cost per image, the call log and `llm.response` / `llm.error` events, kind `image`).
 *
 * A small chain of its own rather than the chat middlewares: those are built around messages, tokens and
 * streams; what they share (token buckets, budgets, usage, the event bus) is shared here.
 */
import { randomUUID } from 'node:crypto';
import { imageProviderConfigs, type Logger, type Settings } from '../../config/index.js';
import { type ImageRequest, type ImageResult, isProviderError, unhonoured } from '../../providers/index.js';
import { GatewayError, isGatewayError } from '../errors.js';
import type { EventBus } from '../events.js';
import type { GatewayMetrics } from '../metrics.js';
import type { CacheMode, CallState } from '../types.js';
import type { BudgetTracker } from '../usage/budgets.js';
import type { UsageTracker } from '../usage/usage-tracker.js';
import { ImageCache } from './image-cache.js';
import type { ImageLimit } from './image-limit.js';
import { pricePerImage } from './image-pricing.js';
import type { ImageProviderRegistry } from './image-registry.js';
import type { ImageReplay } from './image-replay.js';
import { type ImageTarget, resolveImageRoute } from './image-route.js';

export interface ImageGenerationRequest extends Omit<ImageRequest, 'model' | 'signal'> {
  /** An image provider, `provider/model`, a model a provider lists, or undefined for `images.provider`. */
  model?: string | undefined;
  apiKeyId?: string | undefined;
  /** An HTTP client waits: over the rate limit it gets 429 at once (background jobs wait). */
  client?: boolean | undefined;
  cache?: CacheMode | undefined;
  signal?: AbortSignal | undefined;
  id?: string | undefined;
  state?: CallState | undefined;
}

export interface ImageAnswer extends ImageResult {
  callId: string;
  /** What the pictures cost (0 from the cache). */
  costUsd: number;
  cache: 'hit' | 'miss' | 'skip';
  /** Providers that failed (or could not honour the request) before the one that drew. */
  failedOver: string[];
}

export interface ImageGatewayDeps {
  settings: Settings;
  registry: ImageProviderRegistry;
  limit: ImageLimit;
  bus: EventBus;
  usage: UsageTracker;
  budgets: BudgetTracker;
  /** Prometheus (/metrics): image calls are series of kind `image`. */
  metrics?: GatewayMetrics;
  logger: Logger;
  /** Record and replay of each provider attempt (`gateway.replay.mode`). */
  replay?: ImageReplay;
}

export class ImageGateway {
  private readonly cache: ImageCache | undefined;
  private readonly prices: Map<string, number | undefined>;

  constructor(private readonly deps: ImageGatewayDeps) {
    const config = deps.settings.images;
    this.cache = config.cache.enabled ? new ImageCache(config.cache.max_bytes) : undefined;
    this.prices = new Map(
      Object.entries(imageProviderConfigs(config)).map(([name, entry]) => [name, entry.price_per_image]),
    );
  }

  get registry(): ImageProviderRegistry {
    return this.deps.registry;
  }

  async generate(request: ImageGenerationRequest): Promise<ImageAnswer> {
    const { settings, limit, budgets } = this.deps;
    if (request.n > settings.images.max_n)
      throw new GatewayError(
        'unsupported',
        `n: at most ${settings.images.max_n} images per request (images.max_n)`,
        {
          param: 'n',
        },
      );
    const route = resolveImageRoute(request.model, settings.images, this.deps.registry);
    const id = request.id ?? randomUUID();
    const state = request.state ?? {
      attempts: 0,
      failedOver: [],
      cache: undefined,
      queuedMs: 0,
      coalesced: false,
    };
    state.callId = id;
    const started = performance.now();
    const first = route.chain[0]!;
    // What the first provider of the chain cannot honour is the caller's to know, not to lose.
    const refused = unhonoured(first.provider, request);
    if (refused)
      throw new GatewayError(
        'unsupported',
        `${refused}: the image provider ${first.name} cannot honour it (it honours ${[...first.provider.honours].join(', ') || 'none of the optional parameters'})`,
        { param: refused },
      );
    if (route.skipped) state.failedOver.push(route.provider);
    this.emitRequest(id, request, first);
    try {
      budgets.check({ apiKeyId: request.apiKeyId });
      const useCache = this.cache !== undefined && request.cache !== 'off';
      const key = useCache ? ImageCache.key(first.name, first.model, request) : undefined;
      const cached = key !== undefined ? this.cache!.get(key) : undefined;
      if (cached) {
        state.cache = 'hit';
        const answer: ImageAnswer = { ...cached, callId: id, costUsd: 0, cache: 'hit', failedOver: [] };
        this.account(id, request, answer, started, state);
        return answer;
      }
      state.cache = useCache ? 'miss' : 'skip';
      await limit.take(request.n, request.client === true || request.apiKeyId !== undefined, request.signal);
      const { result, target } = await this.failover(route.chain, request, state);
      const cost = result.costUsd ?? this.price(target, result.model, request) * result.images.length;
      const answer: ImageAnswer = {
        ...result,
        callId: id,
        costUsd: cost,
        cache: state.cache,
        failedOver: [...state.failedOver],
      };
      // A fallback's picture stands in for a failure: it is not kept as the first provider's answer.
      if (key !== undefined && target === first) this.cache!.set(key, result);
      budgets.record({ apiKeyId: request.apiKeyId }, { inputTokens: 0, outputTokens: 0 }, cost);
      this.account(id, request, answer, started, state);
      return answer;
    } catch (error) {
      this.failed(id, request, first, error, started, state);
      throw error;
    }
  }

  /**
   * For /health: who draws first, whether it can (else who draws instead: `degraded`), and each image
   * provider with the reason it cannot be used.
   */
  health(): {
    provider: string;
    status: 'ok' | 'degraded' | 'down';
    serving: string | undefined;
    reason: string | undefined;
    providers: Record<string, { status: 'ok' | 'down'; type: string; reason?: string }>;
  } {
    const providers: Record<string, { status: 'ok' | 'down'; type: string; reason?: string }> = {};
    for (const entry of this.deps.registry.list())
      providers[entry.name] = {
        status: entry.provider ? 'ok' : 'down',
        type: entry.type,
        ...(entry.unavailableReason !== undefined && { reason: entry.unavailableReason }),
      };
    const configured = this.deps.settings.images.provider;
    try {
      const route = resolveImageRoute(undefined, this.deps.settings.images, this.deps.registry);
      const serving = route.chain[0]?.name;
      return {
        provider: configured,
        status: route.skipped ? 'degraded' : 'ok',
        serving,
        reason: route.skipped,
        providers,
      };
    } catch (error) {
      return {
        provider: configured,
        status: 'down',
        serving: undefined,
        reason: (error as Error).message,
        providers,
      };
    }
  }

  stats(): Record<string, unknown> {
    return {
      providers: Object.fromEntries(
        this.deps.registry.list().map((entry) => [entry.name, entry.provider ? 'ok' : 'down']),
      ),
      cache: this.cache?.stats() ?? null,
      limit: this.deps.limit.stats(),
      replay: this.deps.replay?.stats() ?? { mode: 'off' },
    };
  }

  async close(): Promise<void> {
    await this.deps.replay?.close();
    await this.deps.limit.close();
  }

  /** Tries each provider of the chain in turn; a failure of the request itself stops at once. */
  private async failover(
    chain: readonly ImageTarget[],
    request: ImageGenerationRequest,
    state: CallState,
  ): Promise<{ result: ImageResult; target: ImageTarget }> {
    let lastError: unknown;
    const real = (target: ImageTarget, asked: ImageRequest) =>
      target.provider.generate({ ...asked, model: target.model, signal: request.signal });
    const attempt = this.deps.replay ? this.deps.replay.wrap(real, request.model ?? 'default') : real;
    for (const target of chain) {
      const cannot = unhonoured(target.provider, request);
      if (cannot) {
        // A fallback that would drop a parameter is not a fallback: it is left out, and said so.
        state.failedOver.push(target.name);
        lastError ??= new GatewayError(
          'unsupported',
          `${cannot}: no provider left in the chain can honour it`,
        );
        continue;
      }
      state.attempts++;
      try {
        const result = await attempt(target, request);
        if (result.images.length !== request.n)
          throw new GatewayError(
            'unsupported',
            `${target.name} drew ${result.images.length} of ${request.n} images`,
          );
        return { result, target };
      } catch (error) {
        lastError = error;
        if (request.signal?.aborted || !canFailOver(error)) throw error;
        this.deps.logger.warn(
          { provider: target.name, err: (error as Error).message },
          'image provider failed; trying the next one',
        );
        state.failedOver.push(target.name);
      }
    }
    throw lastError ?? new GatewayError('provider_not_configured', 'No image provider can be used');
  }

  private price(target: ImageTarget, model: string, request: ImageGenerationRequest): number {
    return pricePerImage({
      kind: target.provider.kind,
      model,
      size: request.size,
      quality: request.quality,
      configured: this.prices.get(target.name),
    });
  }

  private emitRequest(id: string, request: ImageGenerationRequest, first: ImageTarget): void {
    if (!this.deps.bus.has('llm.request')) return;
    this.deps.bus.emit('llm.request', {
      id,
      kind: 'image',
      model: request.model ?? 'default',
      provider: first.name,
      role: undefined,
      apiKeyId: request.apiKeyId,
      priority: request.client ? 'high' : 'low',
    });
  }

  private account(
    id: string,
    request: ImageGenerationRequest,
    answer: ImageAnswer,
    started: number,
    state: CallState,
  ): void {
    const latencyMs = performance.now() - started;
    this.deps.metrics?.observe(
      { kind: 'image', role: undefined, state },
      {
        provider: answer.provider,
        model: answer.model,
        status: 'ok',
        inputTokens: 0,
        outputTokens: 0,
        costUsd: answer.costUsd,
        latencyMs,
        firstTokenMs: null,
      },
    );
    this.deps.usage.record({
      provider: answer.provider,
      model: answer.model,
      role: undefined,
      kind: 'image',
      apiKeyId: request.apiKeyId,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: answer.costUsd,
      cacheHit: answer.cache === 'hit',
      error: false,
    });
    if (!this.deps.bus.has('llm.response')) return;
    this.deps.bus.emit('llm.response', {
      id,
      kind: 'image',
      model: request.model ?? 'default',
      provider: answer.provider,
      role: undefined,
      apiKeyId: request.apiKeyId,
      providerModel: answer.model,
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      costUsd: answer.costUsd,
      latencyMs,
      firstTokenMs: null,
      finishReason: 'stop',
      cache: state.cache,
      attempts: state.attempts,
      failedOver: state.failedOver,
    });
  }

  private failed(
    id: string,
    request: ImageGenerationRequest,
    first: ImageTarget,
    error: unknown,
    started: number,
    state: CallState,
  ): void {
    const code = isProviderError(error) || isGatewayError(error) ? error.code : 'internal';
    this.deps.metrics?.observe(
      { kind: 'image', role: undefined, state },
      {
        provider: first.name,
        model: first.model ?? first.provider.defaultModel,
        status: code,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        latencyMs: performance.now() - started,
        firstTokenMs: null,
      },
    );
    this.deps.usage.record({
      provider: first.name,
      model: first.model ?? first.provider.defaultModel,
      role: undefined,
      kind: 'image',
      apiKeyId: request.apiKeyId,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      cacheHit: false,
      error: true,
    });
    if (!this.deps.bus.has('llm.error')) return;
    this.deps.bus.emit('llm.error', {
      id,
      kind: 'image',
      model: request.model ?? 'default',
      provider: first.name,
      role: undefined,
      apiKeyId: request.apiKeyId,
      code,
      message: (error as Error).message ?? String(error),
      latencyMs: performance.now() - started,
      attempts: state.attempts,
    });
  }
}

/**
 * After these errors another provider may still draw: the provider is down, slow, out of credit, has no
 * key, refused our key, or answered nonsense. A request the provider found wrong (400, content policy)
 * would be as wrong elsewhere, and a caller who left wants nothing.
 */
function canFailOver(error: unknown): boolean {
  if (isProviderError(error)) {
    if (error.code === 'aborted' || error.code === 'upstream_bad_request' || error.code === 'content_policy')
      return false;
    return true;
  }
  return isGatewayError(error) && error.code === 'unsupported';
}

/**
 * The one entry for every model call: `complete`, `stream`, `embed`. A call is routed to a provider,
 * given its role's defaults and priority, then sent down the middleware chain configured in
 * `gateway.chain` (security → monitoring → cache → limiter → resilience → replay → provider).
 */
import { Redis } from 'ioredis';
import type { Logger, RateConfig, RoleName, Secrets, Settings } from '../config/index.js';
import { newId } from '../store/util.js';
import type { ChatMessage, ChatOptions, ChatResult, EmbedResult } from '../vocabulary/index.js';
import { compose, providerHandlers } from './chain.js';
import type { MiddlewareDeps } from './deps.js';
import { GatewayError } from './errors.js';
import { EventBus } from './events.js';
import { createImageReplay } from './images/image-replay.js';
import {
  type ImageAnswer,
  ImageGateway,
  type ImageGenerationRequest,
  ImageLimit,
  ImageProviderRegistry,
} from './images/index.js';
import { buildMiddlewares, type GatewayParts } from './middleware/index.js';
import { Refusals } from './refusals.js';
import { ProviderRegistry } from './registry.js';
import { type Route, resolveRoute, roleFallbacks } from './router.js';
import { withStructuredOutput } from './structured-output.js';
import type {
  CacheMode,
  CallKind,
  CallMeta,
  CallState,
  GatewayCall,
  Handlers,
  Middleware,
  Priority,
  StartedStream,
} from './types.js';
import type { BudgetStore, KeyBudget } from './usage/budgets.js';
import type { UsageSink } from './usage/usage-tracker.js';

export interface CallOptions {
  /** Overrides the priority the role implies. */
  priority?: Priority;
  /** The API client making the call (see `apiKeyId`); undefined for Loremaster's own roles. */
  apiKeyId?: string;
  /**
   * An HTTP client waits on this call (default: when `apiKeyId` is set). Over a rate limit it gets
   * 429 with Retry-After at once; Loremaster's own background work waits for tokens instead.
   */
  client?: boolean;
  cache?: CacheMode;
  meta?: CallMeta;
  signal?: AbortSignal;
  /** The call's id (default: a new UUID): the call log's id, and `call_id` in feedback and events. */
  id?: string;
  /** Filled in as the call goes (its id, cache hit, attempts, failover): pass one to read it afterwards. */
  state?: CallState;
}

export interface CompletionRequest extends CallOptions {
  /** A role, a provider, `provider/model`, or a model a provider lists. */
  model: string;
  messages: ChatMessage[];
  options?: Omit<ChatOptions, 'model' | 'signal'>;
  /**
   * Check answers to JSON calls (repair, ask again, else a 502): the promise of the public API.
   * Loremaster's own roles parse model output themselves and record what they skip.
   */
  checkJson?: boolean;
}

export interface EmbeddingRequest extends CallOptions {
  model: string;
  input: string[];
  dimensions?: number;
}

export interface ModelInfo {
  id: string;
  ownedBy: string;
}

export interface GatewayOptions {
  settings: Settings;
  secrets: Secrets;
  logger: Logger;
  registry?: ProviderRegistry;
  redis?: Redis;
  /** Replaces the configured chain (tests). */
  middlewares?: Middleware[];
  /** Where hourly and daily usage roll-ups are persisted (the store). */
  usageSink?: UsageSink;
  /** Where budget spend persists (the store); with REDIS_URL, Redis is used instead. */
  budgetStore?: BudgetStore;
  /** Replaces the image providers named in config (tests). */
  imageRegistry?: ImageProviderRegistry;
}

/** Players wait on generation; analysis and maintenance run in the background. */
const ROLE_PRIORITY: Record<RoleName, Priority> = {
  generation: 'high',
  analysis: 'medium',
  maintenance: 'low',
  embedding: 'low',
};

const EMPTY: readonly never[] = [];

export class Gateway {
  readonly settings: Settings;
  readonly registry: ProviderRegistry;
  readonly bus: EventBus;
  /** The Redis client shared cache and limits use, when REDIS_URL is set. */
  readonly redis: Redis | undefined;
  /** Usage, budgets and metrics, read by the analytics routes. */
  readonly parts: GatewayParts;
  private readonly middlewares: Middleware[];
  private readonly handlers: Handlers;
  private readonly keyRates: Map<string, RateConfig>;
  /** Reports calls that fail before monitoring counts them in; undefined when monitoring is off. */
  private readonly refusals: Refusals | undefined;
  /** The image path: its own small chain (route, cache, limit, failover) over the same accounting. */
  readonly images: ImageGateway;

  constructor(deps: MiddlewareDeps, middlewares: Middleware[], parts: GatewayParts, images: ImageGateway) {
    this.settings = deps.settings;
    this.registry = deps.registry;
    this.bus = deps.bus;
    this.redis = deps.redis;
    this.parts = parts;
    deps.keyRates ??= new Map();
    this.keyRates = deps.keyRates;
    this.middlewares = middlewares;
    this.images = images;
    // JSON answers are checked right above the provider: every attempt, and only valid ones are cached.
    const chain = compose(middlewares, withStructuredOutput(providerHandlers));
    // Monitoring accounts for the calls it admits; a chain without it accounts for none.
    const accounting = middlewares.some((middleware) => middleware.name === 'monitoring');
    this.refusals = accounting ? new Refusals(deps.bus, deps.secrets) : undefined;
    this.handlers = this.refusals ? this.refusals.wrap(chain) : chain;
  }

  async complete(request: CompletionRequest): Promise<ChatResult> {
    return this.handlers.chat(this.call('chat', request, request.messages, EMPTY, undefined));
  }

  /** Resolves once the first event has arrived: a failure before it is an ordinary rejection. */
  async stream(request: CompletionRequest): Promise<StartedStream> {
    return this.handlers.stream(this.call('stream', request, request.messages, EMPTY, undefined));
  }

  async embed(request: EmbeddingRequest): Promise<EmbedResult> {
    return this.handlers.embed(this.call('embed', request, EMPTY, request.input, request.dimensions));
  }

  /** Draws pictures through the image path (see gateway/images). */
  async image(request: ImageGenerationRequest): Promise<ImageAnswer> {
    return this.images.generate(request);
  }

  /**
   * The rate limits and budgets of keys kept in the store, by key id (replacing the previous set; a
   * budget that did not change keeps what it has counted).
   */
  setKeyLimits(keys: readonly { id: string; rate?: RateConfig; budget?: KeyBudget }[]): void {
    this.keyRates.clear();
    for (const key of keys) if (key.rate) this.keyRates.set(key.id, key.rate);
    const budgets = new Map<string, KeyBudget>();
    for (const key of keys) if (key.budget) budgets.set(key.id, key.budget);
    this.parts.budgets.setKeyBudgets(budgets);
  }

  /** Every name a client may send as `model`. */
  models(): ModelInfo[] {
    const out: ModelInfo[] = Object.keys(this.settings.roles).map((role) => ({
      id: role,
      ownedBy: 'loremaster',
    }));
    for (const entry of this.registry.list()) {
      if (!entry.provider) continue;
      out.push({ id: entry.name, ownedBy: entry.name });
      for (const model of entry.provider.models)
        out.push({ id: `${entry.name}/${model}`, ownedBy: entry.name });
    }
    return out;
  }

  /**
   * Who answers a role now: its own provider when usable, else the first usable one of its failover
   * chain (`serving`), for /health. Undefined `serving`: nothing can answer the role.
   */
  roleRoute(role: RoleName): { provider: string; serving: string | undefined; reason: string | undefined } {
    const configured = this.settings.roles[role].provider;
    const entry = this.registry.get(configured);
    if (entry?.provider) return { provider: configured, serving: configured, reason: undefined };
    const fallback = roleFallbacks(role, this.settings, this.registry)[0];
    return {
      provider: configured,
      serving: fallback?.name,
      reason: entry?.unavailableReason ?? `provider ${configured} is not configured`,
    };
  }

  /** Each middleware's numbers (cache, queue, circuits...), for /metrics and /health. */
  stats(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const middleware of this.middlewares)
      if (middleware.stats) out[middleware.name] = middleware.stats();
    out.images = this.images.stats();
    return out;
  }

  /**
   * Runs the after-call work (metrics, usage, llm.* events) held while calls overlap: whatever reads
   * what that work feeds outside the gateway (the call log, the event log) calls this first.
   */
  settle(): void {
    this.parts.afterCall.settle();
  }

  async close(): Promise<void> {
    // Before the middlewares: the last spend is written while Redis (a middleware) is still open.
    await this.parts.budgets.close();
    for (const middleware of this.middlewares) await middleware.close?.();
    await this.images.close();
  }

  private call(
    kind: CallKind,
    request: CallOptions & { model: string; options?: Omit<ChatOptions, 'model' | 'signal'> },
    messages: readonly ChatMessage[],
    input: readonly string[],
    dimensions: number | undefined,
  ): GatewayCall {
    const startedAt = performance.now();
    const state = request.state ?? newCallState();
    // A state passed again for another call: that call is not counted in yet.
    delete state.accounted;
    // The call's id is made here, the one place calls are accounted: the call log, the events and
    // feedback all know the call by it, and the caller reads it from `state.callId`.
    const id = request.id ?? newId();
    state.callId = id;
    let route: Route | undefined;
    try {
      route = resolveRoute(request.model, this.settings, this.registry);
      return this.build(id, kind, route, request, messages, input, dimensions, state, startedAt);
    } catch (error) {
      // Refused before the chain (the model does not route, its provider is not configured): the
      // failure is still reported, as every failed call is.
      this.refusals?.report(
        {
          id,
          kind,
          model: request.model,
          provider: route?.provider ?? request.model.split('/')[0] ?? request.model,
          role: route?.role,
          apiKeyId: request.apiKeyId,
          meta: request.meta ?? {},
          call: {
            kind,
            model: request.model,
            messages,
            input,
            dimensions,
            options: request.options ?? {},
            checkJson: 'checkJson' in request && request.checkJson === true,
          },
          startedAt,
        },
        error,
      );
      throw error;
    }
  }

  private build(
    id: string,
    kind: CallKind,
    route: Route,
    request: CallOptions & { model: string; options?: Omit<ChatOptions, 'model' | 'signal'> },
    messages: readonly ChatMessage[],
    input: readonly string[],
    dimensions: number | undefined,
    state: CallState,
    startedAt: number,
  ): GatewayCall {
    const entry = this.registry.get(route.provider);
    if (!entry) throw new GatewayError('model_not_found', `Unknown provider "${route.provider}"`);
    let provider = entry.provider;
    let providerModel = route.model;
    if (!provider) {
      // A role whose provider cannot be used (no API key, disabled) is served by its failover chain,
      // as if that provider had failed: a missing key must not turn every turn into an error.
      const fallback = route.role ? roleFallbacks(route.role, this.settings, this.registry)[0] : undefined;
      if (!fallback)
        throw new GatewayError('provider_not_configured', entry.unavailableReason ?? 'unavailable');
      provider = fallback.provider;
      providerModel = fallback.model;
      state.failedOver.push(route.provider);
    }
    let options = request.options ?? {};
    let callDimensions = dimensions;
    if (route.role === 'embedding') {
      callDimensions ??= this.settings.roles.embedding.dimensions;
    } else if (route.role) {
      const role = this.settings.roles[route.role];
      if (options.maxTokens === undefined || options.temperature === undefined) {
        options = { maxTokens: role.max_tokens, temperature: role.temperature, ...stripUndefined(options) };
      }
    }
    return {
      id,
      kind,
      model: request.model,
      route,
      provider,
      providerModel,
      messages,
      input,
      dimensions: callDimensions,
      options,
      priority: request.priority ?? (route.role ? ROLE_PRIORITY[route.role] : 'high'),
      apiKeyId: request.apiKeyId,
      client: request.client ?? request.apiKeyId !== undefined,
      role: route.role,
      cacheMode: request.cache ?? 'auto',
      ...('checkJson' in request && request.checkJson === true && { checkJson: true }),
      meta: request.meta ?? {},
      signal: request.signal,
      startedAt,
      state,
    };
  }
}

/**
 * A Redis client that fails fast instead of queueing commands while Redis is away. Start waits for
 * it (briefly): a Redis that is down at start is logged, and the gateway runs on (cache misses,
 * limits open) while the client keeps reconnecting.
 */
async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
  redis.on('error', (error: Error) => logger.warn({ message: error.message }, 'Redis error'));
  const ready = new Promise<boolean>((resolve) => {
    redis.once('ready', () => resolve(true));
    setTimeout(() => resolve(false), 2_000).unref();
  });
  if (!(await ready)) logger.warn('Redis is not reachable yet; the cache and rate limits run without it');
  return redis;
}

export function newCallState(): CallState {
  return { attempts: 0, failedOver: [], cache: undefined, queuedMs: 0, coalesced: false };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const registry = options.registry ?? ProviderRegistry.fromConfig(options.settings, options.secrets);
  // With REDIS_URL, cache and limits are shared by every instance; the gateway owns that client.
  const redisUrl = options.secrets.values.REDIS_URL;
  const ownRedis =
    options.redis === undefined && redisUrl !== undefined
      ? await connectRedis(redisUrl, options.logger)
      : undefined;
  const deps: MiddlewareDeps = {
    settings: options.settings,
    secrets: options.secrets,
    logger: options.logger,
    registry,
    redis: options.redis ?? ownRedis,
    bus: new EventBus((error, event) => options.logger.warn({ err: error, event }, 'event listener failed')),
  };
  // The metrics read the gateway's stats when scraped; the gateway is built after its middlewares.
  let gateway: Gateway | undefined;
  const built = buildMiddlewares(deps, {
    stats: () => gateway?.stats() ?? {},
    ...(options.usageSink && { usageSink: options.usageSink }),
    ...(options.budgetStore && { budgetStore: options.budgetStore }),
  });
  const middlewares = options.middlewares ?? built.middlewares;
  if (ownRedis)
    middlewares.push({
      name: 'redis',
      wrap: (next) => next,
      close: async () => void (await ownRedis.quit()),
    });
  const images = new ImageGateway({
    settings: options.settings,
    registry: options.imageRegistry ?? ImageProviderRegistry.fromConfig(options.settings, options.secrets),
    limit: new ImageLimit(options.settings.images.per_minute, {
      redis: deps.redis,
      prefix: `${options.settings.gateway.limits.redis_prefix}images:`,
      logger: options.logger,
    }),
    bus: deps.bus,
    usage: built.parts.usage,
    budgets: built.parts.budgets,
    metrics: built.parts.metrics,
    logger: options.logger,
    replay: createImageReplay(
      options.settings.gateway.replay.mode,
      options.settings.gateway.replay.cassette,
      options.logger,
    ),
  });
  gateway = new Gateway(deps, middlewares, built.parts, images);
  // Budgets start from what was already spent (before a restart, or by other instances).
  await built.parts.budgets.start();
  return gateway;
}

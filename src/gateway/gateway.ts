/**
 * The one entry for every model call: complete, stream, embed. It routes a model name to a provider,
 * applies the role's defaults, and keeps each provider's health record. The middleware chain (cache,
 * limits, resilience, usage) wraps these calls.
 */
import type { Settings } from '../config/index.js';
import type {
  ChatMessage,
  ChatOptions,
  ChatResult,
  EmbedResult,
  Provider,
  StreamEvent,
} from '../providers/index.js';
import { isProviderError, ProviderError } from '../providers/index.js';
import { GatewayError } from './errors.js';
import type { ProviderRegistry } from './registry.js';
import { type Route, resolveRoute } from './router.js';

export interface CompletionRequest {
  /** A role, a provider, `provider/model`, or a model a provider lists. */
  model: string;
  messages: ChatMessage[];
  options?: Omit<ChatOptions, 'model' | 'signal'>;
  signal?: AbortSignal;
}

export interface EmbeddingRequest {
  model: string;
  input: string[];
  dimensions?: number;
  signal?: AbortSignal;
}

export interface OpenedStream {
  provider: string;
  /** The model id asked of the provider. */
  model: string;
  events: AsyncIterable<StreamEvent>;
}

export interface ModelInfo {
  id: string;
  ownedBy: string;
}

export class Gateway {
  readonly settings: Settings;
  readonly registry: ProviderRegistry;

  constructor(settings: Settings, registry: ProviderRegistry) {
    this.settings = settings;
    this.registry = registry;
  }

  async complete(request: CompletionRequest): Promise<ChatResult> {
    const { provider, options } = this.prepare(request);
    try {
      const result = await provider.chat(request.messages, options);
      this.registry.recordSuccess(provider.name);
      return result;
    } catch (error) {
      throw this.failed(provider.name, error);
    }
  }

  /** Routes the request (throwing at once for an unknown model) and returns its event stream. */
  openStream(request: CompletionRequest): OpenedStream {
    const { provider, options } = this.prepare(request);
    return {
      provider: provider.name,
      model: options.model ?? provider.defaultModel,
      events: this.tracked(provider, provider.stream(request.messages, options)),
    };
  }

  async embed(request: EmbeddingRequest): Promise<EmbedResult> {
    const route = resolveRoute(request.model, this.settings, this.registry);
    const provider = this.providerFor(route);
    const roleDimensions = route.role === 'embedding' ? this.settings.roles.embedding.dimensions : undefined;
    const dimensions = request.dimensions ?? roleDimensions;
    const model = route.model ?? provider.defaultEmbeddingModel;
    try {
      const result = await provider.embed(request.input, {
        ...(model !== undefined && { model }),
        ...(dimensions !== undefined && { dimensions }),
        ...(request.signal && { signal: request.signal }),
      });
      this.registry.recordSuccess(provider.name);
      return result;
    } catch (error) {
      throw this.failed(provider.name, error);
    }
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

  private prepare(request: CompletionRequest): { provider: Provider; options: ChatOptions } {
    const route = resolveRoute(request.model, this.settings, this.registry);
    const provider = this.providerFor(route);
    const options: ChatOptions = { ...request.options };
    if (route.model) options.model = route.model;
    if (route.role && route.role !== 'embedding') {
      const role = this.settings.roles[route.role];
      options.maxTokens ??= role.max_tokens;
      options.temperature ??= role.temperature;
    }
    if (request.signal) options.signal = request.signal;
    return { provider, options };
  }

  private providerFor(route: Route): Provider {
    const entry = this.registry.get(route.provider);
    if (!entry) throw new GatewayError('model_not_found', `Unknown provider "${route.provider}"`);
    if (!entry.provider)
      throw new GatewayError('provider_not_configured', entry.unavailableReason ?? 'unavailable');
    return entry.provider;
  }

  private async *tracked(
    provider: Provider,
    events: AsyncIterable<StreamEvent>,
  ): AsyncGenerator<StreamEvent> {
    try {
      for await (const event of events) {
        if (event.type === 'done') this.registry.recordSuccess(provider.name);
        yield event;
      }
    } catch (error) {
      throw this.failed(provider.name, error);
    }
  }

  private failed(provider: string, error: unknown): unknown {
    // A cancelled call says nothing about the provider's health.
    if (isProviderError(error) && error.code !== 'aborted')
      this.registry.recordFailure(provider, error.message);
    if (!isProviderError(error) && !(error instanceof GatewayError)) {
      this.registry.recordFailure(provider, String(error));
      return new ProviderError('bad_response', `${provider} failed: ${String(error)}`, {
        provider,
        cause: error,
      });
    }
    return error;
  }
}

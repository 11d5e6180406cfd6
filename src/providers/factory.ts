/** Builds a provider by name from its config entry and the secrets in the environment. */
import { apiKeyEnvFor, type ProviderConfig, type Secrets } from '../config/index.js';
import { ProviderError } from './errors.js';
import { MockProvider } from './mock.js';
import { OfflineProvider } from './offline/index.js';
import type { Provider } from './types.js';
import {
  createAnthropicProvider,
  createMistralProvider,
  createOpenAICompatibleProvider,
  createOpenAIProvider,
  type VendorSettings,
} from './vendors.js';

const VENDOR_FACTORIES = {
  openai: createOpenAIProvider,
  anthropic: createAnthropicProvider,
  mistral: createMistralProvider,
  'openai-compatible': createOpenAICompatibleProvider,
} as const;

/**
 * Creates the provider named `name`. Throws a `not_configured` ProviderError when a vendor needs an
 * API key or base URL that is missing, with a message saying which variable to set.
 */
export function createProvider(name: string, config: ProviderConfig, secrets: Secrets): Provider {
  switch (config.type) {
    case 'offline':
      return new OfflineProvider({ name });
    case 'mock':
      return new MockProvider({ name });
    default: {
      const keyEnv = apiKeyEnvFor(config);
      const apiKey = keyEnv ? secrets.values[keyEnv] : undefined;
      // OpenAI-compatible local servers usually need no key; the vendors always do.
      if (config.type !== 'openai-compatible' && !apiKey) {
        throw new ProviderError('not_configured', `provider ${name} is not configured: set ${keyEnv}`, {
          provider: name,
          retryable: false,
        });
      }
      if (!config.base_url) {
        throw new ProviderError('not_configured', `provider ${name} is not configured: set its base_url`, {
          provider: name,
          retryable: false,
        });
      }
      const defaultModel = config.default_model ?? config.models[0] ?? 'default';
      const settings: VendorSettings = {
        name,
        baseUrl: config.base_url.replace(/\/+$/, ''),
        apiKey,
        models: config.models.length > 0 ? config.models : [defaultModel],
        defaultModel,
        defaultEmbeddingModel:
          config.embedding_model ?? (config.type === 'openai-compatible' ? defaultModel : undefined),
        timeoutMs: config.timeout_ms,
      };
      return VENDOR_FACTORIES[config.type](settings);
    }
  }
}

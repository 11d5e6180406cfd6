/** Builds an image provider from its config entry; a vendor without its API key is unavailable, with the reason. */
import { type ImageProviderConfig, imageKeyEnvFor, type Secrets } from '../../config/index.js';
import { ProviderError } from '../errors.js';
import { GetImgProvider } from './getimg.js';
import { OfflineImageProvider } from './offline/index.js';
import { OpenAiImagesProvider } from './openai-images.js';
import type { ImageProvider } from './types.js';

export function createImageProvider(
  name: string,
  config: ImageProviderConfig,
  secrets: Secrets,
): ImageProvider {
  const keyEnv = imageKeyEnvFor(config);
  const apiKey = keyEnv ? secrets.values[keyEnv] : undefined;
  const models = config.models;
  const defaultModel = config.default_model ?? models[0];
  const notConfigured = (what: string) =>
    new ProviderError('not_configured', `image provider ${name}: ${what}`, { provider: name });
  switch (config.type) {
    case 'offline':
      return new OfflineImageProvider(name);
    case 'openai':
    case 'openai-compatible': {
      if (config.type === 'openai' && !apiKey) throw notConfigured(`set ${keyEnv} to use it`);
      if (!config.base_url) throw notConfigured('set base_url');
      if (!defaultModel) throw notConfigured('name a model (models or default_model)');
      return new OpenAiImagesProvider({
        name,
        kind: config.type,
        baseUrl: config.base_url.replace(/\/+$/, ''),
        apiKey,
        models,
        defaultModel,
        timeoutMs: config.timeout_ms,
      });
    }
    case 'getimg': {
      if (!apiKey) throw notConfigured(`set ${keyEnv} to use it`);
      if (!config.base_url) throw notConfigured('set base_url');
      return new GetImgProvider({
        name,
        baseUrl: config.base_url.replace(/\/+$/, ''),
        apiKey,
        models,
        defaultModel: defaultModel ?? 'flux-schnell',
        timeoutMs: config.timeout_ms,
      });
    }
  }
}

/**
 * Which image provider draws a request, and what it fails over to.
 *
 *   undefined / "default"       → `images.provider` (a name or `provider/model`)
 *   "getimg/flux-schnell"       → that provider and model
 *   "openai" (a provider name)  → its default model
 *   "dall-e-3" (a bare model)   → the first provider that lists it
 *
 * The chain is the route's provider, then `images.failover`, then offline (`images.offline_fallback`);
 * providers that cannot be used (no key, disabled) are left out, and each appears once.
 */
import type { ImagesConfig } from '../../config/index.js';
import type { ImageProvider } from '../../providers/index.js';
import { GatewayError } from '../errors.js';
import type { ImageProviderRegistry } from './image-registry.js';

export interface ImageTarget {
  name: string;
  provider: ImageProvider;
  /** The provider's model; undefined: its default. */
  model: string | undefined;
}

export interface ImageRoute {
  /** The provider the route names first (usable or not). */
  provider: string;
  model: string | undefined;
  /** Why the named provider is left out of the chain, when it is. */
  skipped: string | undefined;
  chain: ImageTarget[];
}

function split(name: string): { provider: string; model: string | undefined } {
  const slash = name.indexOf('/');
  return slash > 0
    ? { provider: name.slice(0, slash), model: name.slice(slash + 1) || undefined }
    : { provider: name, model: undefined };
}

function resolveName(
  name: string,
  registry: ImageProviderRegistry,
): { provider: string; model: string | undefined } {
  const parts = split(name);
  if (registry.get(parts.provider)) return parts;
  for (const entry of registry.list()) {
    if (entry.provider?.models.includes(name)) return { provider: entry.name, model: name };
  }
  const names = registry.list().map((entry) => entry.name);
  throw new GatewayError(
    'model_not_found',
    `The image model "${name}" does not exist. Use an image provider (${names.join(', ')}), "provider/model", or a model one of them lists.`,
  );
}

export function resolveImageRoute(
  model: string | undefined,
  config: ImagesConfig,
  registry: ImageProviderRegistry,
): ImageRoute {
  const first = resolveName(model === undefined || model === 'default' ? config.provider : model, registry);
  const names = [`${first.provider}${first.model ? `/${first.model}` : ''}`, ...config.failover];
  if (config.offline_fallback) names.push('offline');
  const chain: ImageTarget[] = [];
  let skipped: string | undefined;
  for (const [index, name] of names.entries()) {
    const parts = split(name);
    const entry = registry.get(parts.provider);
    if (!entry?.provider) {
      if (index === 0)
        skipped = entry?.unavailableReason ?? `image provider ${parts.provider} is not configured`;
      continue;
    }
    if (chain.some((target) => target.provider === entry.provider)) continue;
    chain.push({ name: parts.provider, provider: entry.provider, model: parts.model });
  }
  if (chain.length === 0)
    throw new GatewayError('provider_not_configured', skipped ?? 'No image provider can be used');
  return { provider: first.provider, model: first.model, skipped, chain };
}

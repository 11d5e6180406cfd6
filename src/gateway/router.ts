/**
 * Model routing: the `model` a client sends names a provider and its model.
 *
 *   "generation" (a role)        → the role's provider and model, with the role's defaults
 *   "openai/gpt-4o-mini"         → provider "openai", model "gpt-4o-mini"
 *   "offline" (a provider name)  → that provider's default model
 *   "gpt-4o-mini" (a bare model) → the first provider that lists it
 */
import { ROLE_NAMES, type RoleName, type Settings } from '../config/index.js';
import type { Provider } from '../providers/index.js';
import { GatewayError } from './errors.js';
import type { ProviderRegistry } from './registry.js';

/** One step of a role's failover chain: a usable provider and the model to ask it for. */
export interface ChainTarget {
  name: string;
  provider: Provider;
  model: string | undefined;
}

export interface Route {
  provider: string;
  /** The provider's model id; undefined means the provider's default. */
  model: string | undefined;
  role: RoleName | undefined;
}

const ROLES: ReadonlySet<string> = new Set(ROLE_NAMES);

export function resolveRoute(name: string, settings: Settings, registry: ProviderRegistry): Route {
  if (ROLES.has(name)) {
    const role = name as RoleName;
    const config = settings.roles[role];
    return { provider: config.provider, model: config.model, role };
  }
  const slash = name.indexOf('/');
  if (slash > 0) {
    const provider = name.slice(0, slash);
    if (registry.get(provider))
      return { provider, model: name.slice(slash + 1) || undefined, role: undefined };
  }
  if (registry.get(name)) return { provider: name, model: undefined, role: undefined };
  for (const entry of registry.list()) {
    if (entry.provider?.models.includes(name)) return { provider: entry.name, model: name, role: undefined };
  }
  throw new GatewayError(
    'model_not_found',
    `The model "${name}" does not exist. Use a role (${ROLE_NAMES.join(', ')}), a provider name, or "provider/model"; GET /v1/models lists them.`,
  );
}

/**
 * The providers a role fails over to, in order, after its own: `gateway.resilience.failover[role]`
 * (names or `provider/model`), then offline unless `offline_fallback` is off. Providers that cannot be
 * used (no key, disabled) are left out, and each provider appears once.
 */
export function roleFallbacks(role: RoleName, settings: Settings, registry: ProviderRegistry): ChainTarget[] {
  const resilience = settings.gateway.resilience;
  const names = [...resilience.failover[role]];
  if (resilience.offline_fallback) names.push('offline');
  const out: ChainTarget[] = [];
  for (const name of names) {
    const slash = name.indexOf('/');
    const providerName = slash > 0 ? name.slice(0, slash) : name;
    const provider = registry.get(providerName)?.provider;
    if (!provider || out.some((target) => target.provider === provider)) continue;
    out.push({ name: providerName, provider, model: slash > 0 ? name.slice(slash + 1) : undefined });
  }
  return out;
}

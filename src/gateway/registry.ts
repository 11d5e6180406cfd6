/**
 * The providers this process can call, built once from config, with the health /health reports:
 * down when not configured, degraded while the resilience layer's circuit breaker is not closed.
 */
import { redactSecrets, type Secrets, type Settings } from '../config/index.js';
import { createProvider, isProviderError, type Provider } from '../providers/index.js';

export type ProviderHealth = 'ok' | 'degraded' | 'down';

export interface ProviderEntry {
  name: string;
  type: string;
  provider: Provider | undefined;
  /** Why the provider cannot be used, when it cannot. */
  unavailableReason: string | undefined;
  /** The resilience layer's circuit breaker state for this provider: not closed means degraded. */
  circuit: 'closed' | 'open' | 'half_open';
  lastError: string | undefined;
  lastErrorAt: number | undefined;
}

export class ProviderRegistry {
  private readonly entries = new Map<string, ProviderEntry>();

  constructor(providers: Iterable<[string, Provider | { unavailable: string; type: string }]>) {
    for (const [name, value] of providers) {
      const usable = 'chat' in value;
      this.entries.set(name, {
        name,
        type: usable ? value.kind : value.type,
        provider: usable ? value : undefined,
        unavailableReason: usable ? undefined : value.unavailable,
        circuit: 'closed',
        lastError: undefined,
        lastErrorAt: undefined,
      });
    }
  }

  static fromConfig(settings: Settings, secrets: Secrets): ProviderRegistry {
    const built: Array<[string, Provider | { unavailable: string; type: string }]> = [];
    for (const [name, config] of Object.entries(settings.providers)) {
      if (!config.enabled) {
        built.push([name, { unavailable: `provider ${name} is disabled in config`, type: config.type }]);
        continue;
      }
      try {
        built.push([name, createProvider(name, config, secrets)]);
      } catch (error) {
        if (!isProviderError(error)) throw error;
        built.push([name, { unavailable: error.message, type: config.type }]);
      }
    }
    return new ProviderRegistry(built);
  }

  get(name: string): ProviderEntry | undefined {
    return this.entries.get(name);
  }

  list(): ProviderEntry[] {
    return [...this.entries.values()];
  }

  setCircuit(name: string, state: ProviderEntry['circuit'], reason: string | undefined): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.circuit = state;
    if (state !== 'closed' && reason) {
      // Shown by /health and in logs: an upstream that echoed a key must not show it there.
      entry.lastError = redactSecrets(reason);
      entry.lastErrorAt = Date.now();
    }
  }

  health(name: string): ProviderHealth {
    const entry = this.entries.get(name);
    if (!entry?.provider) return 'down';
    return entry.circuit === 'closed' ? 'ok' : 'degraded';
  }
}

/**
 * The providers this process can call, built once from config, with a light health record of each
 * (enough for /health; the circuit breaker of the resilience layer refines it).
 */
import type { Secrets, Settings } from '../config/index.js';
import { createProvider, isProviderError, type Provider } from '../providers/index.js';

export type ProviderHealth = 'ok' | 'degraded' | 'down';

export interface ProviderEntry {
  name: string;
  type: string;
  provider: Provider | undefined;
  /** Why the provider cannot be used, when it cannot. */
  unavailableReason: string | undefined;
  consecutiveFailures: number;
  /** The resilience layer's circuit breaker state for this provider. */
  circuit: 'closed' | 'open' | 'half_open';
  lastError: string | undefined;
  lastErrorAt: number | undefined;
  lastSuccessAt: number | undefined;
}

/** Consecutive failures after which a provider shows as degraded. */
const DEGRADED_AFTER = 3;

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
        consecutiveFailures: 0,
        circuit: 'closed',
        lastError: undefined,
        lastErrorAt: undefined,
        lastSuccessAt: undefined,
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

  recordSuccess(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.consecutiveFailures = 0;
    entry.lastSuccessAt = Date.now();
  }

  recordFailure(name: string, message: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.consecutiveFailures += 1;
    entry.lastError = message;
    entry.lastErrorAt = Date.now();
  }

  setCircuit(name: string, state: ProviderEntry['circuit'], reason: string | undefined): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.circuit = state;
    if (state === 'closed') {
      entry.consecutiveFailures = 0;
      entry.lastSuccessAt = Date.now();
    } else if (reason) {
      entry.lastError = reason;
      entry.lastErrorAt = Date.now();
    }
  }

  health(name: string): ProviderHealth {
    const entry = this.entries.get(name);
    if (!entry?.provider) return 'down';
    if (entry.circuit !== 'closed') return 'degraded';
    return entry.consecutiveFailures >= DEGRADED_AFTER ? 'degraded' : 'ok';
  }
}

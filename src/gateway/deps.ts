/** What every middleware factory is given. */
import type { Redis } from 'ioredis';
import type { Logger, RateConfig, Secrets, Settings } from '../config/index.js';
import type { EventBus } from './events.js';
import type { ProviderRegistry } from './registry.js';

export interface MiddlewareDeps {
  settings: Settings;
  secrets: Secrets;
  bus: EventBus;
  logger: Logger;
  registry: ProviderRegistry;
  /** Present when REDIS_URL is set: shared cache and limits across instances. */
  redis: Redis | undefined;
  /** Rate limits of keys kept in the store (`loremaster keys create --rpm`), by key id; set by the API. */
  keyRates?: Map<string, RateConfig>;
}

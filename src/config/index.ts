export { DEFAULT_CONFIG } from './defaults.js';
export {
  type BudgetConfig,
  type GatewayConfig,
  gatewayConfigSchema,
  MIDDLEWARE_NAMES,
  type MiddlewareName,
  type PriceConfig,
  type RateConfig,
} from './gateway-schema.js';
export {
  BUILTIN_IMAGE_PROVIDERS,
  IMAGE_PROVIDER_TYPES,
  type ImageProviderConfig,
  type ImageProviderType,
  type ImagesConfig,
  imageProviderConfigs,
} from './images-schema.js';
export { ConfigError, type LoadedConfig, type LoadOptions, loadConfig } from './load.js';
export { createLogger, type Logger } from './logger.js';
export { REDACTED_TEXT, redactSecrets, redactValue, registerSecret, registerSecretUrl } from './redact.js';
export {
  PROVIDER_TYPES,
  type ProviderConfig,
  ROLE_NAMES,
  type RoleConfig,
  type RoleName,
  type Settings,
} from './schema.js';
export {
  type ApiKeyGrant,
  apiKeyEnvFor,
  imageKeyEnvFor,
  parseApiKeyGrant,
  redactText,
  type Secrets,
} from './secrets.js';
export { effectiveConfig, REDACTED, renderEffectiveConfig, saveConfig } from './show.js';

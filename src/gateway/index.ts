export { GatewayError, type GatewayErrorCode } from './errors.js';
export {
  type CompletionRequest,
  type EmbeddingRequest,
  Gateway,
  type ModelInfo,
  type OpenedStream,
} from './gateway.js';
export { type ProviderEntry, type ProviderHealth, ProviderRegistry } from './registry.js';
export { type Route, resolveRoute } from './router.js';

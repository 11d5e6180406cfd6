export { accountCalls, type CallAccountingOptions, type CallLogSink } from './call-accounting.js';
export {
  type CallAnswer,
  type CallBody,
  isChatKind,
  type StoredCallRequest,
  StreamAnswer,
  storedRequestOf,
} from './call-body.js';
export { compose, providerHandlers, startStream } from './chain.js';
export type { MiddlewareDeps } from './deps.js';
export { GatewayError, type GatewayErrorCode, isGatewayError } from './errors.js';
export { EventBus, type GatewayEventName, type GatewayEvents } from './events.js';
export {
  type CallOptions,
  type CompletionRequest,
  createGateway,
  type EmbeddingRequest,
  Gateway,
  type GatewayOptions,
  type ModelInfo,
  newCallState,
} from './gateway.js';
export {
  type ImageAnswer,
  ImageGateway,
  type ImageGenerationRequest,
  type ImageProviderEntry,
  ImageProviderRegistry,
} from './images/index.js';
export { type ProviderEntry, type ProviderHealth, ProviderRegistry } from './registry.js';
export { type Route, resolveRoute } from './router.js';
export type {
  CacheMode,
  CallKind,
  CallMeta,
  CallState,
  CallType,
  GatewayCall,
  Handlers,
  Middleware,
  Priority,
  StartedStream,
} from './types.js';
export { countPromptTokens } from './usage/tokens.js';

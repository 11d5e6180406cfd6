export { isProviderError, ProviderError, type ProviderErrorCode, parseRetryAfter } from './errors.js';
export { createProvider } from './factory.js';
export * from './image-input.js';
export {
  createImageProvider,
  type ImageProvider,
  type ImageQuality,
  type ImageRequest,
  type ImageResult,
  type ImageSize,
  type ImageStyle,
  type ImageSubject,
  sniffContentType,
  unhonoured,
} from './images/index.js';
export { type MockCall, MockProvider, type MockProviderOptions, type MockStep } from './mock.js';
export { OFFLINE_EMBEDDING_MODEL, OfflineProvider, offlineEmbed } from './offline/index.js';
export {
  isReasoningEvent,
  ReasoningAssembler,
  type ReasoningEvent,
  reasoningEvents,
  thinkingText,
} from './reasoning.js';
export {
  firstRefusedSampler,
  SAMPLER_FIELDS,
  type SamplerField,
  type SamplerRole,
  type SamplerType,
  type StandardOption,
  samplerCacheKey,
  samplerConflict,
  samplerField,
  samplersOn,
} from './samplers.js';
export { checkJsonText, type SchemaCheck, schemaProblem } from './schema-validator.js';
export { resultEvents, StreamAssembler } from './stream-assembly.js';
export type * from './types.js';

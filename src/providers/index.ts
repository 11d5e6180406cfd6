export { isProviderError, ProviderError, type ProviderErrorCode, parseRetryAfter } from './errors.js';
export { createProvider } from './factory.js';
export * from './image-input.js';
export { type MockCall, MockProvider, type MockProviderOptions, type MockStep } from './mock.js';
export { OfflineProvider } from './offline/index.js';
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
export type * from './types.js';

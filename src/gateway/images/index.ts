export { ImageCache } from './image-cache.js';
export {
  type ImageAnswer,
  ImageGateway,
  type ImageGenerationRequest,
} from './image-gateway.js';
export { ImageLimit } from './image-limit.js';
export { pricePerImage } from './image-pricing.js';
export { type ImageProviderEntry, ImageProviderRegistry } from './image-registry.js';
export { type ImageRoute, type ImageTarget, resolveImageRoute } from './image-route.js';

export { createImageProvider } from './factory.js';
export { GetImgProvider } from './getimg.js';
export { OFFLINE_IMAGE_MODEL, OfflineImageProvider } from './offline/index.js';
export { OpenAiImagesProvider } from './openai-images.js';
export {
  type GeneratedImage,
  type ImageContentType,
  type ImageParam,
  type ImageProvider,
  type ImageQuality,
  type ImageRequest,
  type ImageResult,
  type ImageSize,
  type ImageStyle,
  type ImageSubject,
  paramsSet,
  sniffContentType,
  unhonoured,
} from './types.js';

/**
 * What one picture costs, when the vendor does not say (GetImg does, in its answer): the provider's
 * `price_per_image` from config, else OpenAI's list prices by model, size and quality, else 0.
 */
import type { ImageQuality, ImageSize } from '../../providers/index.js';

/** OpenAI's list prices in USD per image (square 1024, and larger sizes), by model and quality. */
function openAiPrice(model: string, size: ImageSize, quality: ImageQuality | undefined): number | undefined {
  const large = size.width * size.height > 1024 * 1024;
  switch (model) {
    case 'dall-e-3':
      return quality === 'hd' ? (large ? 0.12 : 0.08) : large ? 0.08 : 0.04;
    case 'dall-e-2':
      return size.width <= 256 ? 0.016 : size.width <= 512 ? 0.018 : 0.02;
    case 'gpt-image-1': {
      const byQuality = quality === 'low' ? 0.011 : quality === 'high' || quality === 'hd' ? 0.167 : 0.042;
      return large ? byQuality * 1.5 : byQuality;
    }
    default:
      return undefined;
  }
}

export function pricePerImage(options: {
  kind: string;
  model: string;
  size: ImageSize;
  quality: ImageQuality | undefined;
  configured: number | undefined;
}): number {
  if (options.configured !== undefined) return options.configured;
  if (options.kind === 'offline') return 0;
  if (options.kind === 'openai') return openAiPrice(options.model, options.size, options.quality) ?? 0;
  return 0;
}

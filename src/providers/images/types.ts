/**
 * The image providers' contract: one `generate` call that turns a prompt and its parameters into
 * pictures (bytes and their content type). Every provider (OpenAI images, GetImg, any OpenAI-compatible
 * image endpoint, the offline drawer) implements it; nothing above `providers/` knows a wire format.
 */
import type { ImageProviderType } from '../../config/index.js';

export type ImageQuality = 'standard' | 'hd' | 'low' | 'medium' | 'high' | 'auto';
export type ImageStyle = 'vivid' | 'natural';
/** What the picture shows, when the caller knows (the offline drawer draws each its own way). */
export type ImageSubject = 'portrait' | 'heraldry' | 'map' | 'scene';
export type ImageContentType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/svg+xml';

export interface ImageSize {
  width: number;
  height: number;
}

export interface ImageRequest {
  prompt: string;
  /** The provider's model; undefined: its default. */
  model?: string | undefined;
  n: number;
  size: ImageSize;
  quality?: ImageQuality | undefined;
  style?: ImageStyle | undefined;
  /** What to keep out of the picture (GetImg, the offline drawer). */
  negativePrompt?: string | undefined;
  /** Same seed, same prompt: the same picture, where the provider can promise it. */
  seed?: number | undefined;
  subject?: ImageSubject | undefined;
  /** Image-to-image (style transfer, enhancement): the picture to start from and how far to move from it. */
  source?: { bytes: Buffer; strength: number } | undefined;
  /** The end user (OpenAI's abuse monitoring). */
  user?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface GeneratedImage {
  bytes: Buffer;
  contentType: ImageContentType;
  /** The prompt the model actually drew from, when it rewrote it (DALL-E 3). */
  revisedPrompt?: string | undefined;
  seed?: number | undefined;
}

export interface ImageResult {
  images: GeneratedImage[];
  provider: string;
  model: string;
  /** What the vendor said it charged (GetImg's `cost`), for all the images; undefined: it did not say. */
  costUsd: number | undefined;
  latencyMs: number;
}

/** The request parameters a provider can act on; the gateway refuses or skips what it cannot. */
export type ImageParam = 'quality' | 'style' | 'negative_prompt' | 'seed' | 'source_image';

export interface ImageProvider {
  readonly name: string;
  readonly kind: ImageProviderType;
  readonly defaultModel: string;
  readonly models: readonly string[];
  /** Which of the optional parameters this provider honours. */
  readonly honours: ReadonlySet<ImageParam>;
  generate(request: ImageRequest): Promise<ImageResult>;
}

/** The optional parameters a request sets, by their API names. */
export function paramsSet(request: ImageRequest): ImageParam[] {
  const out: ImageParam[] = [];
  if (request.quality !== undefined && request.quality !== 'auto') out.push('quality');
  if (request.style !== undefined) out.push('style');
  if (request.negativePrompt !== undefined) out.push('negative_prompt');
  if (request.seed !== undefined) out.push('seed');
  if (request.source !== undefined) out.push('source_image');
  return out;
}

/** The first parameter of the request this provider cannot honour, if any. */
export function unhonoured(provider: ImageProvider, request: ImageRequest): ImageParam | undefined {
  return paramsSet(request).find((param) => !provider.honours.has(param));
}

/** Sniffs the content type of picture bytes (PNG, JPEG, WebP, SVG); undefined: none of them. */
export function sniffContentType(bytes: Buffer): ImageContentType | undefined {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length >= 12 &&
    bytes.toString('ascii', 0, 4) === 'RIFF' &&
    bytes.toString('ascii', 8, 12) === 'WEBP'
  )
    return 'image/webp';
  const head = bytes.subarray(0, 256).toString('utf8').trimStart();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'image/svg+xml';
  return undefined;
}

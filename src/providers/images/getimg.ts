/**
 * GetImg.AI: `POST {base}/v1/{family}/text-to-image` (and `/image-to-image` for style transfer and
 * enhancement from a picture), bearer GETIMG_API_KEY, answering `{image, seed, cost}` with the image in
 * base64. A model is a family (`flux-schnell`, `stable-diffusion-xl`, `essential-v2`) or a family and a
 * model of it (`stable-diffusion-xl/realvis-xl-v4`). One picture per request: `n` is that many requests.
 */
import { ProviderError } from '../errors.js';
import type { GeneratedImage, ImageParam, ImageProvider, ImageRequest, ImageResult } from './types.js';
import { downloadImage, imageFromBase64, postJson } from './wire.js';

export interface GetImgOptions {
  name: string;
  baseUrl: string;
  apiKey: string;
  models: readonly string[];
  defaultModel: string;
  timeoutMs: number;
}

/** Families that take a negative prompt (the FLUX ones do not). */
const NEGATIVE_PROMPT_FAMILIES = new Set(['stable-diffusion-xl', 'stable-diffusion', 'essential-v2']);
/** Families with an image-to-image endpoint. */
const IMAGE_TO_IMAGE_FAMILIES = new Set(['stable-diffusion-xl', 'stable-diffusion', 'flux-schnell']);

const HONOURS: ReadonlySet<ImageParam> = new Set(['negative_prompt', 'seed', 'source_image', 'quality']);

export class GetImgProvider implements ImageProvider {
  readonly name: string;
  readonly kind = 'getimg' as const;
  readonly defaultModel: string;
  readonly models: readonly string[];
  readonly honours = HONOURS;

  constructor(private readonly options: GetImgOptions) {
    this.name = options.name;
    this.defaultModel = options.defaultModel;
    this.models = options.models;
  }

  async generate(request: ImageRequest): Promise<ImageResult> {
    const started = performance.now();
    const model = request.model ?? this.defaultModel;
    const slash = model.indexOf('/');
    const family = slash > 0 ? model.slice(0, slash) : model;
    const familyModel = slash > 0 ? model.slice(slash + 1) : undefined;
    if (request.negativePrompt !== undefined && !NEGATIVE_PROMPT_FAMILIES.has(family))
      throw unsupported(this.name, 'negative_prompt', `GetImg's ${family} takes no negative prompt`);
    if (request.source && !IMAGE_TO_IMAGE_FAMILIES.has(family))
      throw unsupported(this.name, 'source_image', `GetImg's ${family} has no image-to-image`);
    const images: GeneratedImage[] = [];
    let cost: number | undefined;
    for (let i = 0; i < request.n; i++) {
      const seed = request.seed === undefined ? undefined : request.seed + i;
      const answer = await this.once(family, familyModel, request, seed);
      images.push(answer.image);
      if (answer.cost !== undefined) cost = (cost ?? 0) + answer.cost;
    }
    return { images, provider: this.name, model, costUsd: cost, latencyMs: performance.now() - started };
  }

  private async once(
    family: string,
    familyModel: string | undefined,
    request: ImageRequest,
    seed: number | undefined,
  ): Promise<{ image: GeneratedImage; cost: number | undefined }> {
    const wire = { provider: this.name, timeoutMs: this.options.timeoutMs, signal: request.signal };
    const endpoint = request.source ? 'image-to-image' : 'text-to-image';
    const body: Record<string, unknown> = {
      ...(familyModel !== undefined && { model: familyModel }),
      prompt: request.prompt,
      ...(request.negativePrompt !== undefined && { negative_prompt: request.negativePrompt }),
      ...(request.source
        ? { image: request.source.bytes.toString('base64'), strength: request.source.strength }
        : { width: request.size.width, height: request.size.height }),
      ...(seed !== undefined && { seed }),
      // More steps for a better picture (FLUX schnell takes 1 to 6; the others more).
      ...(request.quality !== undefined &&
        request.quality !== 'auto' && { steps: stepsFor(family, request.quality) }),
      output_format: 'png',
      response_format: 'b64',
    };
    const answer = await postJson(
      `${this.options.baseUrl}/v1/${family}/${endpoint}`,
      body,
      { authorization: `Bearer ${this.options.apiKey}` },
      wire,
    );
    const extra = typeof answer.seed === 'number' ? { seed: answer.seed } : {};
    const image =
      typeof answer.image === 'string' && /^https?:\/\//.test(answer.image)
        ? await downloadImage(answer.image, wire, extra)
        : typeof answer.url === 'string'
          ? await downloadImage(answer.url, wire, extra)
          : imageFromBase64(answer.image, this.name, extra);
    return { image, cost: typeof answer.cost === 'number' ? answer.cost : undefined };
  }
}

function stepsFor(family: string, quality: string): number {
  const high = quality === 'hd' || quality === 'high';
  const low = quality === 'low';
  if (family === 'flux-schnell') return high ? 6 : low ? 2 : 4;
  return high ? 40 : low ? 15 : 25;
}

function unsupported(provider: string, param: string, message: string): ProviderError {
  return new ProviderError('unsupported', message, { provider, param, retryable: false });
}

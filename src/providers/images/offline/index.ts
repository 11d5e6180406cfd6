/**
 * The offline image provider: deterministic drawings with no network. Portraits (DiceBear faces),
 * heraldry for factions and items, maps and vignettes for locations; PNG through resvg (WebAssembly).
 * The same prompt, parameters and seed give the same bytes on every machine. It honours every optional
 * parameter: `quality` sets the detail, `style` the palette (vivid or natural), a colour named in the
 * negative prompt is left out, `seed` varies the drawing, a source image is restyled.
 */
import { ProviderError } from '../../errors.js';
import type {
  GeneratedImage,
  ImageParam,
  ImageProvider,
  ImageRequest,
  ImageResult,
  ImageSubject,
} from '../types.js';
import { heraldrySvg } from './heraldry.js';
import { mapSvg } from './map.js';
import { palette } from './palette.js';
import { portraitSvg } from './portrait.js';
import { randomFrom } from './random.js';
import { svgToPng } from './rasterize.js';
import { restyleSvg } from './restyle.js';
import { subjectOf } from './subject.js';

export const OFFLINE_IMAGE_MODEL = 'offline-drawing';

const HONOURS: ReadonlySet<ImageParam> = new Set([
  'quality',
  'style',
  'negative_prompt',
  'seed',
  'source_image',
]);

/** Largest side the offline drawer renders (memory and time per picture stay bounded). */
const MAX_SIDE = 2048;

function detailOf(quality: ImageRequest['quality']): number {
  if (quality === 'hd' || quality === 'high') return 2;
  if (quality === 'low') return 0;
  return 1;
}

export class OfflineImageProvider implements ImageProvider {
  readonly kind = 'offline' as const;
  readonly defaultModel = OFFLINE_IMAGE_MODEL;
  readonly models = [OFFLINE_IMAGE_MODEL] as const;
  readonly honours = HONOURS;

  constructor(readonly name = 'offline') {}

  async generate(request: ImageRequest): Promise<ImageResult> {
    const started = performance.now();
    const { width, height } = request.size;
    if (width > MAX_SIDE || height > MAX_SIDE)
      throw new ProviderError(
        'upstream_bad_request',
        `The offline drawer draws at most ${MAX_SIDE} pixels a side`,
        {
          provider: this.name,
          param: 'size',
          retryable: false,
        },
      );
    const subject = request.subject ?? subjectOf(request.prompt, request.negativePrompt);
    const images: GeneratedImage[] = [];
    for (let i = 0; i < request.n; i++) {
      request.signal?.throwIfAborted();
      const svg = this.draw(request, subject, i);
      images.push({ bytes: await svgToPng(svg, width), contentType: 'image/png', seed: request.seed });
    }
    return {
      images,
      provider: this.name,
      model: OFFLINE_IMAGE_MODEL,
      costUsd: 0,
      latencyMs: performance.now() - started,
    };
  }

  private draw(request: ImageRequest, subject: ImageSubject, index: number): string {
    if (request.source) {
      const contentType = request.source.bytes.readUInt32BE(0) === 0x89504e47 ? 'image/png' : 'image/jpeg';
      return restyleSvg(
        { bytes: request.source.bytes, contentType },
        request.size,
        request.source.strength,
        request.style,
      );
    }
    const random = randomFrom(request.prompt, subject, request.seed ?? null, request.style ?? null, index);
    const tinctures = palette(request.style, request.negativePrompt);
    const detail = detailOf(request.quality);
    switch (subject) {
      case 'heraldry':
        return heraldrySvg(random, request.size, tinctures, detail);
      case 'map':
      case 'scene':
        return mapSvg(random, request.size, tinctures, detail);
      case 'portrait':
        return portraitSvg(random, request.size, tinctures, detail);
    }
  }
}

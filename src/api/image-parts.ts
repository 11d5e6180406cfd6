/**
 * The image parts of the three public formats, as zod schemas, and their translation into the shared
 * ImagePart: OpenAI chat's `image_url`, the Responses API's `input_image`, Anthropic's `image` block.
 * A data URL or base64 source is checked here (an image media type, valid base64, bytes that are the
 * image they claim to be), so a bad image is a 400 naming its part before any model is called.
 */
import { z } from 'zod';
import { base64Source, imageSourceFromUrl } from '../providers/index.js';
import type { ImageDetail, ImagePart } from '../vocabulary/index.js';

const detail = z.enum(['auto', 'low', 'high'], { error: 'expected a detail of "auto", "low" or "high"' });

/** A data: URL (base64) or an http(s) URL, checked. */
const imageReference = z.string().superRefine((url, context) => {
  const source = imageSourceFromUrl(url);
  if ('error' in source) context.addIssue({ code: 'custom', message: source.error });
});

/** OpenAI chat: `{type: "image_url", image_url: {url, detail?}}`. */
export const openAIImagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({ url: imageReference, detail: detail.optional() }),
});

/** Responses: `{type: "input_image", image_url, detail}` (a stored `file_id` is not something Loremaster has). */
export const responsesImagePart = z.strictObject({
  type: z.literal('input_image'),
  image_url: imageReference,
  detail: detail.optional(),
  file_id: z
    .null({ error: 'file_id is not supported: Loremaster keeps no files; send image_url' })
    .optional(),
});

const cacheControl = z.object({ type: z.literal('ephemeral'), ttl: z.string().optional() }).strict();

/** Anthropic: `{type: "image", source: {type: "base64", media_type, data} | {type: "url", url}}`. */
export const anthropicImageBlock = z.strictObject({
  type: z.literal('image'),
  source: z.discriminatedUnion(
    'type',
    [
      z
        .strictObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() })
        .superRefine((source, context) => {
          const checked = base64Source(source.media_type, source.data);
          if ('error' in checked) context.addIssue({ code: 'custom', message: checked.error });
        }),
      z.strictObject({ type: z.literal('url'), url: imageReference }),
    ],
    { error: 'expected a source of type "base64" or "url" (file sources are not supported)' },
  ),
  cache_control: cacheControl.nullish(),
});

function fromUrl(url: string, given: ImageDetail | undefined): ImagePart {
  const source = imageSourceFromUrl(url);
  // The schema checked it; a failure here is a schema bypassed.
  if ('error' in source) throw new Error(`unchecked image URL: ${source.error}`);
  return { type: 'image', source, ...(given !== undefined && { detail: given }) };
}

export function fromOpenAIImage(part: z.infer<typeof openAIImagePart>): ImagePart {
  return fromUrl(part.image_url.url, part.image_url.detail);
}

export function fromResponsesImage(part: z.infer<typeof responsesImagePart>): ImagePart {
  return fromUrl(part.image_url, part.detail);
}

export function fromAnthropicImage(block: z.infer<typeof anthropicImageBlock>): ImagePart {
  const source = block.source;
  if (source.type === 'url') return fromUrl(source.url, undefined);
  return {
    type: 'image',
    source: { type: 'base64', mediaType: source.media_type.toLowerCase(), data: source.data },
  };
}

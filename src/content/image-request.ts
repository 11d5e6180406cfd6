/**
 * What `POST /content/images` may say: the entity to picture (and its world), what kind of picture,
 * the image parameters, and whether to wait (`async: false`) or get a job (the default).
 */
import { z } from 'zod';

const id = z.string().trim().min(1).max(200);

/** `WIDTHxHEIGHT`, each side 64 to 2048 pixels. */
export const imageSizeSchema = z
  .string()
  .regex(/^\d{2,4}x\d{2,4}$/, 'expected WIDTHxHEIGHT, such as 1024x1024')
  .refine(
    (value) => value.split('x').every((side) => Number(side) >= 64 && Number(side) <= 2048),
    'each side must be 64 to 2048 pixels',
  );

export function parseSize(value: string): { width: number; height: number } {
  const [width, height] = value.split('x').map(Number);
  return { width: width!, height: height! };
}

export const IMAGE_KINDS = ['portrait', 'heraldry', 'map'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];

export const entityImageRequestSchema = z
  .object({
    entity_id: id,
    /** The entity's world; when given it must be the entity's. */
    world_id: id.optional(),
    /** Default: by the entity's type (character, npc → portrait; faction, item → heraldry; location → map). */
    kind: z.enum(IMAGE_KINDS).optional(),
    /** A theme other than the world's (its art style is drawn in). */
    theme_id: id.optional(),
    /** More to say about the picture, added to what the entity says. */
    prompt: z.string().trim().min(1).max(1_000).optional(),
    /** An image provider, `provider/model`, or a model (default: `images.provider`). */
    model: z.string().trim().min(1).max(200).optional(),
    size: imageSizeSchema.default('512x512'),
    quality: z.enum(['standard', 'hd', 'low', 'medium', 'high', 'auto']).optional(),
    style: z.enum(['vivid', 'natural']).optional(),
    negative_prompt: z.string().trim().min(1).max(1_000).optional(),
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    /** Image-to-image: a stored picture to restyle (its id), and how far to move from it (0 to 1). */
    source_image_id: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'expected an image id (64 hex characters)')
      .optional(),
    strength: z.number().min(0).max(1).optional(),
    /** Run as a background job (default) and answer 202 with its id; false waits for the picture. */
    async: z.boolean().default(true),
  })
  .strict()
  .refine((body) => body.strength === undefined || body.source_image_id !== undefined, {
    message: 'strength needs source_image_id',
    path: ['strength'],
  });
export type EntityImageRequest = z.infer<typeof entityImageRequestSchema>;

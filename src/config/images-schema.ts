/**
 * The `images` section: which image providers exist, which one answers first and what it fails over to,
 * how many images a minute may be made, where pictures are kept. Image providers are their own list
 * (`images.providers`), apart from the chat providers: their wire formats and prices are per image.
 */
import { z } from 'zod';

export const IMAGE_PROVIDER_TYPES = ['openai', 'openai-compatible', 'getimg', 'offline'] as const;
export type ImageProviderType = (typeof IMAGE_PROVIDER_TYPES)[number];

const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

export const imageProviderConfigSchema = z
  .object({
    type: z
      .enum(IMAGE_PROVIDER_TYPES)
      .describe(
        'Which API the provider speaks: OpenAI images, an OpenAI-compatible image server, GetImg.AI, or `offline` (deterministic drawings, no network).',
      ),
    enabled: z.boolean().default(true).describe('`false` keeps the provider configured but unused.'),
    base_url: url
      .optional()
      .describe("The API's base URL (OpenAI: `https://api.openai.com/v1`; GetImg: `https://api.getimg.ai`)."),
    models: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Models this provider advertises; the first is the default unless `default_model` says otherwise.',
      ),
    default_model: z
      .string()
      .min(1)
      .optional()
      .describe('The model used when a request names none (else the first of `models`).'),
    api_key_env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as GETIMG_API_KEY')
      .optional()
      .describe("Name of the environment variable holding this provider's API key (never the key itself)."),
    timeout_ms: z
      .number()
      .int()
      .positive()
      .max(600_000)
      .default(120_000)
      .describe('Deadline for one upstream attempt (images are slow: default two minutes).'),
    price_per_image: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe(
        "USD per image when the provider does not say what it charged (GetImg does, in `cost`). Unset: the built-in price of the model (OpenAI's list prices), else 0.",
      ),
  })
  .strict();
export type ImageProviderConfig = z.infer<typeof imageProviderConfigSchema>;

export const imagesConfigSchema = z
  .object({
    dir: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Where pictures are stored, content-addressed; default: `images/` beside the SQLite database.',
      ),
    provider: z
      .string()
      .min(1)
      .default('offline')
      .describe('Who draws first: a provider name or `provider/model`.'),
    failover: z
      .array(z.string().min(1))
      .default([])
      .describe('Tried in order after `provider` fails (names or `provider/model`).'),
    offline_fallback: z
      .boolean()
      .default(true)
      .describe('The offline generator ends every failover chain (no network, always answers).'),
    per_minute: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(10)
      .describe(
        'Images made per minute by this instance (all callers together); over it, API callers get 429.',
      ),
    max_n: z.number().int().min(1).max(10).default(4).describe('Images one request may ask for (`n`).'),
    cache: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe(
            'The same prompt and parameters answer with the same stored image, without a new upstream call.',
          ),
        max_bytes: z
          .number()
          .int()
          .min(1024)
          .max(4 * 1024 * 1024 * 1024)
          .default(64 * 1024 * 1024)
          .describe(
            'Bytes of pictures the cache holds in memory at most (default 64 MiB); the least recently used go first.',
          ),
      })
      .strict()
      .prefault({})
      .describe('The image cache: a repeated request answers with the stored picture.'),
    s3: z
      .object({
        endpoint: url.describe(
          "The service's URL, e.g. `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:9000`.",
        ),
        bucket: z.string().min(3).max(63).describe("The bucket's name."),
        region: z
          .string()
          .min(1)
          .default('us-east-1')
          .describe("The bucket's region (used to sign requests)."),
        prefix: z.string().max(200).default('images/').describe('Prepended to every object key.'),
        timeout_ms: z
          .number()
          .int()
          .positive()
          .max(600_000)
          .default(30_000)
          .describe('Deadline of one request to the bucket.'),
      })
      .strict()
      .optional()
      .describe(
        'Store pictures in an S3-compatible bucket (AWS S3, MinIO, R2...) instead of the folder; the keys come from S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY in the environment.',
      ),
    providers: z
      .record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a lower-case name'), imageProviderConfigSchema)
      .default({})
      .describe(
        'Added to the built-in providers (offline, openai, getimg); an entry of the same name replaces one.',
      ),
  })
  .strict();
export type ImagesConfig = z.infer<typeof imagesConfigSchema>;

/** The image providers every config has unless it replaces them. */
export const BUILTIN_IMAGE_PROVIDERS: Record<string, z.input<typeof imageProviderConfigSchema>> = {
  offline: { type: 'offline', models: ['offline-drawing'] },
  openai: {
    type: 'openai',
    base_url: 'https://api.openai.com/v1',
    models: ['dall-e-3', 'dall-e-2', 'gpt-image-1'],
    default_model: 'dall-e-3',
  },
  getimg: {
    type: 'getimg',
    base_url: 'https://api.getimg.ai',
    models: ['flux-schnell', 'stable-diffusion-xl', 'essential-v2'],
    default_model: 'flux-schnell',
  },
};

/** The configured image providers: the built-in ones, then `images.providers` over them. */
export function imageProviderConfigs(config: ImagesConfig): Record<string, ImageProviderConfig> {
  const out: Record<string, ImageProviderConfig> = {};
  for (const [name, raw] of Object.entries(BUILTIN_IMAGE_PROVIDERS))
    out[name] = imageProviderConfigSchema.parse(raw);
  for (const [name, value] of Object.entries(config.providers)) out[name] = value;
  return out;
}

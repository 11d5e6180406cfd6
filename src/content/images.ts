/**
 * Pictures: drawn through the gateway's image path, stored content-addressed (the id is the sha256 of
 * the bytes), recorded with their provenance, and published as `image_generated`. For an entity
 * (`POST /content/images`): the prompt is written from the entity (its type, name, description) and its
 * theme's art style, the picture linked from the entity by a new version (`attributes.image_id`,
 * `image_url`, `image_ids`).
 */
import type { CacheMode, Gateway, ImageAnswer } from '../gateway/index.js';
import type { EntityView, WorldService } from '../narrative/worlds.js';
import type { ImageQuality, ImageStyle, ImageSubject } from '../providers/index.js';
import type { ImageRecord, ImageStore, Store } from '../store/index.js';
import { ContentError } from './errors.js';
import type { ContentEventPublisher } from './events.js';
import { type EntityImageRequest, type ImageKind, parseSize } from './image-request.js';
import type { ThemeService } from './themes.js';

export interface ImageGenerateInput {
  prompt: string;
  model?: string | undefined;
  n: number;
  size: { width: number; height: number };
  quality?: ImageQuality | undefined;
  style?: ImageStyle | undefined;
  negativePrompt?: string | undefined;
  seed?: number | undefined;
  subject?: ImageSubject | undefined;
  sourceImageId?: string | undefined;
  strength?: number | undefined;
  user?: string | undefined;
  apiKeyId?: string | undefined;
  client?: boolean | undefined;
  cache?: CacheMode | undefined;
  signal?: AbortSignal | undefined;
  worldId?: string | null | undefined;
  entityId?: string | null | undefined;
}

export interface StoredPicture {
  id: string;
  url: string;
  contentType: string;
  bytes: Buffer;
  revisedPrompt: string | null;
}

export interface ImageGenerationOutcome {
  images: StoredPicture[];
  provider: string;
  model: string;
  costUsd: number;
  cache: ImageAnswer['cache'];
  failedOver: string[];
  callId: string;
}

export interface EntityImageOutcome {
  object: 'content.image';
  image: { id: string; url: string; content_type: string };
  entity: { id: string; world_id: string; name: string; type: string; version: number };
  kind: ImageKind;
  prompt: string;
  provider: string;
  model: string;
  cost_usd: number;
  cache: ImageAnswer['cache'];
  failed_over: string[];
}

export interface ImageServiceOptions {
  gateway: Pick<Gateway, 'image'>;
  store: Store;
  files: ImageStore;
  worlds: WorldService;
  themes: ThemeService;
  events: ContentEventPublisher;
}

/** The path pictures are served at. */
export const imageUrl = (id: string) => `/images/${id}`;

/** What picture an entity gets by default. */
const KIND_BY_TYPE: Record<string, ImageKind> = {
  character: 'portrait',
  npc: 'portrait',
  faction: 'heraldry',
  item: 'heraldry',
  location: 'map',
};

const LEAD: Record<ImageKind, (name: string, type: string) => string> = {
  portrait: (name) => `Portrait of ${name}`,
  heraldry: (name, type) => (type === 'item' ? `Heraldic emblem of the item ${name}` : `Heraldry of ${name}`),
  map: (name) => `Map of ${name}`,
};

export class ImageService {
  constructor(private readonly options: ImageServiceOptions) {}

  /** Draws, stores and records pictures; publishes `image_generated`. */
  async generate(input: ImageGenerateInput): Promise<ImageGenerationOutcome> {
    const source = input.sourceImageId ? await this.source(input.sourceImageId) : undefined;
    const answer = await this.options.gateway.image({
      prompt: input.prompt,
      model: input.model,
      n: input.n,
      size: input.size,
      quality: input.quality,
      style: input.style,
      negativePrompt: input.negativePrompt,
      seed: input.seed,
      subject: input.subject,
      source: source ? { bytes: source, strength: input.strength ?? 0.6 } : undefined,
      user: input.user,
      apiKeyId: input.apiKeyId,
      client: input.client,
      cache: input.cache,
      signal: input.signal,
    });
    const images: StoredPicture[] = [];
    for (const image of answer.images) {
      const id = await this.stored(() => this.options.files.put(image.bytes, image.contentType));
      await this.options.store.images.record({
        id,
        contentType: image.contentType,
        byteSize: image.bytes.length,
        width: input.size.width,
        height: input.size.height,
        provider: answer.provider,
        model: answer.model,
        prompt: input.prompt,
        revisedPrompt: image.revisedPrompt ?? null,
        worldId: input.worldId ?? null,
        entityId: input.entityId ?? null,
      });
      images.push({
        id,
        url: imageUrl(id),
        contentType: image.contentType,
        bytes: image.bytes,
        revisedPrompt: image.revisedPrompt ?? null,
      });
    }
    await this.options.events.publish({
      type: 'image_generated',
      worldId: input.worldId ?? null,
      data: {
        image_ids: images.map((image) => image.id),
        urls: images.map((image) => image.url),
        entity_id: input.entityId ?? null,
        provider: answer.provider,
        model: answer.model,
        cost_usd: answer.costUsd,
        cache: answer.cache,
        call_id: answer.callId,
      },
    });
    return {
      images,
      provider: answer.provider,
      model: answer.model,
      costUsd: answer.costUsd,
      cache: answer.cache,
      failedOver: answer.failedOver,
      callId: answer.callId,
    };
  }

  /** Checks an entity picture request before it is queued: the entity, its world, the source image. */
  async prepare(request: EntityImageRequest): Promise<EntityView> {
    const entity = await this.options.worlds.entity(request.entity_id);
    if (request.world_id !== undefined && request.world_id !== entity.worldId)
      throw new ContentError(
        404,
        'entity_not_found',
        `Entity ${request.entity_id} is not in world ${request.world_id}`,
        'entity_id',
      );
    if (request.source_image_id) await this.source(request.source_image_id);
    if (request.theme_id) await this.options.themes.get(request.theme_id);
    return entity;
  }

  /** A picture of an entity, in its theme's art style, linked from the entity by a new version. */
  async forEntity(
    request: EntityImageRequest,
    options: { signal?: AbortSignal; client?: boolean; apiKeyId?: string } = {},
  ): Promise<EntityImageOutcome> {
    const entity = await this.prepare(request);
    const theme = await this.options.themes.resolve({ themeId: request.theme_id, worldId: entity.worldId });
    const kind = request.kind ?? KIND_BY_TYPE[entity.type] ?? 'portrait';
    const prompt = promptFor(entity, kind, theme?.art_style ?? null, request.prompt);
    const outcome = await this.generate({
      prompt,
      model: request.model,
      n: 1,
      size: parseSize(request.size),
      quality: request.quality,
      style: request.style,
      negativePrompt: request.negative_prompt,
      seed: request.seed,
      subject: kind,
      sourceImageId: request.source_image_id,
      strength: request.strength,
      // An HTTP caller waiting (async: false) is told 429 over the limit; a background job waits its turn.
      client: options.client ?? false,
      apiKeyId: options.apiKeyId,
      signal: options.signal,
      worldId: entity.worldId,
      entityId: entity.id,
    });
    const image = outcome.images[0]!;
    const previous = String(entity.data.attributes.image_ids ?? '')
      .split(',')
      .filter((value) => /^[0-9a-f]{64}$/.test(value) && value !== image.id);
    // Newest first, the last few kept: attribute values are bounded strings.
    const imageIds = [image.id, ...previous].slice(0, 20).join(',');
    const linked = await this.options.worlds.updateEntity(
      entity.id,
      {
        attributes: {
          ...entity.data.attributes,
          image_id: image.id,
          image_url: image.url,
          image_ids: imageIds,
        },
      },
      { changedBy: 'content:images', reason: `${kind} drawn by ${outcome.provider}` },
    );
    return {
      object: 'content.image',
      image: { id: image.id, url: image.url, content_type: image.contentType },
      entity: {
        id: linked.id,
        world_id: linked.worldId,
        name: linked.name,
        type: linked.type,
        version: linked.version,
      },
      kind,
      prompt,
      provider: outcome.provider,
      model: outcome.model,
      cost_usd: outcome.costUsd,
      cache: outcome.cache,
      failed_over: outcome.failedOver,
    };
  }

  /** A stored picture, for GET /images/{id}. */
  async get(id: string): Promise<{ bytes: Buffer; contentType: string; record: ImageRecord | undefined }> {
    const found = await this.stored(() => this.options.files.get(id));
    if (!found) throw new ContentError(404, 'image_not_found', `Image ${id.slice(0, 80)} not found`, 'id');
    return {
      bytes: found.bytes,
      contentType: found.contentType,
      record: await this.options.store.images.get(id),
    };
  }

  /** A store that cannot be reached (a bucket down, a disk full) is a 503 saying so, not a 500. */
  private async stored<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new ContentError(
        503,
        'image_store_unavailable',
        `The image store (${this.options.files.location}) failed: ${(error as Error).message.slice(0, 300)}`,
      );
    }
  }

  private async source(id: string): Promise<Buffer> {
    const found = await this.stored(() => this.options.files.get(id));
    if (!found)
      throw new ContentError(404, 'image_not_found', `Source image ${id} not found`, 'source_image_id');
    return found.bytes;
  }
}

/** The prompt for an entity's picture: what it is, what it looks like, and the theme's art style. */
export function promptFor(
  entity: EntityView,
  kind: ImageKind,
  artStyle: string | null,
  extra: string | undefined,
): string {
  const description = entity.data.description.replace(/\s+/g, ' ').trim().slice(0, 400);
  const parts = [`${LEAD[kind](entity.name, entity.type)}${description ? `: ${description}` : ''}`];
  if (extra) parts.push(extra);
  if (artStyle) parts.push(`Art style: ${artStyle}`);
  return parts.join('. ').replace(/\.\./g, '.');
}

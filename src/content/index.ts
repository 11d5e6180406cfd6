/** The content service, put together over the store, the prompt library, the worlds and the queue. */
import { dirname, join } from 'node:path';
import type { Settings } from '../config/index.js';
import type { Gateway } from '../gateway/index.js';
import type { MaintenanceQueue } from '../jobs/types.js';
import type { WorldService } from '../narrative/worlds.js';
import type { PromptDeps } from '../prompts/index.js';
import { ImageFileStore, type ImageStore, type Store } from '../store/index.js';
import { type ContentEventPublisher, storeEventPublisher } from './events.js';
import { ImageService } from './images.js';
import { ContentJobs } from './jobs.js';
import { ContentService } from './service.js';
import type { TextEmbedder } from './theme-check.js';
import { ThemeService } from './themes.js';

export { ContentError } from './errors.js';
export {
  type ContentEvent,
  type ContentEventPublisher,
  type ContentEventType,
  hubPublisher,
} from './events.js';
export type { Finding, ValidationReport } from './findings.js';
export { contentEventHandlers, type InboundContentEvent } from './handlers.js';
export {
  type EntityImageRequest,
  entityImageRequestSchema,
  IMAGE_KINDS,
  imageSizeSchema,
  parseSize,
} from './image-request.js';
export { type EntityImageOutcome, type ImageGenerationOutcome, ImageService, imageUrl } from './images.js';
export { ContentJobs, IMAGE_JOB_TYPE, jobView } from './jobs.js';
export { type GenerateRequest, generateRequestSchemas, validateRequestSchema } from './request.js';
export { SRD_ATTRIBUTION } from './rules/srd.js';
export { CONTENT_TYPES, type ContentType } from './schemas.js';
export { ContentService, type GenerationResult } from './service.js';
export { type Theme, themeInputSchema, themePatchSchema } from './theme.js';
export { ThemeService } from './themes.js';
export { validateContent } from './validate.js';

export interface Content {
  service: ContentService;
  themes: ThemeService;
  jobs: ContentJobs;
  events: ContentEventPublisher;
  /** Pictures (when a gateway was given). */
  images: ImageService | undefined;
}

/** Where pictures are kept: `images.dir`, else `images/` beside the SQLite database. */
export function imagesDir(settings: Settings): string {
  return settings.images.dir ?? join(dirname(settings.database.sqlite_path), 'images');
}

export async function createContent(options: {
  store: Store;
  prompts: PromptDeps;
  worlds: WorldService;
  queue: MaintenanceQueue;
  settings: Settings;
  embedder?: TextEmbedder | undefined;
  events?: ContentEventPublisher;
  /** The gateway pictures are drawn through; without one there is no image service. */
  gateway?: Pick<Gateway, 'image'>;
  /** Where pictures are kept (default: the folder, `imagesDir`). */
  imageStore?: ImageStore;
  onError?: (error: unknown) => void;
}): Promise<Content> {
  const events = options.events ?? storeEventPublisher(options.store, options.onError);
  const themes = new ThemeService({ store: options.store, events });
  const service = new ContentService({
    prompts: options.prompts,
    worlds: options.worlds,
    themes,
    events,
    config: options.settings.content,
    embedder: options.embedder,
  });
  await service.init();
  // A world's new theme is re-applied to the content already saved there.
  themes.onThemeChanged = (change) => service.reapplyTheme(change);
  const images = options.gateway
    ? new ImageService({
        gateway: options.gateway,
        store: options.store,
        files: options.imageStore ?? new ImageFileStore(imagesDir(options.settings)),
        worlds: options.worlds,
        themes,
        events,
      })
    : undefined;
  const jobs = new ContentJobs({
    store: options.store,
    queue: options.queue,
    service,
    events,
    maxAttempts: options.settings.content.job_max_attempts,
    ...(images && { images }),
  });
  return { service, themes, jobs, events, images };
}

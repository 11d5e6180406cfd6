/** The content service, put together over the store, the prompt library, the worlds and the queue. */
import type { Settings } from '../config/index.js';
import type { MaintenanceQueue } from '../jobs/types.js';
import type { WorldService } from '../narrative/worlds.js';
import type { PromptDeps } from '../prompts/index.js';
import type { Store } from '../store/index.js';
import { type ContentEventPublisher, storeEventPublisher } from './events.js';
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
export { ContentJobs, jobView } from './jobs.js';
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
}

export async function createContent(options: {
  store: Store;
  prompts: PromptDeps;
  worlds: WorldService;
  queue: MaintenanceQueue;
  settings: Settings;
  embedder?: TextEmbedder | undefined;
  events?: ContentEventPublisher;
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
  const jobs = new ContentJobs({
    store: options.store,
    queue: options.queue,
    service,
    events,
    maxAttempts: options.settings.content.job_max_attempts,
  });
  return { service, themes, jobs, events };
}

/**
 * The image providers this process can call, built once from `images.providers` (the built-in offline,
 * openai and getimg, and any added), each usable or unavailable with the reason (no key, disabled).
 */
import { imageProviderConfigs, type Secrets, type Settings } from '../../config/index.js';
import { createImageProvider, type ImageProvider, isProviderError } from '../../providers/index.js';

export interface ImageProviderEntry {
  name: string;
  type: string;
  provider: ImageProvider | undefined;
  unavailableReason: string | undefined;
}

export class ImageProviderRegistry {
  private readonly entries = new Map<string, ImageProviderEntry>();

  constructor(entries: Iterable<ImageProviderEntry>) {
    for (const entry of entries) this.entries.set(entry.name, entry);
  }

  static fromConfig(settings: Settings, secrets: Secrets): ImageProviderRegistry {
    const out: ImageProviderEntry[] = [];
    for (const [name, config] of Object.entries(imageProviderConfigs(settings.images))) {
      if (!config.enabled) {
        out.push({
          name,
          type: config.type,
          provider: undefined,
          unavailableReason: `image provider ${name} is disabled`,
        });
        continue;
      }
      try {
        out.push({
          name,
          type: config.type,
          provider: createImageProvider(name, config, secrets),
          unavailableReason: undefined,
        });
      } catch (error) {
        if (!isProviderError(error)) throw error;
        out.push({ name, type: config.type, provider: undefined, unavailableReason: error.message });
      }
    }
    return new ImageProviderRegistry(out);
  }

  get(name: string): ImageProviderEntry | undefined {
    return this.entries.get(name);
  }

  list(): ImageProviderEntry[] {
    return [...this.entries.values()];
  }
}

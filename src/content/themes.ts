/**
 * Themes, and which world or campaign wears which. A generation uses, in order: the theme it names,
 * its campaign's, its world's. Attaching a different theme to a world publishes `theme_changed`, and the
 * `onThemeChanged` hook (the content service's re-apply) runs.
 */
import { randomUUID } from 'node:crypto';
import type { Store, StoredTheme, ThemeTarget } from '../store/index.js';
import { ContentError } from './errors.js';
import type { ContentEventPublisher } from './events.js';
import { type Theme, type ThemeInput, type ThemePatch, themeInputSchema } from './theme.js';

export interface ThemeServiceOptions {
  store: Store;
  events: ContentEventPublisher;
}

export interface ThemeChange {
  target: ThemeTarget;
  targetId: string;
  worldId: string | null;
  previousThemeId: string | null;
  theme: Theme | null;
}

export class ThemeService {
  /** Called after a world's or campaign's theme changed (set by the content service). */
  onThemeChanged: ((change: ThemeChange) => Promise<unknown>) | undefined;

  constructor(private readonly options: ThemeServiceOptions) {}

  private get store(): Store {
    return this.options.store;
  }

  async create(input: ThemeInput): Promise<Theme> {
    const id = `thm_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    const { name, ...data } = input;
    return toTheme(await this.store.content.createTheme({ id, name, data }));
  }

  async get(id: string): Promise<Theme> {
    const stored = await this.store.content.getTheme(id);
    if (!stored) throw new ContentError(404, 'theme_not_found', `Theme ${id} not found`, 'id');
    return toTheme(stored);
  }

  async list(limit = 100, offset = 0): Promise<Theme[]> {
    return (await this.store.content.listThemes(limit, offset)).map(toTheme);
  }

  /** Changes a theme; worlds wearing it get `theme_changed` (their content is checked against it again). */
  async update(id: string, patch: ThemePatch): Promise<Theme> {
    const current = await this.get(id);
    const { id: _id, created_at: _c, updated_at: _u, ...fields } = current;
    const next = themeInputSchema.parse({ ...fields, ...patch });
    const { name, ...data } = next;
    const stored = await this.store.content.updateTheme(id, name, data);
    if (!stored) throw new ContentError(404, 'theme_not_found', `Theme ${id} not found`, 'id');
    const theme = toTheme(stored);
    for (const link of await this.store.content.linksOf(id))
      await this.changed({ target: link.target, targetId: link.targetId, previousThemeId: id, theme });
    return theme;
  }

  async delete(id: string): Promise<void> {
    const links = await this.store.content.linksOf(id);
    if (!(await this.store.content.deleteTheme(id)))
      throw new ContentError(404, 'theme_not_found', `Theme ${id} not found`, 'id');
    for (const link of links)
      await this.changed({ target: link.target, targetId: link.targetId, previousThemeId: id, theme: null });
  }

  /** Attaches a theme to a world or a campaign (an entity of a world). */
  async attach(themeId: string, target: ThemeTarget, targetId: string): Promise<ThemeChange> {
    const theme = await this.get(themeId);
    await this.checkTarget(target, targetId);
    const previous = await this.store.content.linkTheme(target, targetId, themeId);
    return this.changed({ target, targetId, previousThemeId: previous, theme });
  }

  async detach(target: ThemeTarget, targetId: string): Promise<ThemeChange> {
    const previous = await this.store.content.linkedTheme(target, targetId);
    if (!previous || !(await this.store.content.unlinkTheme(target, targetId)))
      throw new ContentError(
        404,
        'theme_not_attached',
        `No theme is attached to ${target} ${targetId}`,
        `${target}_id`,
      );
    return this.changed({ target, targetId, previousThemeId: previous, theme: null });
  }

  /** The theme a generation uses: the one named, else its campaign's, else its world's. */
  async resolve(request: {
    themeId?: string | undefined;
    campaignId?: string | undefined;
    worldId?: string | undefined;
  }): Promise<Theme | null> {
    if (request.themeId) return this.get(request.themeId);
    const linked =
      (request.campaignId && (await this.store.content.linkedTheme('campaign', request.campaignId))) ||
      (request.worldId && (await this.store.content.linkedTheme('world', request.worldId))) ||
      null;
    return linked ? this.get(linked) : null;
  }

  async themeOf(target: ThemeTarget, targetId: string): Promise<Theme | null> {
    const id = await this.store.content.linkedTheme(target, targetId);
    return id ? this.get(id) : null;
  }

  private async checkTarget(target: ThemeTarget, targetId: string): Promise<void> {
    if (target === 'world') {
      const world = await this.store.worlds.getWorld(targetId);
      if (!world || world.archivedAt)
        throw new ContentError(404, 'world_not_found', `World ${targetId} not found`, 'world_id');
    } else {
      const entity = await this.store.worlds.getEntity(targetId);
      if (!entity || entity.deletedAt)
        throw new ContentError(404, 'campaign_not_found', `Campaign ${targetId} not found`, 'campaign_id');
    }
  }

  private async changed(change: Omit<ThemeChange, 'worldId'>): Promise<ThemeChange> {
    const worldId =
      change.target === 'world'
        ? change.targetId
        : ((await this.store.worlds.getEntity(change.targetId))?.worldId ?? null);
    const full: ThemeChange = { ...change, worldId };
    await this.options.events.publish({
      type: 'theme_changed',
      worldId,
      data: {
        target: change.target,
        target_id: change.targetId,
        theme_id: change.theme?.id ?? null,
        theme_name: change.theme?.name ?? null,
        previous_theme_id: change.previousThemeId,
      },
    });
    await this.onThemeChanged?.(full);
    return full;
  }
}

export function toTheme(stored: StoredTheme): Theme {
  const fields = themeInputSchema.parse({ ...stored.data, name: stored.name });
  return { id: stored.id, ...fields, created_at: stored.createdAt, updated_at: stored.updatedAt };
}

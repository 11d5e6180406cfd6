/**
 * The content service's handlers of the game's inbound events, as functions the events layer calls with
 * the event's world, session and data:
 * - `character_created`: validate the character (rules, quality, the world's theme); with `enrich: true`,
 *   generate its backstory and save it in the world.
 * - `campaign_updated`: attach the campaign's new theme (`theme_id`), which re-applies it.
 * - `theme_changed`: attach the world's new theme, which re-applies it to the world's content.
 * Each returns what it did, for the event's stored result; bad data is an error naming the field.
 */
import { ContentError } from './errors.js';
import type { ContentService } from './service.js';

export interface InboundContentEvent {
  world_id: string | null;
  session_id: string | null;
  data: Record<string, unknown>;
}

const text = (data: Record<string, unknown>, key: string): string => {
  const value = data[key];
  if (typeof value !== 'string' || value.trim() === '')
    throw new ContentError(400, 'invalid_event', `data.${key} must be a non-empty string`, `data.${key}`);
  return value.trim();
};

export function contentEventHandlers(service: ContentService) {
  return {
    async character_created(event: InboundContentEvent): Promise<Record<string, unknown>> {
      const character = event.data.character;
      if (!character || typeof character !== 'object')
        throw new ContentError(400, 'invalid_event', 'data.character must be an object', 'data.character');
      const validated = await service.validate('character', character, {
        worldId: event.world_id ?? undefined,
      });
      const result: Record<string, unknown> = { valid: validated.valid, findings: validated.findings };
      if (event.data.enrich === true) {
        const c = character as Record<string, unknown>;
        const generated = await service.generate('character', {
          ...(typeof c.name === 'string' && { name: c.name }),
          ...(typeof c.class === 'string' && { class: c.class }),
          ...(typeof c.species === 'string' && { species: c.species }),
          ...(typeof c.level === 'number' && c.level >= 1 && c.level <= 20 && { level: c.level }),
          ...(event.world_id && { world_id: event.world_id }),
          ...(event.session_id && { session_id: event.session_id }),
        });
        result.enriched = {
          id: generated.id,
          backstory: (generated.content as { backstory: string }).backstory,
          entities: generated.entities,
        };
      }
      return result;
    },

    async campaign_updated(event: InboundContentEvent): Promise<Record<string, unknown>> {
      const campaignId = text(event.data, 'campaign_id');
      if (event.data.theme_id === undefined) return { campaign_id: campaignId, theme: 'unchanged' };
      const change = await service.themes.attach(text(event.data, 'theme_id'), 'campaign', campaignId);
      return {
        campaign_id: campaignId,
        theme_id: change.theme?.id ?? null,
        previous_theme_id: change.previousThemeId,
      };
    },

    async theme_changed(event: InboundContentEvent): Promise<Record<string, unknown>> {
      const worldId = event.world_id ?? text(event.data, 'world_id');
      const change = await service.themes.attach(text(event.data, 'theme_id'), 'world', worldId);
      return {
        world_id: worldId,
        theme_id: change.theme?.id ?? null,
        previous_theme_id: change.previousThemeId,
      };
    },
  };
}

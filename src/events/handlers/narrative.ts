/**
 * The story's frame, handled by the content service:
 * - `campaign_updated`: `data.campaign_id`, and `data.theme_id` to attach a new theme to the campaign.
 * - `theme_changed`: `data.theme_id` becomes the world's theme, re-applied to the content saved there.
 */
import { viaContent } from './content-call.js';
import type { EventHandler } from './types.js';

export const campaignUpdated: EventHandler = (context) =>
  viaContent(context, 'campaign_updated', 'campaign_updated');

export const themeChanged: EventHandler = (context) => viaContent(context, 'theme_changed', 'theme_applied');

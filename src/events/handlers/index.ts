/** The handlers of the game's events, by type (src/events/envelope.ts lists the types). */
import type { InboundType } from '../envelope.js';
import { characterCreated, characterUpdated } from './character.js';
import { itemTransferred, priceChanged } from './economy.js';
import { factionRelationChanged } from './faction.js';
import { gameStateChanged } from './game-state.js';
import { campaignUpdated, themeChanged } from './narrative.js';
import { questCompleted, questFailed, questStarted } from './quest.js';
import { unknownEvent } from './system.js';
import type { EventHandler } from './types.js';
import { worldEvent } from './world.js';

export const HANDLERS: Record<InboundType, EventHandler> = {
  character_created: characterCreated,
  campaign_updated: campaignUpdated,
  theme_changed: themeChanged,
  'game_state.changed': gameStateChanged,
  'quest.started': questStarted,
  'quest.completed': questCompleted,
  'quest.failed': questFailed,
  'character.updated': characterUpdated,
  'item.transferred': itemTransferred,
  'faction.relation_changed': factionRelationChanged,
  'economy.price_changed': priceChanged,
  'world.event': worldEvent,
};

export function handlerFor(type: string): EventHandler {
  return Object.hasOwn(HANDLERS, type) ? HANDLERS[type as InboundType] : unknownEvent;
}

export type {
  Change,
  ContentEventHandlers,
  EventHandler,
  HandlerDeps,
  HandlerResult,
  InboundContext,
  SessionPatch,
} from './types.js';

/**
 * Events no handler knows: stored (readable in the log, delivered to subscribers and webhooks) and
 * answered `handled: false` with the reason, never an error: a game may post events for its own
 * records or for a later version of Loremaster.
 */
import { type EventHandler, skipped } from './types.js';

export const unknownEvent: EventHandler = async (context) =>
  skipped(`no handler for "${context.event.type}": the event is stored and delivered, nothing changed`);

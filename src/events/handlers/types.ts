/**
 * What a handler of the game's events is given and what it answers. A handler turns one event into
 * changes (session state, entity versions authored by the game system, queued background work) and
 * says what it did, or why it did nothing: the answer is stored with the event and returned to the game.
 */
import type { InboundContentEvent } from '../../content/handlers.js';
import type { NewTask } from '../../jobs/types.js';
import type { WorldService } from '../../narrative/worlds.js';
import type { Session, Store, World } from '../../store/index.js';
import type { EventEnvelope } from '../envelope.js';
import type { Publish } from '../hub.js';

/** A change of a session's state (a JSON merge-patch) and notes. */
export interface SessionPatch {
  state?: Record<string, unknown>;
  notes?: { add?: readonly string[]; remove?: readonly string[] };
}

/** The content service's handlers (src/content/handlers.ts), as the events layer calls them. */
export interface ContentEventHandlers {
  character_created(event: InboundContentEvent): Promise<Record<string, unknown>>;
  campaign_updated(event: InboundContentEvent): Promise<Record<string, unknown>>;
  theme_changed(event: InboundContentEvent): Promise<Record<string, unknown>>;
}

export interface HandlerDeps {
  store: Store;
  worlds: WorldService;
  /**
   * Applies a patch to a session's state and notes (the narrative layer's one way a session's state
   * changes; it publishes session.updated), as `changedBy`.
   */
  patchSession(sessionId: string, patch: SessionPatch, changedBy: string): Promise<Session>;
  content?: ContentEventHandlers | undefined;
  publish?: Publish | undefined;
}

export type Change =
  | { kind: 'session_state'; session_id: string; keys: string[] }
  | { kind: 'session_notes'; session_id: string; added: string[] }
  | {
      kind: 'entity';
      action: 'created' | 'updated';
      entity_id: string;
      type: string;
      name: string;
      version: number;
      scope: 'canon' | 'session';
    }
  | { kind: 'task'; task_type: string; about: string }
  | { kind: 'content'; action: string; result: Record<string, unknown> };

export interface HandlerResult {
  handled: boolean;
  changes: Change[];
  /** Why nothing (or not everything) was done. */
  reason?: string;
}

export interface InboundContext {
  event: EventEnvelope;
  /** The event's world (from `world_id`, or the session's). */
  world: World | null;
  session: Session | null;
  /** Where entity changes go: the session's overlay, or canon (no session, or a shared world). */
  overlay: string | null;
  /** Who changes entities: the game system that posted the event (`game:quests`). */
  author: string;
  /** Tasks to queue with the handler's entity changes (in the same transaction). */
  deps: HandlerDeps;
}

export type EventHandler = (context: InboundContext) => Promise<HandlerResult>;

export type { NewTask };

/** A handler that could not act: the event is stored, nothing changed, the reason is given. */
export function skipped(reason: string): HandlerResult {
  return { handled: false, changes: [], reason };
}

/**
 * The events the content service publishes (theme_applied, theme_changed, content_validated,
 * content_generated, content_job_completed, image_generated), behind a small interface: the server plugs in the event
 * hub (stored, delivered over WebSocket and webhooks); without one they go straight to the store's log.
 * Publishing never fails the work that published.
 */
import type { Publish } from '../events/hub.js';
import type { Store } from '../store/index.js';

export type ContentEventType =
  | 'theme_applied'
  | 'theme_changed'
  | 'content_validated'
  | 'content_generated'
  | 'content_job_completed'
  | 'image_generated';

export interface ContentEvent {
  type: ContentEventType;
  worldId?: string | null;
  sessionId?: string | null;
  data: Record<string, unknown>;
}

export interface ContentEventPublisher {
  publish(event: ContentEvent): Promise<void>;
}

/** Appends to the store's event log (source `content`). */
export function storeEventPublisher(
  store: Pick<Store, 'events'>,
  onError?: (error: unknown) => void,
): ContentEventPublisher {
  return {
    async publish(event) {
      try {
        await store.events.append({
          type: event.type,
          source: 'content',
          worldId: event.worldId ?? null,
          sessionId: event.sessionId ?? null,
          payload: event.data,
        });
      } catch (error) {
        onError?.(error);
      }
    },
  };
}

/** Publishes through the event hub. */
export function hubPublisher(publish: Publish): ContentEventPublisher {
  return {
    async publish(event) {
      publish(event.type, 'content', event.data, {
        worldId: event.worldId ?? null,
        sessionId: event.sessionId ?? null,
      });
    },
  };
}

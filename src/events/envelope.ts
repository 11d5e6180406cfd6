/**
 * The event envelope: one typed, versioned shape for everything Loremaster publishes and everything a
 * game posts. `id` makes an event idempotent (stored and delivered once however often it is sent);
 * `seq` is its place in the stored log (the cursor GET /llm/events and /ws/llm/events resume from).
 */
import { z } from 'zod';
import { NarrativeError } from '../narrative/errors.js';
import { checkStateBounds } from '../narrative/merge-patch.js';
import { newId } from '../store/util.js';

export const ENVELOPE_VERSION = 1;

/** What Loremaster publishes. */
export const OUTBOUND_TYPES = [
  'llm.request',
  'llm.response',
  'llm.error',
  'conversation.created',
  'conversation.message',
  'context.updated',
  'turn.played',
  'turn.analysed',
  // An intention of a turn's analysis not carried out as written, with its reason (src/narrative).
  'intention.dropped',
  'intention.merged',
  'intention.redirected',
  'entity.created',
  'entity.updated',
  'maintenance.task_failed',
  'maintenance.dead_lettered',
  // A task its handler skipped (its entity was deleted, its world is gone…), with the reason.
  'maintenance.task_skipped',
  'budget.alert',
  'provider.degraded',
  // The content service's (published by src/content).
  'text_generated',
  'image_generated',
  'theme_applied',
  'theme_changed',
  'content_validated',
  'content_generated',
  'content_job_completed',
  // Webhook deliveries that ran out of attempts.
  'webhook.dead_lettered',
  // Live game state (src/narrative/live-state.ts): a session's state or notes changed, a world's fields,
  // a session or world removed with its data.
  'session.updated',
  'session.deleted',
  'world.updated',
  'world.deleted',
  // A batch of generations (POST /llm/batch) has finished, every item answered or failed.
  'batch.completed',
] as const;
export type OutboundType = (typeof OUTBOUND_TYPES)[number];

/** What a game posts to POST /llm/events and Loremaster handles (anything else is stored, unhandled). */
export const INBOUND_TYPES = [
  'character_created',
  'campaign_updated',
  'theme_changed',
  'game_state.changed',
  'quest.started',
  'quest.completed',
  'quest.failed',
  'character.updated',
  'item.transferred',
  'faction.relation_changed',
  'economy.price_changed',
  'world.event',
] as const;
export type InboundType = (typeof INBOUND_TYPES)[number];

const id = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[\w.:@-]+$/, 'expected letters, digits and . _ : @ -');
const typeName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/,
    'expected a dotted lower-case name such as quest.completed',
  );

export const envelopeSchema = z
  .object({
    id,
    version: z.literal(ENVELOPE_VERSION).default(ENVELOPE_VERSION),
    type: typeName,
    time: z.iso.datetime({ offset: true }),
    world_id: z.string().min(1).max(128).nullable().default(null),
    session_id: z.string().min(1).max(128).nullable().default(null),
    source: z.string().trim().min(1).max(100),
    data: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type EventEnvelope = z.output<typeof envelopeSchema>;

/** An event as read back from the log: the envelope and its place in the log. */
export interface LoggedEvent extends EventEnvelope {
  seq: number;
}

/** What a game posts: the envelope with `time`, `source` and `id` optional (an id makes it idempotent). */
/** Bounds of an inbound event's `data`: deeper and larger than a state patch, still finite. */
const INBOUND_DATA_BOUNDS = { maxDepth: 16, maxBytes: 256 * 1024, maxKeys: 1_000 };

export const inboundEventSchema = envelopeSchema.extend({
  id: id.optional(),
  time: z.iso.datetime({ offset: true }).optional(),
  source: z.string().trim().min(1).max(100).default('game'),
  /** A game's data is stored, logged and handed to handlers: bounded like a session's state. */
  data: z
    .record(z.string(), z.unknown())
    .default({})
    .superRefine((data, context) => {
      try {
        checkStateBounds(data, 'data', INBOUND_DATA_BOUNDS);
      } catch (error) {
        if (!(error instanceof NarrativeError)) throw error;
        context.addIssue({ code: 'custom', message: error.message.replace(/^Invalid request: /, '') });
      }
    }),
});

export type InboundEvent = z.output<typeof inboundEventSchema>;

export interface EventScope {
  worldId?: string | null | undefined;
  sessionId?: string | null | undefined;
}

/** A new envelope for something Loremaster did. */
export function newEvent(
  type: OutboundType,
  source: string,
  data: Record<string, unknown>,
  scope: EventScope = {},
): EventEnvelope {
  return {
    id: `evt_${newId()}`,
    version: ENVELOPE_VERSION,
    type,
    time: new Date().toISOString(),
    world_id: scope.worldId ?? null,
    session_id: scope.sessionId ?? null,
    source,
    data,
  };
}

/**
 * The game's events (POST /llm/events): one event or a batch, handled in order. Each event is stored
 * once by its id (direction `in`) before it is handled, so posting it again changes nothing and answers
 * what the first post did (`duplicate: true`). Its handler's answer (handled, what changed, or why it
 * was skipped) is stored with it; the event is then delivered like Loremaster's own (sockets, other
 * instances, webhooks). An event whose handling failed inside Loremaster (not because of its data) is
 * removed again, so the game may send it again.
 */
import { z } from 'zod';
import type { Logger } from '../config/index.js';
import { ContentError } from '../content/errors.js';
import { NarrativeError } from '../narrative/errors.js';
import type { Session, Store, World } from '../store/index.js';
import { newId } from '../store/util.js';
import { ENVELOPE_VERSION, type EventEnvelope, inboundEventSchema } from './envelope.js';
import { EventsError } from './errors.js';
import { type Change, type HandlerDeps, type HandlerResult, handlerFor } from './handlers/index.js';
import type { EventHub } from './hub.js';

/** What POST /llm/events takes: one event, or a batch as `{events: [...]}`. */
export function inboundBodySchema(maxBatch: number) {
  return z.union([inboundEventSchema, inboundBatchSchema(maxBatch)]);
}

function inboundBatchSchema(maxBatch: number) {
  return z.object({ events: z.array(inboundEventSchema).min(1).max(maxBatch) }).strict();
}

/**
 * The one of the two shapes a body means (a batch has `events`), so a refusal names the field
 * (`events.2.type`, `data`) rather than "no variant matched".
 */
export function inboundShapeOf(body: unknown, maxBatch: number) {
  return body && typeof body === 'object' && !Array.isArray(body) && 'events' in body
    ? inboundBatchSchema(maxBatch)
    : inboundEventSchema;
}

export type InboundEvent = z.output<typeof inboundEventSchema>;

/** A handler that has not answered in this long died with its process (handlers take seconds at most). */
const STALE_CLAIM_MS = 5 * 60_000;

export interface EventOutcome {
  id: string;
  type: string;
  handled: boolean;
  /** This id was posted before: nothing was done again; the first answer is repeated. */
  duplicate: boolean;
  changes: Change[];
  reason?: string;
  /** Handling failed inside Loremaster; the event was not kept, so it may be sent again. */
  retryable?: boolean;
}

export interface InboundEventsOptions {
  store: Store;
  hub: EventHub;
  deps: HandlerDeps;
  logger: Logger;
}

export class InboundEvents {
  constructor(private readonly options: InboundEventsOptions) {}

  /** Handles the events in order; one outcome per event. */
  async receive(events: readonly InboundEvent[]): Promise<EventOutcome[]> {
    const out: EventOutcome[] = [];
    for (const event of events) out.push(await this.receiveOne(event));
    return out;
  }

  private async receiveOne(input: InboundEvent, retakes = 0): Promise<EventOutcome> {
    const { store, hub, logger } = this.options;
    const scope = await this.scopeOf(input.world_id, input.session_id);
    const envelope: EventEnvelope = {
      id: input.id ?? `evt_${newId()}`,
      version: ENVELOPE_VERSION,
      type: input.type,
      time: input.time ?? new Date().toISOString(),
      world_id: input.world_id ?? scope.world?.id ?? null,
      session_id: input.session_id,
      source: input.source,
      data: input.data,
    };
    const stored = await store.events.insertOnce({
      eventId: envelope.id,
      type: envelope.type,
      source: envelope.source,
      worldId: envelope.world_id,
      sessionId: envelope.session_id,
      payload: envelope.data,
      time: envelope.time,
      version: envelope.version,
      direction: 'in',
      result: { status: 'processing', claimed_at: new Date().toISOString() },
    });
    if (!stored) return this.repeated(input, envelope, retakes);

    let result: HandlerResult;
    try {
      result =
        scope.problem !== undefined
          ? { handled: false, changes: [], reason: scope.problem }
          : await handlerFor(envelope.type)({
              event: envelope,
              world: scope.world,
              session: scope.session,
              overlay: scope.world && !scope.world.shared ? (scope.session?.id ?? null) : null,
              author: envelope.source.startsWith('game') ? envelope.source : `game:${envelope.source}`,
              deps: this.options.deps,
            });
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === undefined) {
        logger.warn({ err: error, event: envelope.id, type: envelope.type }, 'inbound event not handled');
        await store.events.deleteByEventId(envelope.id).catch(() => {});
        return {
          id: envelope.id,
          type: envelope.type,
          handled: false,
          duplicate: false,
          changes: [],
          reason: 'handling failed inside Loremaster; the event was not kept and may be sent again',
          retryable: true,
        };
      }
      result = { handled: false, changes: [], reason: refusal };
    }
    await store.events.setResult(envelope.id, { status: 'done', ...result });
    await hub.publishStored(envelope);
    return { id: envelope.id, type: envelope.type, duplicate: false, ...result };
  }

  /**
   * The answer to an id posted before: what the first post did. An event left `processing` for longer
   * than `STALE_CLAIM_MS` was being handled by a process that died: it is handled again, once.
   */
  private async repeated(
    input: InboundEvent,
    envelope: EventEnvelope,
    retakes: number,
  ): Promise<EventOutcome> {
    const stored = await this.options.store.events.getByEventId(envelope.id);
    const result = (stored?.result ?? {}) as Partial<HandlerResult> & {
      status?: string;
      claimed_at?: string;
    };
    const base = { id: envelope.id, type: stored?.type ?? envelope.type, duplicate: true };
    const claimedAt = Date.parse(result.claimed_at ?? '');
    if (
      result.status === 'processing' &&
      retakes === 0 &&
      (Number.isNaN(claimedAt) || Date.now() - claimedAt > STALE_CLAIM_MS)
    ) {
      // Only the stale row read here is removed: had another process retaken it meanwhile, its fresh
      // claim stays, and this post answers as a repeat of it instead of handling the event twice.
      if (stored) await this.options.store.events.deleteRowOf(envelope.id, stored.id);
      this.options.logger.warn({ event: envelope.id }, 'inbound event left unfinished; handling it again');
      return this.receiveOne({ ...input, id: envelope.id }, retakes + 1);
    }
    if (result.status !== 'done')
      return {
        ...base,
        handled: false,
        changes: [],
        reason: 'this event is being handled (posted at once twice)',
      };
    return {
      ...base,
      handled: result.handled === true,
      changes: result.changes ?? [],
      ...(result.reason !== undefined && { reason: result.reason }),
    };
  }

  /** The event's world and session; `problem` when they are unknown or do not agree. */
  private async scopeOf(
    worldId: string | null,
    sessionId: string | null,
  ): Promise<{ world: World | null; session: Session | null; problem?: string }> {
    const { store } = this.options;
    const session = sessionId ? ((await store.sessions.get(sessionId)) ?? null) : null;
    if (sessionId && !session)
      return { world: null, session: null, problem: `session ${sessionId} not found` };
    if (worldId && session?.worldId && session.worldId !== worldId)
      return {
        world: null,
        session,
        problem: `session ${sessionId} belongs to world ${session.worldId}, not ${worldId}`,
      };
    const id = worldId ?? session?.worldId ?? null;
    const world = id ? ((await store.worlds.getWorld(id)) ?? null) : null;
    if (id && (!world || world.archivedAt)) return { world: null, session, problem: `world ${id} not found` };
    return { world, session };
  }
}

/** A refusal of the event's data by the layer that handled it (a 4xx), as a reason; else undefined. */
function refusalOf(error: unknown): string | undefined {
  if (error instanceof EventsError || error instanceof NarrativeError || error instanceof ContentError) {
    if (error.statusCode >= 500) return undefined;
    return error.param ? `${error.param}: ${error.message}` : error.message;
  }
  return undefined;
}

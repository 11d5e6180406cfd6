/**
 * The event hub: where Loremaster publishes and where deliveries subscribe.
 *
 * `publish` is synchronous and cheap (it runs inside model calls): it validates the envelope, hands
 * it to this instance's subscribers, to Redis for the other instances (with REDIS_URL), and to the
 * batched log writer. The stored log then feeds GET /llm/events, resuming sockets and the webhooks
 * (whose deliveries are created with each written batch, by the instance that published the event).
 */

import type { EventsConfig } from '../config/events-schema.js';
import { type Logger, redactValue } from '../config/index.js';
import { parseDuration } from '../config/store-schema.js';
import type { Store } from '../store/index.js';
import type { StoredEvent } from '../store/repositories/events.js';
import {
  type EventEnvelope,
  type EventScope,
  envelopeSchema,
  type LoggedEvent,
  newEvent,
  type OutboundType,
} from './envelope.js';
import { type EventFilter, type EventMatcher, matcherFor } from './filter.js';
import { EventLogWriter } from './log-writer.js';
import { RedisFanout } from './redis-fanout.js';

export type EventListener = (event: EventEnvelope) => void;

/** What publishers are given: one function, so layers below api/ need no more of the hub. */
export type Publish = (
  type: OutboundType,
  source: string,
  data: Record<string, unknown>,
  scope?: EventScope,
) => void;

export interface EventHubOptions {
  store: Store;
  config: EventsConfig;
  logger: Logger;
  /** Fan-out across instances. */
  redisUrl?: string | undefined;
  /** Told about each written batch (webhook deliveries are created from it). */
  onStored?: (events: readonly EventEnvelope[]) => Promise<void>;
  /**
   * Publishes what others hold back before the log is read (the gateway's llm.* events of a burst,
   * see gateway/middleware/after-call.ts), so a reader of the log never misses a finished call.
   */
  settle?: () => void;
}

export interface EventHubStats {
  published: number;
  remote: number;
  invalid: number;
  subscribers: number;
  log: { written: number; pending: number; dropped: number };
  redis: { enabled: boolean; errors: number };
}

export class EventHub {
  private readonly subscribers = new Set<{ match: EventMatcher; listener: EventListener }>();
  private readonly writer: EventLogWriter;
  private readonly fanout: RedisFanout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private readonly counts = { published: 0, remote: 0, invalid: 0 };
  readonly publishEvent: Publish;

  constructor(private readonly options: EventHubOptions) {
    const { store, config, logger } = options;
    this.writer = new EventLogWriter({
      write: async (batch) => {
        await store.appendEvents(
          batch.map((event) => ({
            eventId: event.id,
            type: event.type,
            source: event.source,
            worldId: event.world_id,
            sessionId: event.session_id,
            payload: event.data,
            time: event.time,
            version: event.version,
            direction: 'out' as const,
          })),
        );
        await options.onStored?.(batch);
      },
      bufferMax: config.log.buffer_max,
      batchSize: config.log.batch_size,
      flushIntervalMs: config.log.flush_interval_ms,
      onError: (error) => logger.warn({ err: error }, 'event log batch not written (will retry)'),
    });
    this.fanout = options.redisUrl
      ? new RedisFanout(options.redisUrl, config.redis_prefix, logger)
      : undefined;
    this.publishEvent = (type, source, data, scope) => this.publishOwn(newEvent(type, source, data, scope));
  }

  /** Connects Redis (when configured) and starts applying retention. */
  async start(): Promise<void> {
    await this.fanout?.start((event) => {
      this.counts.remote += 1;
      this.deliver(event);
    });
    const interval = this.options.config.log.prune_interval_ms;
    this.pruneTimer = setInterval(() => void this.prune().catch(() => {}), interval).unref();
  }

  /** Publishes an event made here: to local subscribers, other instances and the log. */
  publish(event: EventEnvelope): void {
    // Sockets, webhooks and other instances get what the log gets: no configured secret, by value.
    const checked = envelopeSchema.safeParse(redactValue(event));
    if (!checked.success) {
      this.counts.invalid += 1;
      this.options.logger.warn(
        { type: event.type, issues: checked.error.issues },
        'invalid event not published',
      );
      return;
    }
    this.accept(checked.data);
  }

  /**
   * An envelope `newEvent` made: its id, version, type and time are right by construction, so only
   * what the publisher passed is checked, by hand. Every model call publishes two events, and the
   * schema's parse was about 6% of the CPU of a streamed call (bench/gateway, ttft); anything the
   * quick check does not pass goes through the schema as before.
   */
  private publishOwn(event: EventEnvelope): void {
    const clean = redactValue(event);
    if (isPlainEnvelope(clean)) this.accept(clean);
    else this.publish(clean);
  }

  private accept(event: EventEnvelope): void {
    this.counts.published += 1;
    this.deliver(event);
    this.fanout?.publish(event);
    this.writer.add(event);
  }

  /**
   * Publishes an event that is already in the log (an inbound event the game posted): delivered
   * here and to other instances, and handed to the webhooks, without storing it again.
   */
  async publishStored(event: EventEnvelope): Promise<void> {
    this.counts.published += 1;
    this.deliver(event);
    this.fanout?.publish(event);
    await this.options.onStored?.([event]);
  }

  /** Subscribes to live events; returns the function that unsubscribes. */
  subscribe(filter: EventFilter, listener: EventListener): () => void {
    const entry = { match: matcherFor(filter), listener };
    this.subscribers.add(entry);
    return () => this.subscribers.delete(entry);
  }

  /** Stored events after `afterSeq` (or since a time), oldest first. */
  async read(
    filter: EventFilter & { afterSeq?: number; since?: string; direction?: 'in' | 'out' },
    limit: number,
  ): Promise<LoggedEvent[]> {
    const rows = await this.options.store.events.list({
      types: filter.types,
      worldId: filter.worldId ?? undefined,
      sessionId: filter.sessionId ?? undefined,
      afterId: filter.afterSeq,
      since: filter.since,
      direction: filter.direction,
      limit,
    });
    return rows.map(toLogged);
  }

  /** The log position of a stored event, or undefined when the log does not (or no longer) hold it. */
  async seqOf(eventId: string): Promise<number | undefined> {
    const match = /^evt_log_(\d+)$/.exec(eventId);
    if (match) return Number(match[1]);
    return (await this.options.store.events.getByEventId(eventId))?.id;
  }

  /** Writes every event published so far to the log. */
  flush(): Promise<void> {
    this.options.settle?.();
    return this.writer.flush();
  }

  /** Applies retention: events past `log.retention`, then all but the newest `log.max_events`. */
  async prune(): Promise<number> {
    const { retention, max_events: keep } = this.options.config.log;
    const before = new Date(Date.now() - parseDuration(retention)).toISOString();
    return this.options.store.events.prune(before, keep);
  }

  stats(): EventHubStats {
    return {
      ...this.counts,
      subscribers: this.subscribers.size,
      log: { written: this.writer.written, pending: this.writer.pending, dropped: this.writer.dropped },
      redis: { enabled: this.fanout !== undefined, errors: this.fanout?.errors ?? 0 },
    };
  }

  async close(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.writer.close();
    await this.fanout?.close();
    this.subscribers.clear();
  }

  private deliver(event: EventEnvelope): void {
    for (const { match, listener } of this.subscribers) {
      if (!match(event)) continue;
      try {
        listener(event);
      } catch (error) {
        this.options.logger.warn({ err: error, type: event.type }, 'event listener failed');
      }
    }
  }
}

/** What the envelope schema asks of the parts a publisher gives (`source`, scope, `data`). */
function isPlainEnvelope(event: EventEnvelope): boolean {
  const { source, data } = event;
  return (
    source.length > 0 &&
    source.length <= 100 &&
    source.trim() === source &&
    isScopeId(event.world_id) &&
    isScopeId(event.session_id) &&
    typeof data === 'object' &&
    data !== null &&
    !Array.isArray(data)
  );
}

function isScopeId(value: string | null): boolean {
  return value === null || (typeof value === 'string' && value.length > 0 && value.length <= 128);
}

export function toLogged(row: StoredEvent): LoggedEvent {
  return {
    seq: row.id,
    id: row.eventId,
    version: 1,
    type: row.type,
    time: row.createdAt,
    world_id: row.worldId,
    session_id: row.sessionId,
    source: row.source,
    data: (row.payload ?? {}) as Record<string, unknown>,
  };
}

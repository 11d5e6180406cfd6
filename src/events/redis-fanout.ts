/**
 * Fan-out across instances through Redis pub/sub (with REDIS_URL): every instance publishes the
 * events it made on one channel and hands the others' to its local subscribers. An instance ignores
 * its own messages (it delivered them already), so each subscriber sees an event once.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../config/index.js';
import { type EventEnvelope, envelopeSchema } from './envelope.js';

export class RedisFanout {
  readonly instanceId = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;
  /** Publishes that failed (Redis away); the event still reaches this instance and the log. */
  errors = 0;

  constructor(
    url: string,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.channel = `${prefix}bus`;
    this.publisher = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: true });
    this.subscriber = new Redis(url, { connectTimeout: 2_000, lazyConnect: true });
    for (const client of [this.publisher, this.subscriber])
      client.on('error', (error: Error) => logger.warn({ message: error.message }, 'Redis (events) error'));
  }

  /** Connects and subscribes; `onRemote` gets every other instance's events. */
  async start(onRemote: (event: EventEnvelope) => void): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    this.subscriber.on('message', (_channel: string, message: string) => {
      try {
        const { o: origin, e: raw } = JSON.parse(message) as { o: string; e: unknown };
        if (origin === this.instanceId) return;
        onRemote(envelopeSchema.parse(raw));
      } catch (error) {
        this.logger.warn({ err: error }, 'ignored a malformed event from Redis');
      }
    });
    await this.subscriber.subscribe(this.channel);
  }

  publish(event: EventEnvelope): void {
    this.publisher.publish(this.channel, JSON.stringify({ o: this.instanceId, e: event })).catch(() => {
      this.errors += 1;
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }
}

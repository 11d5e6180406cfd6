/**
 * Sends queued webhook deliveries. Every instance runs one: it claims due deliveries from the store
 * under a lease (so two instances never send the same delivery at once, and a delivery of an instance
 * that died is sent by another), POSTs the signed envelope, and records the outcome: delivered (2xx),
 * due again after an exponential backoff, or dead after `max_attempts` (`webhook.dead_lettered` is
 * published). Redirects are not followed: the allow-list names the hosts deliveries may reach.
 */
import { randomUUID } from 'node:crypto';
import type { EventsConfig } from '../../config/events-schema.js';
import type { Logger } from '../../config/index.js';
import { redactSecrets } from '../../config/index.js';
import type { AttemptRecord, Store, WebhookDelivery } from '../../store/index.js';
import type { Publish } from '../hub.js';
import { hostAllowed } from './allow-list.js';
import {
  DELIVERY_ID_HEADER,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  signature,
  TIMESTAMP_HEADER,
  WEBHOOK_ID_HEADER,
} from './signature.js';

/** How much of a receiver's answer is kept for inspection. */
const RESPONSE_MAX_CHARS = 1_024;
/** A delivery's lease outlasts its request by this much (the outcome is written after). */
const LEASE_MARGIN_MS = 30_000;

export interface DispatcherOptions {
  store: Store;
  config: EventsConfig['webhooks'];
  logger: Logger;
  publish?: Publish;
}

export interface DispatcherStats {
  sent: number;
  delivered: number;
  failed: number;
  dead: number;
  inFlight: number;
}

export class WebhookDispatcher {
  readonly owner = `webhooks:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking: Promise<void> | undefined;
  private again = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly counts = { sent: 0, delivered: 0, failed: 0, dead: 0 };

  constructor(private readonly options: DispatcherOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Looks for due deliveries now (deliveries were just queued or retried on this instance). */
  wake(): void {
    if (!this.running) return;
    if (this.ticking) this.again = true;
    else this.schedule(0);
  }

  stats(): DispatcherStats {
    return { ...this.counts, inFlight: this.inFlight.size };
  }

  /** Stops claiming; deliveries in flight finish (bounded by their timeout). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    await Promise.allSettled([...this.inFlight]);
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
        const now = this.again;
        this.again = false;
        this.schedule(now ? 0 : this.options.config.poll_ms);
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const { config, store, logger } = this.options;
    const room = config.concurrency - this.inFlight.size;
    if (room <= 0) return;
    let claimed: WebhookDelivery[];
    try {
      claimed = await store.webhooks.claimDue(this.owner, {
        limit: room,
        leaseMs: config.timeout_ms + LEASE_MARGIN_MS,
      });
    } catch (error) {
      logger.warn({ err: error }, 'webhook deliveries not claimed (will retry)');
      return;
    }
    for (const delivery of claimed) {
      const sending = this.send(delivery)
        .catch((error: unknown) =>
          logger.warn({ err: error, delivery: delivery.id }, 'webhook delivery failed'),
        )
        .finally(() => {
          this.inFlight.delete(sending);
          // A slot is free: more may be due.
          this.wake();
        });
      this.inFlight.add(sending);
    }
  }

  private async send(delivery: WebhookDelivery): Promise<void> {
    const { store, config } = this.options;
    const webhook = await store.webhooks.get(delivery.webhookId);
    if (!webhook) return;
    let url: URL | undefined;
    try {
      url = new URL(webhook.url);
    } catch {
      url = undefined;
    }
    if (!url || !hostAllowed(url, config.allowed_hosts)) {
      // The allow-list changed since the webhook was made: no attempt will ever be allowed.
      await this.finish(
        delivery,
        {
          status: null,
          error: 'target host is no longer in events.webhooks.allowed_hosts',
          response: null,
          durationMs: 0,
        },
        false,
        true,
      );
      return;
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    this.counts.sent += 1;
    let attempt: AttemptRecord;
    let retryAfterMs: number | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeout_ms),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Loremaster-Webhooks/1',
          [EVENT_ID_HEADER]: delivery.eventId,
          [EVENT_TYPE_HEADER]: delivery.eventType,
          [DELIVERY_ID_HEADER]: String(delivery.id),
          [WEBHOOK_ID_HEADER]: webhook.id,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signature(webhook.secret, timestamp, delivery.body),
        },
        body: delivery.body,
      });
      const text = await readSome(response);
      attempt = {
        status: response.status,
        error: response.ok ? null : `receiver answered ${response.status}`,
        response: text,
        durationMs: performance.now() - started,
      };
      retryAfterMs = retryAfter(response.headers.get('retry-after'));
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      attempt = {
        status: null,
        error: timedOut
          ? `no answer within ${config.timeout_ms} ms`
          : redactSecrets(describe(error)).slice(0, 500),
        response: null,
        durationMs: performance.now() - started,
      };
    }
    const delivered = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
    await this.finish(delivery, attempt, delivered, false, retryAfterMs);
  }

  private async finish(
    delivery: WebhookDelivery,
    attempt: AttemptRecord,
    delivered: boolean,
    permanent: boolean,
    retryAfterMs?: number,
  ): Promise<void> {
    const { store, config } = this.options;
    const last = permanent || delivery.attempts >= config.max_attempts;
    const retryAt =
      delivered || last
        ? undefined
        : new Date(
            Date.now() + Math.max(retryAfterMs ?? 0, backoffMs(delivery.attempts, config)),
          ).toISOString();
    const recorded = await store.webhooks.recordAttempt(delivery.id, this.owner, {
      ...attempt,
      delivered,
      retryAt,
    });
    if (!recorded) return; // The lease was lost (this attempt took too long): the new holder decides.
    if (delivered) this.counts.delivered += 1;
    else this.counts.failed += 1;
    if (recorded.status !== 'dead') return;
    this.counts.dead += 1;
    const envelope = readEnvelope(delivery.body);
    this.options.publish?.(
      'webhook.dead_lettered',
      'webhooks',
      {
        webhook_id: delivery.webhookId,
        delivery_id: delivery.id,
        event_id: delivery.eventId,
        event_type: delivery.eventType,
        attempts: recorded.attempts,
        last_status: recorded.lastStatus,
        last_error: recorded.lastError,
      },
      { worldId: envelope.world_id, sessionId: envelope.session_id },
    );
  }
}

/**
 * The wait before attempt `attempts + 1`: `retry_base_ms` doubled per attempt made, capped at
 * `retry_cap_ms`, with up to 20% of jitter so deliveries that failed together do not return together.
 */
export function backoffMs(
  attempts: number,
  config: Pick<EventsConfig['webhooks'], 'retry_base_ms' | 'retry_cap_ms'>,
  random: () => number = Math.random,
): number {
  const exponential = config.retry_base_ms * 2 ** Math.max(0, Math.min(attempts - 1, 30));
  const capped = Math.min(config.retry_cap_ms, exponential);
  return Math.round(capped * (0.8 + 0.2 * random()));
}

/** `Retry-After` in seconds (a receiver asking for time), bounded to an hour. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 3_600) * 1_000 : undefined;
}

/** The start of a response body, without reading more of it than is kept. */
async function readSome(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < RESPONSE_MAX_CHARS) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut off mid-way: what came is enough to inspect.
  } finally {
    reader.cancel().catch(() => {});
  }
  return text ? redactSecrets(text.slice(0, RESPONSE_MAX_CHARS)) : null;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const message = error instanceof Error ? error.message : String(error);
  return cause?.code
    ? `${message} (${cause.code})`
    : cause?.message
      ? `${message}: ${cause.message}`
      : message;
}

function readEnvelope(body: string): { world_id: string | null; session_id: string | null } {
  try {
    const parsed = JSON.parse(body) as { world_id?: unknown; session_id?: unknown };
    return {
      world_id: typeof parsed.world_id === 'string' ? parsed.world_id : null,
      session_id: typeof parsed.session_id === 'string' ? parsed.session_id : null,
    };
  } catch {
    return { world_id: null, session_id: null };
  }
}

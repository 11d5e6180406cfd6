/**
 * A bounded priority queue per provider that decides who goes next when calls must wait (the provider
 * is at its concurrency limit or out of rate-limit tokens).
 *
 * Dispatch is weighted round robin over HIGH / MEDIUM / LOW (6:3:1 by default): under sustained HIGH
 * load LOW still gets its share, so background maintenance never starves. Each waiter has a deadline,
 * and a full queue refuses at once instead of growing.
 */
import type { GatewayConfig } from '../../config/index.js';
import { GatewayError } from '../errors.js';
import type { Priority } from '../types.js';

type QueueSettings = GatewayConfig['queue'];

const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];

interface Waiter {
  priority: Priority;
  enqueuedAt: number;
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
  settled: boolean;
}

/** A FIFO that pops in O(1) without Array.shift's copying. */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

export class PriorityQueue {
  private readonly settings: QueueSettings;
  private readonly queues: Record<Priority, Fifo<Waiter>> = {
    high: new Fifo(),
    medium: new Fifo(),
    low: new Fifo(),
  };
  private readonly credits: Record<Priority, number>;
  /** Live waiters per priority (a FIFO may also hold entries that timed out, skipped when reached). */
  private readonly live: Record<Priority, number> = { high: 0, medium: 0, low: 0 };
  private total = 0;
  readonly counters = { enqueued: 0, dispatched: 0, rejectedFull: 0, timedOut: 0 };

  constructor(settings: QueueSettings) {
    this.settings = settings;
    this.credits = { ...settings.weights };
  }

  get size(): number {
    return this.total;
  }

  depth(): Record<Priority, number> {
    return { ...this.live };
  }

  /** Waits for a turn; rejects at once when the queue is full, later when the deadline passes. */
  wait(priority: Priority, signal: AbortSignal | undefined): Promise<void> {
    const queue = this.queues[priority];
    if (this.live[priority] >= this.settings.max_size[priority] || this.total >= this.settings.max_total) {
      this.counters.rejectedFull += 1;
      return Promise.reject(
        new GatewayError(
          'queue_full',
          `The ${priority}-priority queue is full (${this.live[priority]} waiting, ${this.total} in all); try again shortly`,
          { retryAfterSeconds: 1 },
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const timeoutMs = this.settings.timeout_ms[priority];
      const waiter: Waiter = {
        priority,
        enqueuedAt: performance.now(),
        resolve,
        reject,
        settled: false,
        timer: setTimeout(() => {
          this.abandon(
            waiter,
            new GatewayError('queue_timeout', `Waited ${timeoutMs} ms in the ${priority}-priority queue`, {
              retryAfterSeconds: 1,
            }),
          );
          this.counters.timedOut += 1;
        }, timeoutMs),
      };
      waiter.timer.unref();
      signal?.addEventListener('abort', () => this.abandon(waiter, signal.reason), { once: true });
      queue.push(waiter);
      this.live[priority] += 1;
      this.total += 1;
      this.counters.enqueued += 1;
    });
  }

  /** Lets the next waiter go, by weighted round robin. Returns false when nobody waits. */
  releaseNext(): boolean {
    while (this.total > 0) {
      const priority = this.nextPriority();
      if (!priority) return false;
      const waiter = this.queues[priority].shift()!;
      if (waiter.settled) continue; // timed out or aborted while waiting
      this.settle(waiter);
      clearTimeout(waiter.timer);
      this.counters.dispatched += 1;
      waiter.resolve();
      return true;
    }
    return false;
  }

  private nextPriority(): Priority | undefined {
    // Two passes: spend credits; when every waiting priority is out of credit, refill and try again.
    for (let pass = 0; pass < 2; pass++) {
      for (const priority of PRIORITIES) {
        if (this.queues[priority].length > 0 && this.credits[priority] > 0) {
          this.credits[priority] -= 1;
          return priority;
        }
      }
      Object.assign(this.credits, this.settings.weights);
    }
    return undefined;
  }

  private settle(waiter: Waiter): void {
    waiter.settled = true;
    clearTimeout(waiter.timer);
    this.live[waiter.priority] -= 1;
    this.total -= 1;
  }

  private abandon(waiter: Waiter, error: unknown): void {
    if (waiter.settled) return;
    // The entry stays in its FIFO and is skipped when reached.
    this.settle(waiter);
    waiter.reject(error);
  }
}

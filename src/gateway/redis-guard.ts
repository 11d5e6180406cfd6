/**
 * Runs the gateway's Redis commands (shared cache, shared rate limits) so that Redis can never fail
 * or stall a model call: each command has a short deadline, a Redis known to be down is not asked
 * at all, and failures are counted and logged without flooding the log during an outage.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../config/index.js';

/** What `run` resolves with when the command failed, timed out or was not sent. */
export const FAILED: unique symbol = Symbol('redis command failed');

// ioredis reconnects by itself; while it does, a command would wait in its offline queue (growing
// it under load) and each call would pay the full deadline. `wait` (lazyConnect, not yet connected)
// is left out: the first command is what makes such a client connect.
const DOWN: ReadonlySet<string> = new Set(['reconnecting', 'close', 'end']);

/** One log line at most per this interval; the failures in between are counted in it. */
const LOG_INTERVAL_MS = 10_000;

export interface RedisGuardOptions {
  logger: Logger;
  /** Says what fails, in the log line (e.g. "Redis cache unavailable; answering as a miss"). */
  failureMessage: string;
  timeoutMs: number;
}

export class RedisGuard {
  /** Commands that failed, timed out or were not sent because Redis was down. */
  errors = 0;
  private readonly redis: Redis;
  private readonly options: RedisGuardOptions;
  private lastLogAt = Number.NEGATIVE_INFINITY;
  private unlogged = 0;

  constructor(redis: Redis, options: RedisGuardOptions) {
    this.redis = redis;
    this.options = options;
  }

  /** Resolves with the command's result, or FAILED; never rejects. */
  run<T>(
    command: string,
    send: (redis: Redis) => Promise<T>,
    timeoutMs = this.options.timeoutMs,
  ): Promise<T | typeof FAILED> {
    if (DOWN.has(this.redis.status)) {
      this.fail(command, new Error(`Redis connection is ${this.redis.status}`));
      return Promise.resolve(FAILED);
    }
    return new Promise((resolve) => {
      let settled = false;
      const settle = (value: T | typeof FAILED, error?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (value === FAILED) this.fail(command, error);
        resolve(value);
      };
      // A command that times out may still complete later; its result is ignored (a late cache
      // write or bucket update is harmless).
      const timer = setTimeout(
        () => settle(FAILED, new Error(`Redis ${command} took over ${timeoutMs} ms`)),
        timeoutMs,
      );
      try {
        send(this.redis).then(
          (value) => settle(value),
          (error: unknown) => settle(FAILED, error),
        );
      } catch (error) {
        settle(FAILED, error);
      }
    });
  }

  private fail(command: string, error: unknown): void {
    this.errors++;
    const now = performance.now();
    if (now - this.lastLogAt < LOG_INTERVAL_MS) {
      this.unlogged++;
      return;
    }
    this.options.logger.warn(
      { err: error, command, failuresSinceLastLog: this.unlogged },
      this.options.failureMessage,
    );
    this.lastLogAt = now;
    this.unlogged = 0;
  }
}

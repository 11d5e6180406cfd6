/**
 * The after-call work of a burst: metrics, usage roll-ups and the gateway's `llm.*` events (and so
 * the event log and call log rows written from them), held while other calls are in flight and run,
 * in order, at the burst's first quiet moment.
 *
 * Why: a burst of streams shares one event loop. Every call that ends runs its accounting in the
 * loop at once, and every stream still waiting for its first token waits behind it. Measured with
 * `npm run bench:gateway -- --only ttft --ttft-settings paced` (50 streams, clients in step, same-run
 * A/Bs, 2026-12-07), taking this work out of the burst moved the median first token through the
 * gateway from 2.53 / 2.90 / 2.77 ms over direct to 0.59 / 1.72 / 1.92 ms; done here, it is the
 * same work, only later. The pieces alone (events, metrics, usage) each moved less than one run
 * differs from the next: it is their sum, once per call, that a burst meets.
 *
 * What it costs: while calls overlap, what a call did shows in metrics, usage and the logs up to
 * `quiet_ms` after the last call ended (at most `max_hold_ms` after the first held one). Every read
 * of them (GET /metrics, the usage and analytics routes, the call log, the event log and a resuming
 * socket) settles what is held first, so a reader never misses a finished call. A call alone is
 * accounted at once, as is everything held when the last call in flight ends. Budgets are not held:
 * their spend is counted when the call ends, so a hard stop holds under a burst too.
 */
import type { Logger } from '../../config/index.js';
import type { MiddlewareDeps } from '../deps.js';

export interface AfterCallOptions {
  /** Run what is held once no call has started or ended for this long. */
  quietMs: number;
  /** Run what is held at most this long after the first of it; 0: never hold. */
  maxHoldMs: number;
  logger: Pick<Logger, 'error'>;
}

type Job = () => void;

export class AfterCallWork {
  private readonly held: Job[] = [];
  private quiet: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private settling = false;
  private closed = false;

  constructor(private readonly options: AfterCallOptions) {}

  /** Jobs held now. */
  get pending(): number {
    return this.held.length;
  }

  /**
   * Runs `job` now, after whatever is held (the order of calls is kept), or holds it when `busy`
   * (another call is in flight) and holding is on.
   */
  run(job: Job, busy: boolean): void {
    if (this.settling || (busy && !this.closed && this.options.maxHoldMs > 0)) {
      this.hold(job);
      return;
    }
    if (this.held.length > 0) this.settle();
    this.safely(job);
  }

  /** Runs everything held, in order. Whatever reads the work's results calls this first. */
  settle = (): void => {
    // A job's listener may start or end a call (or read): what it adds joins this pass, in order.
    if (this.settling) return;
    this.clearTimers();
    this.settling = true;
    try {
      for (let index = 0; index < this.held.length; index += 1) this.safely(this.held[index]!);
    } finally {
      this.held.length = 0;
      this.settling = false;
    }
  };

  /** Runs what is held; from now on every job runs at once. */
  close(): void {
    this.closed = true;
    this.settle();
  }

  private hold(job: Job): void {
    this.held.push(job);
    if (this.settling) return;
    if (this.quiet) this.quiet.refresh();
    else this.quiet = setTimeout(this.settle, this.options.quietMs).unref();
    this.deadline ??= setTimeout(this.settle, this.options.maxHoldMs).unref();
  }

  private clearTimers(): void {
    clearTimeout(this.quiet);
    clearTimeout(this.deadline);
    this.quiet = undefined;
    this.deadline = undefined;
  }

  /** A job that throws is logged: the call it accounts for has already been answered. */
  private safely(job: Job): void {
    try {
      job();
    } catch (error) {
      this.options.logger.error({ err: error }, 'accounting after a call failed');
    }
  }
}

/** The after-call work as `gateway.usage.after_call` configures it. */
export function afterCallWork(deps: Pick<MiddlewareDeps, 'settings' | 'logger'>): AfterCallWork {
  const { quiet_ms: quietMs, max_hold_ms: maxHoldMs } = deps.settings.gateway.usage.after_call;
  return new AfterCallWork({ quietMs, maxHoldMs, logger: deps.logger });
}

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
 * accounted at once when nothing is held; when the last call in flight ends, what is held starts to
 * run. Held work runs a slice per turn of the event loop (see SLICE), a read runs it all at once.
 * Budgets are not held: their spend is counted when the call ends, so a hard stop holds under a
 * burst too.
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

/**
 * Held jobs run per turn of the event loop once the burst is quiet: what came meanwhile (a first
 * token, a new request) is served between slices rather than after all of them. Run in one piece,
 * a burst's held work (about a hundred jobs at 50 streams) put 33-57 ms on the first token's p99
 * with the servers on a CPU of their own (three same-run A/Bs, 2026-12-07).
 */
const SLICE = 8;

export class AfterCallWork {
  private readonly held: Job[] = [];
  private quiet: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  /** The next slice, while what is held is being run a slice a turn. */
  private draining: NodeJS.Immediate | undefined;
  private settling = false;
  private closed = false;

  constructor(private readonly options: AfterCallOptions) {}

  /** Jobs held now. */
  get pending(): number {
    return this.held.length;
  }

  /**
   * Runs `job` now when nothing is held, or holds it: while `busy` (another call is in flight) and
   * holding is on, or behind what is held (the order of calls is kept), which then starts to run.
   */
  run(job: Job, busy: boolean): void {
    if (this.held.length === 0 && !this.settling && (!busy || this.closed || this.options.maxHoldMs === 0)) {
      this.safely(job);
      return;
    }
    this.held.push(job);
    if (this.settling || this.draining) return;
    if (!busy || this.closed || this.options.maxHoldMs === 0) {
      this.drain();
      return;
    }
    if (this.quiet) this.quiet.refresh();
    else this.quiet = setTimeout(this.drain, this.options.quietMs).unref();
    this.deadline ??= setTimeout(this.drain, this.options.maxHoldMs).unref();
  }

  /** Runs everything held, at once and in order. Whatever reads the work's results calls this first. */
  settle = (): void => {
    this.runHeld(Number.POSITIVE_INFINITY);
  };

  /** Runs what is held; from now on every job runs at once. */
  close(): void {
    this.closed = true;
    this.settle();
  }

  /** Runs a slice of what is held, and the rest a slice a turn. */
  private readonly drain = (): void => {
    this.runHeld(SLICE);
  };

  private runHeld(most: number): void {
    // A job's listener may start or end a call (or read): what it adds joins this pass, in order.
    if (this.settling) return;
    this.clearTimers();
    this.settling = true;
    let ran = 0;
    try {
      while (ran < this.held.length && ran < most) this.safely(this.held[ran++]!);
    } finally {
      this.held.splice(0, ran);
      this.settling = false;
    }
    if (this.held.length > 0) this.draining = setImmediate(this.drain).unref();
  }

  private clearTimers(): void {
    clearTimeout(this.quiet);
    clearTimeout(this.deadline);
    clearImmediate(this.draining);
    this.quiet = undefined;
    this.deadline = undefined;
    this.draining = undefined;
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

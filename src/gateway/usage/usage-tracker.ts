/**
 * Usage roll-ups: requests, errors, tokens, cost and cache hits per hour and per day (UTC), keyed by
 * provider, model, role, call kind and API key id. Everything stays in memory and bounded; changed
 * roll-ups go to a sink (the store) off the request path, on a timer.
 */
import type { Logger } from '../../config/index.js';
import type { AccountedKind } from '../types.js';
import { renderReport } from './report.js';

export type UsagePeriod = 'hour' | 'day';
export type UsageGroupBy = 'provider' | 'model' | 'role' | 'kind' | 'api_key';

export interface UsageCounters {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  cacheHits: number;
}

export interface UsageDimensions {
  provider: string;
  model: string;
  role: string | null;
  kind: AccountedKind;
  /** null for Loremaster's own roles. */
  apiKeyId: string | null;
}

/** One bucket (an hour or a day, by its start in epoch ms) of one combination of dimensions. */
export interface UsageRollup extends UsageDimensions, UsageCounters {
  period: UsagePeriod;
  start: number;
}

/**
 * Where roll-ups go to last (the store). Each roll-up written carries the increments since the last
 * successful write for its (period, start, dimensions): a sink adds them up (upsert with `+=`), which
 * stays right across restarts and across several instances writing to one database.
 */
export interface UsageSink {
  write(rollups: UsageRollup[]): Promise<void>;
}

/** One finished call, as the monitoring middleware reports it. */
export interface UsageRecord {
  provider: string;
  model: string;
  role: string | undefined;
  kind: AccountedKind;
  apiKeyId: string | undefined;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  cacheHit: boolean;
  error: boolean;
}

export interface UsageFilter {
  period: UsagePeriod;
  /** Epoch ms; defaults to 24 hours ago (hourly) or 30 days ago (daily). */
  since?: number;
  groupBy?: UsageGroupBy;
}

export interface UsageGroup extends UsageCounters {
  /** The value of the grouped dimension (null: a call without role or API key); null without groupBy. */
  key: string | null;
}

export interface UsageSnapshot {
  period: UsagePeriod;
  /** Start of the first bucket included (epoch ms). */
  since: number;
  groupBy: UsageGroupBy | null;
  totals: UsageCounters;
  /** Over the whole window, most expensive first. */
  groups: UsageGroup[];
  /** Per bucket (and group), oldest first. */
  series: Array<UsageGroup & { start: number }>;
}

export interface UsageTrackerOptions {
  sink?: UsageSink;
  /** How often changed roll-ups go to the sink. */
  flushIntervalMs?: number;
  /** Hourly buckets kept in memory. */
  hours?: number;
  /** Daily buckets kept in memory. */
  days?: number;
  /** Distinct roll-ups kept, hours and days together; beyond it new keys fold into an `(other)` row. */
  maxRows?: number;
  now?: () => number;
  logger?: Logger;
  /** Runs the records a burst holds back (AfterCallWork.settle) before every read. */
  settle?: () => void;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const SIZE: Record<UsagePeriod, number> = { hour: HOUR_MS, day: DAY_MS };
/** Stands for the model and API key of calls past the row bound. */
export const OTHER = '(other)';

function zero(): UsageCounters {
  return { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, cacheHits: 0 };
}

function add(into: UsageCounters, from: UsageCounters): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.costUsd += from.costUsd;
  into.cacheHits += from.cacheHits;
}

function subtract(into: UsageCounters, from: UsageCounters): void {
  into.requests -= from.requests;
  into.errors -= from.errors;
  into.inputTokens -= from.inputTokens;
  into.outputTokens -= from.outputTokens;
  into.costUsd -= from.costUsd;
  into.cacheHits -= from.cacheHits;
}

/** A live roll-up, with what the sink already has of it. */
interface Row extends UsageRollup {
  written: UsageCounters;
  /** Its bucket left memory: a failed write of it is not retried forever. */
  pruned: boolean;
}

function dimsKey(
  provider: string,
  model: string,
  role: string | null | undefined,
  kind: AccountedKind,
  apiKeyId: string | null | undefined,
): string {
  return `${provider}\u0000${model}\u0000${role ?? ''}\u0000${kind}\u0000${apiKeyId ?? ''}`;
}

const GROUP_KEY: Record<UsageGroupBy, (row: UsageRollup) => string | null> = {
  provider: (row) => row.provider,
  model: (row) => `${row.provider}/${row.model}`,
  role: (row) => row.role,
  kind: (row) => row.kind,
  api_key: (row) => row.apiKeyId,
};

export class UsageTracker {
  private readonly buckets: Record<UsagePeriod, Map<number, Map<string, Row>>> = {
    hour: new Map(),
    day: new Map(),
  };
  private readonly keep: Record<UsagePeriod, number>;
  private readonly maxRows: number;
  private readonly now: () => number;
  private readonly sink: UsageSink | undefined;
  private readonly logger: Logger | undefined;
  private readonly settle: () => void;
  /** Rows changed since the last write; only kept when there is a sink. */
  private readonly dirty = new Set<Row>();
  private readonly timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private rows = 0;
  private overflowed = 0;

  constructor(options: UsageTrackerOptions = {}) {
    this.keep = { hour: options.hours ?? 48, day: options.days ?? 62 };
    this.maxRows = options.maxRows ?? 50_000;
    this.now = options.now ?? Date.now;
    this.sink = options.sink;
    this.logger = options.logger;
    this.settle = options.settle ?? (() => {});
    if (this.sink) {
      // What a burst still holds is written by a later tick, once it has run: running it here, at
      // whatever moment the timer fires, would put all of it in one stretch of the event loop.
      this.timer = setInterval(() => void this.write(), options.flushIntervalMs ?? 10_000);
      // Never the reason the process stays up; close() does the last flush.
      this.timer.unref();
    }
  }

  /** O(1), synchronous: two map lookups per period and a few additions. */
  record(call: UsageRecord): void {
    const dims = dimsKey(call.provider, call.model, call.role, call.kind, call.apiKeyId);
    const now = this.now();
    this.count(this.row('hour', now, dims, call), call);
    this.count(this.row('day', now, dims, call), call);
  }

  /** Seeds roll-ups the sink already holds (e.g. read back at start), so analytics survive restarts. */
  load(rollups: readonly UsageRollup[]): void {
    for (const rollup of rollups) {
      if (rollup.start < this.oldestKept(rollup.period)) continue;
      const dims = dimsKey(rollup.provider, rollup.model, rollup.role, rollup.kind, rollup.apiKeyId);
      const row = this.row(rollup.period, rollup.start, dims, {
        provider: rollup.provider,
        model: rollup.model,
        role: rollup.role ?? undefined,
        kind: rollup.kind,
        apiKeyId: rollup.apiKeyId ?? undefined,
      });
      add(row, rollup);
      add(row.written, rollup);
    }
  }

  snapshot(filter: UsageFilter): UsageSnapshot {
    this.settle();
    const groupBy = filter.groupBy ?? null;
    const keyOf = groupBy ? GROUP_KEY[groupBy] : () => null;
    const { since, groups, series, totals } = this.aggregate(filter.period, filter.since, keyOf);
    return { period: filter.period, since, groupBy, totals, groups, series };
  }

  /** Totals of the current hour or day. */
  current(period: UsagePeriod): UsageCounters {
    this.settle();
    const now = this.now();
    return this.aggregate(period, now - (now % SIZE[period]), () => null).totals;
  }

  /** A plain-text report: totals per bucket and per provider/model since `since`. */
  report(period: UsagePeriod, since?: number): string {
    this.settle();
    const byBucket = this.aggregate(period, since, () => null);
    const byModel = this.aggregate(period, since, GROUP_KEY.model);
    return renderReport({
      period,
      since: byBucket.since,
      now: this.now(),
      buckets: byBucket.series,
      models: byModel.groups,
      totals: byBucket.totals,
    });
  }

  /**
   * Hands changed roll-ups to the sink, held records included; a failed write is retried at the next
   * flush.
   */
  flush(): Promise<void> {
    this.settle();
    return this.write();
  }

  /** Hands the roll-ups changed so far to the sink. */
  private write(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (!this.sink || this.dirty.size === 0) return Promise.resolve();
    const rows = [...this.dirty];
    this.dirty.clear();
    const deltas = rows.map((row) => {
      const delta: UsageRollup = {
        period: row.period,
        start: row.start,
        provider: row.provider,
        model: row.model,
        role: row.role,
        kind: row.kind,
        apiKeyId: row.apiKeyId,
        ...zero(),
      };
      add(delta, row);
      subtract(delta, row.written);
      add(row.written, delta);
      return delta;
    });
    this.flushing = this.sink
      .write(deltas)
      .catch((error: unknown) => {
        rows.forEach((row, i) => {
          subtract(row.written, deltas[i]!);
          if (!row.pruned) this.dirty.add(row);
        });
        this.logger?.error({ err: error, rollups: deltas.length }, 'usage sink write failed; will retry');
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }

  /** Memory use, for /metrics/detailed. */
  stats(): {
    rows: number;
    hour_buckets: number;
    day_buckets: number;
    overflowed: number;
    unwritten: number;
  } {
    this.settle();
    return {
      rows: this.rows,
      hour_buckets: this.buckets.hour.size,
      day_buckets: this.buckets.day.size,
      overflowed: this.overflowed,
      unwritten: this.dirty.size,
    };
  }

  private count(row: Row, call: UsageRecord): void {
    row.requests += 1;
    if (call.error) row.errors += 1;
    row.inputTokens += call.inputTokens;
    row.outputTokens += call.outputTokens;
    row.costUsd += call.costUsd;
    if (call.cacheHit) row.cacheHits += 1;
    if (this.sink) this.dirty.add(row);
  }

  private row(
    period: UsagePeriod,
    at: number,
    dims: string,
    call: Pick<UsageRecord, 'provider' | 'model' | 'role' | 'kind' | 'apiKeyId'>,
  ): Row {
    const start = at - (at % SIZE[period]);
    let bucket = this.buckets[period].get(start);
    if (!bucket) {
      this.prune(period);
      bucket = new Map();
      this.buckets[period].set(start, bucket);
    }
    const existing = bucket.get(dims);
    if (existing) return existing;
    // Past the bound, a new model or key folds into one row per provider, role and kind: totals stay
    // right, only the detail is lost. Model names and keys come from clients; providers from config.
    const overflow = this.rows >= this.maxRows;
    const model = overflow ? OTHER : call.model;
    const apiKeyId = overflow ? OTHER : (call.apiKeyId ?? null);
    const key = overflow ? dimsKey(call.provider, OTHER, call.role, call.kind, OTHER) : dims;
    if (overflow) {
      this.overflowed += 1;
      const folded = bucket.get(key);
      if (folded) return folded;
    }
    const row: Row = {
      period,
      start,
      provider: call.provider,
      model,
      role: call.role ?? null,
      kind: call.kind,
      apiKeyId,
      ...zero(),
      written: zero(),
      pruned: false,
    };
    bucket.set(key, row);
    this.rows += 1;
    return row;
  }

  /** Start of the oldest bucket kept: the current one and `keep - 1` before it. */
  private oldestKept(period: UsagePeriod): number {
    const now = this.now();
    return now - (now % SIZE[period]) - (this.keep[period] - 1) * SIZE[period];
  }

  private prune(period: UsagePeriod): void {
    const oldest = this.oldestKept(period);
    const buckets = this.buckets[period];
    for (const [start, rows] of buckets) {
      if (start >= oldest) continue;
      for (const row of rows.values()) row.pruned = true;
      this.rows -= rows.size;
      buckets.delete(start);
    }
  }

  private aggregate(
    period: UsagePeriod,
    since: number | undefined,
    keyOf: (row: UsageRollup) => string | null,
  ): Pick<UsageSnapshot, 'since' | 'totals' | 'groups' | 'series'> {
    const size = SIZE[period];
    const from = since ?? this.now() - (period === 'hour' ? DAY_MS : 30 * DAY_MS);
    const first = from - (from % size);
    const totals = zero();
    const groups = new Map<string | null, UsageGroup>();
    const series: Array<UsageGroup & { start: number }> = [];
    const starts = [...this.buckets[period].keys()].filter((start) => start >= first).sort((a, b) => a - b);
    for (const start of starts) {
      const inBucket = new Map<string | null, UsageGroup & { start: number }>();
      for (const row of this.buckets[period].get(start)!.values()) {
        const key = keyOf(row);
        let point = inBucket.get(key);
        if (!point) {
          point = { start, key, ...zero() };
          inBucket.set(key, point);
          series.push(point);
        }
        add(point, row);
        let group = groups.get(key);
        if (!group) {
          group = { key, ...zero() };
          groups.set(key, group);
        }
        add(group, row);
        add(totals, row);
      }
    }
    const ranked = [...groups.values()].sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests);
    return { since: first, totals, groups: ranked, series };
  }
}

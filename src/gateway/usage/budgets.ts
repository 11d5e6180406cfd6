/**
 * Budgets (`gateway.usage.budgets`): tokens or USD, for all calls or per API key, per UTC day or
 * month. `check` refuses a call once a hard-stop budget is used up; `record` counts a finished call
 * and raises `budget.alert` once per threshold per period.
 *
 * Calls in flight when a budget runs out still finish, so spending can pass the limit by what those
 * calls cost; the next call is refused.
 *
 * Spend persists through a `BudgetStore` (the database, or Redis when REDIS_URL is set): the counters
 * stay in memory for the request path, their increments are written every `syncIntervalMs` and on
 * close, and the stored totals (every instance's spend) are read back at start and after each write.
 * So a restart keeps what was spent, and instances sharing a store share their budgets (each one sees
 * the others' spend within a sync interval).
 */
import type { BudgetConfig, Logger } from '../../config/index.js';
import type { Usage } from '../../vocabulary/index.js';
import { GatewayError } from '../errors.js';
import type { EventBus } from '../events.js';
import type { GatewayCall } from '../types.js';

type Period = BudgetConfig['period'];

interface Counter {
  /** The API key this counter counts; null for a budget over all calls. */
  key: string | null;
  /** The period this counter counts (epoch ms, UTC). */
  start: number;
  end: number;
  used: number;
  /** Spend of this period not yet written to the store. */
  pending: number;
  /** How many of the budget's thresholds have raised their alert this period. */
  alerted: number;
}

/** One budget's spend in one period, as a store keeps it. */
export interface BudgetSpend {
  budget: string;
  /** null for a budget over all calls. */
  apiKeyId: string | null;
  /** Period start, epoch ms (UTC). */
  periodStart: number;
  /** Tokens or USD, by the budget's unit. */
  used: number;
}

/** Where spend outlives the process: `add` adds increments; `read` gives the totals. */
export interface BudgetStore {
  add(spends: readonly BudgetSpend[]): Promise<void>;
  /** Every budget's total in the periods that start at these times (epoch ms). */
  read(periodStarts: readonly number[]): Promise<BudgetSpend[]>;
}

interface Budget {
  name: string;
  config: BudgetConfig;
  /** `alert_at`, sorted and without duplicates. */
  thresholds: number[];
  /** The one counter of a global budget or of a budget for one named key. */
  single: Counter | undefined;
  /** A budget for each API key: one counter per key seen. */
  perKey: Map<string, Counter> | undefined;
}

/** A stored API key's own budget (`loremaster keys create --budget 5usd/day`): hard stop, usual alerts. */
export interface KeyBudget {
  unit: BudgetConfig['unit'];
  limit: number;
  period: Period;
}

export interface BudgetUsage {
  /** null for a global budget. */
  apiKeyId: string | null;
  used: number;
  /** used / limit. */
  fraction: number;
  exceeded: boolean;
}

export interface BudgetStatus {
  name: string;
  scope: 'global' | 'key';
  period: Period;
  unit: BudgetConfig['unit'];
  limit: number;
  hardStop: boolean;
  alertAt: number[];
  /** When the current period ends (epoch ms). */
  resetsAt: number;
  /** One entry for a global or single-key budget; one per key that spent this period otherwise. */
  usage: BudgetUsage[];
}

export interface BudgetTrackerOptions {
  budgets: Readonly<Record<string, BudgetConfig>>;
  bus: EventBus;
  now?: () => number;
  logger?: Logger;
  /** API keys tracked per per-key budget; keys come from authenticated clients, this is a guard. */
  maxKeys?: number;
  /** Where spend persists (and is shared); without one, budgets start from zero at every start. */
  store?: BudgetStore;
  /** How often increments are written and totals read back. */
  syncIntervalMs?: number;
}

/** Per-key entries listed by `status()` for one budget, biggest spenders first. */
const STATUS_KEYS = 100;

export function periodBounds(period: Period, now: number): { start: number; end: number } {
  const date = new Date(now);
  if (period === 'day') {
    const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
    return { start, end: start + 86_400_000 };
  }
  return {
    start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
    end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
  };
}

function describeAmount(amount: number, unit: BudgetConfig['unit']): string {
  return unit === 'usd' ? `$${amount.toFixed(2)}` : `${Math.round(amount).toLocaleString('en-US')} tokens`;
}

export class BudgetTracker {
  /** Budgets over every call. */
  private readonly everyCall: Budget[] = [];
  /** Budgets for each API key separately. */
  private readonly eachKey: Budget[] = [];
  /** Budgets for one named API key. */
  private readonly namedKey = new Map<string, Budget[]>();
  private readonly all: Budget[] = [];
  /** The budgets of stored keys, by key id (`setKeyBudgets`). */
  private readonly ownBudgets = new Map<string, Budget>();
  private readonly bus: EventBus;
  private readonly now: () => number;
  private readonly logger: Logger | undefined;
  private readonly maxKeys: number;
  private readonly store: BudgetStore | undefined;
  private readonly syncIntervalMs: number;
  /** Increments of a period that ended before they were written. */
  private orphans: BudgetSpend[] = [];
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;

  constructor(options: BudgetTrackerOptions) {
    this.bus = options.bus;
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.store = options.store;
    this.syncIntervalMs = options.syncIntervalMs ?? 1_000;
    for (const [name, config] of Object.entries(options.budgets)) {
      const perKey = config.scope === 'key' && config.api_key_id === undefined;
      const budget: Budget = {
        name,
        config,
        thresholds: [...new Set(config.alert_at)].sort((a, b) => a - b),
        single: perKey ? undefined : newCounter(config.api_key_id ?? null),
        perKey: perKey ? new Map() : undefined,
      };
      this.all.push(budget);
      if (config.scope === 'global') this.everyCall.push(budget);
      else if (perKey) this.eachKey.push(budget);
      else {
        const id = config.api_key_id!;
        this.namedKey.set(id, [...(this.namedKey.get(id) ?? []), budget]);
      }
    }
  }

  /**
   * Replaces the stored keys' budgets. One whose unit, limit and period did not change is kept as it
   * is, with what it has counted this period (the keys are reloaded every few seconds).
   */
  setKeyBudgets(budgets: ReadonlyMap<string, KeyBudget>): void {
    for (const [id, budget] of this.ownBudgets) {
      const next = budgets.get(id);
      const { config } = budget;
      if (next && next.unit === config.unit && next.limit === config.limit && next.period === config.period)
        continue;
      this.ownBudgets.delete(id);
      this.namedKey.set(
        id,
        (this.namedKey.get(id) ?? []).filter((candidate) => candidate !== budget),
      );
      this.all.splice(this.all.indexOf(budget), 1);
    }
    for (const [id, next] of budgets) {
      if (this.ownBudgets.has(id)) continue;
      const config: BudgetConfig = {
        scope: 'key',
        api_key_id: id,
        period: next.period,
        unit: next.unit,
        limit: next.limit,
        alert_at: [0.5, 0.8, 1],
        hard_stop: true,
      };
      const budget: Budget = {
        name: `key ${id}`,
        config,
        thresholds: config.alert_at,
        single: newCounter(id),
        perKey: undefined,
      };
      this.ownBudgets.set(id, budget);
      this.namedKey.set(id, [...(this.namedKey.get(id) ?? []), budget]);
      this.all.push(budget);
    }
  }

  /** Throws GatewayError `budget_exceeded` (429, Retry-After: until the reset) once a hard-stop budget is used up. */
  check(call: Pick<GatewayCall, 'apiKeyId'>): void {
    if (this.all.length === 0) return;
    const now = this.now();
    for (const budget of this.everyCall) this.refuseIfSpent(budget, budget.single!, undefined, now);
    const key = call.apiKeyId;
    if (key === undefined) return;
    for (const budget of this.namedKey.get(key) ?? []) this.refuseIfSpent(budget, budget.single!, key, now);
    for (const budget of this.eachKey) {
      const counter = budget.perKey!.get(key);
      if (counter) this.refuseIfSpent(budget, counter, key, now);
    }
  }

  /** Counts a finished call: total tokens or its cost, by each budget's unit. */
  record(
    call: Pick<GatewayCall, 'apiKeyId'>,
    usage: Pick<Usage, 'inputTokens' | 'outputTokens'>,
    costUsd: number,
  ): void {
    if (this.all.length === 0) return;
    const tokens = usage.inputTokens + usage.outputTokens;
    const now = this.now();
    for (const budget of this.everyCall) this.spend(budget, budget.single!, undefined, tokens, costUsd, now);
    const key = call.apiKeyId;
    if (key === undefined) return;
    for (const budget of this.namedKey.get(key) ?? [])
      this.spend(budget, budget.single!, key, tokens, costUsd, now);
    for (const budget of this.eachKey)
      this.spend(budget, this.keyCounter(budget, key, now), key, tokens, costUsd, now);
  }

  /** Reads the stored spend, then keeps the store in step on a timer. Without a store, nothing. */
  async start(): Promise<void> {
    // Even with no budget yet: stored keys bring theirs later (setKeyBudgets).
    if (!this.store || this.timer) return;
    await this.sync();
    this.timer = setInterval(() => void this.sync(), this.syncIntervalMs);
    // Never the reason the process stays up; close() does the last write.
    this.timer.unref();
  }

  /** Writes the increments not yet stored, then reads every instance's totals back. */
  sync(): Promise<void> {
    if (!this.store) return Promise.resolve();
    this.syncing ??= this.exchange(this.store).finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.syncing;
    if (this.store) await this.write(this.store);
  }

  status(): BudgetStatus[] {
    const now = this.now();
    return this.all.map((budget) => {
      const { config } = budget;
      const { start, end } = periodBounds(config.period, now);
      const usageOf = (counter: Counter, apiKeyId: string | null): BudgetUsage => {
        const used = counter.start === start ? counter.used : 0;
        return { apiKeyId, used, fraction: used / config.limit, exceeded: used >= config.limit };
      };
      const usage = budget.perKey
        ? [...budget.perKey]
            .filter(([, counter]) => counter.start === start)
            .map(([key, counter]) => usageOf(counter, key))
            .sort((a, b) => b.used - a.used)
            .slice(0, STATUS_KEYS)
        : [usageOf(budget.single!, config.api_key_id ?? null)];
      return {
        name: budget.name,
        scope: config.scope,
        period: config.period,
        unit: config.unit,
        limit: config.limit,
        hardStop: config.hard_stop,
        alertAt: budget.thresholds,
        resetsAt: end,
        usage,
      };
    });
  }

  private counters(): Array<[Budget, Counter]> {
    const out: Array<[Budget, Counter]> = [];
    for (const budget of this.all) {
      if (budget.single) out.push([budget, budget.single]);
      else for (const counter of budget.perKey!.values()) out.push([budget, counter]);
    }
    return out;
  }

  /** Hands the store the increments since the last write; on failure they wait for the next one. */
  private async write(store: BudgetStore): Promise<boolean> {
    const deltas = this.orphans;
    this.orphans = [];
    const taken: Counter[] = [];
    for (const [budget, counter] of this.counters()) {
      if (counter.pending === 0) continue;
      deltas.push({
        budget: budget.name,
        apiKeyId: counter.key,
        periodStart: counter.start,
        used: counter.pending,
      });
      counter.pending = 0;
      taken.push(counter);
    }
    if (deltas.length === 0) return true;
    try {
      await store.add(deltas);
      return true;
    } catch (error) {
      // Put back: spend is never lost to a failed write, only delayed.
      this.orphans.push(...deltas);
      this.logger?.warn({ err: error, spends: deltas.length }, 'budget spend not stored; will retry');
      return false;
    }
  }

  private async exchange(store: BudgetStore): Promise<void> {
    if (!(await this.write(store))) return;
    const now = this.now();
    const starts = [...new Set(this.all.map((budget) => periodBounds(budget.config.period, now).start))];
    let totals: BudgetSpend[];
    try {
      totals = await store.read(starts);
    } catch (error) {
      this.logger?.warn({ err: error }, 'budget spend not read back; counting locally');
      return;
    }
    const byName = new Map(this.all.map((budget) => [budget.name, budget]));
    for (const total of totals) {
      const budget = byName.get(total.budget);
      if (!budget) continue;
      const { start } = periodBounds(budget.config.period, now);
      if (total.periodStart !== start) continue;
      let counter: Counter | undefined;
      if (budget.single) {
        if ((budget.single.key ?? null) === total.apiKeyId) counter = budget.single;
      } else if (total.apiKeyId !== null) {
        counter = this.keyCounter(budget, total.apiKeyId, now);
      }
      if (!counter) continue;
      this.roll(counter, budget.config.period, now);
      // The stored total counts every instance; what this one spent since the write is on top.
      counter.used = total.used + counter.pending;
      // Thresholds already passed were alerted by whoever passed them (before a restart, too).
      while (
        counter.alerted < budget.thresholds.length &&
        counter.used >= budget.config.limit * budget.thresholds[counter.alerted]!
      ) {
        counter.alerted += 1;
      }
    }
  }

  private refuseIfSpent(budget: Budget, counter: Counter, key: string | undefined, now: number): void {
    const { config } = budget;
    if (!config.hard_stop) return;
    this.roll(counter, config.period, now);
    if (counter.used < config.limit) return;
    const whose = key === undefined ? 'all calls' : 'this API key';
    const resets = new Date(counter.end).toISOString();
    throw new GatewayError(
      'budget_exceeded',
      `Budget "${budget.name}" is used up: ${describeAmount(counter.used, config.unit)} of ` +
        `${describeAmount(config.limit, config.unit)} per ${config.period} for ${whose}. It resets at ${resets}.`,
      { retryAfterSeconds: Math.max(1, Math.ceil((counter.end - now) / 1000)) },
    );
  }

  private spend(
    budget: Budget,
    counter: Counter,
    key: string | undefined,
    tokens: number,
    costUsd: number,
    now: number,
  ): void {
    const { config, thresholds } = budget;
    this.roll(counter, config.period, now);
    const amount = config.unit === 'tokens' ? tokens : costUsd;
    counter.used += amount;
    if (this.store) counter.pending += amount;
    while (
      counter.alerted < thresholds.length &&
      counter.used >= config.limit * thresholds[counter.alerted]!
    ) {
      const threshold = thresholds[counter.alerted]!;
      counter.alerted += 1;
      this.logger?.warn(
        { budget: budget.name, threshold, used: counter.used, limit: config.limit },
        'budget threshold reached',
      );
      this.bus.emit('budget.alert', {
        budget: budget.name,
        scope: config.scope,
        apiKeyId: key,
        period: config.period,
        unit: config.unit,
        threshold,
        used: counter.used,
        limit: config.limit,
      });
    }
  }

  /** Starts a new period's count once the old period has ended (or the clock went back). */
  private roll(counter: Counter, period: Period, now: number): void {
    if (now >= counter.start && now < counter.end) return;
    if (counter.pending !== 0) {
      // Not written before its period ended: still owed to that period in the store.
      this.orphans.push({
        budget: budgetName(this.all, counter),
        apiKeyId: counter.key,
        periodStart: counter.start,
        used: counter.pending,
      });
    }
    const { start, end } = periodBounds(period, now);
    counter.start = start;
    counter.end = end;
    counter.used = 0;
    counter.pending = 0;
    counter.alerted = 0;
  }

  private keyCounter(budget: Budget, key: string, now: number): Counter {
    const counters = budget.perKey!;
    let counter = counters.get(key);
    if (counter) return counter;
    if (counters.size >= this.maxKeys) evict(counters, now);
    counter = newCounter(key);
    counters.set(key, counter);
    return counter;
  }
}

function newCounter(key: string | null): Counter {
  return { key, start: 0, end: 0, used: 0, pending: 0, alerted: 0 };
}

function budgetName(budgets: readonly Budget[], counter: Counter): string {
  for (const budget of budgets) {
    if (budget.single === counter || budget.perKey?.get(counter.key ?? '') === counter) return budget.name;
  }
  return '';
}

/** Makes room at the bound: keys whose period is over count nothing; failing that, the oldest key goes. */
function evict(counters: Map<string, Counter>, now: number): void {
  const before = counters.size;
  for (const [key, counter] of counters) if (counter.end <= now) counters.delete(key);
  if (counters.size < before) return;
  const oldest = counters.keys().next();
  if (!oldest.done) counters.delete(oldest.value);
}

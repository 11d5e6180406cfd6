/**
 * Budgets (`gateway.usage.budgets`): tokens or USD, for all calls or per API key, per UTC day or
 * month. `check` refuses a call once a hard-stop budget is used up; `record` counts a finished call
 * and raises `budget.alert` once per threshold per period.
 *
 * Calls in flight when a budget runs out still finish, so spending can pass the limit by what those
 * calls cost; the next call is refused.
 */
import type { BudgetConfig, Logger } from '../../config/index.js';
import type { Usage } from '../../providers/index.js';
import { GatewayError } from '../errors.js';
import type { EventBus } from '../events.js';
import type { GatewayCall } from '../types.js';

type Period = BudgetConfig['period'];

interface Counter {
  /** The period this counter counts (epoch ms, UTC). */
  start: number;
  end: number;
  used: number;
  /** How many of the budget's thresholds have raised their alert this period. */
  alerted: number;
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

  constructor(options: BudgetTrackerOptions) {
    this.bus = options.bus;
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
    this.maxKeys = options.maxKeys ?? 10_000;
    for (const [name, config] of Object.entries(options.budgets)) {
      const perKey = config.scope === 'key' && config.api_key_id === undefined;
      const budget: Budget = {
        name,
        config,
        thresholds: [...new Set(config.alert_at)].sort((a, b) => a - b),
        single: perKey ? undefined : { start: 0, end: 0, used: 0, alerted: 0 },
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
        single: { start: 0, end: 0, used: 0, alerted: 0 },
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
    counter.used += config.unit === 'tokens' ? tokens : costUsd;
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
    const { start, end } = periodBounds(period, now);
    counter.start = start;
    counter.end = end;
    counter.used = 0;
    counter.alerted = 0;
  }

  private keyCounter(budget: Budget, key: string, now: number): Counter {
    const counters = budget.perKey!;
    let counter = counters.get(key);
    if (counter) return counter;
    if (counters.size >= this.maxKeys) evict(counters, now);
    counter = { start: 0, end: 0, used: 0, alerted: 0 };
    counters.set(key, counter);
    return counter;
  }
}

/** Makes room at the bound: keys whose period is over count nothing; failing that, the oldest key goes. */
function evict(counters: Map<string, Counter>, now: number): void {
  const before = counters.size;
  for (const [key, counter] of counters) if (counter.end <= now) counters.delete(key);
  if (counters.size < before) return;
  const oldest = counters.keys().next();
  if (!oldest.done) counters.delete(oldest.value);
}

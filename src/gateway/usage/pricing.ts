/**
 * What a call costs: USD per million input and output tokens, by provider and model.
 *
 * The shipped table holds the vendors' publicly listed list prices as of late 2025. They are
 * defaults, meant to be overridden: prices change, and contracts, batch and cached-input discounts
 * differ. `gateway.usage.pricing` overrides any entry, keyed `provider/model` or by bare model id.
 */
import type { PriceConfig } from '../../config/index.js';
import type { ProviderKind } from '../../providers/index.js';
import type { Usage } from '../../vocabulary/index.js';

/** USD per million tokens. */
export type Price = Readonly<PriceConfig>;

export const FREE: Price = Object.freeze({ input: 0, output: 0 });

export const DEFAULT_PRICES: Readonly<Record<string, Price>> = Object.freeze({
  // OpenAI
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  // Anthropic
  'claude-opus-4-1': { input: 15, output: 75 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  // Mistral
  'mistral-large-latest': { input: 2, output: 6 },
  'mistral-medium-latest': { input: 0.4, output: 2 },
  'mistral-small-latest': { input: 0.1, output: 0.3 },
  'mistral-embed': { input: 0.1, output: 0 },
});

/** Kinds that run on the user's own machine or not at all: nothing to pay per token. */
const FREE_KINDS: ReadonlySet<ProviderKind> = new Set(['openai-compatible', 'offline', 'mock']);

/**
 * Vendors answer with dated snapshots (`gpt-4o-2024-08-06`, `claude-sonnet-4-5-20250929`,
 * `mistral-large-2411`) or `-latest` aliases; the table lists the family.
 */
const SNAPSHOT_SUFFIX = /-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)$/;

/**
 * The price of one model, or undefined when neither the overrides nor the table know it.
 * Overrides win (so a paid OpenAI-compatible host can be priced); then local kinds are free.
 */
export function priceFor(
  providerName: string,
  providerKind: ProviderKind,
  model: string,
  overrides: Readonly<Record<string, PriceConfig>>,
): Price | undefined {
  const override = overrides[`${providerName}/${model}`] ?? overrides[model];
  if (override) return override;
  if (FREE_KINDS.has(providerKind)) return FREE;
  const exact = DEFAULT_PRICES[model];
  if (exact) return exact;
  const family = model.replace(SNAPSHOT_SUFFIX, '');
  if (family === model) return undefined;
  return DEFAULT_PRICES[family] ?? DEFAULT_PRICES[`${family}-latest`];
}

export function costUsd(usage: Pick<Usage, 'inputTokens' | 'outputTokens'>, price: Price): number {
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}

/** Distinct provider/model pairs remembered; client-chosen model names must not grow memory. */
const MEMO_LIMIT = 1_024;

/**
 * `priceFor` memoised per provider and model, for the request path: one string and one map lookup
 * per call. A paid model the table does not know is counted at `fallback` (config
 * `gateway.usage.default_price`), so budgets in USD still see what it spends; it is reported once
 * through `onUnknown` and listed by `unpriced()` (for /health).
 */
export class PriceTable {
  private readonly memo = new Map<string, Price>();
  private readonly unknown = new Set<string>();
  private readonly overrides: Readonly<Record<string, PriceConfig>>;
  private readonly onUnknown: (provider: string, model: string) => void;
  private readonly fallback: Price;

  constructor(
    overrides: Readonly<Record<string, PriceConfig>>,
    onUnknown: (provider: string, model: string) => void = () => {},
    fallback: Price = FREE,
  ) {
    this.overrides = overrides;
    this.onUnknown = onUnknown;
    this.fallback = fallback;
  }

  price(providerName: string, providerKind: ProviderKind, model: string): Price {
    const key = `${providerName}/${model}`;
    let price = this.memo.get(key);
    if (price) return price;
    price = priceFor(providerName, providerKind, model, this.overrides);
    if (!price) {
      if (!this.unknown.has(key)) {
        if (this.unknown.size < MEMO_LIMIT) this.unknown.add(key);
        this.onUnknown(providerName, model);
      }
      price = this.fallback;
    }
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(key, price);
    return price;
  }

  /** `provider/model` of every paid model met without a price (configured or called), sorted. */
  unpriced(): string[] {
    return [...this.unknown].sort();
  }
}

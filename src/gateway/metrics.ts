/**
 * Prometheus metrics of the gateway, on a registry of their own (never prom-client's global one, so
 * two gateways in one process, or tests, do not collide).
 *
 * The request path pays almost nothing: counters add into plain per-series numbers, published into
 * prom-client only when scraped (a prom-client `inc` hashes its labels, about 1 µs, on every call).
 * Histograms observe directly, with label objects built once per series.
 *
 * Label values are bounded: provider, model, role, kind, status (an error code), direction, priority.
 * Never an API key or a request id. Past MAX_SERIES distinct series, new models count as `(other)`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, type LabelValues, Registry } from 'prom-client';
import type { AccountedKind, GatewayCall } from './types.js';

/** A finished call, as the monitoring middleware reports it. */
export interface CallOutcome {
  /** The provider that answered (or failed last). */
  provider: string;
  /** The provider's model id asked for. */
  model: string;
  /** `ok`, or the error's code (ProviderError / GatewayError code). */
  status: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  /** Streams: from the call's start to the first text delta. */
  firstTokenMs: number | null;
}

/**
 * What `statsSource` returns, as far as these metrics read it (other fields are ignored, missing ones
 * read as absent):
 *
 *   { limiter: { queue: { high: number, medium: number, low: number } },
 *     resilience: { circuits: { [provider: string]: 'closed' | 'half_open' | 'open' } } }
 */
export type StatsSource = () => Record<string, unknown>;

export interface GatewayMetricsOptions {
  statsSource?: StatsSource;
  /** Node's process metrics (CPU, memory, event loop lag, GC) in the same registry; default true. */
  defaultMetrics?: boolean;
  /** Runs the observations a burst holds back (AfterCallWork.settle) before a scrape. */
  settle?: () => void;
}

const PREFIX = 'loremaster_';
const MAX_SERIES = 1_000;
const OTHER = '(other)';
const PRIORITIES = ['high', 'medium', 'low'] as const;
const CIRCUIT_VALUE: Record<string, number> = { closed: 0, half_open: 1, open: 2 };

/** 0.5 ms (a cache hit) to 60 s (a long generation). */
const DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60,
];
const TTFT_BUCKETS = [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30];

type SeriesLabel = 'provider' | 'model' | 'role' | 'kind';

/** Running totals of one provider/model/role/kind, since the process started. */
interface Series {
  labels: Record<SeriesLabel, string>;
  /** For the TTFT histogram, which has no `kind` (only streams have a first token). */
  ttftLabels: Record<'provider' | 'model' | 'role', string>;
  requests: Map<string, number>;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  cacheHits: number;
  cacheMisses: number;
  retries: number;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly contentType: string = this.registry.contentType;
  private readonly series = new Map<string, Series>();
  /** Failures per provider that was failed over from. */
  private readonly failovers = new Map<string, number>();
  private readonly duration: Histogram<SeriesLabel>;
  private readonly firstToken: Histogram<'provider' | 'model' | 'role'>;

  private readonly settle: () => void;

  constructor(options: GatewayMetricsOptions = {}) {
    this.settle = options.settle ?? (() => {});
    const registers = [this.registry];
    const all = () => this.series.values();
    /** A counter whose values are summed from the series when scraped. */
    const counter = <L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[],
      fill: (inc: (labels: LabelValues<L>, value: number) => void) => void,
    ) =>
      new Counter<L>({
        name: PREFIX + name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          fill((labels, value) => this.inc(labels, value));
        },
      });

    counter(
      'llm_requests_total',
      'Model calls, by outcome (status: ok or the error code)',
      ['provider', 'model', 'role', 'kind', 'status'],
      (inc) => {
        for (const s of all()) for (const [status, n] of s.requests) inc({ ...s.labels, status }, n);
      },
    );
    counter('llm_tokens_total', 'Tokens, input and output', ['provider', 'model', 'direction'], (inc) => {
      for (const { labels, inputTokens, outputTokens } of all()) {
        inc({ provider: labels.provider, model: labels.model, direction: 'input' }, inputTokens);
        inc({ provider: labels.provider, model: labels.model, direction: 'output' }, outputTokens);
      }
    });
    counter(
      'llm_cost_usd_total',
      'Cost in US dollars, from the pricing table',
      ['provider', 'model'],
      (inc) => {
        for (const { labels, costUsd } of all())
          inc({ provider: labels.provider, model: labels.model }, costUsd);
      },
    );
    counter(
      'llm_cache_hits_total',
      'Calls answered from the response cache',
      ['provider', 'model'],
      (inc) => {
        for (const { labels, cacheHits } of all())
          inc({ provider: labels.provider, model: labels.model }, cacheHits);
      },
    );
    counter('llm_cache_misses_total', 'Cacheable calls not in the cache', ['provider', 'model'], (inc) => {
      for (const { labels, cacheMisses } of all())
        inc({ provider: labels.provider, model: labels.model }, cacheMisses);
    });
    counter(
      'llm_retries_total',
      'Upstream attempts after the first, on the provider a call ended on',
      ['provider'],
      (inc) => {
        for (const { labels, retries } of all()) inc({ provider: labels.provider }, retries);
      },
    );
    counter('llm_failovers_total', 'Calls moved away from a failing provider', ['provider'], (inc) => {
      for (const [provider, n] of this.failovers) inc({ provider }, n);
    });

    this.duration = new Histogram({
      name: `${PREFIX}llm_request_duration_seconds`,
      help: 'Duration of successful calls, from entering the gateway to the whole answer',
      labelNames: ['provider', 'model', 'role', 'kind'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.firstToken = new Histogram({
      name: `${PREFIX}llm_time_to_first_token_seconds`,
      help: 'Streams: from entering the gateway to the first text',
      labelNames: ['provider', 'model', 'role'],
      buckets: TTFT_BUCKETS,
      registers,
    });

    const stats = options.statsSource;
    new Gauge({
      name: `${PREFIX}gateway_queue_depth`,
      help: 'Calls waiting in the priority queue',
      labelNames: ['priority'],
      registers,
      collect() {
        const queue = record(record(record(stats?.())?.limiter)?.queue);
        for (const priority of PRIORITIES) {
          const depth = queue?.[priority];
          this.set({ priority }, typeof depth === 'number' ? depth : 0);
        }
      },
    });
    new Gauge({
      name: `${PREFIX}provider_circuit_state`,
      help: 'Circuit breaker per provider: 0 closed, 1 half-open, 2 open',
      labelNames: ['provider'],
      registers,
      collect() {
        this.reset();
        const circuits = record(record(stats?.())?.resilience)?.circuits;
        for (const [provider, state] of Object.entries(record(circuits) ?? {})) {
          const value = typeof state === 'string' ? CIRCUIT_VALUE[state] : undefined;
          if (value !== undefined) this.set({ provider }, value);
        }
      },
    });

    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one finished call: a few additions, and one or two histogram observations on success. */
  observe(call: Pick<GatewayCall, 'role' | 'state'> & { kind: AccountedKind }, outcome: CallOutcome): void {
    const series = this.seriesFor(outcome.provider, outcome.model, call.role ?? 'none', call.kind);
    series.requests.set(outcome.status, (series.requests.get(outcome.status) ?? 0) + 1);
    series.inputTokens += outcome.inputTokens;
    series.outputTokens += outcome.outputTokens;
    series.costUsd += outcome.costUsd;
    const { cache, attempts, failedOver } = call.state;
    if (cache === 'hit') series.cacheHits += 1;
    else if (cache === 'miss') series.cacheMisses += 1;
    if (attempts > 1 + failedOver.length) series.retries += attempts - 1 - failedOver.length;
    for (const provider of failedOver) this.failovers.set(provider, (this.failovers.get(provider) ?? 0) + 1);
    if (outcome.status !== 'ok') return;
    this.duration.observe(series.labels, outcome.latencyMs / 1000);
    if (outcome.firstTokenMs !== null)
      this.firstToken.observe(series.ttftLabels, outcome.firstTokenMs / 1000);
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    this.settle();
    return this.registry.metrics();
  }

  private seriesFor(provider: string, model: string, role: string, kind: string): Series {
    const key = `${provider}\u0000${model}\u0000${role}\u0000${kind}`;
    const found = this.series.get(key);
    if (found) return found;
    if (this.series.size >= MAX_SERIES && model !== OTHER) return this.seriesFor(provider, OTHER, role, kind);
    const series: Series = {
      labels: { provider, model, role, kind },
      ttftLabels: { provider, model, role },
      requests: new Map(),
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      cacheHits: 0,
      cacheMisses: 0,
      retries: 0,
    };
    this.series.set(key, series);
    return series;
  }
}

/**
 * Where the gateway's usage roll-ups persist. The gateway's usage tracker hands over, on a timer, the
 * increments of each (period, bucket, provider, model, role, kind, API key) since its last write; they
 * are added to the stored rows (an upsert with `+=`), so totals stay right across restarts and across
 * several instances sharing one database. The shape matches the gateway's `UsageSink` structurally:
 * the store does not import the gateway (layers point down).
 */
import type { UsageRollup } from './repositories/calls.js';
import type { Store } from './store.js';

export interface GatewayUsageRollup {
  period: 'hour' | 'day';
  /** Bucket start, epoch ms (UTC). */
  start: number;
  provider: string;
  model: string;
  role: string | null;
  kind: string;
  apiKeyId: string | null;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  cacheHits: number;
}

export interface StoredUsageSink {
  write(rollups: GatewayUsageRollup[]): Promise<void>;
  /** The stored roll-ups since `since` (epoch ms), to seed the tracker at start. */
  read(period: 'hour' | 'day', since: number): Promise<GatewayUsageRollup[]>;
}

export function usageSinkFor(store: Store): StoredUsageSink {
  return {
    write: (rollups) => store.transaction((tx) => tx.calls.addUsage(rollups.map(toRow))),
    read: async (period, since) => {
      const rows = await store.calls.usage({ period, from: new Date(since).toISOString() });
      return rows.map(fromRow);
    },
  };
}

function toRow(rollup: GatewayUsageRollup): UsageRollup {
  return {
    period: rollup.period,
    bucket_start: new Date(rollup.start).toISOString(),
    provider: rollup.provider,
    model: rollup.model,
    role: rollup.role ?? '',
    call_type: rollup.kind,
    api_key_id: rollup.apiKeyId ?? '',
    calls: rollup.requests,
    errors: rollup.errors,
    input_tokens: rollup.inputTokens,
    output_tokens: rollup.outputTokens,
    cost: rollup.costUsd,
    cache_hits: rollup.cacheHits,
    latency_ms_total: 0,
  };
}

function fromRow(row: UsageRollup): GatewayUsageRollup {
  return {
    period: row.period,
    start: Date.parse(row.bucket_start),
    provider: row.provider,
    model: row.model,
    role: row.role === '' ? null : row.role,
    kind: row.call_type,
    apiKeyId: row.api_key_id === '' ? null : row.api_key_id,
    requests: row.calls,
    errors: row.errors,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost,
    cacheHits: row.cache_hits,
  };
}

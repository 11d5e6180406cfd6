/** The LLM call log and the usage roll-ups derived from it (by hour and day). */
import { type Kysely, sql } from 'kysely';
import type { Database, LlmCallRow, NewLlmCall, UsageRollupTable } from '../schema.js';
import { chunks } from '../util.js';

export interface CallQuery {
  provider?: string;
  conversationId?: string;
  since?: string;
  limit: number;
}

export type UsageRollup = UsageRollupTable;

export interface UsageQuery {
  period: 'hour' | 'day';
  from?: string;
  to?: string;
  provider?: string;
  apiKeyId?: string;
}

/** Rows per INSERT statement: ~20 columns each stays far below SQLite's and pg's parameter limits. */
const ROWS_PER_STATEMENT = 200;

export class CallRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Inserts calls and (unless `rollUp` is false) adds them to the usage roll-ups. Call inside a
   * transaction to make it atomic.
   */
  async insertMany(calls: readonly NewLlmCall[], options: { rollUp?: boolean } = {}): Promise<void> {
    if (calls.length === 0) return;
    for (const chunk of chunks(calls, ROWS_PER_STATEMENT)) {
      await this.db.insertInto('llm_calls').values(chunk).execute();
    }
    if (options.rollUp ?? true) await this.addUsage(rollupsOf(calls));
  }

  async get(id: string): Promise<LlmCallRow | undefined> {
    return this.db.selectFrom('llm_calls').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * The newest calls, without their bodies (a list of 500 calls must not read 500 prompts): `request`
   * reads '' when the call kept one and null when not; `response` and `tool_calls` read null.
   */
  async list(query: CallQuery): Promise<LlmCallRow[]> {
    let select = this.db
      .selectFrom('llm_calls')
      .select([
        'id',
        'created_at',
        'provider',
        'model',
        'role',
        'call_type',
        'api_key_id',
        'conversation_id',
        'session_id',
        'input_tokens',
        'output_tokens',
        'cost',
        'latency_ms',
        'first_token_ms',
        'status',
        'error_code',
        'error_message',
        'prompt_id',
        'prompt_version',
        'prompt_variant',
        'prompt_arm',
        'finish_reason',
        'body_note',
        sql<string | null>`case when request is null then null else '' end`.as('request'),
        sql<null>`null`.as('response'),
        sql<null>`null`.as('tool_calls'),
      ]);
    if (query.provider) select = select.where('provider', '=', query.provider);
    if (query.conversationId) select = select.where('conversation_id', '=', query.conversationId);
    if (query.since) select = select.where('created_at', '>=', query.since);
    return select.orderBy('created_at', 'desc').limit(query.limit).execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('llm_calls')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Adds to the roll-up rows, creating them as needed (an upsert that increments). */
  async addUsage(rollups: readonly UsageRollup[]): Promise<void> {
    for (const chunk of chunks(rollups, ROWS_PER_STATEMENT)) {
      await this.db
        .insertInto('usage_rollups')
        .values(chunk)
        .onConflict((oc) =>
          oc
            .columns(['period', 'bucket_start', 'provider', 'model', 'role', 'call_type', 'api_key_id'])
            .doUpdateSet((eb) => ({
              calls: eb('usage_rollups.calls', '+', eb.ref('excluded.calls')),
              errors: eb('usage_rollups.errors', '+', eb.ref('excluded.errors')),
              input_tokens: eb('usage_rollups.input_tokens', '+', eb.ref('excluded.input_tokens')),
              output_tokens: eb('usage_rollups.output_tokens', '+', eb.ref('excluded.output_tokens')),
              cost: eb('usage_rollups.cost', '+', eb.ref('excluded.cost')),
              cache_hits: eb('usage_rollups.cache_hits', '+', eb.ref('excluded.cache_hits')),
              latency_ms_total: eb(
                'usage_rollups.latency_ms_total',
                '+',
                eb.ref('excluded.latency_ms_total'),
              ),
            })),
        )
        .execute();
    }
  }

  async usage(query: UsageQuery): Promise<UsageRollup[]> {
    let select = this.db.selectFrom('usage_rollups').selectAll().where('period', '=', query.period);
    if (query.from) select = select.where('bucket_start', '>=', query.from);
    if (query.to) select = select.where('bucket_start', '<', query.to);
    if (query.provider) select = select.where('provider', '=', query.provider);
    if (query.apiKeyId !== undefined) select = select.where('api_key_id', '=', query.apiKeyId);
    const rows = await select.orderBy('bucket_start').orderBy('provider').orderBy('model').execute();
    return rows.map((row) => ({
      ...row,
      calls: Number(row.calls),
      errors: Number(row.errors),
      input_tokens: Number(row.input_tokens),
      output_tokens: Number(row.output_tokens),
      cost: Number(row.cost),
      cache_hits: Number(row.cache_hits),
      latency_ms_total: Number(row.latency_ms_total),
    }));
  }

  /** Deletes calls older than `before` (their usage stays in the roll-ups); returns how many. */
  async deleteOlderThan(before: string): Promise<number> {
    const result = await this.db.deleteFrom('llm_calls').where('created_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** Sums calls into hour and day buckets, one row per (bucket, provider, model, role, type, key). */
export function rollupsOf(calls: readonly NewLlmCall[]): UsageRollup[] {
  const sums = new Map<string, UsageRollup>();
  for (const call of calls) {
    for (const period of ['hour', 'day'] as const) {
      const bucket_start =
        period === 'hour'
          ? `${call.created_at.slice(0, 13)}:00:00.000Z`
          : `${call.created_at.slice(0, 10)}T00:00:00.000Z`;
      const dims = {
        period,
        bucket_start,
        provider: call.provider,
        model: call.model,
        role: call.role ?? '',
        call_type: call.call_type,
        api_key_id: call.api_key_id ?? '',
      };
      const key = JSON.stringify(Object.values(dims));
      let sum = sums.get(key);
      if (!sum) {
        sum = {
          ...dims,
          calls: 0,
          errors: 0,
          input_tokens: 0,
          output_tokens: 0,
          cost: 0,
          cache_hits: 0,
          latency_ms_total: 0,
        };
        sums.set(key, sum);
      }
      sum.calls += 1;
      if (call.status === 'error') sum.errors += 1;
      sum.input_tokens += call.input_tokens ?? 0;
      sum.output_tokens += call.output_tokens ?? 0;
      sum.cost += call.cost ?? 0;
      sum.latency_ms_total += call.latency_ms ?? 0;
    }
  }
  return [...sums.values()];
}

/**
 * Batches of generations and their items (migration 0035). The tables' types are added here with
 * `withTables`, so the shared schema file stays untouched.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { chunks, fromJson, now, toJson } from '../util.js';

export type BatchStatus = 'queued' | 'running' | 'completed';
export type BatchItemStatus = 'pending' | 'succeeded' | 'failed';

export interface BatchTable {
  id: string;
  status: BatchStatus;
  total: number;
  api_key_id: string | null;
  metadata: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface BatchItemTable {
  batch_id: string;
  idx: number;
  request: string;
  status: BatchItemStatus;
  result: string | null;
  error: string | null;
  call_id: string | null;
  updated_at: string;
}

export type BatchTables = { llm_batches: BatchTable; llm_batch_items: BatchItemTable };

export interface Batch {
  id: string;
  status: BatchStatus;
  total: number;
  apiKeyId: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface BatchItem {
  index: number;
  request: Record<string, unknown>;
  status: BatchItemStatus;
  result: Record<string, unknown> | null;
  error: Record<string, unknown> | null;
  callId: string | null;
}

export class BatchRepository {
  private readonly db: Kysely<Database & BatchTables>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<BatchTables>();
  }

  /** A batch and its items, pending. Run inside the transaction that queues its task. */
  async create(input: {
    id: string;
    items: readonly Record<string, unknown>[];
    apiKeyId: string | null;
    metadata: Record<string, unknown>;
  }): Promise<Batch> {
    const time = now();
    const row: BatchTable = {
      id: input.id,
      status: 'queued',
      total: input.items.length,
      api_key_id: input.apiKeyId,
      metadata: toJson(input.metadata),
      created_at: time,
      updated_at: time,
      finished_at: null,
    };
    await this.db.insertInto('llm_batches').values(row).execute();
    const items = input.items.map((request, idx) => ({
      batch_id: input.id,
      idx,
      request: toJson(request),
      status: 'pending' as const,
      result: null,
      error: null,
      call_id: null,
      updated_at: time,
    }));
    for (const part of chunks(items, 100)) await this.db.insertInto('llm_batch_items').values(part).execute();
    return toBatch(row);
  }

  async get(id: string): Promise<Batch | undefined> {
    const row = await this.db.selectFrom('llm_batches').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toBatch(row);
  }

  async items(id: string, options: { status?: BatchItemStatus; limit?: number } = {}): Promise<BatchItem[]> {
    let select = this.db.selectFrom('llm_batch_items').selectAll().where('batch_id', '=', id);
    if (options.status) select = select.where('status', '=', options.status);
    if (options.limit !== undefined) select = select.limit(options.limit);
    return (await select.orderBy('idx').execute()).map(toItem);
  }

  /** Items by state. */
  async progress(id: string): Promise<Record<BatchItemStatus, number>> {
    const rows = await this.db
      .selectFrom('llm_batch_items')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('batch_id', '=', id)
      .groupBy('status')
      .execute();
    const out: Record<BatchItemStatus, number> = { pending: 0, succeeded: 0, failed: 0 };
    for (const row of rows) out[row.status] = Number(row.n);
    return out;
  }

  /** Records an item's answer or error, unless it has one already (a re-run task asks nothing twice). */
  async finishItem(
    id: string,
    index: number,
    outcome: { result?: Record<string, unknown>; error?: Record<string, unknown>; callId: string | null },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('llm_batch_items')
      .set({
        status: outcome.error ? 'failed' : 'succeeded',
        result: outcome.result ? toJson(outcome.result) : null,
        error: outcome.error ? toJson(outcome.error) : null,
        call_id: outcome.callId,
        updated_at: now(),
      })
      .where('batch_id', '=', id)
      .where('idx', '=', index)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Moves a batch on; `completed` only once (false when it was completed already). */
  async setStatus(id: string, status: BatchStatus): Promise<boolean> {
    const time = now();
    const result = await this.db
      .updateTable('llm_batches')
      .set({ status, updated_at: time, ...(status === 'completed' && { finished_at: time }) })
      .where('id', '=', id)
      .where('status', '!=', 'completed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toBatch(row: BatchTable): Batch {
  return {
    id: row.id,
    status: row.status,
    total: Number(row.total),
    apiKeyId: row.api_key_id,
    metadata: fromJson(row.metadata, {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

function toItem(row: BatchItemTable): BatchItem {
  return {
    index: Number(row.idx),
    request: fromJson(row.request, {}),
    status: row.status,
    result: fromJson(row.result, null),
    error: fromJson(row.error, null),
    callId: row.call_id,
  };
}

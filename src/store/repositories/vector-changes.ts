/**
 * The vector change log (migration 0071): which embeddings changed, numbered in commit order, so every
 * instance holding an in-process vector index can follow the others' writes. `record` runs inside
 * the transaction that writes the embeddings: it takes the head row's lock, so a later number never
 * commits before an earlier one.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

export interface VectorChange {
  seq: number;
  ownerType: string;
  ownerId: string;
  model: string;
}

export class VectorChangeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Numbers and records changed owners; call inside the transaction that changes their embeddings. */
  async record(changes: ReadonlyArray<Omit<VectorChange, 'seq'>>): Promise<number | undefined> {
    if (changes.length === 0) return undefined;
    const { rows } = await sql<{ seq: number | string }>`update vector_change_head
      set seq = seq + ${changes.length} where id = 1 returning seq`.execute(this.db);
    const last = Number(rows[0]?.seq);
    const first = last - changes.length + 1;
    const createdAt = new Date().toISOString();
    for (let start = 0; start < changes.length; start += 200) {
      const slice = changes.slice(start, start + 200);
      await sql`insert into vector_changes (seq, owner_type, owner_id, model, created_at) values ${sql.join(
        slice.map(
          (change, index) =>
            sql`(${first + start + index}, ${change.ownerType}, ${change.ownerId}, ${change.model}, ${createdAt})`,
        ),
      )}`.execute(this.db);
    }
    return last;
  }

  /** The last number given out, and the number under which changes were forgotten. */
  async head(): Promise<{ seq: number; prunedBelow: number }> {
    const { rows } = await sql<{ seq: number | string; prunedBelow: number | string }>`
      select seq, pruned_below as "prunedBelow" from vector_change_head where id = 1`.execute(this.db);
    return { seq: Number(rows[0]?.seq ?? 0), prunedBelow: Number(rows[0]?.prunedBelow ?? 0) };
  }

  /** Changes of a model after `seq`, in order. */
  async after(seq: number, model: string, limit: number): Promise<VectorChange[]> {
    const { rows } = await sql<{ seq: number | string; ownerType: string; ownerId: string; model: string }>`
      select seq, owner_type as "ownerType", owner_id as "ownerId", model from vector_changes
      where seq > ${seq} and model = ${model} order by seq limit ${limit}`.execute(this.db);
    return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  }

  /** Forgets changes recorded before `before` (ISO time); followers behind them rebuild. */
  async prune(before: string): Promise<number> {
    const { rows } = await sql<{ seq: number | string | null }>`
      select max(seq) as seq from vector_changes where created_at < ${before}`.execute(this.db);
    const below = rows[0]?.seq;
    if (below === null || below === undefined) return 0;
    const result = await sql`delete from vector_changes where seq <= ${Number(below)}`.execute(this.db);
    await sql`update vector_change_head set pruned_below = ${Number(below) + 1}
      where id = 1 and pruned_below < ${Number(below) + 1}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }
}

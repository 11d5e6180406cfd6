/**
 * The few queries over pg-boss's job table that pg-boss 10 has no API for: tagging a claim with its
 * owner and lease, guarding complete/fail by owner, a finer retry delay, fresh attempts on retry,
 * and the counts and listings of the queue's status. Its schema is pg-boss's (see its `plans.js`):
 * `<schema>.job` (live jobs, partitioned by queue name) and `<schema>.archive` (old finished jobs).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

export interface BossJobRow {
  id: string;
  name: string;
  data: unknown;
  priority: number;
  /** created | retry | active | completed | cancelled | failed */
  state: string;
  retryCount: number;
  retryLimit: number;
  startedOn: Date | null;
  createdOn: Date;
  completedOn: Date | null;
  output: unknown;
}

const COLUMNS = sql.raw(`id::text as id, name, data, priority, state::text as state,
  retry_count as "retryCount", retry_limit as "retryLimit", started_on as "startedOn",
  created_on as "createdOn", completed_on as "completedOn", output`);

export class PgBossJobs {
  constructor(private readonly schema: string) {}

  private table(name: 'job' | 'archive') {
    return sql.id(this.schema, name);
  }

  /**
   * Marks jobs just fetched by `owner` as its own, with a lease of `leaseMs` from their start (pg-boss
   * expires an active job at `started_on + expire_in`). The owner lives in `output`, which pg-boss
   * overwrites when the job completes, fails or expires: a stale owner then no longer matches.
   */
  async tagClaimed(
    db: Kysely<Database>,
    claim: { names: readonly string[]; ids: readonly string[]; owner: string; leaseMs: number },
  ): Promise<BossJobRow[]> {
    const { rows } = await sql<BossJobRow>`
      update ${this.table('job')}
      set output = jsonb_build_object('owner', ${claim.owner}::text),
        expire_in = ${Math.max(1, Math.round(claim.leaseMs))}::int * interval '1 millisecond'
      where name = any(${[...claim.names]}::text[]) and id = any(${[...claim.ids]}::uuid[])
        and state = 'active'
      returning ${COLUMNS}`.execute(db);
    return rows;
  }

  /**
   * How many of the best `limit` runnable jobs across `names` (highest priority, then oldest) each
   * queue holds: a claim over several types fetches that many from each.
   */
  async waitingShare(
    db: Kysely<Database>,
    names: readonly string[],
    limit: number,
  ): Promise<Array<{ name: string; count: number }>> {
    const { rows } = await sql<{ name: string; count: number }>`
      select name, count(*)::int as count from (
        select name from ${this.table('job')}
        where name = any(${[...names]}::text[]) and state in ('created', 'retry') and start_after < now()
        order by priority desc, created_on, id
        limit ${Math.max(0, Math.floor(limit))}::int
      ) best
      group by name`.execute(db);
    return rows;
  }

  /** Locks the job if `owner` still holds it (active, its tag); run inside the transaction that ends it. */
  async lockOwned(
    trx: Kysely<Database>,
    job: { name: string; id: string; owner: string },
  ): Promise<{ retryCount: number; retryLimit: number } | undefined> {
    const { rows } = await sql<{ retryCount: number; retryLimit: number }>`
      select retry_count as "retryCount", retry_limit as "retryLimit"
      from ${this.table('job')}
      where name = ${job.name} and id = ${job.id}::uuid and state = 'active'
        and output ->> 'owner' = ${job.owner}::text
      for update`.execute(trx);
    return rows[0];
  }

  /** Leaves the job no retries, so pg-boss's fail moves it straight to `failed`. */
  async exhaustRetries(trx: Kysely<Database>, job: { name: string; id: string }): Promise<void> {
    await sql`update ${this.table('job')} set retry_limit = retry_count
      where name = ${job.name} and id = ${job.id}::uuid`.execute(trx);
  }

  /** Sets when a job pg-boss just put in `retry` runs again (pg-boss's own delay counts whole seconds). */
  async delayRetry(trx: Kysely<Database>, job: { name: string; id: string; delayMs: number }): Promise<void> {
    await sql`update ${this.table('job')}
      set start_after = now() + ${Math.max(0, Math.round(job.delayMs))}::int * interval '1 millisecond'
      where name = ${job.name} and id = ${job.id}::uuid and state = 'retry'`.execute(trx);
  }

  /** The job's state after pg-boss wrote it (in the same transaction). */
  async stateOf(trx: Kysely<Database>, job: { name: string; id: string }): Promise<string | undefined> {
    const { rows } = await sql<{ state: string }>`select state::text as state from ${this.table('job')}
      where name = ${job.name} and id = ${job.id}::uuid`.execute(trx);
    return rows[0]?.state;
  }

  /** A job of one of `names` by id: live, else archived. */
  async find(db: Kysely<Database>, names: readonly string[], id: string): Promise<BossJobRow | undefined> {
    for (const table of ['job', 'archive'] as const) {
      const { rows } = await sql<BossJobRow>`select ${COLUMNS} from ${this.table(table)}
        where name = any(${[...names]}::text[]) and id = ${id}::uuid`.execute(db);
      if (rows[0]) return rows[0];
    }
    return undefined;
  }

  /**
   * Puts a failed job back to wait with fresh attempts (pg-boss's own `retry` grants one more attempt
   * only): no retries counted, not yet started, so its next fetch counts as a first run.
   */
  async resetFailed(
    db: Kysely<Database>,
    job: { name: string; id: string; retryLimit: number },
  ): Promise<boolean> {
    const result = await sql`update ${this.table('job')}
      set state = 'retry', retry_count = 0, retry_limit = ${job.retryLimit}::int, started_on = null,
        start_after = now(), completed_on = null, output = null
      where name = ${job.name} and id = ${job.id}::uuid and state = 'failed'`.execute(db);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  async countByState(
    db: Kysely<Database>,
    names: readonly string[],
  ): Promise<Array<{ name: string; state: string; count: number }>> {
    const { rows } = await sql<{ name: string; state: string; count: number }>`
      select name, state::text as state, count(*)::int as count from ${this.table('job')}
      where name = any(${[...names]}::text[]) group by name, state`.execute(db);
    return rows;
  }

  /** Age of the oldest job waiting to run (created or retry), by the database's clock. */
  async oldestWaitingAgeMs(db: Kysely<Database>, names: readonly string[]): Promise<number | null> {
    const { rows } = await sql<{ age: number | string | null }>`
      select (extract(epoch from now() - min(created_on)) * 1000)::float8 as age
      from ${this.table('job')}
      where name = any(${[...names]}::text[]) and state in ('created', 'retry')`.execute(db);
    const age = rows[0]?.age;
    return age === null || age === undefined ? null : Math.max(0, Math.round(Number(age)));
  }

  async completedWithin(db: Kysely<Database>, names: readonly string[], seconds: number): Promise<number> {
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from ${this.table('job')}
      where name = any(${[...names]}::text[]) and state = 'completed'
        and completed_on > now() - ${seconds}::int * interval '1 second'`.execute(db);
    return Number(rows[0]?.count ?? 0);
  }

  /** Dead-lettered jobs (state `failed`), most recently failed first. */
  async listFailed(db: Kysely<Database>, names: readonly string[], limit: number): Promise<BossJobRow[]> {
    const { rows } = await sql<BossJobRow>`select ${COLUMNS} from ${this.table('job')}
      where name = any(${[...names]}::text[]) and state = 'failed'
      order by completed_on desc, id desc limit ${Math.max(0, Math.floor(limit))}::int`.execute(db);
    return rows;
  }
}

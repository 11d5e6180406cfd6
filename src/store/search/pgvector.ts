/**
 * pgvector: the vector index inside PostgreSQL, used when the `vector` extension is installed. One
 * table per dimension count (an HNSW index needs a fixed size), rows keyed by (model, key), with the
 * filter fields beside the vector so filtered search is one indexed query. Answers the same shape as
 * memory's VectorIndex (the memory layer uses it through that interface).
 */
import { type Kysely, sql } from 'kysely';

export interface PgVectorMeta {
  worldId: string;
  kind: string;
  tags: readonly string[];
  sessionId: string | null;
}

export interface PgVectorFilter {
  worldId?: string;
  kinds?: readonly string[];
  tags?: readonly string[];
  sessionId?: string;
  allSessions?: boolean;
  /** Only these keys; without it, kind `fact` only when `kinds` names it (see VectorFilter). */
  keys?: ReadonlySet<string>;
}

/** True when the extension can be used (installed now, or installable by this user). */
export async function pgvectorAvailable<DB>(db: Kysely<DB>): Promise<boolean> {
  try {
    const rows = await sql<{
      name: string;
    }>`select name from pg_available_extensions where name = 'vector'`.execute(db);
    if (rows.rows.length === 0) return false;
    await sql`create extension if not exists vector`.execute(db);
    return true;
  } catch {
    return false;
  }
}

function literal(vector: ArrayLike<number>): string {
  return `[${Array.from(vector, (value) => (Number.isFinite(value) ? value : 0)).join(',')}]`;
}

export class PgVectorIndex<DB = unknown> {
  private readonly table: string;
  private live = 0;
  private readonly present = new Set<string>();

  constructor(
    private readonly db: Kysely<DB>,
    readonly model: string,
    readonly dimensions: number,
  ) {
    if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16_000)
      throw new Error('bad dimensions');
    this.table = `memory_vectors_${dimensions}`;
  }

  /** Creates the table and its HNSW (cosine) index if missing, and reads which keys it holds. */
  async open(): Promise<void> {
    const table = sql.table(this.table);
    await sql`create table if not exists ${table} (
      model text not null,
      key text not null,
      world_id text not null,
      kind text not null,
      tags text not null,
      session_id text,
      embedding vector(${sql.lit(this.dimensions)}) not null,
      primary key (model, key))`.execute(this.db);
    await sql`create index if not exists ${sql.id(`${this.table}_hnsw`)} on ${table} using hnsw (embedding vector_cosine_ops)`.execute(
      this.db,
    );
    await sql`create index if not exists ${sql.id(`${this.table}_world`)} on ${table} (model, world_id, kind)`.execute(
      this.db,
    );
    const rows = await sql<{ key: string }>`select key from ${table} where model = ${this.model}`.execute(
      this.db,
    );
    this.present.clear();
    for (const row of rows.rows) this.present.add(row.key);
    this.live = this.present.size;
  }

  size(): number {
    return this.live;
  }

  has(key: string): boolean {
    return this.present.has(key);
  }

  async upsert(
    items: ReadonlyArray<{ key: string; vector: Float32Array; meta: PgVectorMeta }>,
  ): Promise<void> {
    const table = sql.table(this.table);
    for (const item of items) {
      if (item.vector.length !== this.dimensions)
        throw new Error(`Vector of ${item.vector.length} dimensions for an index of ${this.dimensions}`);
      await sql`insert into ${table} (model, key, world_id, kind, tags, session_id, embedding)
        values (${this.model}, ${item.key}, ${item.meta.worldId}, ${item.meta.kind},
          ${JSON.stringify(item.meta.tags.map((tag) => tag.toLowerCase()))}, ${item.meta.sessionId}, ${literal(item.vector)}::vector)
        on conflict (model, key) do update set world_id = excluded.world_id, kind = excluded.kind,
          tags = excluded.tags, session_id = excluded.session_id, embedding = excluded.embedding`.execute(
        this.db,
      );
      this.present.add(item.key);
    }
    this.live = this.present.size;
  }

  async remove(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await sql`delete from ${sql.table(this.table)} where model = ${this.model} and key in (${sql.join([...keys])})`.execute(
      this.db,
    );
    for (const key of keys) this.present.delete(key);
    this.live = this.present.size;
  }

  /** Removes every vector of this model (before a rebuild). */
  async clear(): Promise<void> {
    await sql`delete from ${sql.table(this.table)} where model = ${this.model}`.execute(this.db);
    this.present.clear();
    this.live = 0;
  }

  get(key: string): Float32Array | undefined {
    void key;
    return undefined;
  }

  async vector(key: string): Promise<Float32Array | undefined> {
    const rows = await sql<{
      embedding: string;
    }>`select embedding::text as embedding from ${sql.table(this.table)}
      where model = ${this.model} and key = ${key}`.execute(this.db);
    const text = rows.rows[0]?.embedding;
    return text === undefined ? undefined : Float32Array.from(JSON.parse(text) as number[]);
  }

  async search(
    vector: Float32Array,
    k: number,
    filter: PgVectorFilter = {},
  ): Promise<Array<{ key: string; score: number }>> {
    const conditions = [sql`model = ${this.model}`];
    if (filter.worldId !== undefined) conditions.push(sql`world_id = ${filter.worldId}`);
    if (filter.kinds?.length) conditions.push(sql`kind in (${sql.join([...filter.kinds])})`);
    if (filter.keys) {
      if (filter.keys.size === 0) return [];
      conditions.push(sql`key in (${sql.join([...filter.keys])})`);
    } else if (!filter.kinds?.includes('fact')) conditions.push(sql`kind <> 'fact'`);
    if (filter.tags?.length)
      conditions.push(
        sql`(${sql.join(
          filter.tags.map((tag) => sql`tags like ${`%${JSON.stringify(tag.toLowerCase())}%`}`),
          sql` or `,
        )})`,
      );
    if (!filter.allSessions)
      conditions.push(
        filter.sessionId
          ? sql`(session_id is null or session_id = ${filter.sessionId})`
          : sql`session_id is null`,
      );
    const query = literal(vector);
    const rows = await sql<{ key: string; distance: number }>`
      select key, embedding <=> ${query}::vector as distance
      from ${sql.table(this.table)}
      where ${sql.join(conditions, sql` and `)}
      order by embedding <=> ${query}::vector
      limit ${Math.max(1, Math.min(k, 1_000))}`.execute(this.db);
    return rows.rows.map((row) => ({ key: row.key, score: 1 - Number(row.distance) }));
  }
}

/** Themes, the theme of each world and campaign, and background content jobs. */
import type { Kysely } from 'kysely';
import type { ContentJobTable, Database } from '../schema.js';
import { fromJson, now, toJson } from '../util.js';

export interface StoredTheme {
  id: string;
  name: string;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export type ThemeTarget = 'world' | 'campaign';

export interface ContentJob {
  id: string;
  contentType: string;
  status: ContentJobTable['status'];
  request: Record<string, unknown>;
  result: unknown;
  error: string | null;
  worldId: string | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export class ContentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async createTheme(input: {
    id: string;
    name: string;
    data: Record<string, unknown>;
  }): Promise<StoredTheme> {
    const at = now();
    await this.db
      .insertInto('themes')
      .values({ id: input.id, name: input.name, data: toJson(input.data), created_at: at, updated_at: at })
      .execute();
    return { id: input.id, name: input.name, data: input.data, createdAt: at, updatedAt: at };
  }

  async getTheme(id: string): Promise<StoredTheme | undefined> {
    const row = await this.db.selectFrom('themes').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTheme(row);
  }

  async listThemes(limit: number, offset: number): Promise<StoredTheme[]> {
    const rows = await this.db
      .selectFrom('themes')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toTheme);
  }

  async updateTheme(
    id: string,
    name: string,
    data: Record<string, unknown>,
  ): Promise<StoredTheme | undefined> {
    const result = await this.db
      .updateTable('themes')
      .set({ name, data: toJson(data), updated_at: now() })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? this.getTheme(id) : undefined;
  }

  async deleteTheme(id: string): Promise<boolean> {
    await this.db.deleteFrom('theme_links').where('theme_id', '=', id).execute();
    const result = await this.db.deleteFrom('themes').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Attaches a theme to a world or campaign; returns the theme it had before (or null). */
  async linkTheme(target: ThemeTarget, targetId: string, themeId: string): Promise<string | null> {
    const previous = await this.linkedTheme(target, targetId);
    await this.db
      .deleteFrom('theme_links')
      .where('target_type', '=', target)
      .where('target_id', '=', targetId)
      .execute();
    await this.db
      .insertInto('theme_links')
      .values({ target_type: target, target_id: targetId, theme_id: themeId, created_at: now() })
      .execute();
    return previous;
  }

  async unlinkTheme(target: ThemeTarget, targetId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('theme_links')
      .where('target_type', '=', target)
      .where('target_id', '=', targetId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async linkedTheme(target: ThemeTarget, targetId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('theme_links')
      .select('theme_id')
      .where('target_type', '=', target)
      .where('target_id', '=', targetId)
      .executeTakeFirst();
    return row?.theme_id ?? null;
  }

  async linksOf(themeId: string): Promise<Array<{ target: ThemeTarget; targetId: string }>> {
    const rows = await this.db
      .selectFrom('theme_links')
      .selectAll()
      .where('theme_id', '=', themeId)
      .execute();
    return rows.map((row) => ({ target: row.target_type, targetId: row.target_id }));
  }

  async createJob(input: {
    id: string;
    contentType: string;
    request: Record<string, unknown>;
    worldId: string | null;
  }): Promise<ContentJob> {
    const at = now();
    await this.db
      .insertInto('content_jobs')
      .values({
        id: input.id,
        content_type: input.contentType,
        status: 'queued',
        request: toJson(input.request),
        result: null,
        error: null,
        world_id: input.worldId,
        created_at: at,
        updated_at: at,
        finished_at: null,
      })
      .execute();
    return (await this.getJob(input.id))!;
  }

  async getJob(id: string): Promise<ContentJob | undefined> {
    const row = await this.db.selectFrom('content_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toJob(row);
  }

  async startJob(id: string): Promise<void> {
    await this.db
      .updateTable('content_jobs')
      .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), updated_at: now() }))
      .where('id', '=', id)
      .execute();
  }

  async finishJob(id: string, outcome: { result: unknown } | { error: string }): Promise<void> {
    const at = now();
    await this.db
      .updateTable('content_jobs')
      .set(
        'result' in outcome
          ? {
              status: 'succeeded',
              result: toJson(outcome.result),
              error: null,
              updated_at: at,
              finished_at: at,
            }
          : { status: 'failed', error: outcome.error.slice(0, 4_000), updated_at: at, finished_at: at },
      )
      .where('id', '=', id)
      .execute();
  }
}

function toTheme(row: {
  id: string;
  name: string;
  data: string;
  created_at: string;
  updated_at: string;
}): StoredTheme {
  return {
    id: row.id,
    name: row.name,
    data: fromJson(row.data, {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toJob(row: {
  id: string;
  content_type: string;
  status: ContentJobTable['status'];
  request: string;
  result: string | null;
  error: string | null;
  world_id: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}): ContentJob {
  return {
    id: row.id,
    contentType: row.content_type,
    status: row.status,
    request: fromJson(row.request, {}),
    result: fromJson(row.result, null),
    error: row.error,
    worldId: row.world_id,
    attempts: Number(row.attempts),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

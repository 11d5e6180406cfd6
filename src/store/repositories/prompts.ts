/** Prompt templates and their versions (each save is a new version; one is active). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { fromJson, newId, now, toJson } from '../util.js';

export interface Prompt {
  id: string;
  name: string;
  description: string | null;
  activeVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface PromptVersion {
  promptId: string;
  version: number;
  /** '' for the default template, else the provider type it is tuned for. */
  variant: string;
  template: string;
  variables: Record<string, unknown>;
  createdBy: string | null;
  createdAt: string;
}

/** Calls and feedback of one prompt, per version, provider variant and A/B arm. */
export interface PromptUsageStats {
  version: number;
  variant: string;
  arm: string;
  calls: number;
  errors: number;
  feedback: number;
  /** Mean rating (1–5) of the calls' feedback, null without feedback. */
  meanRating: number | null;
  /** Feedback rated 4 or 5 (thumbs up is stored as 5). */
  positive: number;
  /** Feedback rated 1 or 2 (thumbs down is stored as 1). */
  negative: number;
}

export class PromptRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: { name: string; description?: string }): Promise<Prompt> {
    const time = now();
    const row = {
      id: newId(),
      name: input.name,
      description: input.description ?? null,
      active_version: null,
      created_at: time,
      updated_at: time,
    };
    await this.db.insertInto('prompts').values(row).execute();
    return toPrompt(row);
  }

  async get(id: string): Promise<Prompt | undefined> {
    const row = await this.db.selectFrom('prompts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPrompt(row);
  }

  async getByName(name: string): Promise<Prompt | undefined> {
    const row = await this.db.selectFrom('prompts').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toPrompt(row);
  }

  async list(): Promise<Prompt[]> {
    return (await this.db.selectFrom('prompts').selectAll().orderBy('name').execute()).map(toPrompt);
  }

  /**
   * Saves a new version (the next number for this prompt) and makes it active unless told not to.
   * Run it inside a transaction: the number is read, then written (the unique index stops a race).
   */
  async addVersion(
    promptId: string,
    input: {
      template: string;
      variant?: string;
      variables?: Record<string, unknown>;
      createdBy?: string;
      activate?: boolean;
    },
  ): Promise<PromptVersion> {
    const last = await this.db
      .selectFrom('prompt_versions')
      .select((eb) => eb.fn.max('version').as('max'))
      .where('prompt_id', '=', promptId)
      .executeTakeFirst();
    const version = Number(last?.max ?? 0) + 1;
    const time = now();
    const row = {
      prompt_id: promptId,
      version,
      variant: input.variant ?? '',
      template: input.template,
      variables: toJson(input.variables ?? {}),
      created_by: input.createdBy ?? null,
      created_at: time,
    };
    await this.db.insertInto('prompt_versions').values(row).execute();
    if (input.activate ?? true) {
      await this.db
        .updateTable('prompts')
        .set({ active_version: version, updated_at: time })
        .where('id', '=', promptId)
        .execute();
    }
    return toVersion(row);
  }

  async version(promptId: string, version: number, variant = ''): Promise<PromptVersion | undefined> {
    const row = await this.db
      .selectFrom('prompt_versions')
      .selectAll()
      .where('prompt_id', '=', promptId)
      .where('version', '=', version)
      .where('variant', '=', variant)
      .executeTakeFirst();
    return row && toVersion(row);
  }

  async versions(promptId: string): Promise<PromptVersion[]> {
    const rows = await this.db
      .selectFrom('prompt_versions')
      .selectAll()
      .where('prompt_id', '=', promptId)
      .orderBy('version')
      .orderBy('variant')
      .execute();
    return rows.map(toVersion);
  }

  /**
   * Per version, provider variant and A/B arm: the calls logged with this prompt (migration 0004's
   * columns) and the feedback on them (feedback rows with target_type 'call').
   */
  async usageStats(promptId: string): Promise<PromptUsageStats[]> {
    const calls = await this.db
      .selectFrom('llm_calls')
      .select((eb) => [
        'prompt_version',
        'prompt_variant',
        'prompt_arm',
        eb.fn.countAll<number>().as('calls'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'error').then(1).else(0).end()).as('errors'),
      ])
      .where('prompt_id', '=', promptId)
      .groupBy(['prompt_version', 'prompt_variant', 'prompt_arm'])
      .execute();
    const feedback = await this.db
      .selectFrom('feedback')
      .innerJoin('llm_calls', 'llm_calls.id', 'feedback.target_id')
      .select((eb) => [
        'llm_calls.prompt_version',
        'llm_calls.prompt_variant',
        'llm_calls.prompt_arm',
        eb.fn.countAll<number>().as('feedback'),
        eb.fn.avg<number>('feedback.rating').as('mean'),
        eb.fn.sum<number>(eb.case().when('feedback.rating', '>=', 4).then(1).else(0).end()).as('positive'),
        eb.fn.sum<number>(eb.case().when('feedback.rating', '<=', 2).then(1).else(0).end()).as('negative'),
      ])
      .where('feedback.target_type', '=', 'call')
      .where('llm_calls.prompt_id', '=', promptId)
      .groupBy(['llm_calls.prompt_version', 'llm_calls.prompt_variant', 'llm_calls.prompt_arm'])
      .execute();
    const key = (row: {
      prompt_version: number | null;
      prompt_variant: string | null;
      prompt_arm: string | null;
    }) => `${row.prompt_version}\u0000${row.prompt_variant ?? ''}\u0000${row.prompt_arm ?? ''}`;
    const rated = new Map(feedback.map((row) => [key(row), row]));
    return calls
      .map((row) => {
        const f = rated.get(key(row));
        return {
          version: Number(row.prompt_version ?? 0),
          variant: row.prompt_variant ?? '',
          arm: row.prompt_arm ?? '',
          calls: Number(row.calls),
          errors: Number(row.errors ?? 0),
          feedback: Number(f?.feedback ?? 0),
          meanRating: f?.mean == null ? null : Number(f.mean),
          positive: Number(f?.positive ?? 0),
          negative: Number(f?.negative ?? 0),
        };
      })
      .sort(
        (a, b) => a.version - b.version || a.arm.localeCompare(b.arm) || a.variant.localeCompare(b.variant),
      );
  }

  async activate(promptId: string, version: number): Promise<void> {
    await this.db
      .updateTable('prompts')
      .set({ active_version: version, updated_at: now() })
      .where('id', '=', promptId)
      .execute();
  }
}

function toPrompt(row: {
  id: string;
  name: string;
  description: string | null;
  active_version: number | null;
  created_at: string;
  updated_at: string;
}): Prompt {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    activeVersion: row.active_version === null ? null : Number(row.active_version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toVersion(row: {
  prompt_id: string;
  version: number;
  variant: string;
  template: string;
  variables: string | null;
  created_by: string | null;
  created_at: string;
}): PromptVersion {
  return {
    promptId: row.prompt_id,
    version: Number(row.version),
    variant: row.variant,
    template: row.template,
    variables: fromJson(row.variables, {}),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

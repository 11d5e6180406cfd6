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

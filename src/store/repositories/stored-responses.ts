/**
 * Responses kept for OpenAI's Responses API (`store: true`): each one's conversation, input items and
 * response object as JSON, readable only by the API key that made it and only until it expires.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { fromJson, toJson } from '../util.js';

export interface StoredResponse {
  id: string;
  owner: string;
  createdAt: string;
  expiresAt: string;
  history: unknown[];
  inputItems: unknown[];
  response: unknown;
}

export class StoredResponseRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async save(record: StoredResponse): Promise<void> {
    await this.db
      .insertInto('stored_responses')
      .values({
        id: record.id,
        owner: record.owner,
        created_at: record.createdAt,
        expires_at: record.expiresAt,
        history: toJson(record.history),
        input_items: toJson(record.inputItems),
        response: toJson(record.response),
      })
      .execute();
  }

  /** The response `id` of `owner`, unless it expired by `at`. */
  async get(id: string, owner: string, at: string): Promise<StoredResponse | undefined> {
    const row = await this.db
      .selectFrom('stored_responses')
      .selectAll()
      .where('id', '=', id)
      .where('owner', '=', owner)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      owner: row.owner,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      history: fromJson<unknown[]>(row.history, []),
      inputItems: fromJson<unknown[]>(row.input_items, []),
      response: fromJson<unknown>(row.response, null),
    };
  }

  /** Deletes the response `id` of `owner`; false when there was none. */
  async delete(id: string, owner: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('stored_responses')
      .where('id', '=', id)
      .where('owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Deletes up to `limit` responses expired by `at`; returns how many. */
  async deleteExpired(at: string, limit: number): Promise<number> {
    const expired = this.db
      .selectFrom('stored_responses')
      .select('id')
      .where('expires_at', '<=', at)
      .limit(limit);
    const result = await this.db.deleteFrom('stored_responses').where('id', 'in', expired).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

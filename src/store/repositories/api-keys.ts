/**
 * API keys for clients. Only a SHA-256 digest is stored: the key is shown once, at creation.
 * Keys are 32 random bytes, so a fast digest is enough (there is nothing to brute-force).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiKeyTable, Database } from '../schema.js';
import { fromJson, newId, now, toJson } from '../util.js';

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates a key; the returned `key` is the only time it exists in plain text. */
  async create(input: { name: string; scopes?: string[] }): Promise<{ key: string; apiKey: ApiKey }> {
    const key = `lm_${randomBytes(32).toString('base64url')}`;
    const row: ApiKeyTable = {
      id: newId(),
      name: input.name,
      key_hash: hashApiKey(key),
      prefix: key.slice(0, 10),
      scopes: toJson(input.scopes ?? []),
      created_at: now(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.insertInto('api_keys').values(row).execute();
    return { key, apiKey: toApiKey(row) };
  }

  /** The active key matching `key`, touching its last use; undefined when unknown or revoked. */
  async verify(key: string): Promise<ApiKey | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', hashApiKey(key))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    const time = now();
    await this.db.updateTable('api_keys').set({ last_used_at: time }).where('id', '=', row.id).execute();
    return toApiKey({ ...row, last_used_at: time });
  }

  async list(): Promise<ApiKey[]> {
    return (await this.db.selectFrom('api_keys').selectAll().orderBy('created_at').execute()).map(toApiKey);
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: now() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toApiKey(row: ApiKeyTable): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: fromJson(row.scopes, []),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

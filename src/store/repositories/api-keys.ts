/**
 * API keys for clients. Only a SHA-256 digest is stored: the key is shown once, at creation.
 * Keys are 32 random bytes, so a fast digest is enough (there is nothing to brute-force).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiKeyTable, Database } from '../schema.js';
import { fromJson, newId, now, toJson } from '../util.js';

/** A key's own rate limits, per minute (absent: the config's default for every key). */
export interface ApiKeyLimits {
  rpm?: number;
  tpm?: number;
}

/** A key's own budget: tokens or USD per UTC day or month, refused once spent. */
export interface ApiKeyBudget {
  unit: 'tokens' | 'usd';
  limit: number;
  period: 'day' | 'month';
}

export interface ApiKey {
  id: string;
  /** The id the gateway's limits, budgets and analytics know the key by (16 hex digits of its SHA-256). */
  keyId: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  limits: ApiKeyLimits | null;
  budget: ApiKeyBudget | null;
}

/** An active key as the server holds it in memory (by its digest). */
export interface StoredApiKey extends ApiKey {
  keyHash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export class ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates a key; the returned `key` is the only time it exists in plain text. */
  async create(input: {
    name: string;
    scopes?: string[];
    limits?: ApiKeyLimits | null;
    budget?: ApiKeyBudget | null;
  }): Promise<{ key: string; apiKey: ApiKey }> {
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
      limits: input.limits ? toJson(input.limits) : null,
      budget: input.budget ? toJson(input.budget) : null,
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

  /** Every key not revoked, with its digest (the server looks keys up in memory). */
  async active(): Promise<StoredApiKey[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().where('revoked_at', 'is', null).execute();
    return rows.map((row) => ({ ...toApiKey(row), keyHash: row.key_hash }));
  }

  /** Records that these keys were used now. */
  async touch(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('api_keys').set({ last_used_at: now() }).where('id', 'in', ids).execute();
  }

  async list(): Promise<ApiKey[]> {
    return (await this.db.selectFrom('api_keys').selectAll().orderBy('created_at').execute()).map(toApiKey);
  }

  /** Revokes by id or by the key's prefix (as listed); false when no active key matches. */
  async revoke(idOrPrefix: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: now() })
      .where((eb) => eb.or([eb('id', '=', idOrPrefix), eb('prefix', '=', idOrPrefix)]))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toApiKey(row: ApiKeyTable): ApiKey {
  return {
    id: row.id,
    keyId: row.key_hash.slice(0, 16),
    name: row.name,
    prefix: row.prefix,
    scopes: fromJson(row.scopes, []),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    limits: fromJson<ApiKeyLimits | null>(row.limits, null),
    budget: fromJson<ApiKeyBudget | null>(row.budget, null),
  };
}

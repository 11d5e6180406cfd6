/**
 * `loremaster keys create | list | revoke`: API keys kept in the store (only their SHA-256 is kept;
 * a new key is printed once). A running server picks a change up within a few seconds. Each key has a
 * scope (admin, game or read) and may carry its own rate limits and budget, which the gateway enforces
 * under the key's id (the one analytics and `gateway.limits.api_keys` use).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { LoadedConfig } from '../config/index.js';
import type { ApiKey, ApiKeyBudget, Store } from '../store/index.js';
import { CliError } from './cli-error.js';
import { printJson } from './output.js';

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0)
    throw new InvalidArgumentError('expected a positive integer');
  return Number(value);
}

/** The store, loaded when a command runs (the CLI's other commands start without it). */
async function openStore(database: LoadedConfig['settings']['database']): Promise<Store> {
  const { openStore: open } = await import('../store/index.js');
  return open(database);
}

/** `5usd/day`, `200000tokens/month`. */
function parseBudget(value: string): ApiKeyBudget {
  const match = /^(\d+(?:\.\d+)?)(usd|tokens)\/(day|month)$/.exec(value.trim());
  if (!match)
    throw new InvalidArgumentError(
      'expected an amount, a unit and a period, e.g. 5usd/day or 200000tokens/month',
    );
  return {
    limit: Number(match[1]),
    unit: match[2] as ApiKeyBudget['unit'],
    period: match[3] as ApiKeyBudget['period'],
  };
}

/** A key as `--json` shows it: everything but the key itself (only its digest is kept anyway). */
function keyJson(key: ApiKey) {
  return {
    id: key.id,
    key_id: key.keyId,
    prefix: key.prefix,
    name: key.name,
    scope: key.scopes[0] ?? 'admin',
    state: key.revokedAt ? 'revoked' : 'active',
    limits: key.limits,
    budget: key.budget,
    created_at: key.createdAt,
    last_used_at: key.lastUsedAt,
    revoked_at: key.revokedAt,
  };
}

function describe(key: ApiKey): string {
  const limits = [
    key.limits?.rpm !== undefined ? `${key.limits.rpm} rpm` : undefined,
    key.limits?.tpm !== undefined ? `${key.limits.tpm} tpm` : undefined,
    key.budget ? `${key.budget.limit}${key.budget.unit}/${key.budget.period}` : undefined,
  ].filter(Boolean);
  return [
    key.id,
    key.keyId,
    key.prefix,
    key.scopes[0] ?? 'admin',
    key.revokedAt ? 'revoked' : 'active',
    limits.join(', ') || '-',
    key.lastUsedAt ?? 'never used',
    key.name,
  ].join('\t');
}

export function registerKeysCommands(program: Command, load: () => LoadedConfig): void {
  const keys = program.command('keys').description('API keys kept in the store: create, list, revoke');

  keys
    .command('create')
    .description('create a key and print it (once: only its digest is kept)')
    .requiredOption('--name <name>', 'who or what uses it, e.g. "unity client"')
    .addOption(
      new Option('--scope <scope>', 'what it may do').choices(['admin', 'game', 'read']).default('game'),
    )
    .option('--rpm <n>', 'requests per minute for this key', positiveInteger)
    .option('--tpm <n>', 'tokens per minute for this key', positiveInteger)
    .option('--budget <budget>', 'spending limit, e.g. 5usd/day or 200000tokens/month', parseBudget)
    .option('--json', 'print the key and its record as JSON')
    .action(
      async (options: {
        name: string;
        scope: string;
        rpm?: number;
        tpm?: number;
        budget?: ApiKeyBudget;
        json?: boolean;
      }) => {
        const store = await openStore(load().settings.database);
        try {
          const limits =
            options.rpm !== undefined || options.tpm !== undefined
              ? {
                  ...(options.rpm !== undefined && { rpm: options.rpm }),
                  ...(options.tpm !== undefined && { tpm: options.tpm }),
                }
              : null;
          const { key, apiKey } = await store.apiKeys.create({
            name: options.name,
            scopes: [options.scope],
            limits,
            budget: options.budget ?? null,
          });
          if (options.json) {
            printJson({ key, ...keyJson(apiKey) });
            return;
          }
          process.stdout.write(
            `${key}\n` +
              `created key ${apiKey.id} (${options.scope}) for "${apiKey.name}"; limits and analytics know it as ` +
              `${apiKey.keyId}. Keep the key now: it is not shown again.\n`,
          );
        } finally {
          await store.close();
        }
      },
    );

  keys
    .command('list')
    .description('list keys: id, limits id, prefix, scope, state, limits, last use, name (never the keys)')
    .option('--all', 'include revoked keys')
    .option('--json', 'print the keys as a JSON array')
    .action(async (options: { all?: boolean; json?: boolean }) => {
      const store = await openStore(load().settings.database);
      try {
        const listed = (await store.apiKeys.list()).filter((key) => options.all || !key.revokedAt);
        if (options.json) {
          printJson(listed.map(keyJson));
          return;
        }
        if (listed.length === 0) process.stdout.write('no keys (LOREMASTER_API_KEYS may still hold some)\n');
        for (const key of listed) process.stdout.write(`${describe(key)}\n`);
      } finally {
        await store.close();
      }
    });

  keys
    .command('revoke')
    .description('revoke a key by its id or prefix (a running server refuses it within seconds)')
    .argument('<id>', 'the id or prefix `keys list` shows')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const store = await openStore(load().settings.database);
      try {
        if (!(await store.apiKeys.revoke(id))) throw new CliError(`no active key with id or prefix ${id}`);
        if (options.json) printJson({ revoked: id });
        else process.stdout.write(`revoked ${id}\n`);
      } finally {
        await store.close();
      }
    });
}

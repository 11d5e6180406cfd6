/**
 * `loremaster keys create | list | revoke` on the store's database: a key is printed once, kept as a
 * digest, listed with its scope and limits (never the key), and revoked by id or prefix.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { registerKeysCommands } from '../../src/cli/keys-commands.js';
import { loadConfig } from '../../src/config/index.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-keys-'));
const configFile = join(dir, 'loremaster.yaml');
writeFileSync(configFile, stringify({ database: { sqlite_path: join(dir, 'loremaster.db') } }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in this process; what it printed. */
async function cli(...args: string[]): Promise<string> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  try {
    // The `keys` commands as `loremaster` registers them (main.ts runs the CLI when imported).
    const program = new Command('loremaster').exitOverride();
    registerKeysCommands(program, () => loadConfig({ file: configFile, env: {} }));
    for (const command of program.commands) command.exitOverride();
    await program.parseAsync(['node', 'loremaster', ...args]);
  } finally {
    write.mockRestore();
  }
  return out;
}

describe('loremaster keys', () => {
  it('creates a key once, lists it without the key, and revokes it', async () => {
    const created = await cli('keys', 'create', '--name', 'unity client', '--scope', 'read', '--rpm', '30');
    const key = created.split('\n')[0]!;
    expect(key).toMatch(/^lm_[\w-]{40,}$/);
    expect(created).toContain('not shown again');

    const withBudget = await cli('keys', 'create', '--name', 'discord bot', '--budget', '5usd/day');
    expect(withBudget).toContain('(game)');

    const listed = await cli('keys', 'list');
    expect(listed).not.toContain(key);
    const line = listed.split('\n').find((entry) => entry.includes('unity client'))!;
    expect(line).toContain('\tread\t');
    expect(line).toContain('30 rpm');
    expect(listed).toContain('5usd/day');

    // Only its digest is in the database, and the server would find it by the key.
    const store = await openStore(loadConfig({ file: configFile, env: {} }).settings.database);
    try {
      const found = await store.apiKeys.verify(key);
      expect(found).toMatchObject({ name: 'unity client', scopes: ['read'], limits: { rpm: 30 } });
      await cli('keys', 'revoke', found!.prefix);
      expect(await store.apiKeys.verify(key)).toBeUndefined();
    } finally {
      await store.close();
    }
    expect(await cli('keys', 'list')).not.toContain('unity client');
    expect(await cli('keys', 'list', '--all')).toContain('revoked');
  });

  it('refuses a bad scope or budget', async () => {
    await expect(cli('keys', 'create', '--name', 'x', '--scope', 'root')).rejects.toThrow(/root/);
    await expect(cli('keys', 'create', '--name', 'x', '--budget', 'lots')).rejects.toThrow(/5usd\/day/);
  });
});

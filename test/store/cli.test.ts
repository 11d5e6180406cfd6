/** `loremaster migrate | cleanup | backup` as users run them (the package's bin, a real process). */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseConfigSchema } from '../../src/config/store-schema.js';
import { backupSqlite, migrationsFor, openStore, type Store } from '../../src/store/index.js';
import { createTestDatabase } from '../support/postgres.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'loremaster-store-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/loremaster.js', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Each test here starts real `loremaster` processes (about a second each, more on a loaded machine). */
const PROCESS_TEST_TIMEOUT = 60_000;

/** Writes turns (user message + answer, one transaction each) until stopped. */
function keepWriting(store: Store, conversationId: string) {
  let stop = false;
  let turns = 0;
  const done = (async () => {
    for (let i = 0; i < 100_000 && !stop; i += 1) {
      await store.transaction(async (tx) => {
        await tx.conversations.addMessage(conversationId, {
          role: 'user',
          content: `turn ${i}: I look around`,
          tokens: 6,
        });
        await tx.conversations.addMessage(conversationId, {
          role: 'assistant',
          content: `turn ${i}: the hall is dark`,
          tokens: 7,
        });
      });
      turns += 1;
      if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    stop: async () => {
      stop = true;
      await done;
      return turns;
    },
  };
}

/** A backup must be a consistent snapshot: intact, and every turn in it complete. */
function checkBackup(file: string, conversationId: string) {
  const copy = new SqliteDatabase(file, { readonly: true });
  try {
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const count = (copy.prepare('select count(*) as n from messages').get() as { n: number }).n;
    const recorded = (
      copy.prepare('select message_count as n from conversations where id = ?').get(conversationId) as {
        n: number;
      }
    ).n;
    expect(count).toBe(recorded);
    expect(count % 2).toBe(0);
    return count;
  } finally {
    copy.close();
  }
}

describe('loremaster migrate / cleanup / backup on SQLite', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  const dbFile = join(dir, 'game.db');
  const env = { LOREMASTER_CONFIG: join(dir, 'none.yaml') };

  it('migrates an empty file, then finds nothing to do', async () => {
    writeFileSync(env.LOREMASTER_CONFIG, `database:\n  sqlite_path: ${dbFile}\n`);
    const first = await cli(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/sqlite .*game\.db: applied 0001_initial, 0002_search/);
    const again = await cli(['migrate'], env);
    expect(again.stdout).toContain(
      `already up to date (schema ${Object.keys(migrationsFor('sqlite')).at(-1)})`,
    );
  });

  it('two processes migrating one fresh file at once both succeed, and migrate it once', async () => {
    const file = join(dir, 'race.db');
    const config = join(dir, 'race.yaml');
    writeFileSync(config, `database:\n  sqlite_path: ${file}\n`);
    const results = await Promise.all([
      cli(['migrate'], { LOREMASTER_CONFIG: config }),
      cli(['migrate'], { LOREMASTER_CONFIG: config }),
    ]);
    expect(results.map((result) => result.code)).toEqual([0, 0]);
    const applied = results.map((result) => result.stdout).join('\n');
    expect(applied.match(/0001_initial/g)?.length).toBe(1);
    expect(applied).toMatch(/already up to date/);
  });

  it('backs up beside the database by default', async () => {
    const result = await cli(['backup'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(join(dir, 'backups', 'loremaster-'));
  });

  it('backs up a consistent copy while another process keeps writing', async () => {
    const store = await openStore(databaseConfigSchema.parse({ sqlite_path: dbFile }));
    try {
      const conversation = await store.conversations.create({ model: 'generation', title: 'busy hall' });
      const writer = keepWriting(store, conversation.id);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const out = join(dir, 'backup-cli.db');
      const result = await cli(['backup', '--out', out], env);
      const inProcess = join(dir, 'backup-in-process.db');
      await backupSqlite(store.connection, inProcess);
      const turns = await writer.stop();
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/written to .*backup-cli\.db/);
      expect(turns).toBeGreaterThan(0);
      const copied = checkBackup(out, conversation.id);
      expect(copied).toBeGreaterThan(0);
      expect(checkBackup(inProcess, conversation.id)).toBeGreaterThanOrEqual(copied);
    } finally {
      await store.close();
    }
  });

  it('cleanup archives by default and deletes with --mode delete', async () => {
    const store = await openStore(databaseConfigSchema.parse({ sqlite_path: dbFile }));
    let id: string;
    try {
      const old = await store.conversations.create({ model: 'generation', title: 'forgotten' });
      id = old.id;
      await store.db
        .updateTable('conversations')
        .set({ updated_at: new Date(Date.now() - 100 * 86_400_000).toISOString() })
        .where('id', '=', id)
        .execute();
    } finally {
      await store.close();
    }
    const archived = await cli(['cleanup', '--older-than', '90d'], env);
    expect(archived.code).toBe(0);
    expect(archived.stdout).toMatch(/cleanup \(archive, older than 90d.*1 conversations archived/);
    const deleted = await cli(['cleanup', '--older-than', '90d', '--mode', 'delete'], env);
    expect(deleted.stdout).toMatch(/1 conversations, \d+ calls, 0 events, 0 completed tasks deleted/);
    const bad = await cli(['cleanup', '--older-than', 'soon'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/expected a duration/);
    const check = await openStore(databaseConfigSchema.parse({ sqlite_path: dbFile }));
    try {
      expect(await check.conversations.get(id)).toBeUndefined();
    } finally {
      await check.close();
    }
  });
});

/** Starts `loremaster serve` with a config file; resolves once it listens. */
async function serve(config: string) {
  const child = spawn(process.execPath, ['bin/loremaster.js', '--config', config, 'serve', '--port', '0'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  let url: string | undefined;
  for (let i = 0; i < 300 && !url && child.exitCode === null; i += 1) {
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!url) {
    child.kill('SIGKILL');
    throw new Error(`serve did not start: ${output}`);
  }
  return { child, url };
}

describe('loremaster serve on SIGTERM', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('flushes the call log and usage before it exits: a graceful stop loses nothing', async () => {
    const file = join(dir, 'serve.db');
    const config = join(dir, 'serve.yaml');
    // A flush interval far beyond the test: only the shutdown flush can write the rows.
    writeFileSync(config, `database:\n  sqlite_path: ${file}\n  call_log:\n    flush_interval_ms: 60000\n`);
    const first = await serve(config);
    let id: string;
    try {
      const created = await fetch(`${first.url}/llm/conversation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      id = ((await created.json()) as { id: string }).id;
      for (let i = 0; i < 3; i += 1) {
        const turn = await fetch(`${first.url}/llm/conversation/${id}/message`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ content: `I light lantern number ${i}.` }),
        });
        expect(turn.status).toBe(200);
      }
      first.child.kill('SIGTERM');
      const [code] = await once(first.child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
    }
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      const calls = db.prepare('select count(*) as n from llm_calls where conversation_id = ?').get(id) as {
        n: number;
      };
      expect(calls.n).toBe(3);
      // The gateway's usage roll-ups, counted once (the call log does not add its own).
      const usage = db.prepare("select sum(calls) as n from usage_rollups where period = 'day'").get() as {
        n: number;
      };
      expect(usage.n).toBe(3);
    } finally {
      db.close();
    }

    // Analytics survive the restart: the new server starts from the stored roll-ups.
    const second = await serve(config);
    try {
      const analytics = await fetch(`${second.url}/llm/analytics?period=day`);
      const body = (await analytics.json()) as { totals: { requests: number } };
      expect(body.totals.requests).toBe(3);
    } finally {
      // Ctrl-C stops it as cleanly as SIGTERM.
      second.child.kill('SIGINT');
      const [code] = await once(second.child, 'exit');
      expect(code).toBe(0);
    }
  });
});

describe('loremaster on PostgreSQL (DATABASE_URL)', { timeout: PROCESS_TEST_TIMEOUT }, () => {
  it('migrates, says to use pg_dump for backups, and never prints the password', async () => {
    const database = await createTestDatabase();
    try {
      const url = new URL(database.url);
      url.password = 'hunter2-secret';
      const env = { DATABASE_URL: url.toString() };
      // trust auth: the password is ignored by the server, but must never be shown.
      const migrated = await cli(['migrate'], env);
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toMatch(/postgres .*applied 0001_initial, 0002_search/);
      expect(migrated.stdout).not.toContain('hunter2-secret');
      const backup = await cli(['backup'], env);
      expect(backup.code).toBe(1);
      expect(backup.stderr).toMatch(/pg_dump/);
      const shown = await cli(['config'], env);
      expect(shown.stdout).toMatch(/url: postgres:\/\/postgres:\[REDACTED\]@127\.0\.0\.1/);
      expect(shown.stdout).not.toContain('hunter2-secret');
      const saved = join(dir, 'saved.yaml');
      expect((await cli(['config', '--save', saved], env)).code).toBe(0);
      expect(readFileSync(saved, 'utf8')).not.toContain('hunter2-secret');
    } finally {
      await database.drop();
    }
  });
});

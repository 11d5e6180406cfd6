/**
 * `--json` on every command that prints data, as scripts use it: the package's bin in a real process
 * over a real SQLite file. stdout must be exactly one JSON document (progress and diagnostics go to
 * stderr), and the document must say what was done.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startLoremaster } from '../support/loremaster.js';

const execute = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'loremaster-json-'));
const configFile = join(dir, 'loremaster.yaml');
writeFileSync(
  configFile,
  stringify({ database: { sqlite_path: join(dir, 'loremaster.db') }, log: { level: 'silent' } }),
);
const SECRET = 'sk-json-test-secret-24681357';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await execute(process.execPath, ['bin/loremaster.js', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOREMASTER_CONFIG: configFile, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Run;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Runs a command with --json; its stdout parsed (and nothing but one JSON document in it). */
async function json(args: string[], env: Record<string, string> = {}) {
  const run = await cli([...args, '--json'], env);
  expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  expect(run.stdout.trim().split('\n'), `one line of JSON from ${args.join(' ')}`).toHaveLength(1);
  return { document: JSON.parse(run.stdout), stderr: run.stderr };
}

describe('--json', () => {
  it('config: the effective config, secrets redacted; --save says where', async () => {
    const { document } = await json(['config'], { OPENAI_API_KEY: SECRET });
    expect(document.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(document.roles.generation.provider).toBe('offline');
    expect(document.secrets).toEqual({ OPENAI_API_KEY: '[REDACTED]' });
    const saved = await json(['config', '--save', join(dir, 'saved.yaml')], { OPENAI_API_KEY: SECRET });
    expect(saved.document).toEqual({ saved: join(dir, 'saved.yaml'), secrets_written: false });
    expect(readFileSync(join(dir, 'saved.yaml'), 'utf8')).not.toContain(SECRET);
  });

  it('migrate: what was applied, then nothing', async () => {
    const first = await json(['migrate']);
    expect(first.document).toMatchObject({ backend: 'sqlite', location: join(dir, 'loremaster.db') });
    expect(first.document.applied.length).toBeGreaterThan(0);
    expect(first.document.schema).toBe(first.document.applied.at(-1));
    const again = await json(['migrate']);
    expect(again.document).toMatchObject({ applied: [], schema: first.document.schema });
  });

  it('keys create, list and revoke', async () => {
    const created = (
      await json(['keys', 'create', '--name', 'godot client', '--scope', 'read', '--rpm', '5'])
    ).document;
    expect(created.key).toMatch(/^lm_[\w-]{40,}$/);
    expect(created).toMatchObject({
      name: 'godot client',
      scope: 'read',
      state: 'active',
      limits: { rpm: 5 },
      budget: null,
    });
    const listed = await cli(['keys', 'list', '--json']);
    const keys = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(keys.find((key) => key.id === created.id)).toMatchObject({
      prefix: created.prefix,
      scope: 'read',
    });
    // The key itself is printed once, at creation, never again.
    expect(listed.stdout).not.toContain(created.key);
    expect(JSON.stringify(keys)).not.toMatch(/hash/i);
    expect((await json(['keys', 'revoke', created.prefix])).document).toEqual({ revoked: created.prefix });
    const all = JSON.parse((await cli(['keys', 'list', '--all', '--json'])).stdout) as Array<{
      id: string;
      state: string;
    }>;
    expect(all.find((key) => key.id === created.id)?.state).toBe('revoked');
  });

  it('import, export, cleanup, backup and reindex', async () => {
    const imported = await json(['import', '--demo']);
    expect(imported.document).toMatchObject({ name: 'Cinderwick', already_imported: false, entities: 43 });
    // The progress bar went to stderr.
    expect(imported.stderr).toMatch(/import \[.*\] 100%/);
    expect((await json(['import', '--demo'])).document).toMatchObject({
      world_id: imported.document.world_id,
      already_imported: true,
    });

    const file = join(dir, 'cinderwick.json');
    const exported = await json(['export', 'Cinderwick', '-f', 'lorebook-v3', '-o', file]);
    expect(exported.document).toMatchObject({
      world_id: imported.document.world_id,
      format: 'lorebook-v3',
      file,
    });
    expect(exported.document.bytes).toBe(readFileSync(file).length);

    const cleaned = await json(['cleanup', '--older-than', '30d', '--mode', 'delete']);
    expect(cleaned.document).toMatchObject({ mode: 'delete', older_than: '30d', calls_deleted: 0 });
    expect(Date.parse(cleaned.document.before)).toBeLessThan(Date.now());

    const backup = join(dir, 'copy.db');
    const copied = await json(['backup', '--out', backup]);
    expect(copied.document).toMatchObject({ source: join(dir, 'loremaster.db'), file: backup });
    expect(copied.document.pages).toBeGreaterThan(0);
    expect(existsSync(backup)).toBe(true);

    const reindexed = await json(['reindex', '--embed']);
    expect(reindexed.document.vectors).toBeGreaterThan(40);
    expect(reindexed.document).toMatchObject({ model: expect.any(String), embedded: expect.any(Number) });
    expect(reindexed.stderr).toMatch(/reindex \[.*\] 100% \| (\d+)\/\1 embeddings/);
  }, 90_000);

  it('replay: the summary, with the first divergence', async () => {
    const cassette = join(dir, 'session.jsonl');
    const server = await startLoremaster({ config: { gateway: { replay: { mode: 'record', cassette } } } });
    try {
      for (const content of ['I light the lamp.', 'I open the gate.'])
        await fetch(`${server.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'generation', messages: [{ role: 'user', content }] }),
        });
    } finally {
      await server.stop();
    }
    const again = join(dir, 'again.jsonl');
    const replayed = await json(['replay', cassette, '--out', again]);
    expect(replayed.document).toMatchObject({
      expected: cassette,
      actual: again,
      expected_entries: 2,
      actual_entries: 2,
      matches: 2,
      failed_calls: 0,
      divergence: null,
    });
    expect(replayed.stderr).toMatch(/replay \[.*\] 100% \| 2\/2 calls/);

    const lines = readFileSync(cassette, 'utf8').trim().split('\n');
    const edited = JSON.parse(lines[1]!);
    edited.response.result.text = 'The gate stays shut.';
    const other = join(dir, 'edited.jsonl');
    writeFileSync(other, `${lines[0]}\n${JSON.stringify(edited)}\n`);
    const compared = await cli(['replay', cassette, '--against', other, '--json']);
    expect(compared.code).toBe(1);
    expect(JSON.parse(compared.stdout)).toMatchObject({
      matches: 1,
      failed_calls: null,
      divergence: { kind: 'field', index: 1, path: 'response.result.text' },
    });
  }, 60_000);
});

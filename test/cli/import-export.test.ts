/**
 * `loremaster import` and `loremaster export` as users run them (the package's bin, a real process, a
 * SQLite file of its own): the format named before the work, a progress bar, `--json`, a one-line
 * error for a file it cannot read, and `--demo` that imports Cinderwick once however often it runs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { readCardChunks } from '../../src/narrative/imports/index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'loremaster-import-'));
const database = join(dir, 'loremaster.db');
const config = join(dir, 'loremaster.yaml');
writeFileSync(config, `database:\n  sqlite_path: ${JSON.stringify(database)}\nlog:\n  level: silent\n`);
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'sillytavern');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['bin/loremaster.js', '--config', config, ...args],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        maxBuffer: 10_000_000,
        encoding: 'buffer',
      },
    );
    return { code: 0, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), bytes: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: Buffer; stderr: Buffer };
    return {
      code: failed.code,
      stdout: failed.stdout.toString(),
      stderr: failed.stderr.toString(),
      bytes: failed.stdout,
    };
  }
}

function worldNames(): string[] {
  const db = new SqliteDatabase(database, { readonly: true });
  try {
    return (db.prepare('select name from worlds order by name').all() as Array<{ name: string }>).map(
      (row) => row.name,
    );
  } finally {
    db.close();
  }
}

describe('loremaster import / export', () => {
  it('imports the demo world once, with progress; a second run finds it', async () => {
    const first = await cli(['import', '--demo']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('Loremaster world file, world "Cinderwick", 43 entities');
    expect(first.stderr).toMatch(/import \[.*\] 100% \| \d+\/\d+/);
    expect(first.stdout).toMatch(/Imported "Cinderwick" \(Loremaster world file\): world \S+, 43 entities/);
    const second = await cli(['import', '--demo', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ name: 'Cinderwick', already_imported: true });
    expect(worldNames().filter((name) => name === 'Cinderwick')).toHaveLength(1);
  }, 120_000);

  it('detects and names a SillyTavern file, and prints JSON with --json', async () => {
    const imported = await cli(['import', join(FIXTURES, 'card-v2.json'), '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(
      'SillyTavern Character Card V2 (JSON), world "Seraphine Vale", 4 entities',
    );
    const report = JSON.parse(imported.stdout);
    expect(report).toMatchObject({ format: 'card-v2', entities: 4, already_imported: false });

    const exported = await cli([
      'export',
      'Seraphine Vale',
      '--format',
      'card-v3-png',
      '--output',
      join(dir, 'seraphine.png'),
      '--json',
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ world_id: report.world_id, format: 'card-v3-png' });
    const card = JSON.parse(readCardChunks(readFileSync(join(dir, 'seraphine.png'))).ccv3 as string);
    expect(card.data.character_book.entries).toHaveLength(3);

    const again = await cli(['import', join(dir, 'seraphine.png')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('SillyTavern Character Card V3 (PNG, ccv3 chunk)');

    const lorebook = await cli(['export', report.world_id, '--format', 'lorebook-v3']);
    expect(JSON.parse(lorebook.stdout).spec).toBe('lorebook_v3');
  }, 120_000);

  it('refuses an unsupported or missing file in one line, without a stack trace', async () => {
    writeFileSync(join(dir, 'notes.json'), JSON.stringify({ hello: 'world' }));
    writeFileSync(join(dir, 'picture.png'), Buffer.from('89504e470d0a1a0a0000', 'hex'));
    for (const file of ['notes.json', 'picture.png', 'missing.yaml']) {
      const result = await cli(['import', join(dir, file)]);
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^loremaster: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const unknownFormat = await cli(['export', 'Cinderwick', '--format', 'docx']);
    expect(unknownFormat.code).toBe(1);
    expect(unknownFormat.stderr.trim()).toMatch(/^loremaster: unknown format "docx"/);
  }, 120_000);
});

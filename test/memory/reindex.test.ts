/** `loremaster reindex` as users run it: a real process over a real SQLite file. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { Memory } from '../../src/memory/index.js';
import { openStore } from '../../src/store/index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'loremaster-reindex-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loremaster reindex', () => {
  it('rebuilds the index file from the stored embeddings, with progress, and embeds what is missing', async () => {
    const dbPath = join(dir, 'loremaster.db');
    const { settings } = loadConfig({ env: {}, overrides: { 'database.sqlite_path': dbPath } });
    const store = await openStore(settings.database);
    const memory = new Memory({ store, settings, indexDirectory: null });
    const ids = await memory.put(
      Array.from({ length: 30 }, (_, n) => ({
        worldId: 'w',
        title: `Entry ${n}`,
        body: `The lore of place number ${n}.`,
      })),
    );
    // Two documents written without embedding them (as if the worker had not run yet).
    await memory.put(
      [
        { worldId: 'w', title: 'Late entry', body: 'Written while the worker was down.' },
        { worldId: 'w', title: 'Later entry', body: 'Also waiting.' },
      ],
      { queue: true },
    );
    await store.close();
    expect(ids).toHaveLength(30);

    writeFileSync(join(dir, 'config.yaml'), `database:\n  sqlite_path: ${dbPath}\nlog:\n  level: silent\n`);
    const result = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', '--config', join(dir, 'config.yaml'), 'reindex', '--embed'],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME }, cwd: process.cwd() },
    ).catch((error) => error as { stdout: string; stderr: string });
    // The results on stdout; the progress of both steps on stderr, and nothing else there.
    expect(result.stdout).toContain('embedded 2 documents');
    expect(result.stdout).toContain('indexed 32 vectors');
    expect(result.stdout).not.toContain('[');
    expect(result.stderr).toMatch(/embed .*32\/32 documents/);
    expect(result.stderr).toMatch(/reindex .*32\/32 embeddings/);
    expect(result.stderr.split('\n').filter((line) => line && !/^(embed|reindex) \[/.test(line))).toEqual([]);
    expect(existsSync(join(dir, 'vectors'))).toBe(true);
  }, 60_000);
});

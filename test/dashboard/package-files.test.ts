/**
 * The packed package (`npm pack`) carries the dashboard's bundle: dist/ is packed (.npmignore, unlike
 * .gitignore), so an installed Loremaster serves the same page at `/`. Reads the file list npm would
 * pack, from the dist/ the test setup built, without packing.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_DIR } from '../../src/api/dashboard.js';

describe('the packed package', () => {
  it('holds the dashboard bundle and the built server, and no test artifacts', () => {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const [packed] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
    const paths = new Set(packed!.files.map((file) => file.path));
    expect(paths.has('dist/dashboard/index.html'), 'run `npm run build` first').toBe(true);
    for (const asset of readdirSync(join(DASHBOARD_DIR, 'assets')))
      expect(paths.has(`dist/dashboard/assets/${asset}`), asset).toBe(true);
    expect(paths.has('dist/api/dashboard.js')).toBe(true);
    expect(paths.has('bin/loremaster.js')).toBe(true);
    expect([...paths].filter((path) => /^(artifacts|node_modules|data)\//.test(path))).toEqual([]);
  }, 60_000);
});

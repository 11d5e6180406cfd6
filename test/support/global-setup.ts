/**
 * Builds dist/ once so the CLI tests run the same `bin/loremaster.js` users run, and the dashboard's
 * browser tests load the same bundle `npm run build` writes (dist/dashboard).
 * `LOREMASTER_TEST_NO_BUILD=1` skips it for quick runs of suites that do not spawn the CLI.
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.LOREMASTER_TEST_NO_BUILD === '1') return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'src/dashboard/vite.config.ts'],
    { stdio: 'inherit' },
  );
}

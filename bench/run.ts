/**
 * `npm run bench`: every benchmark, one after another (each prints its own table with its baseline).
 * `npm run bench -- gateway store` runs only those.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const ALL = [
  'gateway',
  'garbage',
  'store',
  'prompts',
  'retrieval',
  'embedder',
  'turns',
  'content',
  'chunks',
  'chain',
];
const chosen = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
let failed = false;
for (const name of chosen.length > 0 ? chosen : ALL) {
  const script = `bench/${name}.ts`;
  if (!existsSync(script)) {
    console.error(`bench: no ${script}`);
    failed = true;
    continue;
  }
  console.log(`\n=== bench/${name}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

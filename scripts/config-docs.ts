/**
 * `npm run docs:config`: writes docs/configuration.md, the configuration reference, from the config
 * schema (scripts/config-reference.ts). `--check` writes nothing and exits 1 when the committed file
 * differs (test/config/config-reference.test.ts runs the same comparison).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigReference } from './config-reference.js';

const target = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
const text = renderConfigReference();
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== text) {
    console.error('docs/configuration.md is out of date: run `npm run docs:config`.');
    process.exit(1);
  }
  console.log('docs/configuration.md matches the config schema.');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}

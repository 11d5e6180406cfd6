/**
 * `npm run client:generate`: writes src/client/schema.ts, the types of Loremaster's typed client
 * (`loremaster/client`), from the OpenAPI document. By default the document comes from a Loremaster
 * built here in-process (default config, a throwaway SQLite file, a random port); `--url URL` reads
 * `URL/openapi.json` from a running server instead. `--check` writes nothing and exits 1 when the
 * committed file differs (test/client/schema-drift.test.ts runs the same comparison).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderClientSchema } from './client-schema.js';

const target = fileURLToPath(new URL('../src/client/schema.ts', import.meta.url));

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const text = await renderClientSchema(argument('--url'));
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error('src/client/schema.ts is out of date: run `npm run client:generate`.');
    process.exit(1);
  }
  console.log('src/client/schema.ts matches the OpenAPI document.');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}

/**
 * The typed client's types cannot drift from the API: src/client/schema.ts is regenerated here from
 * the OpenAPI document of a Loremaster built in-process (as `npm run client:generate` does) and must
 * be byte for byte the committed file.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderClientSchema } from '../../scripts/client-schema.js';

it('src/client/schema.ts is what the OpenAPI document generates (else run `npm run client:generate`)', async () => {
  const committed = readFileSync(new URL('../../src/client/schema.ts', import.meta.url), 'utf8');
  const generated = await renderClientSchema();
  expect(generated.length).toBeGreaterThan(100_000);
  expect(generated === committed, 'src/client/schema.ts is stale: run `npm run client:generate`').toBe(true);
}, 120_000);

/**
 * The README's search example, run as written against the shipped demo world (imported as
 * `loremaster import --demo` imports it), on the embedded default: the request is read from the
 * README itself, and the answer must be the one the README shows (the first result, how it was found,
 * the name the query used).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORLD_FILE, readWorldFile } from '../../src/narrative/index.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { call, drained } from './support.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

/** The search example of the README's Memory section: its request body and the answer it shows. */
function example(): { body: unknown; shown: string } {
  const match =
    /curl -s http:\/\/127\.0\.0\.1:8080\/worlds\/\$WORLD\/search[^\n]*\\\n\s*-d '([^']+)'\n((?:# [^\n]*\n)+)/.exec(
      README,
    );
  if (!match) throw new Error('the README has no search example for /worlds/$WORLD/search');
  return { body: JSON.parse(match[1] as string), shown: (match[2] as string).replace(/^# ?/gm, '') };
}

describe('the README search example on the demo world', () => {
  let server: TestServer;
  let worldId: string;

  beforeAll(async () => {
    server = await startLoremaster({ config: { memory: { warm_up_embedder: true } } });
    const imported = await call(server.url, 'POST', '/worlds/import', readWorldFile(DEMO_WORLD_FILE));
    expect(imported.status).toBe(201);
    worldId = imported.body.id;
    await drained(server.url, 180_000);
  }, 240_000);

  afterAll(async () => server?.stop());

  it('answers what the README shows', async () => {
    const { body, shown } = example();
    const answer = await call(server.url, 'POST', `/worlds/${worldId}/search`, body);
    expect(answer.status).toBe(200);
    const first = answer.body.data[0];
    const title = /"title":"([^"]+)"/.exec(shown)?.[1];
    const foundBy = /"found_by":"([^"]+)"/.exec(shown)?.[1];
    expect(first.title).toBe(title);
    expect(first.found_by).toBe(foundBy);
    // Every reason the README shows is given (its numbers aside: a cosine, a rank).
    const reasons = /"reasons":\[([\s\S]*?)\]/.exec(shown)?.[1] ?? '';
    for (const reason of JSON.parse(`[${reasons.replace(/\n\s*/g, '')}]`) as string[]) {
      const pattern = new RegExp(
        `^${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d+(\\\.\d+)?/g, '[\\d.]+')}$`,
      );
      expect(
        first.reasons.some((given: string) => pattern.test(given)),
        `"${reason}" among ${JSON.stringify(first.reasons)}`,
      ).toBe(true);
    }
  });
});

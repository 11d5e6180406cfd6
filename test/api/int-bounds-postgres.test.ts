/**
 * Integers in bodies stay inside what the store can hold: on PostgreSQL a turn number or a prompt
 * version past a 32-bit column's range made the database refuse the query, and the route answered 500.
 * Each is now a 400 naming the field, before any query runs (checked on a real PostgreSQL).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let database: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startLoremaster({ env: { DATABASE_URL: database.url } });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

interface Answer {
  status: number;
  body: { id: string; error: { param: string | null; code: string | null } };
}

async function post(path: string, body: unknown): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

it('a turn number or prompt version past a 32-bit column is a 400 naming it, not a 500', async () => {
  const world = await post('/worlds', { name: 'Int Bounds' });
  const session = await post(`/worlds/${world.body.id}/sessions`, {});
  const huge = 3_000_000_000;
  const cases: Array<[string, unknown, string]> = [
    ['/maintenance/trigger-analysis', { session_id: session.body.id, turn_number: huge }, 'turn_number'],
    ['/content/npc', { version: huge }, 'version'],
    ['/llm/prompts/narrator/render', { version: huge, sample: true }, 'version'],
    ['/llm/prompts/narrator/complete', { version: huge, sample: true }, 'version'],
    ['/llm/generate', { prompt: 'narrator', version: huge }, 'version'],
  ];
  for (const [path, body, param] of cases) {
    const answer = await post(path, body);
    expect(answer.status, path).toBe(400);
    expect(answer.body.error, path).toMatchObject({ param, code: 'invalid_request' });
  }
  // Within the range, the same requests reach the store and answer what it holds.
  expect(
    (await post('/maintenance/trigger-analysis', { session_id: session.body.id, turn_number: 7 })).status,
  ).toBe(404);
  const unknownVersion = await post('/content/npc', { version: 999_999 });
  expect(unknownVersion.status).toBe(404);
  expect(unknownVersion.body.error).toMatchObject({ param: 'version', code: 'version_not_found' });
}, 60_000);

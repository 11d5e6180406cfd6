/**
 * Pictures in an S3-compatible bucket (`images.s3`): a real S3 server speaking the S3 API over HTTP
 * (s3rver, on its own port and folder) holds what /v1/images/generations drew, signed with the keys
 * from the environment; /images/{id} reads it back with its content type, a missing id is a 404, and
 * nothing is written to the local images folder; an access key the bucket does not know is a 503
 * image_store_unavailable; a bucket without keys stops the server from starting. (s3rver checks the
 * access key but not the V4 signature itself: the signing is the `aws4` package's.)
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { call } from '../narrative/support.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-images-s3-'));
const bucketDir = join(dir, 's3');
let s3: S3rver;
let endpoint: string;
let server: RunningServer | undefined;

function config(env: Record<string, string>) {
  return loadConfig({
    env,
    overrides: {
      'server.port': 0,
      'database.sqlite_path': join(dir, 'loremaster.db'),
      'narrative.workers_in_serve': false,
      'images.s3': { endpoint, bucket: 'pictures', prefix: 'lm/' },
    },
  });
}

beforeAll(async () => {
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    directory: bucketDir,
    silent: true,
    configureBuckets: [{ name: 'pictures', configs: [] }],
  });
  const address = await s3.run();
  endpoint = `http://127.0.0.1:${address.port}`;
}, 30_000);

afterAll(async () => {
  await server?.close().catch(() => {});
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

it('stores pictures in the bucket and serves them from it', async () => {
  // s3rver's own credentials: a request signed with other keys is refused.
  server = await startServer(
    config({ S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' }),
    createLogger('silent'),
  );
  const drawn = await call(server.url, 'POST', '/v1/images/generations', {
    prompt: 'Heraldry of the Salt Guild',
    size: '96x96',
    response_format: 'b64_json',
  });
  expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);
  const id = drawn.body.image_ids[0];
  const bytes = Buffer.from(drawn.body.data[0].b64_json, 'base64');
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(id);

  const served = await fetch(`${server.url}/images/${id}`);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
  // In the bucket, under its prefix; not in the folder beside the database.
  expect(JSON.stringify(readdirSync(bucketDir, { recursive: true }))).toContain(id);
  expect(existsSync(join(dir, 'images'))).toBe(false);

  const missing = await call(server.url, 'GET', `/images/${'a'.repeat(64)}`);
  expect(missing.status).toBe(404);
  expect(missing.body.error.code).toBe('image_not_found');
}, 60_000);

it('answers 503 image_store_unavailable when the bucket refuses the key', async () => {
  await server?.close();
  server = await startServer(
    config({ S3_ACCESS_KEY_ID: 'SOMEONE-ELSE', S3_SECRET_ACCESS_KEY: 'not-the-secret' }),
    createLogger('silent'),
  );
  const refused = await call(server.url, 'POST', '/v1/images/generations', {
    prompt: 'Heraldry of the Tin Guild',
    size: '64x64',
  });
  expect(refused.status).toBe(503);
  expect(refused.body.error.code).toBe('image_store_unavailable');
}, 60_000);

it('refuses to start with a bucket and no keys, naming them', async () => {
  await expect(startServer(config({}), createLogger('silent'))).rejects.toThrow(/S3_ACCESS_KEY_ID/);
});

/**
 * Pictures offline, through a real server on a real SQLite file: the offline drawer is deterministic
 * (the same request gives the same bytes and the same id), /v1/images/generations answers in b64_json
 * and url, /images/{id} serves what was stored, parameters that cannot be honoured and bad ids are 4xx
 * in the documented error shape, and the image rate limit answers 429.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { OfflineImageProvider } from '../../src/providers/images/index.js';
import { call } from '../narrative/support.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-images-'));
let server: RunningServer;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  const config = loadConfig({
    env: {},
    overrides: {
      'server.port': 0,
      'database.sqlite_path': join(dir, 'loremaster.db'),
      'narrative.workers_in_serve': false,
      'images.per_minute': 6,
    },
  });
  server = await startServer(config, createLogger('silent'));
}, 60_000);

afterAll(async () => {
  await server?.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('the offline drawer', () => {
  const drawer = new OfflineImageProvider();
  const size = { width: 256, height: 192 };

  it('draws the same bytes for the same request, and other bytes for another', async () => {
    const ask = (prompt: string, extra = {}) => drawer.generate({ prompt, n: 1, size, ...extra });
    const a = (await ask('Portrait of Brannoch Tully, the innkeeper')).images[0]!;
    const b = (await ask('Portrait of Brannoch Tully, the innkeeper')).images[0]!;
    const c = (await ask('Portrait of Maeve the ferrywoman')).images[0]!;
    const seeded = (await ask('Portrait of Brannoch Tully, the innkeeper', { seed: 7 })).images[0]!;
    expect(a.contentType).toBe('image/png');
    expect(pngSize(a.bytes)).toEqual(size);
    expect(sha256(a.bytes)).toBe(sha256(b.bytes));
    expect(sha256(c.bytes)).not.toBe(sha256(a.bytes));
    expect(sha256(seeded.bytes)).not.toBe(sha256(a.bytes));
  }, 30_000);

  it('draws portraits, heraldry and maps differently, and honours style and the negative prompt', async () => {
    const subjects = ['portrait', 'heraldry', 'map'] as const;
    const hashes = new Set<string>();
    for (const subject of subjects) {
      const result = await drawer.generate({ prompt: 'The Ashen Order', n: 1, size, subject });
      hashes.add(sha256(result.images[0]!.bytes));
    }
    expect(hashes.size).toBe(3);
    const vivid = await drawer.generate({ prompt: 'Crest of House Vell', n: 1, size, style: 'vivid' });
    const natural = await drawer.generate({ prompt: 'Crest of House Vell', n: 1, size, style: 'natural' });
    expect(sha256(vivid.images[0]!.bytes)).not.toBe(sha256(natural.images[0]!.bytes));
    const two = await drawer.generate({ prompt: 'Map of the village of Dunmere', n: 2, size });
    expect(two.images).toHaveLength(2);
    expect(sha256(two.images[0]!.bytes)).not.toBe(sha256(two.images[1]!.bytes));
    expect(two.costUsd).toBe(0);
  }, 30_000);
});

describe('POST /v1/images/generations offline', () => {
  it('answers b64_json, the same picture for the same request, stored under its sha256', async () => {
    const body = {
      prompt: 'Portrait of Osric, a one-eyed smuggler',
      size: '256x256',
      response_format: 'b64_json',
    };
    const first = await call(server.url, 'POST', '/v1/images/generations', body);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.provider).toBe('offline');
    expect(first.body.data).toHaveLength(1);
    const bytes = Buffer.from(first.body.data[0].b64_json, 'base64');
    expect(pngSize(bytes)).toEqual({ width: 256, height: 256 });
    expect(first.body.image_ids).toEqual([sha256(bytes)]);

    const again = await fetch(`${server.url}/v1/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(again.headers.get('x-loremaster-cache')).toBe('hit');
    expect(((await again.json()) as { image_ids: string[] }).image_ids).toEqual(first.body.image_ids);

    const served = await fetch(`${server.url}/images/${first.body.image_ids[0]}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(sha256(Buffer.from(await served.arrayBuffer()))).toBe(first.body.image_ids[0]);
    const notModified = await fetch(`${server.url}/images/${first.body.image_ids[0]}`, {
      headers: { 'if-none-match': served.headers.get('etag')! },
    });
    expect(notModified.status).toBe(304);
  }, 30_000);

  it('answers url: a link to /images/{id} on this server', async () => {
    const answer = await call(server.url, 'POST', '/v1/images/generations', {
      prompt: 'Heraldry of the Order of the Ash',
      size: '128x128',
      n: 2,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.data).toHaveLength(2);
    for (const [index, item] of answer.body.data.entries()) {
      expect(item.url).toBe(`${server.url}/images/${answer.body.image_ids[index]}`);
      const served = await fetch(item.url);
      expect(served.status).toBe(200);
      expect(sha256(Buffer.from(await served.arrayBuffer()))).toBe(answer.body.image_ids[index]);
    }
    const events = await call(server.url, 'GET', '/llm/events?types=image_generated&limit=50');
    expect(events.status).toBe(200);
    const published = events.body.data ?? events.body.events ?? events.body;
    expect(JSON.stringify(published)).toContain(answer.body.image_ids[1]);
  }, 30_000);

  it('refuses what it cannot honour with a 400 naming the parameter', async () => {
    const unknown = await call(server.url, 'POST', '/v1/images/generations', { prompt: 'a keep', mask: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ type: 'invalid_request_error', param: 'mask' });
    const badSize = await call(server.url, 'POST', '/v1/images/generations', {
      prompt: 'a keep',
      size: 'huge',
    });
    expect(badSize.status).toBe(400);
    expect(badSize.body.error.param).toBe('size');
    const tooMany = await call(server.url, 'POST', '/v1/images/generations', { prompt: 'a keep', n: 9 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.param).toBe('n');
    const noModel = await call(server.url, 'POST', '/v1/images/generations', {
      prompt: 'a keep',
      model: 'nope',
    });
    expect(noModel.status).toBe(404);
    expect(noModel.body.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    const noKey = await call(server.url, 'POST', '/v1/images/generations', {
      prompt: 'a keep',
      model: 'getimg',
      size: '64x64',
    });
    // GetImg without GETIMG_API_KEY is left out of the chain: offline draws, and says the other failed over.
    expect(noKey.status).toBe(200);
    expect(noKey.body.provider).toBe('offline');
  }, 30_000);

  it('counts pictures in /metrics as kind image', async () => {
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/loremaster_llm_requests_total\{[^}]*kind="image"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/loremaster_llm_request_duration_seconds_count\{[^}]*kind="image"[^}]*\} [1-9]/);
  });

  it('shows the image path in /health: offline draws, the vendors without keys are down with the reason', async () => {
    const health = await call(server.url, 'GET', '/health');
    expect(health.body.images).toMatchObject({ provider: 'offline', status: 'ok', serving: 'offline' });
    expect(health.body.images.providers.offline).toEqual({ status: 'ok', type: 'offline' });
    expect(health.body.images.providers.getimg).toMatchObject({ status: 'down', type: 'getimg' });
    expect(health.body.images.providers.getimg.reason).toContain('GETIMG_API_KEY');
  });

  it('serves a missing or malformed image id as 404 in the error shape', async () => {
    const malformed = await call(server.url, 'GET', '/images/not-an-id');
    expect(malformed.status).toBe(404);
    expect(malformed.body.error).toMatchObject({
      type: 'not_found_error',
      code: 'image_not_found',
      param: 'id',
    });
    const missing = await call(server.url, 'GET', `/images/${'0'.repeat(64)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      type: 'not_found_error',
      code: 'image_not_found',
      param: 'id',
    });
  });

  it('answers 429 with Retry-After past images.per_minute', async () => {
    let limited: Response | undefined;
    // Six images a minute: by the seventh new picture the bucket is empty (earlier tests spent some).
    for (let i = 0; i < 8 && !limited; i++) {
      const response = await fetch(`${server.url}/v1/images/generations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: `Map of the isle number ${i}`, size: '64x64' }),
      });
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(200);
    }
    expect(limited, 'no request was limited').toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await limited!.json()) as { error: { type: string; code: string } };
    expect(body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
  }, 30_000);
});

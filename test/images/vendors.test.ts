/**
 * Pictures through the fake upstream's OpenAI and GetImg image endpoints (real HTTP, the vendors' wire
 * formats): b64_json and url answers read, GetImg's body and its reported cost, a parameter a vendor
 * cannot honour refused naming it, faults failed over to the offline drawer, a refused prompt not
 * failed over, and the cost per image in the usage roll-ups (kind `image`).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { fakePng } from '../support/fake-upstream-images.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-images-vendors-'));
let fake: FakeUpstream;
let server: RunningServer;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function generate(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/v1/images/generations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-loremaster-cache': 'off', ...headers },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a JSON answer read by the test
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

beforeAll(async () => {
  fake = await startFakeUpstream();
  const config = loadConfig({
    env: { OPENAI_API_KEY: 'sk-fake-images', GETIMG_API_KEY: 'key-fake-getimg' },
    overrides: {
      'server.port': 0,
      'database.sqlite_path': join(dir, 'loremaster.db'),
      'narrative.workers_in_serve': false,
      'images.provider': 'openai',
      'images.per_minute': 1_000,
      'images.providers': {
        openai: {
          type: 'openai',
          base_url: `${fake.url}/v1`,
          models: ['dall-e-3', 'dall-e-2', 'gpt-image-1'],
          default_model: 'dall-e-2',
          timeout_ms: 1_500,
        },
        getimg: {
          type: 'getimg',
          base_url: `${fake.url}/getimg`,
          models: ['flux-schnell', 'stable-diffusion-xl'],
        },
        compat: {
          type: 'openai-compatible',
          base_url: `${fake.url}/v1`,
          api_key_env: 'OPENAI_API_KEY',
          models: ['fake-url-model', 'fake-svg-model'],
          price_per_image: 0.25,
        },
      },
    },
  });
  server = await startServer(config, createLogger('silent'));
}, 60_000);

beforeEach(() => fake.reset());

afterAll(async () => {
  await server?.close().catch(() => {});
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('OpenAI images', () => {
  it('reads b64_json answers and asks for them on the wire', async () => {
    const answer = await generate({
      prompt: 'Portrait of Brannoch Tully',
      model: 'dall-e-2',
      n: 2,
      size: '256x256',
      response_format: 'b64_json',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.provider).toBe('openai');
    const sent = fake.lastRequests().filter((request) => request.path === '/v1/images/generations');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.authorization).toBe('Bearer sk-fake-images');
    expect(sent[0]!.body).toMatchObject({
      model: 'dall-e-2',
      n: 2,
      size: '256x256',
      response_format: 'b64_json',
    });
    for (const [index, item] of answer.body.data.entries()) {
      const bytes = Buffer.from(item.b64_json, 'base64');
      expect(bytes.equals(fakePng(`openai:dall-e-2:Portrait of Brannoch Tully:${index}`))).toBe(true);
      expect(answer.body.image_ids[index]).toBe(sha256(bytes));
    }
  });

  it('draws n pictures from DALL-E 3 one request each, with its revised prompt and price', async () => {
    const answer = await generate({
      prompt: 'A misty harbour',
      model: 'dall-e-3',
      n: 2,
      quality: 'hd',
      style: 'natural',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.data.map((item: { revised_prompt: string }) => item.revised_prompt)).toEqual([
      'A detailed painting: A misty harbour',
      'A detailed painting: A misty harbour',
    ]);
    const sent = fake.lastRequests().filter((request) => request.path === '/v1/images/generations');
    expect(sent).toHaveLength(2);
    expect(sent[0]!.body).toMatchObject({ n: 1, quality: 'hd', style: 'natural' });
    // OpenAI's list price: $0.08 an HD square picture, counted per picture in the usage roll-ups.
    const usage = (await fetch(`${server.url}/llm/analytics?group_by=model`).then((r) => r.json())) as {
      groups: Array<{ model: string; cost_usd: number; requests: number }>;
    };
    const dalle3 = usage.groups.find((group) => group.model === 'openai/dall-e-3');
    expect(dalle3?.cost_usd).toBeCloseTo(0.16, 6);
  });

  it('downloads pictures a server answered with as URLs, and serves them from /images/{id}', async () => {
    const answer = await generate({
      prompt: 'Map of Fenwatch',
      model: 'compat/fake-url-model',
      response_format: 'url',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.provider).toBe('compat');
    const paths = fake.stats().byPath;
    expect(paths['/v1/images/generations']).toBe(1);
    // The picture was fetched from the URL the server answered with.
    expect(Object.keys(paths).filter((path) => path.startsWith('/v1/files/images/'))).toHaveLength(1);
    const served = await fetch(answer.body.data[0].url);
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.equals(fakePng('openai:fake-url-model:Map of Fenwatch:0'))).toBe(true);
    expect(served.headers.get('content-type')).toBe('image/png');
  });

  it('never takes an SVG from a vendor (it could carry script): the offline drawer draws instead', async () => {
    const answer = await generate({ prompt: 'A lantern', model: 'compat/fake-svg-model', size: '64x64' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.provider).toBe('offline');
    expect(answer.headers.get('x-loremaster-failed-over')).toBe('compat');
    const served = await fetch(answer.body.data[0].url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('refuses a parameter OpenAI cannot honour, and a prompt OpenAI refused is not failed over', async () => {
    const seeded = await generate({ prompt: 'A keep', seed: 4 });
    expect(seeded.status).toBe(400);
    expect(seeded.body.error).toMatchObject({ param: 'seed', code: 'unsupported' });
    expect(fake.stats().total).toBe(0);
    const refused = await generate({ prompt: 'Something forbidden' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('content_policy_violation');
  });
});

describe('GetImg', () => {
  it('sends its text-to-image body and records the cost it reports', async () => {
    const before = await fetch(`${server.url}/llm/analytics?group_by=kind`).then(
      (r) => r.json() as Promise<{ groups: Array<{ kind: string; cost_usd: number }> }>,
    );
    const imageCostBefore = before.groups.find((group) => group.kind === 'image')?.cost_usd ?? 0;
    const answer = await generate({
      prompt: 'Heraldry of House Vell',
      model: 'getimg/stable-diffusion-xl/realvis-xl-v4',
      n: 2,
      size: '512x768',
      seed: 11,
      negative_prompt: 'blurry',
      response_format: 'b64_json',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.provider).toBe('getimg');
    const sent = fake
      .lastRequests()
      .filter((request) => request.path === '/getimg/v1/stable-diffusion-xl/text-to-image');
    expect(sent).toHaveLength(2);
    expect(sent[0]!.headers.authorization).toBe('Bearer key-fake-getimg');
    expect(sent.map((request) => request.body)).toMatchObject([
      {
        model: 'realvis-xl-v4',
        prompt: 'Heraldry of House Vell',
        width: 512,
        height: 768,
        seed: 11,
        negative_prompt: 'blurry',
        output_format: 'png',
        response_format: 'b64',
      },
      { seed: 12 },
    ]);
    const bytes = Buffer.from(answer.body.data[0].b64_json, 'base64');
    expect(bytes.equals(fakePng('getimg:stable-diffusion-xl:realvis-xl-v4:Heraldry of House Vell:11'))).toBe(
      true,
    );
    const after = await fetch(`${server.url}/llm/analytics?group_by=kind`).then(
      (r) => r.json() as Promise<{ groups: Array<{ kind: string; cost_usd: number }> }>,
    );
    const imageCost = after.groups.find((group) => group.kind === 'image')?.cost_usd ?? 0;
    expect(imageCost - imageCostBefore).toBeCloseTo(0.009, 6);
  });

  it('refuses style, which GetImg cannot honour, naming it', async () => {
    const answer = await generate({ prompt: 'A tower', model: 'getimg', style: 'vivid' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ param: 'style', code: 'unsupported' });
  });
});

it('restyles a stored picture with GetImg image-to-image for /content/images', async () => {
  const source = await generate({
    prompt: 'Portrait of a lighthouse keeper',
    model: 'offline',
    size: '64x64',
    response_format: 'b64_json',
  });
  const sourceBytes = Buffer.from(source.body.data[0].b64_json, 'base64');
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // biome-ignore lint/suspicious/noExplicitAny: a JSON answer read by the test
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  const world = await post('/worlds', { name: 'Saltmarch' });
  const keeper = await post(`/worlds/${world.body.id}/entities`, { type: 'character', name: 'Ada Venn' });
  fake.reset();
  const restyled = await post('/content/images', {
    entity_id: keeper.body.id,
    model: 'getimg',
    source_image_id: source.body.image_ids[0],
    strength: 0.4,
    async: false,
  });
  expect(restyled.status, JSON.stringify(restyled.body)).toBe(200);
  expect(restyled.body.provider).toBe('getimg');
  const sent = fake
    .lastRequests()
    .filter((request) => request.path === '/getimg/v1/flux-schnell/image-to-image');
  expect(sent).toHaveLength(1);
  const body = sent[0]!.body as Record<string, unknown>;
  expect(body).toMatchObject({ strength: 0.4, response_format: 'b64' });
  expect(body.prompt).toContain('Portrait of Ada Venn');
  expect(Buffer.from(body.image as string, 'base64').equals(sourceBytes)).toBe(true);
  expect(body.width).toBeUndefined();
});

it('answers the official openai package: images.generate in b64_json and url', async () => {
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const b64 = await client.images.generate({
    prompt: 'Crest of the Reed Wardens',
    model: 'dall-e-2',
    size: '256x256',
    response_format: 'b64_json',
  });
  expect(Buffer.from(b64.data![0]!.b64_json!, 'base64').subarray(1, 4).toString()).toBe('PNG');
  const url = await client.images.generate({
    prompt: 'Crest of the Reed Wardens',
    model: 'offline',
    n: 2,
    size: '256x256',
  });
  expect(url.data).toHaveLength(2);
  expect(url.data![0]!.url).toMatch(new RegExp(`^${server.url}/images/[0-9a-f]{64}$`));
  await expect(
    client.images.generate({ prompt: 'x', model: 'dall-e-2', size: '256x256', background: 'transparent' }),
  ).rejects.toMatchObject({ status: 400, param: 'background' });
});

it('shows OpenAI drawing first in /health', async () => {
  const health = (await fetch(`${server.url}/health`).then((r) => r.json())) as { images: unknown };
  expect(health.images).toMatchObject({
    provider: 'openai',
    status: 'ok',
    serving: 'openai',
    providers: { openai: { status: 'ok' }, getimg: { status: 'ok' }, compat: { status: 'ok' } },
  });
});

describe('faults fail over to the offline drawer', () => {
  it('a 503 from OpenAI is answered by offline, and the answer says so', async () => {
    fake.injectFault({ type: 'status', status: 503, path: '/images/generations' });
    const answer = await generate(
      { prompt: 'Portrait of Maeve the ferrywoman', size: '128x128', response_format: 'b64_json' },
      { 'x-loremaster-cache': 'auto' },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.provider).toBe('offline');
    expect(answer.headers.get('x-loremaster-failed-over')).toBe('openai');
    expect(fake.stats().faultsInjected).toBe(1);
    // Cached answers are on: the fallback's picture is not kept as OpenAI's, so asked again OpenAI draws.
    const cached = await generate(
      { prompt: 'Portrait of Maeve the ferrywoman', size: '128x128', response_format: 'b64_json' },
      { 'x-loremaster-cache': 'auto' },
    );
    expect(cached.body.provider).toBe('openai');
    expect(cached.headers.get('x-loremaster-cache')).toBe('miss');
  });

  it('a GetImg that hangs past its deadline, or answers malformed JSON, is failed over too', async () => {
    fake.injectFault({ type: 'malformed-json', path: '/text-to-image' });
    const malformed = await generate({ prompt: 'A ruined keep', model: 'getimg', size: '128x128' });
    expect(malformed.status, JSON.stringify(malformed.body)).toBe(200);
    expect(malformed.body.provider).toBe('offline');
    fake.injectFault({ type: 'hang', path: '/images/generations' });
    const started = performance.now();
    const hung = await generate({ prompt: 'A drowned bell tower', size: '128x128' });
    expect(hung.status, JSON.stringify(hung.body)).toBe(200);
    expect(hung.body.provider).toBe('offline');
    expect(hung.headers.get('x-loremaster-failed-over')).toBe('openai');
    // The deadline (timeout_ms 1.5 s) ended the wait, not the test's own timeout.
    expect(performance.now() - started).toBeLessThan(30_000);
  }, 60_000);
});

/** Bad input gets OpenAI's error shape with the right status, and never a stack trace. */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

let server: TestServer;

beforeAll(async () => {
  server = await startLoremaster({ config: { server: { body_limit_bytes: 4096 } } });
});
afterAll(() => server.stop());

async function post(path: string, body: string | object, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as { error: Record<string, unknown> } };
}

function expectErrorShape(json: { error: Record<string, unknown> }, text: string) {
  expect(Object.keys(json.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(typeof json.error.message).toBe('string');
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack frames
}

const ok = { model: 'offline', messages: [{ role: 'user', content: 'hello' }] };

describe('request validation', () => {
  it('400 for a body that is not JSON', async () => {
    const { status, json, text } = await post('/v1/chat/completions', '{"model": "offline", ');
    expect(status).toBe(400);
    expect(json.error.code).toBe('invalid_json');
    expectErrorShape(json, text);
  });

  it('400 saying which part of a message it cannot take: audio, a file, a document, a bad image', async () => {
    const audio = await post('/v1/chat/completions', {
      model: 'offline',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Listen to this bard.' },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
          ],
        },
      ],
    });
    expect(audio.status).toBe(400);
    expect(audio.json.error.param).toBe('messages.0.content');
    expect(audio.json.error.message).toMatch(
      /content: part 1: .*input_audio and file parts are not supported/,
    );
    expectErrorShape(audio.json, audio.text);

    const file = await post('/v1/chat/completions', {
      model: 'offline',
      messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }],
    });
    expect(file.status).toBe(400);
    expect(file.json.error.message).toMatch(/content: part 0: .*file parts are not supported/);

    // An image is taken in a user message, not in a system message.
    const systemImage = await post('/v1/chat/completions', {
      model: 'offline',
      messages: [
        { role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(systemImage.status).toBe(400);
    expect(systemImage.json.error.message).toMatch(/part 0: .*image_url parts go in user messages/);

    // An image whose data is not base64: the part and its field are named.
    const image = await post('/v1/chat/completions', {
      model: 'offline',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is on this map?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,not*base64!' } },
          ],
        },
      ],
    });
    expect(image.status).toBe(400);
    expect(image.json.error.param).toBe('messages.0.content.1.image_url.url');
    expect(image.json.error.message).toMatch(/messages\.0\.content\.1\.image_url\.url: .*not valid base64/);
    expectErrorShape(image.json, image.text);

    const document = await post('/v1/messages', {
      model: 'offline',
      max_tokens: 50,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
          ],
        },
      ],
    });
    expect(document.status).toBe(400);
    expect(JSON.stringify(document.json)).toMatch(/content: part 0: .*documents are not supported/);
  });

  it('400 naming the field for a missing or wrong field', async () => {
    const missing = await post('/v1/chat/completions', { model: 'offline' });
    expect(missing.status).toBe(400);
    expect(missing.json.error.param).toBe('messages');
    expect(missing.json.error.message).toMatch(/messages/);
    expectErrorShape(missing.json, missing.text);

    const role = await post('/v1/chat/completions', {
      model: 'offline',
      messages: [{ role: 'wizard', content: 'hi' }],
    });
    expect(role.status).toBe(400);
    expect(role.json.error.param).toBe('messages.0.role');

    const temperature = await post('/v1/chat/completions', { ...ok, temperature: 9 });
    expect(temperature.status).toBe(400);
    expect(temperature.json.error.param).toBe('temperature');

    const unknown = await post('/v1/chat/completions', { ...ok, frequency_penaltee: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.param).toBe('frequency_penaltee');

    const audio = await post('/v1/chat/completions', { ...ok, modalities: ['text', 'audio'] });
    expect(audio.status).toBe(400);
    expect(audio.json.error.param).toBe('modalities');

    const empty = await post('/v1/chat/completions', { model: 'offline', messages: [] });
    expect(empty.status).toBe(400);

    const embeddings = await post('/v1/embeddings', { model: 'offline', input: [[1, 2, 3]] });
    expect(embeddings.status).toBe(400);
    expect(embeddings.json.error.param).toBe('input');
  });

  it('every 400 names its kind in `code`, as the schema refusals do', async () => {
    // Refusals written by hand, after the schema passed: they used to say `code: null`.
    const emptyInput = await post('/v1/responses', { model: 'offline', input: '' });
    expect(emptyInput.status).toBe(400);
    expect(emptyInput.json.error).toMatchObject({ param: 'input', code: 'invalid_request' });
    const schemaRefusal = await post('/v1/chat/completions', { model: 'offline' });
    expect(schemaRefusal.json.error.code).toBe('invalid_request');
  });

  it('404 for an unknown model', async () => {
    const { status, json, text } = await post('/v1/chat/completions', { ...ok, model: 'gpt-17-ultra' });
    expect(status).toBe(404);
    expect(json.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    expectErrorShape(json, text);
    const embed = await post('/v1/embeddings', { model: 'nope/nothing', input: 'x' });
    expect(embed.status).toBe(404);
  });

  it('503 for a vendor that is not configured, saying what to set', async () => {
    const { status, json } = await post('/v1/chat/completions', { ...ok, model: 'openai/gpt-4o-mini' });
    expect(status).toBe(503);
    expect(json.error.code).toBe('provider_not_configured');
    expect(json.error.message).toMatch(/OPENAI_API_KEY/);
  });

  it('413 for a body over the limit', async () => {
    const big = { ...ok, messages: [{ role: 'user', content: 'x'.repeat(10_000) }] };
    const { status, json, text } = await post('/v1/chat/completions', big);
    expect(status).toBe(413);
    expect(json.error.code).toBe('request_too_large');
    expectErrorShape(json, text);
  });

  it('415 for a body that is not JSON by content type', async () => {
    const { status } = await post('/v1/chat/completions', 'hello', { 'content-type': 'text/plain' });
    expect(status).toBe(415);
  });

  it('404 in the same shape for an unknown route', async () => {
    const response = await fetch(`${server.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    const json = (await response.json()) as { error: { code: string } };
    expect(json.error.code).toBe('not_found');
  });

  it('the OpenAI SDK surfaces these as typed errors', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    await expect(
      client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(
      client.chat.completions.create({
        model: 'offline',
        messages: [{ role: 'user', content: 'hi' }],
        temperature: 5,
      }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe('JSON bodies where they enter', () => {
  /** `{"a":{"a":…}}` `levels` deep, as text (JSON.stringify itself would give up long before 4,100). */
  const nested = (levels: number, leaf = '{}') => '{"a":'.repeat(levels) + leaf + '}'.repeat(levels);

  it('400 json_too_deep naming the field, and nothing is stored', async () => {
    // settings is level 2, so its 128th level is the body's 129th: one past the default limit.
    const deep = await post('/worlds', `{"name":"too deep","settings":${nested(127)}}`);
    expect(deep.status).toBe(400);
    expect(deep.json.error.code).toBe('json_too_deep');
    expect(deep.json.error.param).toMatch(/^settings(\.a){127}$/);
    expect(deep.json.error.message).toMatch(/nested deeper than 128 levels at settings\.a\.a/);
    expectErrorShape(deep.json, deep.text);
    const arrays = await post(
      '/worlds',
      `{"name":"deep list","settings":{"list":[0,1,${'['.repeat(140)}${']'.repeat(140)}]}}`,
    );
    expect(arrays.status).toBe(400);
    expect(arrays.json.error.param).toMatch(/^settings\.list\.2(\.0)+/);
    // Brackets inside strings (escaped quotes too) are text, not nesting.
    const text = await post('/worlds', { name: 'brackets "[[', settings: { x: '['.repeat(300) } });
    expect(text.status).toBe(201);
    const worlds = (await (await fetch(`${server.url}/worlds`)).json()) as { data: Array<{ name: string }> };
    expect(worlds.data.map((world) => world.name)).not.toContain('too deep');
    expect(worlds.data.map((world) => world.name)).not.toContain('deep list');
  });

  it('a tool schema nested as deep as real ones are is accepted', async () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 12; level += 1)
      schema = { type: 'object', properties: { inner: schema }, required: ['inner'] };
    const tools = [{ type: 'function', function: { name: 'deep', parameters: schema } }];
    const { status, text } = await post('/v1/chat/completions', { ...ok, tools });
    expect(status, text).toBe(200);
  });

  it('__proto__ and constructor.prototype keys are refused; a plain "constructor" key is inert data', async () => {
    for (const body of [
      '{"name":"p","__proto__":{"admin":true}}',
      '{"name":"p","settings":{"constructor":{"prototype":{"admin":true}}}}',
    ]) {
      const refused = await post('/worlds', body);
      expect(refused.status, body).toBe(400);
      expect(refused.json.error.code).toBe('invalid_json');
      expect(refused.json.error.message).toMatch(/__proto__/);
    }
    // A tool whose parameter is named "constructor" is plain data (JSON schema property names).
    const tools = [
      {
        type: 'function',
        function: {
          name: 'build',
          parameters: {
            type: 'object',
            properties: { constructor: { type: 'string' }, toString: { type: 'number' } },
          },
        },
      },
    ];
    const plain = await post('/v1/chat/completions', { ...ok, tools });
    expect(plain.status, plain.text).toBe(200);
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
  });
});

describe('methods', () => {
  it('a method the path does not have is a 405 naming the allowed ones; a bare OPTIONS is a 204 with Allow', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/worlds', 'GET, HEAD, POST'],
      ['DELETE', '/health', 'GET, HEAD'],
      ['POST', '/v1/models', 'GET, HEAD'],
      ['PUT', '/worlds/w1/entities/e1', 'DELETE, GET, HEAD, PATCH'],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      const text = await response.text();
      const json = JSON.parse(text) as { error: Record<string, unknown> };
      expect(json.error.code).toBe('method_not_allowed');
      expectErrorShape(json, text);
    }
    const options = await fetch(`${server.url}/worlds`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, POST');
    // On /v1/messages the answer is in Anthropic's shape, like every other error there.
    const anthropic = await fetch(`${server.url}/v1/messages`, { method: 'GET' });
    expect(anthropic.status).toBe(405);
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    // A path no route has is still a 404.
    expect((await fetch(`${server.url}/worlds/w1/nothing`, { method: 'PUT' })).status).toBe(404);
  });
});

describe('API keys', () => {
  let secured: TestServer;
  beforeAll(async () => {
    secured = await startLoremaster({ env: { LOREMASTER_API_KEYS: 'game-key-1,game-key-2' } });
  });
  afterAll(() => secured.stop());

  it('401 without a key or with a wrong one; 200 with either configured key', async () => {
    const call = (key?: string) =>
      fetch(`${secured.url}/v1/models`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    const none = await call();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
    expect((await call('wrong')).status).toBe(401);
    expect((await call('game-key-1')).status).toBe(200);
    expect((await call('game-key-2')).status).toBe(200);
    expect((await fetch(`${secured.url}/health`)).status).toBe(401);
  });

  it('works with the OpenAI SDK and its apiKey', async () => {
    const good = new OpenAI({ baseURL: `${secured.url}/v1`, apiKey: 'game-key-2', maxRetries: 0 });
    const bad = new OpenAI({ baseURL: `${secured.url}/v1`, apiKey: 'stolen', maxRetries: 0 });
    const answer = await good.chat.completions.create({
      model: 'offline',
      messages: [{ role: 'user', content: 'I light a torch.' }],
    });
    expect(answer.choices[0]?.message.content).toMatch(/torch/);
    await expect(bad.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

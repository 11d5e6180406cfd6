/**
 * Images in messages, end to end over HTTP: what each public format accepts, what reaches an
 * OpenAI-format and an Anthropic-format upstream (the fake upstream records it), what the offline model
 * says of them, how the cache and the call log hold them (a hash, never the base64), and every refusal
 * in its API's own error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientHarness, lastUpstreamChat, startClientHarness } from '../support/client-harness.js';
import { PNG } from '../support/images.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

/** A GIF header of 3×2 (enough for the offline model to read its size). */
const GIF = Buffer.from('GIF89a\x03\x00\x02\x00\x00\x00\x00;', 'latin1').toString('base64');
const PNG_URL = `data:image/png;base64,${PNG}`;

let harness: ClientHarness;

beforeAll(async () => {
  harness = await startClientHarness();
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

async function post(path: string, body: object, headers: Record<string, string> = {}) {
  const response = await fetch(`${harness.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) };
}

function imageMessage(text: string, url = PNG_URL, detail?: string) {
  return {
    role: 'user',
    content: [
      { type: 'text', text },
      { type: 'image_url', image_url: { url, ...(detail && { detail }) } },
    ],
  };
}

describe('POST /v1/chat/completions with images', () => {
  it('offline: says what it received (media type, size in pixels and bytes), deterministically', async () => {
    const body = { model: 'offline', temperature: 0, messages: [imageMessage('What is on this map?')] };
    const first = await post('/v1/chat/completions', body, { 'x-loremaster-cache': 'off' });
    expect(first.status).toBe(200);
    const text = first.json.choices[0].message.content as string;
    expect(text).toContain('an image (image/png, 1×1, 70 B)');
    expect(text).toMatch(/cannot see images/);
    const again = await post('/v1/chat/completions', body, { 'x-loremaster-cache': 'off' });
    expect(again.json.choices[0].message.content).toBe(text);

    const gif = await post('/v1/chat/completions', {
      model: 'offline',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: `data:image/gif;base64,${GIF}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/map.webp' } },
          ],
        },
      ],
    });
    expect(gif.status).toBe(200);
    expect(gif.json.choices[0].message.content).toContain(
      '2 images: an image (image/gif, 3×2, 14 B) and an image at https://example.com/map.webp',
    );
  });

  it('streams with an image too: the same description, chunk by chunk', async () => {
    const response = await fetch(`${harness.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'offline', stream: true, messages: [imageMessage('And now?')] }),
    });
    expect(response.status).toBe(200);
    let text = '';
    for (const line of (await response.text()).split('\n'))
      if (line.startsWith('data: {')) text += JSON.parse(line.slice(6)).choices[0]?.delta?.content ?? '';
    expect(text).toContain('an image (image/png, 1×1, 70 B)');
  });

  it('the OpenAI provider sends the parts in order, as image_url with the data URL and detail', async () => {
    const response = await post('/v1/chat/completions', {
      model: 'openai/gpt-4o-mini',
      messages: [imageMessage('Describe the sigil.', PNG_URL, 'low')],
    });
    expect(response.status).toBe(200);
    const sent = lastUpstreamChat(harness.upstream) as { messages: Array<{ content: unknown }> };
    expect(sent.messages.at(-1)!.content).toEqual([
      { type: 'text', text: 'Describe the sigil.' },
      { type: 'image_url', image_url: { url: PNG_URL, detail: 'low' } },
    ]);
  });

  it('Mistral and an OpenAI-compatible server get the same image_url parts', async () => {
    for (const model of ['mistral/mistral-small-latest', 'local/llama-3.1-8b-instruct']) {
      const response = await post('/v1/chat/completions', {
        model,
        messages: [imageMessage('Describe the sigil.', 'https://example.com/sigil.png')],
      });
      expect(response.status).toBe(200);
      const sent = lastUpstreamChat(harness.upstream) as { messages: Array<{ content: unknown }> };
      expect(sent.messages.at(-1)!.content).toEqual([
        { type: 'text', text: 'Describe the sigil.' },
        { type: 'image_url', image_url: { url: 'https://example.com/sigil.png' } },
      ]);
    }
  });

  it('the Anthropic provider gets image blocks: a data URL as a base64 source, an http URL as a url source', async () => {
    const response = await post('/v1/chat/completions', {
      model: 'anthropic/claude-haiku-4-5',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these banners.' },
            { type: 'image_url', image_url: { url: PNG_URL } },
            { type: 'image_url', image_url: { url: 'https://example.com/banner.jpg', detail: 'auto' } },
          ],
        },
      ],
    });
    expect(response.status).toBe(200);
    const sent = lastUpstreamChat(harness.upstream) as { messages: Array<{ content: unknown }> };
    expect(sent.messages.at(-1)!.content).toEqual([
      { type: 'text', text: 'Compare these banners.' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/banner.jpg' } },
    ]);

    // Anthropic has no detail setting: "high" cannot be honoured there, and says so.
    const detail = await post('/v1/chat/completions', {
      model: 'anthropic/claude-haiku-4-5',
      messages: [imageMessage('Look closely.', PNG_URL, 'high')],
    });
    expect(detail.status).toBe(400);
    expect(detail.json.error.code).toBe('unsupported');
    expect(detail.json.error.message).toMatch(/detail "high"/);
  });

  it('the cache and request coalescing tell images apart by their hash', async () => {
    const ask = (url: string) =>
      post('/v1/chat/completions', {
        model: 'openai/gpt-4o-mini',
        temperature: 0,
        messages: [imageMessage('Which rune is this?', url)],
      });
    const before = harness.upstream.lastRequests().length;
    const first = await ask(PNG_URL);
    const same = await ask(PNG_URL);
    const other = await ask(`data:image/gif;base64,${GIF}`);
    expect([first.status, same.status, other.status]).toEqual([200, 200, 200]);
    expect(same.headers.get('x-loremaster-cache')).toBe('hit');
    expect(other.headers.get('x-loremaster-cache')).toBe('miss');
    const chats = harness.upstream
      .lastRequests()
      .slice(before)
      .filter((entry) => entry.path.endsWith('/chat/completions'));
    expect(chats).toHaveLength(2);
  });

  it('the call log keeps a placeholder (media type, size, hash), never the base64, and will not replay it', async () => {
    const response = await post('/v1/chat/completions', {
      model: 'openai/gpt-4o-mini',
      messages: [imageMessage('Read the seal.')],
    });
    const callId = response.json.call_id as string;
    let call: { status: number; text: string; json: { request: unknown } } | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      const got = await fetch(`${harness.server.url}/llm/calls/${callId}`);
      const text = await got.text();
      call = { status: got.status, text, json: got.ok ? JSON.parse(text) : {} };
      if (got.ok && call.json.request) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(call?.status).toBe(200);
    expect(call!.text).not.toContain(PNG);
    expect(JSON.stringify(call!.json.request)).toMatch(
      /"type":"image","omitted":true,"mediaType":"image\/png","bytes":70,"width":1,"height":1,"sha256":"[0-9a-f]{64}"/,
    );
    const replay = await post(`/llm/calls/${callId}/replay`, {});
    expect(replay.status).toBe(409);
    expect(replay.text).toMatch(/placeholders/);
  });
});

describe('POST /v1/messages with image blocks', () => {
  const block = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } };

  it('reaches an OpenAI-format upstream as image_url with a data URL', async () => {
    const response = await post('/v1/messages', {
      model: 'openai/gpt-4o-mini',
      max_tokens: 50,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, block] }],
    });
    expect(response.status).toBe(200);
    const sent = lastUpstreamChat(harness.upstream) as { messages: Array<{ content: unknown }> };
    expect(sent.messages.at(-1)!.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: PNG_URL } },
    ]);
  });

  it('an image in a tool_result reaches Anthropic inside the tool_result, and is refused by name for OpenAI', async () => {
    const messages = [
      { role: 'user', content: 'Take a picture of the altar.' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'camera', input: {} }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'Taken.' }, block] },
        ],
      },
    ];
    const tools = [{ name: 'camera', input_schema: { type: 'object', properties: {} } }];
    const anthropic = await post('/v1/messages', {
      model: 'anthropic/claude-haiku-4-5',
      max_tokens: 50,
      tools,
      messages,
    });
    expect(anthropic.status).toBe(200);
    const sent = lastUpstreamChat(harness.upstream) as { messages: Array<{ content: unknown }> };
    expect(sent.messages.at(-1)!.content).toEqual([
      {
        type: 'tool_result',
        tool_use_id: 'toolu_1',
        content: [
          { type: 'text', text: 'Taken.' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
        ],
      },
    ]);

    const openai = await post('/v1/messages', {
      model: 'openai/gpt-4o-mini',
      max_tokens: 50,
      tools,
      messages,
    });
    expect(openai.status).toBe(400);
    expect(openai.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(openai.json.error.message).toMatch(/does not take images in tool messages/);
  });

  it('count_tokens counts an image by its size (width × height / 750)', async () => {
    const count = async (content: unknown) =>
      (await post('/v1/messages/count_tokens', { model: 'offline', messages: [{ role: 'user', content }] }))
        .json.input_tokens as number;
    const text = await count([{ type: 'text', text: 'What is this?' }]);
    const withImage = await count([{ type: 'text', text: 'What is this?' }, block]);
    expect(withImage - text).toBe(1);
    const byUrl = await count([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
    ]);
    expect(byUrl - text).toBe(1_600);
  });

  it("refuses a bad image in Anthropic's error shape, naming the block", async () => {
    const bad = await post('/v1/messages', {
      model: 'offline',
      max_tokens: 50,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'text/plain', data: 'aGVsbG8=' } },
          ],
        },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(bad.json.error.message).toMatch(/messages\.0\.content.*text\/plain.*not an image media type/);

    const lying = await post('/v1/messages', {
      model: 'offline',
      max_tokens: 50,
      messages: [
        {
          role: 'user',
          content: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: PNG } }],
        },
      ],
    });
    expect(lying.status).toBe(400);
    expect(lying.json.error.message).toMatch(/declares image\/jpeg but its bytes are image\/png/);
  });
});

describe('POST /v1/responses with input_image', () => {
  it('reaches an OpenAI-format upstream, and is refused in an assistant message', async () => {
    const response = await post('/v1/responses', {
      model: 'openai/gpt-4o-mini',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Name this coin.' },
            { type: 'input_image', image_url: PNG_URL, detail: 'high' },
          ],
        },
      ],
    });
    expect(response.status).toBe(200);
    const sent = lastUpstreamChat(harness.upstream) as { messages: Array<{ content: unknown }> };
    expect(sent.messages.at(-1)!.content).toEqual([
      { type: 'text', text: 'Name this coin.' },
      { type: 'image_url', image_url: { url: PNG_URL, detail: 'high' } },
    ]);

    const misplaced = await post('/v1/responses', {
      model: 'offline',
      input: [
        { role: 'assistant', content: [{ type: 'input_image', image_url: PNG_URL }] },
        { role: 'user', content: 'and now?' },
      ],
    });
    expect(misplaced.status).toBe(400);
    expect(misplaced.json.error.param).toBe('input.0.content.0');

    const detail = await post('/v1/responses', {
      model: 'offline',
      input: [{ role: 'user', content: [{ type: 'input_image', image_url: PNG_URL, detail: 'ultra' }] }],
    });
    expect(detail.status).toBe(400);
    expect(detail.json.error.message).toMatch(/"auto", "low" or "high"/);
  });
});

describe('image limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startLoremaster({
      config: { gateway: { security: { max_images: 1, max_image_bytes: 60 } } },
    });
  }, 60_000);
  afterAll(() => server?.stop());

  const send = (content: object[]) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'offline', messages: [{ role: 'user', content }] }),
    }).then(async (response) => ({
      status: response.status,
      json: (await response.json()) as { error: Record<string, unknown> },
    }));

  it('400 for more images, or a larger one, than gateway.security allows', async () => {
    const gif = { type: 'image_url', image_url: { url: `data:image/gif;base64,${GIF}` } };
    expect((await send([gif])).status).toBe(200);
    const many = await send([gif, gif]);
    expect(many.status).toBe(400);
    expect(many.json.error).toMatchObject({ code: 'image_limit', type: 'invalid_request_error' });
    expect(many.json.error.message).toMatch(/max_images/);
    const large = await send([{ type: 'image_url', image_url: { url: PNG_URL } }]);
    expect(large.status).toBe(400);
    expect(large.json.error.message).toMatch(/Image too large: 70 B.*max_image_bytes/);
  });
});

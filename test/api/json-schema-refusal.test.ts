/**
 * A JSON Schema a client sends (a structured answer's, a tool's parameters) that cannot be used is the
 * client's mistake: a 400 naming the field, before any model is called. Before this, the call went to
 * the model three times (three paid calls) and then failed with a 502; a tool call was made up
 * without its schema. Every route that takes a schema, through a real provider to the fake upstream.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { VENDOR_KEYS, vendorProviders } from '../support/vendors.js';

let upstream: FakeUpstream;
let server: TestServer;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  server = await startLoremaster({
    env: VENDOR_KEYS,
    config: {
      providers: vendorProviders(upstream.url),
      gateway: { resilience: { retries: 0, offline_fallback: false }, limits: { vendor_default: {} } },
    },
  });
});
afterAll(async () => {
  await server.stop();
  await upstream.close();
});
beforeEach(() => upstream.reset());

/** `properties` must be an object: ajv refuses to compile this, as OpenAI refuses it. */
const unusable = { type: 'object', properties: null };
const usable = { type: 'object', properties: { mood: { type: 'string' } }, required: ['mood'] };
const openai = 'openai/gpt-4o-mini';
const ask = [{ role: 'user', content: 'How does the ferryman of Greyreach feel?' }];

const cases = [
  {
    route: 'chat completions, response_format',
    path: '/v1/chat/completions',
    body: (schema: object) => ({
      model: openai,
      messages: ask,
      response_format: { type: 'json_schema', json_schema: { name: 'mood', schema } },
    }),
    field: 'response_format.json_schema.schema',
  },
  {
    route: 'chat completions, a tool',
    path: '/v1/chat/completions',
    body: (schema: object) => ({
      model: openai,
      messages: ask,
      tools: [{ type: 'function', function: { name: 'feel', parameters: schema } }],
    }),
    field: 'tools.0.function.parameters',
  },
  {
    route: 'responses, text.format',
    path: '/v1/responses',
    body: (schema: object) => ({
      model: openai,
      input: ask[0]!.content,
      store: false,
      text: { format: { type: 'json_schema', name: 'mood', schema } },
    }),
    field: 'text.format.schema',
  },
  {
    route: 'responses, a tool',
    path: '/v1/responses',
    body: (schema: object) => ({
      model: openai,
      input: ask[0]!.content,
      store: false,
      tools: [{ type: 'function', name: 'feel', parameters: schema }],
    }),
    field: 'tools.0.parameters',
  },
  {
    route: 'Anthropic messages, a tool',
    path: '/v1/messages',
    body: (schema: object) => ({
      model: openai,
      max_tokens: 50,
      messages: ask,
      tools: [{ name: 'feel', input_schema: schema }],
    }),
    field: 'tools.0.input_schema',
  },
  {
    route: 'Ollama chat, format',
    path: '/api/chat',
    body: (schema: object) => ({ model: openai, stream: false, messages: ask, format: schema }),
    field: 'format',
  },
  {
    route: 'Ollama chat, a tool',
    path: '/api/chat',
    body: (schema: object) => ({
      model: openai,
      stream: false,
      messages: ask,
      tools: [{ type: 'function', function: { name: 'feel', parameters: schema } }],
    }),
    field: 'tools.0.function.parameters',
  },
];

async function post(path: string, body: object) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe.each(cases)('$route', ({ path, body, field }) => {
  it('refuses an unusable schema with a 400 naming the field, and calls no model', async () => {
    const answer = await post(path, body(unusable));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(`${field}: not a usable JSON Schema`);
    expect(answer.text).toContain('properties must be object');
    expect(upstream.stats().total).toBe(0);
  });

  it('takes a usable one to the model', async () => {
    upstream.scriptAnswers('{"mood":"weary"}');
    const answer = await post(path, body(usable));
    expect(answer.status, answer.text).toBe(200);
    expect(upstream.stats().total).toBe(1);
  });
});

it('refuses a schema whose $ref points nowhere, and keeps one whose $ref resolves', async () => {
  const refused = await post('/v1/chat/completions', {
    model: openai,
    messages: ask,
    response_format: { type: 'json_schema', json_schema: { name: 'mood', schema: { $ref: '#/$defs/gone' } } },
  });
  expect(refused.status).toBe(400);
  expect(refused.text).toContain("can't resolve reference #/$defs/gone");
  upstream.scriptAnswers('{"mood":"weary"}');
  const kept = await post('/v1/chat/completions', {
    model: openai,
    messages: ask,
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'mood',
        schema: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          $defs: { mood: { type: 'string' } },
          type: 'object',
          properties: { mood: { $ref: '#/$defs/mood' } },
          required: ['mood'],
        },
      },
    },
  });
  expect(kept.status, kept.text).toBe(200);
  expect(JSON.parse(kept.text).choices[0].message.content).toBe('{"mood":"weary"}');
  expect(upstream.stats().total).toBe(1);
});

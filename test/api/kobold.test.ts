/**
 * KoboldCpp's native API (POST /api/v1/generate, /api/extra/generate/stream and what a client checks
 * when it connects) against a running Loremaster, as SillyTavern's "KoboldAI Classic" API calls it
 * (src/endpoints/backends/kobold.js): its exact body answered offline and through an OpenAI-compatible
 * server and a chat model (the fake upstream), streamed as KoboldCpp streams, its own fields honoured
 * or refused by name, errors in KoboldCpp's shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientHarness,
  type Json,
  lastUpstreamChat,
  postJson,
  startClientHarness,
  upstreamTextCompletions,
} from '../support/client-harness.js';

let harness: ClientHarness;

beforeAll(async () => {
  harness = await startClientHarness();
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

const post = (path: string, body: unknown) => postJson(harness, path, body);

async function get(path: string): Promise<Json> {
  const response = await fetch(`${harness.server.url}${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

/** Each `event: message` of a stream, its data parsed. */
function messages(text: string): Json[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: message\ndata: '))
    .map((block) => JSON.parse(block.slice('event: message\ndata: '.length)) as Json);
}

const PROMPT = 'You enter the Salted Eel. The innkeeper looks up.\nInnkeeper:';

/** What SillyTavern's KoboldAI Classic backend sends KoboldCpp (`this_settings`), at its defaults. */
const SILLYTAVERN_KOBOLD = {
  prompt: PROMPT,
  use_story: false,
  use_memory: false,
  use_authors_note: false,
  use_world_info: false,
  max_context_length: 4096,
  max_length: 60,
  rep_pen: 1.1,
  rep_pen_range: 320,
  rep_pen_slope: 0.7,
  temperature: 0.7,
  tfs: 1,
  top_a: 0,
  top_k: 100,
  top_p: 0.92,
  min_p: 0,
  typical: 1,
  sampler_order: [6, 0, 1, 3, 4, 2, 5],
  singleline: false,
  use_default_badwordsids: false,
  mirostat: 0,
  mirostat_eta: 0.1,
  mirostat_tau: 5,
  grammar: '',
  stop_sequence: ['\nYou:'],
};
const LOCAL = 'local/llama-3.1-8b-instruct';

const upstreamTexts = () => upstreamTextCompletions(harness.upstream);

describe('KoboldCpp API', () => {
  it('answers what SillyTavern checks when it connects', async () => {
    expect((await get('/api/v1/info/version')).result).toMatch(/^\d+\.\d+\.\d+$/);
    const version = await get('/api/extra/version');
    expect(version).toMatchObject({ result: 'KoboldCpp' });
    // SillyTavern turns on stop sequences, streaming, token counts, mirostat, grammar and min_p from 1.48.
    expect(Number(version.version)).toBeGreaterThanOrEqual(1.48);
    expect((await get('/api/v1/model')).result).toBe('loremaster/generation');
  });

  it("answers SillyTavern's body offline: results[0].text, deterministic", async () => {
    const answer = await post('/api/v1/generate', SILLYTAVERN_KOBOLD);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.provider).toBe('offline');
    expect(answer.body.results).toHaveLength(1);
    const result = answer.body.results[0];
    expect(result.text.length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(result.finish_reason);
    expect(result.completion_tokens).toBeGreaterThan(0);
    const again = await post('/api/v1/generate', SILLYTAVERN_KOBOLD);
    expect(again.body.results[0].text).toBe(result.text);
  });

  it('sends an OpenAI-compatible server the raw prompt after memory, max_length, stop_sequence and the samplers', async () => {
    const answer = await post('/api/v1/generate', {
      ...SILLYTAVERN_KOBOLD,
      model: LOCAL,
      memory: '[The Salted Eel is a dockside tavern.]\n',
      singleline: true,
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.provider).toBe('local');
    expect(upstreamTexts().at(-1)).toMatchObject({
      prompt: `[The Salted Eel is a dockside tavern.]\n${PROMPT}`,
      max_tokens: 60,
      stop: ['\nYou:', '\n'],
      rep_pen: 1.1,
      rep_pen_range: 320,
      sampler_order: SILLYTAVERN_KOBOLD.sampler_order,
      max_context_length: 4096,
      top_k: 100,
    });
  });

  it('continues the text with a chat model, whose API refuses samplers it lacks by name', async () => {
    const refused = await post('/api/v1/generate', {
      ...SILLYTAVERN_KOBOLD,
      model: 'anthropic/claude-haiku-4-5',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatchObject({ type: 'unsupported' });
    expect(refused.body.detail.msg).toContain('rep_pen');
    const plain = await post('/api/v1/generate', {
      prompt: PROMPT,
      max_length: 40,
      model: 'anthropic/claude-haiku-4-5',
    });
    expect(plain.status, plain.text).toBe(200);
    expect(lastUpstreamChat(harness.upstream)).toMatchObject({
      messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }],
      max_tokens: 40,
    });
  });

  it.each([
    ['offline', undefined],
    ['an OpenAI-compatible server', LOCAL],
  ])('streams tokens as event: message, the last with its finish reason (%s)', async (_name, model) => {
    const body = { ...SILLYTAVERN_KOBOLD, ...(model && { model }) };
    const whole = await post('/api/v1/generate', body);
    const streamed = await post('/api/extra/generate/stream', body);
    expect(streamed.status, streamed.text).toBe(200);
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    const events = messages(streamed.text);
    const last = events.at(-1)!;
    expect(last).toEqual({ token: '', finish_reason: whole.body.results[0].finish_reason });
    const tokens = events.slice(0, -1);
    expect(tokens.length).toBeGreaterThan(1);
    for (const event of tokens) expect(event.finish_reason).toBeNull();
    // SillyTavern's reading: the tokens joined.
    expect(tokens.map((event) => event.token).join('')).toBe(whole.body.results[0].text);
  });

  it.each([
    ['use_story', { use_story: true }],
    ['use_world_info', { use_world_info: true }],
    ['gui_settings', { gui_settings: true }],
    ['frmttriminc', { frmttriminc: true }],
    ['images', { images: ['aGk='] }],
    ['trim_stop', { trim_stop: false, model: 'openai/gpt-4o-mini', top_k: 0, rep_pen: 1 }],
    ['no_such_field', { no_such_field: 1 }],
    ['prompt', { prompt: 42 }],
    ['echo', { echo: true }],
    ['logprobs', { logprobs: 2 }],
    ['stream', { stream: true }],
  ])('refuses %s by name, in KoboldCpp’s error shape', async (param, fields) => {
    const answer = await post('/api/v1/generate', { prompt: PROMPT, ...fields });
    expect(answer.status, answer.text).toBe(400);
    expect(Object.keys(answer.body)).toEqual(['detail']);
    expect(answer.body.detail.msg).toContain(param);
    expect(typeof answer.body.detail.type).toBe('string');
  });

  it('refuses stream: false on the stream route, and n > 1, which a stream cannot carry', async () => {
    const whole = await post('/api/extra/generate/stream', { prompt: PROMPT, stream: false });
    expect(whole.status).toBe(400);
    expect(whole.body.detail.msg).toContain('/api/v1/generate');

    const answer = await post('/api/extra/generate/stream', { prompt: PROMPT, n: 2 });
    expect(answer.status).toBe(400);
    expect(answer.body.detail.msg).toContain('n must be 1');
  });

  it('gives n answers whole', async () => {
    const answer = await post('/api/v1/generate', { prompt: PROMPT, max_length: 30, n: 2 });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.results).toHaveLength(2);
    expect(answer.body.results[0].text).not.toBe(answer.body.results[1].text);
  });
});

/**
 * Stored responses, as the official `openai` package uses them: `previous_response_id` continues a
 * conversation (the earlier input and output reach the model, the earlier instructions do not),
 * `responses.retrieve`, `responses.delete` and `responses.inputItems.list` work on what was kept;
 * `store: false`, another API key, a deleted response and `responses.store: false` find nothing.
 */
import OpenAI from 'openai';
import type { FunctionTool } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientHarness, lastUpstreamChat, startClientHarness } from '../support/client-harness.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

let harness: ClientHarness;
let client: OpenAI;

beforeAll(async () => {
  harness = await startClientHarness();
  client = new OpenAI({ baseURL: `${harness.server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

const rollDice: FunctionTool = {
  type: 'function',
  name: 'roll_dice',
  description: 'Roll dice for the player',
  parameters: {
    type: 'object',
    properties: { sides: { type: 'integer', minimum: 2, maximum: 100 } },
    required: ['sides'],
    additionalProperties: false,
  },
  strict: true,
};

async function caught(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe('openai responses API: stored responses', () => {
  it('continues a conversation by previous_response_id, without the earlier instructions', async () => {
    const model = 'openai/gpt-4o-mini';
    const first = await client.responses.create({
      model,
      instructions: 'You are the narrator.',
      input: 'I enter the Gilded Goose.',
    });
    const second = await client.responses.create({
      model,
      instructions: 'You are the innkeeper.',
      previous_response_id: first.id,
      input: 'What is on the menu?',
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(lastUpstreamChat(harness.upstream).messages).toEqual([
      { role: 'system', content: 'You are the innkeeper.' },
      { role: 'user', content: 'I enter the Gilded Goose.' },
      { role: 'assistant', content: first.output_text },
      { role: 'user', content: 'What is on the menu?' },
    ]);
    // A chain of three: the second response's conversation holds the first's.
    await client.responses.create({ model, previous_response_id: second.id, input: 'I pay.' });
    expect(lastUpstreamChat(harness.upstream).messages).toEqual([
      { role: 'user', content: 'I enter the Gilded Goose.' },
      { role: 'assistant', content: first.output_text },
      { role: 'user', content: 'What is on the menu?' },
      { role: 'assistant', content: second.output_text },
      { role: 'user', content: 'I pay.' },
    ]);
  });

  it('continues after a function call with only the function_call_output (the agent loop)', async () => {
    const model = 'anthropic/claude-haiku-4-5';
    const asked = await client.responses.create({
      model,
      input: 'Roll a d20 for my attack.',
      tools: [rollDice],
      tool_choice: 'required',
    });
    const call = asked.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    const answered = await client.responses.create({
      model,
      previous_response_id: asked.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '17' }],
      tools: [rollDice],
    });
    expect(answered.status).toBe('completed');
    const sent = lastUpstreamChat(harness.upstream).messages as Array<{ role: string; content: unknown }>;
    expect(sent.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(sent[1]!.content)).toContain(call.call_id);
    expect(JSON.stringify(sent[2]!.content)).toContain('17');
  });

  it('keeps a streamed response before it says completed, so the next request continues it', async () => {
    const stream = client.responses.stream({ model: 'offline', input: 'Describe the harbour.' });
    const streamed = await stream.finalResponse();
    const next = await client.responses.create({
      model: 'openai/gpt-4o-mini',
      previous_response_id: streamed.id,
      input: 'And the ships?',
    });
    expect(next.status).toBe('completed');
    expect(lastUpstreamChat(harness.upstream).messages).toEqual([
      { role: 'user', content: 'Describe the harbour.' },
      { role: 'assistant', content: streamed.output_text },
      { role: 'user', content: 'And the ships?' },
    ]);
  });

  it('retrieves a stored response as it was answered, lists its input items, and deletes it', async () => {
    const made = await client.responses.create({
      model: 'offline',
      input: [
        { role: 'developer', content: 'Speak as a ghost.' },
        { role: 'user', content: 'Who haunts the mill?' },
      ],
    });
    const fetched = await client.responses.retrieve(made.id);
    expect(fetched).toEqual(made);

    const items = await client.responses.inputItems.list(made.id, { order: 'asc' });
    const listed = items.data as unknown as Array<{ id: string; role: string }>;
    expect(listed.map((item) => item.role)).toEqual(['developer', 'user']);
    expect(listed.every((item) => /^msg_/.test(item.id))).toBe(true);
    const newestFirst = await client.responses.inputItems.list(made.id, { limit: 1 });
    expect((newestFirst.data[0] as unknown as { role: string }).role).toBe('user');
    expect(newestFirst.has_more).toBe(true);
    const after = await client.responses.inputItems.list(made.id, { limit: 1, after: listed[1]!.id });
    expect((after.data[0] as unknown as { role: string }).role).toBe('developer');
    expect(after.has_more).toBe(false);

    const deleted = await fetch(`${harness.server.url}/v1/responses/${made.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id: made.id, object: 'response', deleted: true });
    const gone = await caught(client.responses.retrieve(made.id));
    expect(gone.status).toBe(404);
    expect(gone.code).toBe('response_not_found');
    const continued = await caught(
      client.responses.create({ model: 'offline', previous_response_id: made.id, input: 'hi' }),
    );
    expect(continued.status).toBe(400);
    expect(continued.param).toBe('previous_response_id');
    expect(continued.code).toBe('previous_response_not_found');
  });

  it('keeps nothing with store: false', async () => {
    const unstored = await client.responses.create({ model: 'offline', input: 'A secret.', store: false });
    expect((await caught(client.responses.retrieve(unstored.id))).status).toBe(404);
    const continued = await caught(
      client.responses.create({ model: 'offline', previous_response_id: unstored.id, input: 'hi' }),
    );
    expect(continued.code).toBe('previous_response_not_found');
  });
});

describe('stored responses: per API key, and switched off', () => {
  let keyed: TestServer;
  let off: TestServer;

  beforeAll(async () => {
    keyed = await startLoremaster({ env: { LOREMASTER_API_KEYS: 'sk-guild-a,sk-guild-b' } });
    off = await startLoremaster({ config: { responses: { store: false } } });
  }, 60_000);
  afterAll(async () => {
    await keyed?.stop();
    await off?.stop();
  });

  it('lets only the API key that made a response read, continue or delete it', async () => {
    const a = new OpenAI({ baseURL: `${keyed.url}/v1`, apiKey: 'sk-guild-a', maxRetries: 0 });
    const b = new OpenAI({ baseURL: `${keyed.url}/v1`, apiKey: 'sk-guild-b', maxRetries: 0 });
    const made = await a.responses.create({ model: 'offline', input: 'Guild A only.' });
    expect((await a.responses.retrieve(made.id)).id).toBe(made.id);
    expect((await caught(b.responses.retrieve(made.id))).status).toBe(404);
    expect(
      (await caught(b.responses.create({ model: 'offline', previous_response_id: made.id, input: 'hi' })))
        .code,
    ).toBe('previous_response_not_found');
    expect((await caught(b.responses.delete(made.id))).status).toBe(404);
    expect((await a.responses.retrieve(made.id)).id).toBe(made.id);
  });

  it('refuses previous_response_id and finds nothing with responses.store off', async () => {
    const client = new OpenAI({ baseURL: `${off.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const made = await client.responses.create({ model: 'offline', input: 'hi' });
    expect((await caught(client.responses.retrieve(made.id))).status).toBe(404);
    const continued = await caught(
      client.responses.create({ model: 'offline', previous_response_id: made.id, input: 'hi' }),
    );
    expect(continued.status).toBe(400);
    expect(continued.message).toMatch(/responses\.store is off/);
  });
});

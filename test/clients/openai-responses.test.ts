/**
 * The official `openai` package's Responses API (`responses.create`, `.stream`, `.parse`), unchanged,
 * against a running Loremaster: plain text, function tools and a function_call_output round trip,
 * streamed events the SDK assembles, json_schema through zod — offline and through the OpenAI and
 * Anthropic wire formats of the fake upstream — and the 400s of what Loremaster cannot honour.
 * Stored responses (previous_response_id, retrieve, delete): openai-responses-stored.test.ts.
 */
import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import type {
  FunctionTool,
  ResponseInputItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CLIENT_TARGETS,
  type ClientHarness,
  lastUpstreamChat,
  startClientHarness,
} from '../support/client-harness.js';

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
    properties: {
      sides: { type: 'integer', minimum: 2, maximum: 100 },
      count: { type: 'integer', minimum: 1 },
    },
    required: ['sides', 'count'],
    additionalProperties: false,
  },
  strict: true,
};
const weather: FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  strict: true,
};
const tools = [rollDice, weather];

function badRequest(error: unknown): InstanceType<typeof OpenAI.BadRequestError> {
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  return error as InstanceType<typeof OpenAI.BadRequestError>;
}

describe.each(CLIENT_TARGETS)('openai responses API through $name', ({ model, wire }) => {
  const offline = wire === 'offline';

  it('answers a string input with a completed response, output_text and usage', async () => {
    const response = await client.responses.create({
      model,
      instructions: 'You are the narrator of a fantasy game.',
      input: 'Describe the tavern in one sentence.',
      max_output_tokens: 200,
      temperature: 0.7,
      metadata: { scene: 'tavern' },
    });
    expect(response.object).toBe('response');
    expect(response.id).toMatch(/^resp_/);
    expect(response.status).toBe('completed');
    expect(response.model).toBe(model);
    expect(response.metadata).toEqual({ scene: 'tavern' });
    expect(response.output).toHaveLength(1);
    const message = response.output[0]!;
    if (message.type !== 'message') throw new Error('expected a message');
    expect(message.id).toMatch(/^msg_/);
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(response.usage!.input_tokens).toBeGreaterThan(0);
    expect(response.usage!.output_tokens).toBeGreaterThan(0);
    expect(response.usage!.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
    if (wire === 'openai')
      expect(lastUpstreamChat(harness.upstream)).toMatchObject({
        messages: [
          { role: 'system', content: 'You are the narrator of a fantasy game.' },
          { role: 'user', content: 'Describe the tavern in one sentence.' },
        ],
        temperature: 0.7,
      });
    if (wire === 'anthropic')
      expect(lastUpstreamChat(harness.upstream)).toMatchObject({
        system: [{ type: 'text', text: 'You are the narrator of a fantasy game.' }],
        max_tokens: 200,
      });
  });

  it('calls a required function, then answers with its output (function_call_output round trip)', async () => {
    const input: ResponseInputItem[] = [
      { role: 'developer', content: 'Roll when the player asks.' },
      { role: 'user', content: [{ type: 'input_text', text: 'Roll a d20 for me.' }] },
    ];
    const first = await client.responses.create({ model, input, tools, tool_choice: 'required' });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    expect(call.name).toBe('roll_dice');
    expect(call.id).toMatch(/^fc_/);
    expect(call.call_id.length).toBeGreaterThan(0);
    const args = JSON.parse(call.arguments) as { sides: number; count: number };
    expect(Number.isInteger(args.sides) && Number.isInteger(args.count)).toBe(true);
    if (offline) expect(args.sides).toBe(20);

    // The client sends the whole output back, then the function's result.
    const second = await client.responses.create({
      model,
      input: [
        ...input,
        ...first.output,
        { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify({ total: 17 }) },
      ] as ResponseInputItem[],
      tools,
    });
    expect(second.status).toBe('completed');
    expect(second.output.some((item) => item.type === 'function_call')).toBe(false);
    expect(second.output_text).toContain('17');
    if (wire === 'openai')
      expect(lastUpstreamChat(harness.upstream).messages).toMatchObject([
        { role: 'system' },
        { role: 'user', content: 'Roll a d20 for me.' },
        { role: 'assistant', tool_calls: [{ id: call.call_id, function: { name: 'roll_dice' } }] },
        { role: 'tool', tool_call_id: call.call_id, content: '{"total":17}' },
      ]);
    if (wire === 'anthropic')
      expect(lastUpstreamChat(harness.upstream).messages).toMatchObject([
        { role: 'user' },
        { role: 'assistant', content: [{ type: 'tool_use', id: call.call_id, name: 'roll_dice' }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.call_id }] },
      ]);
  });

  it('calls the named function, and none with tool_choice none', async () => {
    const named = await client.responses.create({
      model,
      input: 'Is it raining in Paris?',
      tools,
      tool_choice: { type: 'function', name: 'get_weather' },
    });
    const call = named.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    expect(call.name).toBe('get_weather');
    expect(typeof JSON.parse(call.arguments).city).toBe('string');
    const none = await client.responses.create({
      model,
      input: 'Is it raining in Paris?',
      tools,
      tool_choice: 'none',
    });
    expect(none.output.map((item) => item.type)).toEqual(['message']);
    expect(none.output_text.length).toBeGreaterThan(0);
  });

  it('streams text as the Responses event sequence, numbered, that responses.stream assembles', async () => {
    const stream = client.responses.stream({ model, input: 'Tell me about the old lighthouse keeper.' });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const final = await stream.finalResponse();
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(types.filter((type) => type === 'response.output_text.delta').length).toBeGreaterThan(0);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const deltas = events.flatMap((event) =>
      event.type === 'response.output_text.delta' ? [event.delta] : [],
    );
    expect(final.output_text).toBe(deltas.join(''));
    expect(final.status).toBe('completed');
    expect(final.usage!.output_tokens).toBeGreaterThan(0);
    const created = events[0]!;
    if (created.type !== 'response.created') throw new Error('expected response.created');
    expect(created.response.id).toBe(final.id);
  });

  it('streams a function call with its argument deltas', async () => {
    const stream = client.responses.stream({
      model,
      input: 'Roll 2d6 please.',
      tools,
      tool_choice: { type: 'function', name: 'roll_dice' },
    });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const final = await stream.finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    const deltas = events.flatMap((event) =>
      event.type === 'response.function_call_arguments.delta' ? [event.delta] : [],
    );
    expect(deltas.join('')).toBe(call.arguments);
    const done = events.find((event) => event.type === 'response.function_call_arguments.done');
    expect(done).toMatchObject({ item_id: call.id, arguments: call.arguments, name: 'roll_dice' });
    const args = JSON.parse(call.arguments);
    expect(Number.isInteger(args.sides)).toBe(true);
    if (offline) expect(args).toEqual({ sides: 6, count: 2 });
    expect(events.at(-1)?.type).toBe('response.completed');
  });

  it('answers text.format json_schema with JSON that fits, and responses.parse reads it', async () => {
    const Npc = z.object({ name: z.string(), level: z.number().int(), friendly: z.boolean() });
    const response = await client.responses.parse({
      model,
      input: 'Create an innkeeper NPC.',
      text: { format: zodTextFormat(Npc, 'npc') },
    });
    expect(Npc.safeParse(response.output_parsed).success).toBe(true);
    const streamed = await client.responses
      .stream({ model, input: 'Create a guard NPC.', text: { format: zodTextFormat(Npc, 'npc') } })
      .finalResponse();
    expect(Npc.safeParse(streamed.output_parsed).success).toBe(true);
    if (wire === 'openai')
      expect(lastUpstreamChat(harness.upstream).response_format).toMatchObject({
        type: 'json_schema',
        json_schema: { name: 'npc', schema: { required: ['name', 'level', 'friendly'] } },
      });
  });

  it('answers text.format json_object with a JSON object', async () => {
    const response = await client.responses.create({
      model,
      input: 'Describe a sword as a JSON object.',
      text: { format: { type: 'json_object' } },
    });
    const parsed: unknown = JSON.parse(response.output_text);
    expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
  });
});

describe('openai responses API: what Loremaster cannot honour', () => {
  const model = 'offline';

  it('refuses unknown parameters and built-in tools with a 400 naming them', async () => {
    const unknown = badRequest(
      await client.responses
        .create({ model, input: 'hi', frobnicate: true } as never)
        .catch((caught: unknown) => caught),
    );
    expect(unknown.param).toBe('frobnicate');
    const search = badRequest(
      await client.responses
        .create({ model, input: 'hi', tools: [{ type: 'web_search' }] })
        .catch((caught: unknown) => caught),
    );
    expect(search.param).toBe('tools.0');
    expect(search.message).toMatch(/"web_search" are not supported/);
    const file = badRequest(
      await client.responses
        .create({
          model,
          input: [
            {
              role: 'user',
              content: [{ type: 'input_file', file_id: 'file-1' }],
            },
          ],
        })
        .catch((caught: unknown) => caught),
    );
    expect(file.param).toBe('input');
    expect(file.message).toMatch(/item 0: content: part 0: .*input_file and input_audio are not supported/);
    // An image is taken (see the vision tests); the offline model says what it received.
    const image = await client.responses.create({
      model,
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is on this banner?' },
            { type: 'input_image', image_url: 'https://example.com/banner.png', detail: 'auto' },
          ],
        },
      ],
    });
    expect(image.output_text).toContain('an image at https://example.com/banner.png');
    const summary = badRequest(
      await client.responses
        .create({ model, input: 'hi', reasoning: { effort: 'low', summary: 'auto' } })
        .catch((caught: unknown) => caught),
    );
    expect(summary.param).toBe('reasoning.summary');
    // What the agent SDKs send on a stateless call: taken; the offline model does not think here, so
    // there is no reasoning item (test/api/responses-reasoning.test.ts has a model that does).
    const stateless = await client.responses.create({
      model,
      input: 'hi',
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'session-1',
    });
    expect(stateless.status).toBe('completed');
    expect(stateless.output.some((item) => item.type === 'reasoning')).toBe(false);
    // text.verbosity is chat's verbosity: "medium" (the default) anywhere, "low" where the model has it.
    const quiet = await client.responses.create({ model, input: 'hi', text: { verbosity: 'low' } });
    expect(quiet.status).toBe('completed');
    const anthropic = badRequest(
      await client.responses
        .create({ model: 'anthropic/claude-haiku-4-5', input: 'hi', text: { verbosity: 'high' } })
        .catch((caught: unknown) => caught),
    );
    expect(anthropic.message).toMatch(/verbosity/);
    const logprobs = badRequest(
      await client.responses
        .create({ model, input: 'hi', include: ['message.output_text.logprobs'] })
        .catch((caught: unknown) => caught),
    );
    expect(logprobs.param).toBe('include.0');
  });

  it('refuses a previous_response_id or item_reference it does not keep, naming it', async () => {
    const previous = badRequest(
      await client.responses
        .create({ model, input: 'hi', previous_response_id: 'resp_123' })
        .catch((caught: unknown) => caught),
    );
    expect(previous.param).toBe('previous_response_id');
    expect(previous.message).toMatch(/no response resp_123 is kept/);
    const reference = badRequest(
      await client.responses
        .create({ model, input: [{ type: 'item_reference', id: 'msg_1' }] })
        .catch((caught: unknown) => caught),
    );
    expect(reference.param).toBe('input.0');
    expect(reference.message).toMatch(/item_reference msg_1 is not an item this server answered with/);
    const conversation = badRequest(
      await client.responses
        .create({ model, input: 'hi', conversation: 'conv_1' })
        .catch((caught: unknown) => caught),
    );
    expect(conversation.param).toBe('conversation');
  });

  it('resolves an item_reference to an item it answered with (unless store: false)', async () => {
    const first = await client.responses.create({ model, input: 'Name the innkeeper.' });
    const said = first.output[0]!;
    const second = await client.responses.create({
      model: 'openai/gpt-4o-mini',
      input: [
        { role: 'user', content: 'Name the innkeeper.' },
        { type: 'item_reference', id: said.id! },
        { role: 'user', content: 'And the blacksmith?' },
      ],
    });
    expect(second.status).toBe('completed');
    expect(lastUpstreamChat(harness.upstream).messages).toEqual([
      { role: 'user', content: 'Name the innkeeper.' },
      { role: 'assistant', content: first.output_text },
      { role: 'user', content: 'And the blacksmith?' },
    ]);
    const unstored = await client.responses.create({ model, input: 'Name the smith.', store: false });
    const refused = badRequest(
      await client.responses
        .create({ model, input: [{ type: 'item_reference', id: unstored.output[0]!.id! }] })
        .catch((caught: unknown) => caught),
    );
    expect(refused.param).toBe('input.0');
  });

  it('honours reasoning.effort where the provider has it (Anthropic as its effort), and refuses a level it lacks', async () => {
    const offline = await client.responses.create({ model, input: 'hi', reasoning: { effort: 'low' } });
    expect(offline.reasoning?.effort).toBe('low');
    await client.responses.create({ model: 'openai/gpt-4o-mini', input: 'hi', reasoning: { effort: 'low' } });
    expect(lastUpstreamChat(harness.upstream).reasoning_effort).toBe('low');
    // The newer models' levels go as they are: the upstream knows which its model has.
    await client.responses.create({
      model: 'openai/gpt-4o-mini',
      input: 'hi',
      reasoning: { effort: 'xhigh' },
    });
    expect(lastUpstreamChat(harness.upstream).reasoning_effort).toBe('xhigh');
    await client.responses.create({
      model: 'anthropic/claude-haiku-4-5',
      input: 'hi',
      reasoning: { effort: 'high' },
    });
    expect(lastUpstreamChat(harness.upstream).output_config).toEqual({ effort: 'high' });
    const anthropic = badRequest(
      await client.responses
        .create({ model: 'anthropic/claude-haiku-4-5', input: 'hi', reasoning: { effort: 'minimal' } })
        .catch((caught: unknown) => caught),
    );
    expect(anthropic.message).toMatch(/reasoning_effort/);
    expect(anthropic.message).toMatch(/low, medium, high, xhigh or max \(its effort\), not minimal/);
  });
});

describe('openai responses API: structured output through an upstream that ignores the format', () => {
  const Npc = z.object({ name: z.string(), level: z.number().int() });

  it('asks again after an answer off the schema; a 502 when every answer is off it', async () => {
    const upstream = harness.upstream;
    upstream.reset();
    upstream.injectFault({ type: 'off-schema', times: 1 });
    const model = 'openai/gpt-4o-mini';
    const parsed = await client.responses.parse({
      model,
      input: 'Create a blacksmith NPC.',
      text: { format: zodTextFormat(Npc, 'npc') },
    });
    expect(Npc.safeParse(parsed.output_parsed).success).toBe(true);
    expect(
      upstream.lastRequests().filter((request) => request.path.endsWith('/chat/completions')),
    ).toHaveLength(2);

    upstream.reset();
    upstream.injectFault({ type: 'off-schema', times: Number.POSITIVE_INFINITY });
    for (const stream of [false, true]) {
      const failed = await client.responses
        .create({
          model,
          input: 'Create a blacksmith NPC.',
          text: { format: zodTextFormat(Npc, 'npc') },
          stream,
        })
        .catch((caught: unknown) => caught);
      expect((failed as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
      expect((failed as Error).message).toMatch(/does not match the requested schema/);
    }
    upstream.reset();
  });
});

/**
 * The official `openai` package, unchanged, against a running Loremaster: tools in every tool_choice
 * mode, streamed tool calls, tool messages and `runTools`, `n`, `logprobs`, `json_schema` and
 * `parse()` — offline, through the OpenAI provider and through the Anthropic provider (tools translated
 * to tool_use / tool_result and back, streamed too; `n` and `logprobs` refused) to the fake upstream.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CLIENT_TARGETS,
  type ClientHarness,
  lastUpstreamChat as lastChat,
  startClientHarness,
} from '../support/client-harness.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { expectPngReached, PNG } from '../support/images.js';

let harness: ClientHarness;
let upstream: FakeUpstream;
let client: OpenAI;

beforeAll(async () => {
  harness = await startClientHarness();
  upstream = harness.upstream;
  client = new OpenAI({ baseURL: `${harness.server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

const rollDice: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
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
  },
};
const weather: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    },
  },
};
const tools = [rollDice, weather];
const ask = (content: string): OpenAI.ChatCompletionMessageParam[] => [{ role: 'user', content }];

const lastUpstreamChat = () => lastChat(upstream);

describe.each(CLIENT_TARGETS)('openai package through $name', ({ model, wire }) => {
  const offline = wire === 'offline';
  // Anthropic's Messages API has neither n nor logprobs: Loremaster refuses them with a 400 naming them.
  const anthropic = wire === 'anthropic';

  it('answers a required tool_choice with a call whose arguments fit the schema', async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: ask('I roll a d20 to climb the wall.'),
      tools,
      tool_choice: 'required',
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('roll_dice');
    const args = JSON.parse(call.function.arguments) as { sides: number; count: number };
    expect(Number.isInteger(args.sides) && Number.isInteger(args.count)).toBe(true);
    if (offline) expect(args.sides).toBe(20);
    // Through a vendor, the tools and the choice reach it in its own wire format.
    if (anthropic)
      expect(lastUpstreamChat()).toMatchObject({
        tools: [
          { name: 'roll_dice', input_schema: { required: ['sides', 'count'] } },
          { name: 'get_weather' },
        ],
        tool_choice: { type: 'any' },
      });
    else if (!offline)
      expect(lastUpstreamChat()).toMatchObject({
        tools: [{ type: 'function', function: { name: 'roll_dice' } }, { function: { name: 'get_weather' } }],
        tool_choice: 'required',
      });
  });

  it('calls the named function, and none with tool_choice none', async () => {
    const named = await client.chat.completions.create({
      model,
      messages: ask('Is it raining in Paris?'),
      tools,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    const call = named.choices[0]!.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    expect(typeof JSON.parse(call.function.arguments).city).toBe('string');
    if (offline) expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });

    const none = await client.chat.completions.create({
      model,
      messages: ask('Is it raining in Paris?'),
      tools,
      tool_choice: 'none',
    });
    expect(none.choices[0]!.message.tool_calls ?? []).toEqual([]);
    expect(none.choices[0]!.finish_reason).toBe('stop');
    expect(none.choices[0]!.message.content?.length).toBeGreaterThan(0);
  });

  it('auto calls a tool the message asks for, and answers plainly otherwise', async () => {
    const asked = await client.chat.completions.create({
      model,
      messages: ask('What is the weather in Paris today?'),
      tools,
    });
    const call = asked.choices[0]!.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    const plain = await client.chat.completions.create({
      model,
      messages: ask('Tell me a story about the old lighthouse keeper.'),
      tools,
    });
    expect(plain.choices[0]!.message.tool_calls ?? []).toEqual([]);
    expect(plain.choices[0]!.finish_reason).toBe('stop');
  });

  it('takes a tool result back and answers with it', async () => {
    const first = await client.chat.completions.create({
      model,
      messages: ask('Roll a d20 for me.'),
      tools,
      tool_choice: 'required',
    });
    const message = first.choices[0]!.message;
    const call = message.tool_calls![0]!;
    const second = await client.chat.completions.create({
      model,
      messages: [
        ...ask('Roll a d20 for me.'),
        message,
        { role: 'tool', tool_call_id: call.id, content: JSON.stringify({ total: 17 }) },
      ],
      tools,
    });
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(second.choices[0]!.message.content).toContain('17');
    if (anthropic) {
      // Translated: the call is a tool_use block of the assistant, the result a tool_result block of the user.
      expect(lastUpstreamChat().messages).toEqual([
        { role: 'user', content: [{ type: 'text', text: 'Roll a d20 for me.' }] },
        { role: 'assistant', content: [expect.objectContaining({ type: 'tool_use', id: call.id })] },
        {
          role: 'user',
          content: [
            expect.objectContaining({ type: 'tool_result', tool_use_id: call.id, content: '{"total":17}' }),
          ],
        },
      ]);
    } else if (!offline) {
      expect(lastUpstreamChat().messages).toMatchObject([
        { role: 'user' },
        { role: 'assistant', tool_calls: [{ id: call.id, type: 'function' }] },
        { role: 'tool', tool_call_id: call.id, content: '{"total":17}' },
      ]);
    }
  });

  it('streams tool calls in OpenAI chunks that the SDK assembles', async () => {
    const runner = client.chat.completions.stream({
      model,
      messages: ask('Roll 2d6 please.'),
      tools,
      tool_choice: { type: 'function', function: { name: 'roll_dice' } },
    });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('roll_dice');
    expect(call.id.length).toBeGreaterThan(0);
    const args = JSON.parse(call.function.arguments);
    expect(Number.isInteger(args.sides)).toBe(true);
    if (offline) expect(args).toEqual({ sides: 6, count: 2 });
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('streams a tool call chosen under auto, with any words said before it', async () => {
    const final = await client.chat.completions
      .stream({ model, messages: ask('What is the weather in Paris today?'), tools })
      .finalChatCompletion();
    const choice = final.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    expect(typeof JSON.parse(call.function.arguments).city).toBe('string');
    // Claude writes a text block before its tool_use block: it arrives as the message's content.
    if (anthropic) expect(choice.message.content).toBe('I will use get_weather.');
  });

  it('honours parallel_tool_calls: false (Anthropic: disable_parallel_tool_use)', async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: ask('Roll a d20 for me.'),
      tools,
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
    expect(completion.choices[0]!.message.tool_calls).toHaveLength(1);
    if (anthropic)
      expect(lastUpstreamChat().tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    else if (!offline) expect(lastUpstreamChat().parallel_tool_calls).toBe(false);
  });

  it('runs a tool loop with runTools', async () => {
    const rolled: unknown[] = [];
    const runner = client.chat.completions.runTools(
      {
        model,
        messages: ask('Roll a d20 for my attack.'),
        tools: [
          {
            type: 'function',
            function: {
              name: 'roll_dice',
              description: 'Roll dice for the player',
              parameters: rollDice.type === 'function' ? rollDice.function.parameters! : {},
              function: (args: unknown) => {
                rolled.push(args);
                return { total: 14 };
              },
              parse: JSON.parse,
            },
          },
        ],
      },
      { maxChatCompletions: 4 },
    );
    const content = await runner.finalContent();
    expect(rolled.length).toBe(1);
    expect(content).toContain('14');
  });

  it('gives n distinct choices', async () => {
    if (anthropic) {
      const refused = await client.chat.completions
        .create({ model, messages: ask('Describe the tavern.'), n: 3 })
        .catch((caught: unknown) => caught);
      expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
      expect((refused as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('n');
      return;
    }
    const completion = await client.chat.completions.create({
      model,
      messages: ask('Describe the tavern.'),
      n: 3,
    });
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    const texts = completion.choices.map((choice) => choice.message.content);
    expect(new Set(texts).size).toBe(3);
  });

  it('returns logprobs with top alternatives, plain and streamed', async () => {
    if (anthropic) {
      for (const stream of [false, true]) {
        const refused = await client.chat.completions
          .create({ model, messages: ask('Name the river.'), logprobs: true, stream } as never)
          .catch((caught: unknown) => caught);
        expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
        expect((refused as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('logprobs');
      }
      return;
    }
    const completion = await client.chat.completions.create({
      model,
      messages: ask('Name the river.'),
      logprobs: true,
      top_logprobs: 2,
    });
    const content = completion.choices[0]!.logprobs?.content ?? [];
    expect(content.length).toBeGreaterThan(0);
    expect(content.map((entry) => entry.token).join('')).toBe(completion.choices[0]!.message.content);
    for (const entry of content) {
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.top_logprobs).toHaveLength(2);
    }
    const stream = await client.chat.completions.create({
      model,
      messages: ask('Name the river.'),
      logprobs: true,
      stream: true,
    });
    let streamed = 0;
    for await (const chunk of stream) streamed += chunk.choices[0]?.logprobs?.content?.length ?? 0;
    expect(streamed).toBeGreaterThan(0);
  });

  it('answers json_schema with JSON that fits, and parse() reads it', async () => {
    const Npc = z.object({ name: z.string(), level: z.number().int(), friendly: z.boolean() });
    const completion = await client.chat.completions.parse({
      model,
      messages: ask('Create an innkeeper NPC.'),
      response_format: zodResponseFormat(Npc, 'npc'),
    });
    const parsed = completion.choices[0]!.message.parsed;
    expect(Npc.safeParse(parsed).success).toBe(true);
  });

  it('answers a 2020-12 tuple schema (prefixItems, as pydantic writes a tuple) with JSON that fits', async () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        position: {
          type: 'array',
          prefixItems: [{ type: 'integer' }, { type: 'integer' }],
          items: false,
          minItems: 2,
          maxItems: 2,
        },
      },
      required: ['name', 'position'],
      additionalProperties: false,
    };
    const create = () =>
      client.chat.completions.create({
        model,
        messages: ask('Place a watchtower on the map.'),
        response_format: { type: 'json_schema', json_schema: { name: 'marker', schema } },
      });
    if (wire === 'anthropic') {
      // The AI SDK's Anthropic provider sends a subset of JSON Schema: it drops prefixItems (keeping
      // `items: false`) and moves minItems into the description, so an answer that follows what
      // Anthropic was sent cannot fit; Loremaster says so rather than answer JSON that does not fit.
      const failed = await create().catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(OpenAI.APIError);
      expect((failed as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
      expect((failed as Error).message).toMatch(/does not match the requested schema/);
      return;
    }
    const completion = await create();
    const value = JSON.parse(completion.choices[0]!.message.content ?? 'null');
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  });

  it('takes every reasoning_effort the SDK lists, each as the provider has it', async () => {
    for (const effort of ['none', 'xhigh', 'max'] as const) {
      const request = { model, messages: ask('hi'), reasoning_effort: effort };
      if (wire === 'anthropic' && effort === 'none') {
        // Anthropic's effort starts at low: refused by name, not dropped.
        const error = await client.chat.completions.create(request).catch((caught: unknown) => caught);
        expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('reasoning_effort');
        continue;
      }
      const completion = await client.chat.completions.create(request);
      expect(completion.choices[0]!.message.content).toBeTruthy();
      if (wire === 'openai') expect(lastUpstreamChat().reasoning_effort).toBe(effort);
      if (wire === 'anthropic') expect(lastUpstreamChat().output_config).toEqual({ effort });
    }
  });

  it('refuses what it cannot honour with a 400 naming the parameter', async () => {
    const error = await client.chat.completions
      .create({ model, messages: ask('hi'), audio: { voice: 'alloy', format: 'wav' } } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('audio');
    const unknown = await client.chat.completions
      .create({ model, messages: ask('hi'), frobnicate: true } as never)
      .catch((caught: unknown) => caught);
    expect((unknown as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('frobnicate');
  });

  it('sends an image (a data URL image_url part) with the text', async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What does this tavern sign show?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
          ],
        },
      ],
    });
    const text = completion.choices[0]!.message.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    expectPngReached(wire, text, () => (lastChat(upstream) as { messages: unknown[] }).messages.at(-1));
  });
});

describe.each([
  { model: 'mistral/mistral-small-latest', required: 'any' },
  { model: 'local/llama-3.1-8b-instruct', required: 'required' },
])('openai package through $model (fake upstream)', ({ model, required }) => {
  it('calls a required tool, plain and streamed, and gives n choices', async () => {
    const request = {
      model,
      messages: ask('I roll a d20 to climb the wall.'),
      tools,
      tool_choice: 'required' as const,
    };
    const plain = await client.chat.completions.create(request);
    expect(plain.choices[0]!.message.tool_calls?.[0]).toMatchObject({ function: { name: 'roll_dice' } });
    expect(lastUpstreamChat().tool_choice).toBe(required);
    const streamed = await client.chat.completions.stream(request).finalChatCompletion();
    expect(streamed.choices[0]!.message.tool_calls).toEqual(
      plain.choices[0]!.message.tool_calls?.map((call) => ({ ...call, id: expect.any(String) })),
    );
    expect(streamed.usage?.total_tokens).toBeGreaterThan(0);
    const several = await client.chat.completions.create({
      model,
      messages: ask('Describe the tavern.'),
      n: 2,
    });
    expect(new Set(several.choices.map((choice) => choice.message.content)).size).toBe(2);
  });
});

describe('structured output through an upstream that ignores the format', () => {
  const Npc = z.object({ name: z.string(), level: z.number().int() });
  const format = zodResponseFormat(Npc, 'npc');

  for (const model of ['openai/gpt-4o-mini', 'local/llama-3.1-8b-instruct']) {
    it(`${model}: asks again after an answer off the schema, and the client gets valid JSON`, async () => {
      upstream.reset();
      upstream.injectFault({ type: 'off-schema', times: 1 });
      const completion = await client.chat.completions.parse({
        model,
        messages: ask('Create a blacksmith NPC.'),
        response_format: format,
      });
      expect(Npc.safeParse(completion.choices[0]!.message.parsed).success).toBe(true);
      const sent = upstream.lastRequests().filter((request) => request.path.endsWith('/chat/completions'));
      expect(sent).toHaveLength(2);
      // The schema itself reached the upstream, for OpenAI-compatible servers too.
      expect((sent[0]!.body as { response_format: unknown }).response_format).toMatchObject({
        type: 'json_schema',
        json_schema: { name: 'npc', schema: { required: ['name', 'level'] } },
      });
    });

    it(`${model}: a 502 naming the failure when every answer is off the schema, streamed or not`, async () => {
      upstream.reset();
      upstream.injectFault({ type: 'off-schema', times: Number.POSITIVE_INFINITY });
      const plain = await client.chat.completions
        .create({ model, messages: ask('Create a blacksmith NPC.'), response_format: format })
        .catch((caught: unknown) => caught);
      expect(plain).toBeInstanceOf(OpenAI.APIError);
      expect((plain as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
      expect((plain as Error).message).toMatch(
        /does not match the requested schema after 3 attempts: not valid JSON/,
      );
      const streamed = await client.chat.completions
        .create({ model, messages: ask('Create a blacksmith NPC.'), response_format: format, stream: true })
        .catch((caught: unknown) => caught);
      expect((streamed as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
      upstream.reset();
    });
  }
});

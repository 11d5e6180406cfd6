/**
 * The official `@anthropic-ai/sdk`, unchanged, with `baseURL` set to a running Loremaster: create,
 * stream (Anthropic's event sequence), stop sequences, tools with tool_use / tool_result, count_tokens
 * and Anthropic's error shape — offline, and through the OpenAI and Anthropic providers to the fake
 * upstream.
 */
import Anthropic from '@anthropic-ai/sdk';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CLIENT_TARGETS,
  type ClientHarness,
  HARNESS_API_KEY,
  lastUpstreamChat,
  startClientHarness,
} from '../support/client-harness.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { expectPngReached, PNG } from '../support/images.js';

let harness: ClientHarness;
let upstream: FakeUpstream;
let client: Anthropic;

beforeAll(async () => {
  harness = await startClientHarness({ apiKey: true });
  upstream = harness.upstream;
  // The SDK sends its key as `x-api-key`: Loremaster accepts it like a bearer key.
  client = new Anthropic({ baseURL: harness.server.url, apiKey: HARNESS_API_KEY, maxRetries: 0 });
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

const rollDice: Anthropic.Tool = {
  name: 'roll_dice',
  description: 'Roll dice for the player',
  input_schema: {
    type: 'object',
    properties: {
      sides: { type: 'integer', minimum: 2, maximum: 100 },
      count: { type: 'integer', minimum: 1 },
    },
    required: ['sides', 'count'],
  },
};

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

describe.each(CLIENT_TARGETS)('@anthropic-ai/sdk through $name', ({ model, wire }) => {
  const conversation: Anthropic.MessageParam[] = [
    { role: 'user', content: 'I enter the Gilded Stag.' },
    { role: 'assistant', content: 'The innkeeper Mira looks up from the bar.' },
    { role: 'user', content: [{ type: 'text', text: 'I ask Mira about the drowned bell.' }] },
  ];

  it('creates a message with a system prompt and several turns', async () => {
    const message = await client.messages.create({
      model,
      max_tokens: 200,
      system: 'You are the narrator of a quiet fantasy tale.',
      messages: conversation,
    });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model, stop_sequence: null });
    expect(message.id).toMatch(/^msg_/);
    expect(message.content[0]!.type).toBe('text');
    expect(textOf(message).length).toBeGreaterThan(0);
    expect(['end_turn', 'max_tokens']).toContain(message.stop_reason);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const sent = upstream.lastRequests().at(-1);
    if (model !== 'offline') expect(JSON.stringify(sent?.body)).toContain('drowned bell');
  });

  it("streams with Anthropic's event sequence, the same text as the plain answer", async () => {
    const request = { model, max_tokens: 200, messages: conversation };
    const plain = await client.messages.create(request);
    const types: string[] = [];
    let streamed = '';
    const stream = await client.messages.create({ ...request, stream: true });
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
        streamed += event.delta.text;
    }
    expect(types[0]).toBe('message_start');
    expect(types[1]).toBe('content_block_start');
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(new Set(types.slice(2, -3))).toEqual(new Set(['content_block_delta']));
    expect(streamed).toBe(textOf(plain));

    // The SDK's helper assembles the same message.
    const final = await client.messages.stream(request).finalMessage();
    expect(textOf(final)).toBe(textOf(plain));
    expect(final.stop_reason).toBe(plain.stop_reason);
  });

  it('stops at a stop sequence, plain and streamed, and says which', async () => {
    const request = { model, max_tokens: 200, messages: conversation };
    const full = textOf(await client.messages.create(request));
    const words = full.split(' ');
    const stopAt = words[Math.floor(words.length / 2)]!;
    const expected = full.slice(0, full.indexOf(stopAt));
    const plain = await client.messages.create({ ...request, stop_sequences: [stopAt] });
    expect(plain.stop_reason).toBe('stop_sequence');
    expect(plain.stop_sequence).toBe(stopAt);
    expect(textOf(plain)).toBe(expected);
    const streamed = await client.messages.stream({ ...request, stop_sequences: [stopAt] }).finalMessage();
    expect(streamed.stop_reason).toBe('stop_sequence');
    expect(streamed.stop_sequence).toBe(stopAt);
    expect(textOf(streamed)).toBe(expected);
  });

  it('calls a tool (tool_use), plain and streamed, and reads a tool_result back', async () => {
    const ask: Anthropic.MessageParam[] = [{ role: 'user', content: 'I roll a d20 to climb the wall.' }];
    const request = {
      model,
      max_tokens: 200,
      messages: ask,
      tools: [rollDice],
      tool_choice: { type: 'tool' as const, name: 'roll_dice' },
    };
    const message = await client.messages.create(request);
    expect(message.stop_reason).toBe('tool_use');
    const use = message.content.find((block) => block.type === 'tool_use');
    expect(use).toMatchObject({ type: 'tool_use', name: 'roll_dice' });
    const input = (use as Anthropic.ToolUseBlock).input as { sides: number; count: number };
    expect(Number.isInteger(input.sides) && Number.isInteger(input.count)).toBe(true);
    if (model === 'offline') expect(input.sides).toBe(20);

    const streamed = await client.messages.stream(request).finalMessage();
    expect(streamed.stop_reason).toBe('tool_use');
    const streamedUse = streamed.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(streamedUse.name).toBe('roll_dice');
    expect(streamedUse.input).toEqual(input);

    const next = await client.messages.create({
      model,
      max_tokens: 200,
      tools: [rollDice],
      messages: [
        ...ask,
        { role: 'assistant', content: message.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: (use as Anthropic.ToolUseBlock).id, content: '17' }],
        },
      ],
    });
    expect(next.stop_reason).toBe('end_turn');
    expect(textOf(next)).toContain('17');
    if (model !== 'offline') {
      const sent = JSON.stringify(upstream.lastRequests().at(-1)?.body);
      expect(sent).toContain('17');
      expect(sent).toContain((use as Anthropic.ToolUseBlock).id);
    }
  });

  it('with tool_choice auto, calls the tool the player asks for, plain and streamed', async () => {
    const request = {
      model,
      max_tokens: 200,
      messages: [{ role: 'user' as const, content: 'Roll the dice for my attack, please.' }],
      tools: [rollDice],
    };
    const message = await client.messages.create(request);
    expect(message.stop_reason).toBe('tool_use');
    const use = message.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(use.name).toBe('roll_dice');
    const streamed = await client.messages.stream(request).finalMessage();
    expect(streamed.stop_reason).toBe('tool_use');
    expect(streamed.content.map((block) => block.type)).toEqual(message.content.map((block) => block.type));
    expect(streamed.content.find((block) => block.type === 'tool_use')).toMatchObject({
      name: 'roll_dice',
      input: use.input,
    });
    expect(textOf(streamed)).toBe(textOf(message));
  });

  it('answers structured output (output_config.format) that parse() reads, plain and streamed, with strict tools', async () => {
    const hero = z.object({
      name: z.string(),
      level: z.number().int().min(1).max(20),
      class: z.enum(['fighter', 'wizard', 'rogue']),
    });
    const request = {
      model,
      max_tokens: 400,
      messages: [{ role: 'user' as const, content: 'Make a hero for the Gilded Stag.' }],
      output_config: { format: zodOutputFormat(hero), effort: 'high' as const },
    };
    const parsed = await client.messages.parse(request);
    // The effort is the call's reasoning effort: Anthropic's own, OpenAI's reasoning_effort.
    if (wire === 'anthropic')
      expect(lastUpstreamChat(upstream).output_config).toMatchObject({ effort: 'high' });
    if (wire === 'openai') expect(lastUpstreamChat(upstream).reasoning_effort).toBe('high');
    expect(hero.parse(parsed.parsed_output)).toEqual(parsed.parsed_output);
    expect(parsed.stop_reason).toBe('end_turn');
    const streamed = await client.messages.stream(request).finalMessage();
    expect(streamed.parsed_output).toEqual(parsed.parsed_output);
    if (wire === 'anthropic') {
      const sent = lastUpstreamChat(upstream);
      // The schema reached Anthropic as its own structured output, or as the AI SDK's forced json tool.
      expect(JSON.stringify(sent.output_config ?? sent.tools)).toContain('"level"');
    } else if (wire === 'openai') {
      expect(lastUpstreamChat(upstream).response_format).toMatchObject({ type: 'json_schema' });
    }

    // The AI SDK's Anthropic provider marks its tools `eager_input_streaming` and, for models that have
    // it, `strict`; the deprecated beta `output_format` still reads as the format.
    const tool = await client.messages.create({
      model,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'I roll a d20.' }],
      tools: [{ ...rollDice, strict: true, eager_input_streaming: true }],
      tool_choice: { type: 'any' },
    });
    expect(tool.stop_reason).toBe('tool_use');
    const beta = await client.beta.messages.create({
      model,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Name the inn.' }],
      output_format: {
        type: 'json_schema',
        schema: { type: 'object', properties: { inn: { type: 'string' } }, required: ['inn'] },
      },
    });
    const betaText = beta.content.find((block) => block.type === 'text');
    expect(JSON.parse((betaText as { text: string }).text)).toMatchObject({ inn: expect.any(String) });
  });

  it('sends an image block (base64) with the text', async () => {
    const message = await client.messages.create({
      model,
      max_tokens: 200,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What does this tavern sign show?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          ],
        },
      ],
    });
    const text = textOf(message);
    expect(text.length).toBeGreaterThan(0);
    expectPngReached(wire, text, () =>
      (lastUpstreamChat(harness.upstream) as { messages: unknown[] }).messages.at(-1),
    );
  });
});

describe('models', () => {
  it('lists every model name with the fields Anthropic gives, and pages as Anthropic pages', async () => {
    const all: Anthropic.ModelInfo[] = [];
    for await (const model of client.models.list()) all.push(model);
    expect(all.map((model) => model.id)).toEqual(expect.arrayContaining(['offline', 'generation']));
    for (const model of all) {
      expect(model.type).toBe('model');
      expect(model.display_name).toBe(model.id);
      expect(Number.isNaN(Date.parse(model.created_at))).toBe(false);
    }

    // Two at a time: the SDK follows has_more and last_id (after_id) to the end, missing none.
    const first = await client.models.list({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const paged: string[] = [];
    for await (const model of client.models.list({ limit: 2 })) paged.push(model.id);
    expect(paged).toEqual(all.map((model) => model.id));

    // before_id: the page before a model.
    const before = await client.models.list({ before_id: all[3]!.id, limit: 2 });
    expect(before.data.map((model) => model.id)).toEqual([all[1]!.id, all[2]!.id]);
    const stranger = await client.models.list({ after_id: 'no-such-model' }).catch((error: unknown) => error);
    expect(stranger).toBeInstanceOf(Anthropic.BadRequestError);

    const one = await client.models.retrieve('offline');
    expect(one).toMatchObject({ id: 'offline', type: 'model', display_name: 'offline' });
    await expect(client.models.retrieve('claude-none')).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe('count_tokens and errors', () => {
  it('counts the input tokens of a request', async () => {
    const small = await client.messages.countTokens({
      model: 'offline',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    const large = await client.messages.countTokens({
      model: 'offline',
      system: 'You are the narrator.',
      messages: [{ role: 'user', content: 'Hello there, tell me of the drowned bell of Eldhollow.' }],
      tools: [rollDice],
    });
    expect(small.input_tokens).toBeGreaterThan(0);
    expect(large.input_tokens).toBeGreaterThan(small.input_tokens + 10);
  });

  it("takes back an assistant turn as Anthropic's own answers carry it (citations: null, caller)", async () => {
    // A conversation begun against Anthropic itself: its text blocks have `citations: null` and its
    // tool_use blocks a `caller`, sent back unchanged.
    const message = await client.messages.create({
      model: 'offline',
      max_tokens: 200,
      tools: [rollDice],
      messages: [
        { role: 'user', content: 'I roll a d20.' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Rolling.', citations: null },
            {
              type: 'tool_use',
              id: 'toolu_01',
              name: 'roll_dice',
              input: { sides: 20, count: 1 },
              caller: { type: 'direct' },
            },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: '17' }] },
      ],
    });
    expect(textOf(message)).toContain('17');
    const cited = await client.messages
      .create({
        model: 'offline',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'hi' },
          {
            role: 'assistant',
            content: [
              {
                type: 'text',
                text: 'A quote.',
                citations: [
                  {
                    type: 'char_location',
                    cited_text: 'A',
                    document_index: 0,
                    document_title: null,
                    start_char_index: 0,
                    end_char_index: 1,
                  },
                ],
              },
            ],
          },
          { role: 'user', content: 'and?' },
        ],
      })
      .catch((error: unknown) => error);
    expect(cited).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((cited as Error).message)).toMatch(/citations.*documents/);
  });

  it("answers bad requests in Anthropic's error shape, which the SDK raises as typed errors", async () => {
    const missing = await client.messages
      // @ts-expect-error max_tokens is required
      .create({ model: 'offline', messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Anthropic.BadRequestError);
    const badRequest = missing as InstanceType<typeof Anthropic.BadRequestError>;
    expect(badRequest.status).toBe(400);
    expect(badRequest.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect((badRequest.error as { error: { message: string } }).error.message).toMatch(/max_tokens/);

    const unknown = await client.messages
      .create({ model: 'claude-none', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
    expect((unknown as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error' },
    });

    const unsupported = await client.messages
      .create({
        model: 'offline',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
        // Anthropic's rule: the thinking budget is part of max_tokens, so it must be below it.
        thinking: { type: 'enabled', budget_tokens: 1024 },
      })
      .catch((error: unknown) => error);
    expect(unsupported).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((unsupported as Error).message)).toMatch(/thinking\.budget_tokens.*max_tokens/);

    // The format given twice (its name and its deprecated beta name) is refused.
    const twice = await fetch(`${harness.server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': HARNESS_API_KEY },
      body: JSON.stringify({
        model: 'offline',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
        output_config: { format: { type: 'json_schema', schema: { type: 'object' } } },
        output_format: { type: 'json_schema', schema: { type: 'object' } },
      }),
    });
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({
      type: 'error',
      error: { message: expect.stringMatching(/output_format/) },
    });

    const wrongKey = new Anthropic({ baseURL: harness.server.url, apiKey: 'wrong', maxRetries: 0 });
    const denied = await wrongKey.messages
      .create({ model: 'offline', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((denied as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
  });
});

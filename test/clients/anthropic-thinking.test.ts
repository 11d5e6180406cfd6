/**
 * Extended thinking through the official `@anthropic-ai/sdk`, unchanged, pointed at a running Loremaster:
 * thinking blocks (with signatures) and redacted_thinking blocks, plain and streamed (the SDK's stream
 * helpers see thinking and signature deltas), a tool loop that sends the thinking back (the fake upstream
 * checks the signatures as Anthropic does), offline and through the Anthropic provider; an OpenAI-format
 * provider refuses thinking by name; and the budget rules as Anthropic validates them.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientHarness,
  HARNESS_API_KEY,
  lastUpstreamChat,
  startClientHarness,
} from '../support/client-harness.js';
import { FAKE_REDACTED_DATA, fakeThinkingSignature } from '../support/fake-upstream-anthropic-tools.js';

let harness: ClientHarness;
let client: Anthropic;

beforeAll(async () => {
  harness = await startClientHarness({ apiKey: true });
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

const THINKING = { type: 'enabled', budget_tokens: 1024 } as const;

function thinkingOf(message: Anthropic.Message): Anthropic.ThinkingBlock {
  const block = message.content[0];
  expect(block?.type).toBe('thinking');
  return block as Anthropic.ThinkingBlock;
}

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

const TARGETS = [
  { name: 'offline', model: 'offline', upstream: false },
  { name: 'the Anthropic provider (fake upstream)', model: 'anthropic/claude-haiku-4-5', upstream: true },
] as const;

describe.each(TARGETS)('thinking through $name', ({ model, upstream }) => {
  /** The signature the answer's thinking must carry: the fake's for its text, or the offline model's. */
  const expectSigned = (block: Anthropic.ThinkingBlock) => {
    if (upstream) expect(block.signature).toBe(fakeThinkingSignature(block.thinking));
    else {
      expect(block.thinking).toMatch(/^Offline model reasoning/);
      expect(block.signature).toMatch(/^offline-[\w-]{43}$/);
    }
  };

  it('answers with a signed thinking block before the text, and passes the budget through', async () => {
    const request = {
      model,
      max_tokens: 2000,
      thinking: THINKING,
      messages: [{ role: 'user' as const, content: 'I ask Mira about the drowned bell.' }],
    };
    const message = await client.messages.create(request);
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const thinking = thinkingOf(message);
    expect(thinking.thinking.length).toBeGreaterThan(0);
    expectSigned(thinking);
    expect(textOf(message).length).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    if (upstream) {
      const sent = lastUpstreamChat(harness.upstream);
      // Anthropic's max_tokens includes the budget: the upstream gets the client's numbers as they were.
      expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
      expect(sent.max_tokens).toBe(2000);
    } else {
      // Deterministic: the same request, the same thinking and signature.
      expect(thinkingOf(await client.messages.create(request))).toEqual(thinking);
    }
  });

  it("streams thinking_delta pieces and a signature_delta that the SDK's stream helpers put together", async () => {
    const request = {
      model,
      max_tokens: 2000,
      thinking: THINKING,
      messages: [{ role: 'user' as const, content: 'Tell me of the lighthouse keeper.' }],
    };
    const plain = await client.messages.create(request);
    const stream = client.messages.stream(request);
    let thinking = '';
    const signatures: string[] = [];
    const starts: string[] = [];
    const deltas = new Set<string>();
    stream.on('thinking', (delta) => {
      thinking += delta;
    });
    stream.on('signature', (signature) => signatures.push(signature));
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_start') starts.push(event.content_block.type);
      if (event.type === 'content_block_delta') deltas.add(event.delta.type);
    });
    const final = await stream.finalMessage();
    expect(starts).toEqual(['thinking', 'text']);
    expect([...deltas].sort()).toEqual(['signature_delta', 'text_delta', 'thinking_delta']);
    const block = thinkingOf(final);
    expect(thinking).toBe(block.thinking);
    expect(signatures).toEqual([block.signature]);
    expectSigned(block);
    expect(final.content).toEqual(plain.content);
  });

  it('runs a tool loop that sends the thinking block back unchanged', async () => {
    const ask: Anthropic.MessageParam[] = [{ role: 'user', content: 'Roll the dice for my attack, please.' }];
    const first = await client.messages.create({
      model,
      max_tokens: 2000,
      thinking: THINKING,
      tools: [rollDice],
      messages: ask,
    });
    expect(first.stop_reason).toBe('tool_use');
    const thinking = thinkingOf(first);
    const use = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    const loop: Anthropic.MessageParam[] = [
      ...ask,
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '17' }] },
    ];
    const next = await client.messages.create({
      model,
      max_tokens: 2000,
      thinking: THINKING,
      tools: [rollDice],
      messages: loop,
    });
    expect(next.stop_reason).toBe('end_turn');
    expectSigned(thinkingOf(next));
    expect(textOf(next)).toContain('17');
    if (!upstream) return;
    const sent = lastUpstreamChat(harness.upstream).messages as Array<{ content: Array<{ type: string }> }>;
    expect(sent[1]!.content[0]).toEqual({
      type: 'thinking',
      thinking: thinking.thinking,
      signature: thinking.signature,
    });
    expect(sent[1]!.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);

    // The fake checks signatures as Anthropic does: an altered one is refused upstream, so it reached it.
    const altered = await client.messages
      .create({
        model,
        max_tokens: 2000,
        thinking: THINKING,
        tools: [rollDice],
        messages: [
          ...ask,
          {
            role: 'assistant',
            content: first.content.map((block) =>
              block.type === 'thinking' ? { ...block, signature: `${block.signature}x` } : block,
            ),
          },
          loop[2]!,
        ],
      })
      .catch((error: unknown) => error);
    expect(altered).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((altered as Error).message)).toMatch(/signature/);
  });

  it('takes adaptive thinking, and no thinking when disabled', async () => {
    const messages = [{ role: 'user' as const, content: 'Describe the harbour at dawn.' }];
    const adaptive = await client.messages.create({
      model,
      max_tokens: 500,
      thinking: { type: 'adaptive' },
      messages,
    });
    expectSigned(thinkingOf(adaptive));
    if (upstream) expect(lastUpstreamChat(harness.upstream).thinking).toEqual({ type: 'adaptive' });
    const disabled = await client.messages.create({
      model,
      max_tokens: 500,
      thinking: { type: 'disabled' },
      messages,
    });
    expect(disabled.content.map((block) => block.type)).toEqual(['text']);
    if (upstream) expect(lastUpstreamChat(harness.upstream).thinking).toEqual({ type: 'disabled' });
  });

  it('leaves the thinking text out with display omitted (blocks and signatures kept), plain and streamed', async () => {
    const messages = [{ role: 'user' as const, content: 'Describe the harbour at dawn.' }];
    const summarized = await client.messages.create({
      model,
      max_tokens: 2000,
      thinking: { ...THINKING, display: 'summarized' },
      messages,
    });
    expect(thinkingOf(summarized).thinking.length).toBeGreaterThan(0);
    const request = {
      model,
      max_tokens: 2000,
      thinking: { ...THINKING, display: 'omitted' as const },
      messages,
    };
    const omitted = await client.messages.create(request);
    expect(omitted.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(thinkingOf(omitted)).toMatchObject({ thinking: '', signature: thinkingOf(summarized).signature });
    expect(textOf(omitted)).toBe(textOf(summarized));

    const deltas: string[] = [];
    const stream = client.messages.stream(request);
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltas.push(event.delta.type);
    });
    const streamed = await stream.finalMessage();
    expect(deltas).not.toContain('thinking_delta');
    expect(deltas).toContain('signature_delta');
    expect(thinkingOf(streamed)).toEqual(thinkingOf(omitted));

    // Adaptive thinking's display reaches Anthropic (its newest models omit the text unless asked).
    await client.messages.create({
      model,
      max_tokens: 500,
      thinking: { type: 'adaptive', display: 'summarized' },
      messages,
    });
    if (upstream)
      expect(lastUpstreamChat(harness.upstream).thinking).toEqual({
        type: 'adaptive',
        display: 'summarized',
      });
  });
});

describe('redacted thinking through the Anthropic provider', () => {
  const model = 'anthropic/claude-haiku-4-5';

  it('comes back plain and streamed, and goes back upstream unchanged in a tool loop', async () => {
    const ask: Anthropic.MessageParam[] = [{ role: 'user', content: 'Roll the dice, and redact your plan.' }];
    const request = { model, max_tokens: 2000, thinking: THINKING, tools: [rollDice], messages: ask };
    const first = await client.messages.create(request);
    expect(first.content.map((block) => block.type)).toEqual([
      'thinking',
      'redacted_thinking',
      'text',
      'tool_use',
    ]);
    expect(first.content[1]).toEqual({ type: 'redacted_thinking', data: FAKE_REDACTED_DATA });
    const streamed = await client.messages.stream(request).finalMessage();
    // The same blocks (the fake numbers its tool calls by request).
    expect(streamed.content.slice(0, 3)).toEqual(first.content.slice(0, 3));
    expect(streamed.content[3]).toMatchObject({ type: 'tool_use', name: 'roll_dice' });

    const use = first.content.find((block) => block.type === 'tool_use') as Anthropic.ToolUseBlock;
    const next = await client.messages.create({
      ...request,
      messages: [
        ...ask,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '12' }] },
      ],
    });
    expect(next.stop_reason).toBe('end_turn');
    const sent = lastUpstreamChat(harness.upstream).messages as Array<{ content: unknown[] }>;
    expect(sent[1]!.content.slice(0, 2)).toEqual(first.content.slice(0, 2));
  });

  it('refuses sampling settings Anthropic does not take while the model thinks, by name', async () => {
    const refused = await client.messages
      // This SDK's types no longer list sampling settings; clients that send them still reach the API.
      .create({
        model,
        max_tokens: 2000,
        thinking: THINKING,
        temperature: 0.4,
        messages: [{ role: 'user', content: 'Hello' }],
      } as Anthropic.MessageCreateParamsNonStreaming)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((refused as Error).message)).toMatch(/temperature/);
  });
});

describe('thinking that cannot be honoured, and bad budgets', () => {
  const refusal = async (body: Record<string, unknown>) => {
    const error = await client.messages
      .create({
        model: 'offline',
        max_tokens: 2000,
        messages: [{ role: 'user', content: 'Hello' }],
        ...body,
      } as Anthropic.MessageCreateParamsNonStreaming)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const body400 = (error as InstanceType<typeof Anthropic.BadRequestError>).error as {
      type: string;
      error: { type: string; message: string };
    };
    expect(body400).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    return body400.error.message;
  };

  it('refuses a budget under 1,024, a budget not below max_tokens and an unknown type, naming the field', async () => {
    expect(await refusal({ thinking: { type: 'enabled', budget_tokens: 1000 } })).toMatch(
      /thinking\.budget_tokens.*1024/,
    );
    expect(await refusal({ thinking: { type: 'enabled', budget_tokens: 2000 } })).toMatch(
      /thinking\.budget_tokens: must be less than max_tokens \(2000\)/,
    );
    expect(await refusal({ thinking: { type: 'sometimes' } })).toMatch(/thinking/);
    expect(await refusal({ thinking: { type: 'enabled' } })).toMatch(/thinking\.budget_tokens/);
  });

  it('refuses thinking on an OpenAI-format provider by name, and takes it disabled', async () => {
    const messages = [{ role: 'user' as const, content: 'Hello' }];
    expect(await refusal({ model: 'openai/gpt-4o-mini', thinking: THINKING, messages })).toMatch(/thinking/);
    const disabled = await client.messages.create({
      model: 'openai/gpt-4o-mini',
      max_tokens: 200,
      thinking: { type: 'disabled' },
      messages,
    });
    expect(disabled.content.map((block) => block.type)).toEqual(['text']);
  });

  it("leaves out an open server's unsigned thinking sent back to Anthropic, which would refuse it", async () => {
    const answer = await client.messages.create({
      model: 'anthropic/claude-haiku-4-5',
      max_tokens: 200,
      messages: [
        { role: 'user', content: 'Who keeps the ferry?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'The ferryman, by the lore.', signature: '' },
            { type: 'text', text: 'Old Harl.' },
          ],
        },
        { role: 'user', content: 'And his price?' },
      ],
    });
    expect(answer.content.map((block) => block.type)).toEqual(['text']);
    const sent = lastUpstreamChat(harness.upstream).messages as Array<{ content: Array<{ type: string }> }>;
    expect(sent[1]!.content.map((block) => block.type)).toEqual(['text']);
  });

  it('refuses a thinking block in a user message', async () => {
    expect(
      await refusal({
        messages: [{ role: 'user', content: [{ type: 'thinking', thinking: 'hm', signature: 'x' }] }],
      }),
    ).toMatch(/messages\.0\.content\.0: a thinking block belongs in an assistant message/);
  });
});

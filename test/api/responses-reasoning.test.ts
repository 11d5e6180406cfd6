/**
 * A reasoning model's thinking on the Responses API: an open server's thinking (the fake upstream's
 * "think" models answer with `reasoning_content`) comes back as `reasoning` items, whole and
 * streamed with the `response.reasoning_text.*` events, and goes back to the model when the client
 * sends the items back (by `previous_response_id`, by `item_reference`, or the items themselves).
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, type ModelMessage } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ClientHarness, startClientHarness } from '../support/client-harness.js';

let harness: ClientHarness;
let client: OpenAI;

beforeAll(async () => {
  // Every call goes upstream: the tests read what it was sent.
  harness = await startClientHarness({ cache: false });
  client = new OpenAI({ baseURL: `${harness.server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await harness.stop();
});
beforeEach(() => harness.upstream.reset());

const model = 'local/qwen3-think';
const input = 'Tell me of the ferryman of Greyreach.';
const thought = /^Thinking about "Tell me of the ferryman/;

/** The messages the upstream got on its last call. */
const sentMessages = () =>
  (harness.upstream.lastRequests().at(-1)!.body as { messages: Array<Record<string, unknown>> }).messages;

type Reasoning = OpenAI.Responses.ResponseReasoningItem;

describe('the Responses API with a reasoning model', () => {
  it("answers with a reasoning item before the message, the thinking's text in its content", async () => {
    const response = await client.responses.create({ model, input });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    const reasoning = response.output[0] as Reasoning;
    expect(reasoning.id).toMatch(/^rs_/);
    expect(reasoning.summary).toEqual([]);
    expect(reasoning.content).toHaveLength(1);
    expect(reasoning.content?.[0]?.type).toBe('reasoning_text');
    expect(reasoning.content?.[0]?.text).toMatch(thought);
    // Not asked for: no packed block.
    expect(reasoning.encrypted_content).toBeUndefined();
    // The SDK's output_text is the answer alone.
    expect(response.output_text).toMatch(/^Fake reply to "Tell me of the ferryman/);
    // Kept as it was answered.
    const kept = await client.responses.retrieve(response.id);
    expect(kept.output).toEqual(response.output);
  });

  it('streams it with the reasoning_text events, in the order OpenAI sends them', async () => {
    const plain = await client.responses.create({ model, input });
    const thinking = (plain.output[0] as Reasoning).content?.[0]?.text;

    const stream = await client.responses.create({ model, input, stream: true });
    const types: string[] = [];
    let deltas = '';
    let done: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (!types.includes(event.type) || event.type.endsWith('.done') || event.type.endsWith('.added'))
        types.push(event.type);
      if (event.type === 'response.reasoning_text.delta') deltas += event.delta;
      if (event.type === 'response.reasoning_text.done') expect(event.text).toBe(deltas);
      if (event.type === 'response.content_part.added' && event.output_index === 0)
        expect(event.part).toEqual({ type: 'reasoning_text', text: '' });
      if (event.type === 'response.completed') done = event.response;
    }
    expect(deltas).toBe(thinking);
    expect(types.slice(0, 8)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.reasoning_text.delta',
      'response.reasoning_text.done',
      'response.content_part.done',
      'response.output_item.done',
    ]);
    expect(types).toContain('response.output_text.delta');
    expect(done!.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect((done!.output[0] as Reasoning).content).toEqual([{ type: 'reasoning_text', text: thinking }]);
    expect((done!.output[0] as Reasoning).status).toBe('completed');
  });

  it('goes back to the open server on a continued response (previous_response_id)', async () => {
    const first = await client.responses.create({ model, input });
    const thinking = (first.output[0] as Reasoning).content?.[0]?.text;
    await client.responses.create({ model, input: 'And his price?', previous_response_id: first.id });
    expect(sentMessages()[1]).toEqual({
      role: 'assistant',
      content: first.output_text,
      reasoning_content: thinking,
    });
  });

  it('goes back by item_reference and as the items themselves, packed when the client asked for it', async () => {
    // Stateless, as agent SDKs call with store: false: the block comes packed in encrypted_content.
    const first = await client.responses.create({
      model,
      input,
      store: false,
      include: ['reasoning.encrypted_content'],
    });
    const reasoning = first.output[0] as Reasoning;
    expect(reasoning.encrypted_content).toMatch(/^lm1\./);
    const thinking = reasoning.content?.[0]?.text;
    const answer = first.output[1] as OpenAI.Responses.ResponseOutputMessage;
    const expected = { role: 'assistant', content: first.output_text, reasoning_content: thinking };

    // Only the packed block (as the AI SDK sends it back with store: false): the thinking is whole.
    await client.responses.create({
      model,
      input: [
        { role: 'user', content: input },
        { type: 'reasoning', id: reasoning.id, summary: [], encrypted_content: reasoning.encrypted_content },
        answer,
        { role: 'user', content: 'And his price?' },
      ],
    });
    expect(sentMessages()[1]).toEqual(expected);

    // Only the text (a client that keeps no encrypted content): the same.
    await client.responses.create({
      model,
      input: [
        { role: 'user', content: input },
        { type: 'reasoning', id: reasoning.id, summary: [], content: reasoning.content ?? [] },
        answer,
        { role: 'user', content: 'And his price?' },
      ],
    });
    expect(sentMessages()[1]).toEqual(expected);

    // Stored (the default), the items resolve by reference.
    const stored = await client.responses.create({ model, input });
    const [thought, said] = stored.output;
    await client.responses.create({
      model,
      input: [
        { role: 'user', content: input },
        { type: 'item_reference', id: thought!.id! },
        { type: 'item_reference', id: said!.id! },
        { role: 'user', content: 'And his price?' },
      ],
    });
    expect(sentMessages()[1]).toEqual({
      role: 'assistant',
      content: stored.output_text,
      reasoning_content: (thought as Reasoning).content?.[0]?.text,
    });
  });

  it('goes with the tool call it led to', async () => {
    await client.responses.create({
      model,
      input: [
        { role: 'user', content: 'Roll for me.' },
        { type: 'reasoning', id: 'rs_1', summary: [], content: [{ type: 'reasoning_text', text: 'A d20.' }] },
        { type: 'function_call', call_id: 'call_1', name: 'roll', arguments: '{"sides":20}' },
        { type: 'function_call_output', call_id: 'call_1', output: '17' },
      ],
      tools: [
        { type: 'function', name: 'roll', parameters: { type: 'object', properties: {} }, strict: null },
      ],
    });
    expect(sentMessages()[1]).toMatchObject({
      role: 'assistant',
      reasoning_content: 'A d20.',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'roll', arguments: '{"sides":20}' } }],
    });
  });

  it('refuses a reasoning item it cannot read or place, naming it', async () => {
    const refused = async (items: OpenAI.Responses.ResponseInput) => {
      const error = await client.responses.create({ model, input: items }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      return error as InstanceType<typeof OpenAI.BadRequestError>;
    };
    // Another server's sealed thinking, with no text beside it.
    const foreign = await refused([
      { role: 'user', content: input },
      { type: 'reasoning', id: 'rs_x', summary: [], encrypted_content: 'gAAAAB-openai-sealed' },
      { role: 'assistant', content: 'He asks a coin.' },
      { role: 'user', content: 'And?' },
    ]);
    expect(foreign.param).toBe('input.1.encrypted_content');
    // Thinking with no answer after it.
    const stray = await refused([
      { role: 'user', content: input },
      { type: 'reasoning', id: 'rs_x', summary: [], content: [{ type: 'reasoning_text', text: 'Hm.' }] },
      { role: 'user', content: 'And?' },
    ]);
    expect(stray.param).toBe('input.1');
    expect(stray.message).toMatch(/reasoning item goes before the assistant message or function_call/);
    expect(harness.upstream.stats().total).toBe(0);
  });

  it("works with the AI SDK's OpenAI provider, whose second turn refers to the items", async () => {
    const openai = createOpenAI({ baseURL: `${harness.server.url}/v1`, apiKey: 'unused' });
    const first = await generateText({ model: openai(model), prompt: input });
    expect(first.text).toMatch(/^Fake reply/);
    const history: ModelMessage[] = [
      { role: 'user', content: input },
      ...first.response.messages,
      { role: 'user', content: 'And his price?' },
    ];
    const second = await generateText({ model: openai(model), messages: history });
    expect(second.text).toMatch(/^Fake reply/);
    expect(sentMessages()[1]).toMatchObject({
      role: 'assistant',
      reasoning_content: expect.stringMatching(thought),
    });
  });
});

describe('reasoning items, packed and read back', () => {
  it("keep Claude's signed and redacted blocks whole through encrypted_content", async () => {
    const { asInput, blockFromInput, reasoningItem } = await import(
      '../../src/api/routes/openai-responses-reasoning.js'
    );
    const signed = { type: 'thinking' as const, text: 'The ferry costs a coin.', signature: 'sig-abc' };
    const redacted = { type: 'redacted' as const, data: 'opaque-data' };
    for (const block of [signed, redacted]) {
      const item = reasoningItem('rs_1', block, true);
      // What a client sends back: the item's own fields, or only the packed block.
      expect(blockFromInput(item, 'input.0')).toEqual(block);
      expect(
        blockFromInput({ type: 'reasoning', encrypted_content: item.encrypted_content }, 'input.0'),
      ).toEqual(block);
      expect(blockFromInput(asInput(reasoningItem('rs_2', block, false)), 'input.0')).toEqual(block);
    }
    expect(reasoningItem('rs_3', redacted, false).content).toEqual([]);
    // Damaged packing is not this server's: the text beside it is taken instead.
    const damaged = { type: 'reasoning' as const, encrypted_content: 'lm1.not-json', content: [] };
    expect(() => blockFromInput(damaged, 'input.4')).toThrow(/input\.4\.encrypted_content/);
    expect(
      blockFromInput({ ...damaged, summary: [{ type: 'summary_text', text: 'A coin.' }] }, 'input.4'),
    ).toEqual({ type: 'thinking', text: 'A coin.', signature: '' });
  });
});

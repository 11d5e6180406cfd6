/**
 * The OpenAI Agents SDK (`@openai/agents-core` with `@openai/agents-openai`, pinned at 0.14.3: its next
 * versions need the `openai` package's 7.x, which needs Node 22), pointed at Loremaster with an OpenAI
 * client whose `baseURL` is the server, as its docs say to use another server. It speaks the
 * Responses API: a tool loop on the offline model and through each vendor provider (the fake
 * upstream), a streamed run and structured output on the offline model; a
 * reasoning model's thinking (the fake upstream's) comes back as reasoning items, and goes back to
 * the model on the next run.
 */
import { Agent, run, setDefaultModelProvider, setTracingDisabled, tool } from '@openai/agents-core';
import { OpenAIProvider } from '@openai/agents-openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ClientHarness, startClientHarness } from '../support/client-harness.js';
import { VENDORS } from '../support/vendors.js';

let harness: ClientHarness;

beforeAll(async () => {
  harness = await startClientHarness({ cache: false });
  setTracingDisabled(true);
  const client = new OpenAI({ baseURL: `${harness.server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  setDefaultModelProvider(new OpenAIProvider({ openAIClient: client }));
});
afterAll(async () => {
  await harness.stop();
});
beforeEach(() => harness.upstream.reset());

const rolled: number[] = [];
const rollDice = tool({
  name: 'roll_dice',
  description: 'Roll a die with the given number of sides',
  parameters: z.object({ sides: z.number().int() }),
  execute: async ({ sides }) => {
    rolled.push(sides);
    return `rolled ${Math.min(17, sides)}`;
  },
});

describe('the OpenAI Agents SDK', () => {
  it('runs a tool loop: the call, its output, then an answer that uses it', async () => {
    rolled.length = 0;
    const agent = new Agent({
      name: 'Narrator',
      instructions: 'You narrate.',
      model: 'offline',
      tools: [rollDice],
    });
    const result = await run(agent, 'Roll a d20 for my attack.');
    expect(result.newItems.map((item) => item.type)).toEqual([
      'tool_call_item',
      'tool_call_output_item',
      'message_output_item',
    ]);
    expect(rolled).toEqual([20]);
    expect(result.finalOutput).toContain('rolled 17');
  });

  it.each(VENDORS)('runs the same tool loop through $name (the fake upstream)', async (vendor) => {
    rolled.length = 0;
    const agent = new Agent({
      name: 'Narrator',
      instructions: 'You narrate.',
      model: `${vendor.name}/${vendor.model}`,
      tools: [rollDice],
      modelSettings: { toolChoice: 'required' },
      // Once the tool has answered, the model answers in words.
      resetToolChoice: true,
    });
    const result = await run(agent, 'Roll a d20 for my attack.');
    expect(result.newItems.map((item) => item.type)).toEqual([
      'tool_call_item',
      'tool_call_output_item',
      'message_output_item',
    ]);
    expect(rolled).toHaveLength(1);
    expect(typeof result.finalOutput).toBe('string');
  });

  it('streams a run, its text deltas spelling the final output', async () => {
    const agent = new Agent({ name: 'Narrator', instructions: 'You narrate.', model: 'offline' });
    const stream = await run(agent, 'I open the door of the inn.', { stream: true });
    let text = '';
    for await (const event of stream)
      if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta')
        text += event.data.delta;
    await stream.completed;
    expect(text.length).toBeGreaterThan(0);
    expect(text).toBe(stream.finalOutput);
  });

  it('gives structured output that holds to its schema', async () => {
    const npc = z.object({ name: z.string(), level: z.number().int(), hostile: z.boolean() });
    const agent = new Agent({
      name: 'Builder',
      instructions: 'Describe an NPC.',
      model: 'offline',
      outputType: npc,
    });
    const result = await run(agent, 'A ferryman at the river crossing.');
    expect(npc.safeParse(result.finalOutput).success).toBe(true);
  });

  it("returns a reasoning model's thinking as a reasoning item, and sends it back on the next run", async () => {
    const agent = new Agent({ name: 'Sage', instructions: 'You answer.', model: 'local/qwen3-think' });
    const first = await run(agent, 'Tell me of the ferryman of Greyreach.');
    expect(first.newItems.map((item) => item.type)).toEqual(['reasoning_item', 'message_output_item']);
    // The SDK keeps a reasoning item's summary as its content, and the rest (the thinking's text) as it came.
    const item = first.newItems[0]!.rawItem as { providerData?: { content?: Array<{ text: string }> } };
    const thought = item.providerData?.content?.[0]?.text;
    expect(thought).toMatch(/^Thinking about "Tell me of the ferryman/);

    await run(agent, [...first.history, { role: 'user', content: 'And his price?' }]);
    const sent = harness.upstream.lastRequests().at(-1)!.body as { messages: Array<Record<string, unknown>> };
    expect(sent.messages.at(-2)).toMatchObject({
      role: 'assistant',
      content: first.finalOutput,
      reasoning_content: thought,
    });
  });
});

/**
 * The Vercel AI SDK's Anthropic provider (`@ai-sdk/anthropic`, `createAnthropic({baseURL})`), unchanged,
 * as a client of POST /v1/messages: generateText with a tool loop, streamText with tools (the provider
 * marks every tool `eager_input_streaming`), generateObject and streamObject (with a model name it
 * knows, Anthropic's `output_config.format`; with one it does not, a forced `json` tool) — offline and
 * through the OpenAI and Anthropic providers to the fake upstream.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { generateObject, generateText, stepCountIs, streamObject, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rollDice } from '../support/ai-sdk-tools.js';
import {
  CLIENT_TARGETS,
  type ClientHarness,
  HARNESS_API_KEY,
  lastUpstreamChat,
  startClientHarness,
} from '../support/client-harness.js';

let harness: ClientHarness;

beforeAll(async () => {
  harness = await startClientHarness({ apiKey: true });
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

/** The provider as the AI SDK's docs set one up for another server of Anthropic's API. */
function loremaster() {
  return createAnthropic({ baseURL: `${harness.server.url}/v1`, apiKey: HARNESS_API_KEY });
}

const Npc = z.object({
  name: z.string(),
  level: z.number().int().min(1).max(20),
  friendly: z.boolean(),
  traits: z.array(z.string()),
});

describe.each(CLIENT_TARGETS)('AI SDK (@ai-sdk/anthropic, Messages API) through $name', ({ model, wire }) => {
  const offline = wire === 'offline';

  it('generateText runs a tool loop: the call, its result, then an answer that uses it', async () => {
    const rolled: unknown[] = [];
    const result = await generateText({
      model: loremaster()(model),
      tools: { roll_dice: rollDice(rolled) },
      stopWhen: stepCountIs(4),
      prompt: 'I roll a d20 to climb the wall.',
      maxOutputTokens: 300,
      maxRetries: 0,
    });
    expect(rolled).toHaveLength(1);
    if (offline) expect(rolled[0]).toMatchObject({ sides: 20 });
    expect(result.steps.map((step) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(result.text).toContain('17');
  });

  it('streamText streams tool calls (eager_input_streaming tools) and runs the loop', async () => {
    const rolled: unknown[] = [];
    const result = streamText({
      model: loremaster()(model),
      tools: { roll_dice: rollDice(rolled) },
      stopWhen: stepCountIs(4),
      prompt: 'Roll the dice for my attack.',
      maxOutputTokens: 300,
      maxRetries: 0,
    });
    const types = new Set<string>();
    for await (const part of result.fullStream) {
      if (part.type === 'error') throw part.error;
      types.add(part.type);
    }
    expect(types).toContain('tool-input-delta');
    expect(types).toContain('tool-result');
    expect(rolled).toHaveLength(1);
    expect(await result.text).toContain('17');
  });

  it.each([
    ['a model name it does not know (a forced json tool)', 'offline'],
    ['a model name it knows (output_config.format)', 'claude-haiku-4-5'],
  ])('generateObject and streamObject give objects that fit the schema, with %s', async (_, asked) => {
    // The AI SDK picks how to ask for JSON by the model's name: `<provider>/claude-haiku-4-5` is one it
    // knows, whichever provider answers it.
    const name = asked === 'offline' ? model : `${model.split('/')[0]}/${asked}`;
    const request = {
      model: loremaster()(name),
      schema: Npc,
      prompt: 'Create an innkeeper NPC for the Gilded Stag.',
      maxOutputTokens: 400,
      maxRetries: 0,
    };
    const { object } = await generateObject(request);
    expect(Npc.safeParse(object).success).toBe(true);
    const streamed = streamObject(request);
    for await (const _partial of streamed.partialObjectStream);
    expect(Npc.safeParse(await streamed.object).success).toBe(true);
    // The schema reached the upstream as its own structured output, or as the forced tool's parameters.
    if (wire === 'anthropic')
      expect(JSON.stringify(lastUpstreamChat(harness.upstream).output_config)).toContain('"traits"');
    if (wire === 'openai') {
      const sent = lastUpstreamChat(harness.upstream);
      if (asked === 'offline') expect(sent.tools).toMatchObject([{ function: { name: 'json' } }]);
      else expect(sent.response_format).toMatchObject({ type: 'json_schema' });
    }
  });
});

/**
 * The Vercel AI SDK's own OpenAI provider (`@ai-sdk/openai`, `createOpenAI({baseURL})` then
 * `openai(model)`), unchanged: its default language model speaks OpenAI's Responses API, so this is
 * POST /v1/responses as a real client drives it — generateText with a tool loop, streamText (text
 * and tool calls), generateObject (text.format json_schema) — offline and through the OpenAI and
 * Anthropic providers to the fake upstream.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateObject, generateText, stepCountIs, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rollDice } from '../support/ai-sdk-tools.js';
import {
  CLIENT_TARGETS,
  type ClientHarness,
  lastUpstreamChat,
  startClientHarness,
} from '../support/client-harness.js';

let harness: ClientHarness;

beforeAll(async () => {
  harness = await startClientHarness();
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

/** The provider as the AI SDK's docs set one up for a server of OpenAI's API. */
function loremaster() {
  return createOpenAI({ baseURL: `${harness.server.url}/v1`, apiKey: 'unused' });
}

const Npc = z.object({
  name: z.string(),
  level: z.number().int().min(1),
  friendly: z.boolean(),
  traits: z.array(z.string()),
});

describe.each(CLIENT_TARGETS)('AI SDK (@ai-sdk/openai, Responses API) through $name', ({ model, wire }) => {
  const offline = wire === 'offline';

  it('generateText runs a tool loop: the call, its result, then an answer that uses it', async () => {
    const rolled: unknown[] = [];
    const result = await generateText({
      model: loremaster()(model),
      tools: { roll_dice: rollDice(rolled) },
      stopWhen: stepCountIs(4),
      prompt: 'I roll a d20 to climb the wall.',
      maxRetries: 0,
    });
    expect(rolled).toHaveLength(1);
    if (offline) expect(rolled[0]).toMatchObject({ sides: 20 });
    expect(result.steps.length).toBe(2);
    expect(result.steps[0]!.finishReason).toBe('tool-calls');
    expect(result.steps[0]!.toolCalls[0]).toMatchObject({ toolName: 'roll_dice' });
    expect(result.finishReason).toBe('stop');
    expect(result.text).toContain('17');
    expect(result.totalUsage.inputTokens).toBeGreaterThan(0);
    expect(result.response.id).toMatch(/^resp_/);
    // The second step carried the call and its output back, translated for the vendor.
    if (wire === 'openai')
      expect(lastUpstreamChat(harness.upstream).messages).toMatchObject([
        { role: 'user' },
        { role: 'assistant', tool_calls: [{ function: { name: 'roll_dice' } }] },
        { role: 'tool', content: '{"total":17}' },
      ]);
  });

  it('generateText with a required tool choice calls a tool whose input fits its schema', async () => {
    const rolled: unknown[] = [];
    const result = await generateText({
      model: loremaster()(model),
      tools: { roll_dice: rollDice(rolled) },
      toolChoice: 'required',
      prompt: 'Let us see what fate decides.',
      maxRetries: 0,
    });
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]!.toolName).toBe('roll_dice');
    expect(rolled).toHaveLength(1);
    if (wire === 'anthropic') expect(lastUpstreamChat(harness.upstream).tool_choice).toEqual({ type: 'any' });
  });

  it('streamText streams the same text as generateText, with usage and a finish reason', async () => {
    const request = { model: loremaster()(model), prompt: 'Describe the old lighthouse.', maxRetries: 0 };
    const plain = await generateText(request);
    const result = streamText(request);
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(plain.text);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
  });

  it('streamText streams tool calls and runs the loop', async () => {
    const rolled: unknown[] = [];
    const result = streamText({
      model: loremaster()(model),
      tools: { roll_dice: rollDice(rolled) },
      stopWhen: stepCountIs(4),
      prompt: 'Roll the dice for my attack.',
      maxRetries: 0,
    });
    const types = new Set<string>();
    for await (const part of result.fullStream) types.add(part.type);
    expect(types).toContain('tool-input-delta');
    expect(types).toContain('tool-call');
    expect(types).toContain('tool-result');
    expect(rolled).toHaveLength(1);
    expect(await result.text).toContain('17');
  });

  it('generateObject gives an object that fits the schema (text.format json_schema)', async () => {
    const { object } = await generateObject({
      model: loremaster()(model),
      schema: Npc,
      prompt: 'Create an innkeeper NPC for the Gilded Stag.',
      maxRetries: 0,
    });
    expect(Npc.safeParse(object).success).toBe(true);
    if (wire === 'openai')
      expect(lastUpstreamChat(harness.upstream).response_format).toMatchObject({
        type: 'json_schema',
        json_schema: { name: 'response', schema: { required: ['name', 'level', 'friendly', 'traits'] } },
      });
    if (wire === 'anthropic')
      expect(lastUpstreamChat(harness.upstream).output_config).toMatchObject({
        format: { type: 'json_schema', schema: { required: ['name', 'level', 'friendly', 'traits'] } },
      });
  });
});

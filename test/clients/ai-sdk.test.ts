/**
 * The Vercel AI SDK (`ai` with `@ai-sdk/openai-compatible`), unchanged, against a running Loremaster:
 * generateText with tools (a tool loop of several steps), streamText (text and tool calls),
 * generateObject and streamObject with the provider's default settings (JSON mode) and with
 * structured outputs (json_schema), and embedMany — offline, and through the OpenAI and Anthropic
 * providers to the fake upstream.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import {
  APICallError,
  embedMany,
  generateObject,
  generateText,
  NoObjectGeneratedError,
  stepCountIs,
  streamObject,
  streamText,
} from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rollDice } from '../support/ai-sdk-tools.js';
import {
  CLIENT_TARGETS,
  type ClientHarness,
  lastUpstreamChat,
  startClientHarness,
} from '../support/client-harness.js';
import { expectPngReached, PNG } from '../support/images.js';

let harness: ClientHarness;

// The provider warns (on the console) each time default settings leave the schema out; the tests expect it.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

beforeAll(async () => {
  harness = await startClientHarness();
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

/** The provider as the AI SDK's docs set one up for an OpenAI-compatible server. */
function loremaster(options: { supportsStructuredOutputs?: boolean } = {}) {
  return createOpenAICompatible({
    name: 'loremaster',
    baseURL: `${harness.server.url}/v1`,
    apiKey: 'unused',
    includeUsage: true,
    ...options,
  });
}

const Npc = z.object({
  name: z.string(),
  level: z.number().int().min(1),
  friendly: z.boolean(),
  traits: z.array(z.string()),
});

/** What a JSON-mode prompt says when the schema cannot travel as json_schema (the AI SDK's own wording). */
const SCHEMA_PROMPT = `JSON schema:\n${JSON.stringify(z.toJSONSchema(Npc))}\nYou MUST answer with a JSON object that matches the JSON schema above.`;

describe.each(CLIENT_TARGETS)('AI SDK (@ai-sdk/openai-compatible) through $name', ({ model, wire }) => {
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

  for (const structured of [false, true]) {
    const mode = structured
      ? 'with structured outputs (json_schema)'
      : 'with default settings (JSON mode, the schema in the prompt)';
    // With default settings the provider sends json_object and leaves the schema out (it warns so):
    // the user's prompt has to carry it, which Loremaster's models (and the fake's) then follow.
    const system = structured ? undefined : SCHEMA_PROMPT;

    it(`generateObject ${mode} gives an object that fits the schema`, async () => {
      const { object } = await generateObject({
        model: loremaster({ supportsStructuredOutputs: structured })(model),
        schema: Npc,
        ...(system && { system }),
        prompt: 'Create an innkeeper NPC for the Gilded Stag.',
        maxRetries: 0,
      });
      expect(Npc.safeParse(object).success).toBe(true);
      const sent = offline ? undefined : lastUpstreamChat(harness.upstream);
      if (wire === 'openai')
        expect(sent?.response_format).toMatchObject(
          structured
            ? {
                type: 'json_schema',
                json_schema: { schema: { required: ['name', 'level', 'friendly', 'traits'] } },
              }
            : { type: 'json_object' },
        );
      // Anthropic has no JSON mode: the schema, given or written in the prompt, is its structured output.
      if (wire === 'anthropic')
        expect(sent?.output_config).toMatchObject({
          format: { type: 'json_schema', schema: { required: ['name', 'level', 'friendly', 'traits'] } },
        });
    });

    it(`streamObject ${mode} streams partial objects up to one that fits the schema`, async () => {
      const result = streamObject({
        model: loremaster({ supportsStructuredOutputs: structured })(model),
        schema: Npc,
        ...(system && { system }),
        prompt: 'Create a blacksmith NPC.',
        maxRetries: 0,
      });
      let partials = 0;
      for await (const partial of result.partialObjectStream) {
        expect(typeof partial).toBe('object');
        partials++;
      }
      expect(partials).toBeGreaterThan(0);
      expect(Npc.safeParse(await result.object).success).toBe(true);
    });
  }

  it('generateObject with default settings and no schema anywhere still gets JSON, which the SDK then checks', async () => {
    const error = await generateObject({
      model: loremaster()(model),
      schema: Npc,
      prompt: 'Create an innkeeper NPC for the Gilded Stag.',
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    // Nobody sent the schema, so no model can know it: the SDK finds valid JSON of another shape.
    expect(NoObjectGeneratedError.isInstance(error)).toBe(true);
    expect(typeof JSON.parse((error as NoObjectGeneratedError).text ?? '')).toBe('object');
    if (wire === 'openai')
      expect(lastUpstreamChat(harness.upstream).response_format).toEqual({ type: 'json_object' });
    // Anthropic has no JSON mode: its system prompt asks for JSON.
    if (wire === 'anthropic')
      expect(JSON.stringify(lastUpstreamChat(harness.upstream).system)).toContain('JSON');
  });

  it('embedMany embeds every value, in order, with the same vector for the same text', async () => {
    if (wire === 'anthropic') {
      // Anthropic has no embeddings API: a clear refusal, not a silent substitute.
      const error = await embedMany({
        model: loremaster().embeddingModel(model),
        values: ['red dragon'],
        maxRetries: 0,
      }).catch((caught: unknown) => caught);
      expect(APICallError.isInstance(error)).toBe(true);
      expect((error as APICallError).statusCode).toBe(400);
      expect((error as APICallError).message).toMatch(/embeddings/);
      return;
    }
    const embeddingModel = offline ? 'offline' : 'openai/text-embedding-3-small';
    const { embeddings, usage } = await embedMany({
      model: loremaster().embeddingModel(embeddingModel),
      values: ['red dragon', 'crimson wyrm', 'red dragon'],
      maxRetries: 0,
    });
    expect(embeddings).toHaveLength(3);
    expect(embeddings[0]!.length).toBeGreaterThan(0);
    expect(embeddings[2]).toEqual(embeddings[0]);
    expect(embeddings[1]).not.toEqual(embeddings[0]);
    expect(usage.tokens).toBeGreaterThan(0);
    if (wire === 'openai') {
      const sent = harness.upstream.lastRequests().findLast((entry) => entry.path.endsWith('/embeddings'));
      expect(sent?.body).toMatchObject({ input: ['red dragon', 'crimson wyrm', 'red dragon'] });
    }
  });

  it('generateText with an image part', async () => {
    const { text } = await generateText({
      model: loremaster().chatModel(model),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What does this tavern sign show?' },
            { type: 'image', image: Buffer.from(PNG, 'base64'), mediaType: 'image/png' },
          ],
        },
      ],
    });
    expect(text.length).toBeGreaterThan(0);
    expectPngReached(wire, text, () =>
      (lastUpstreamChat(harness.upstream) as { messages: unknown[] }).messages.at(-1),
    );
  });
});

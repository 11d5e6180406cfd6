/**
 * LangChain's `ChatOpenAI` (`@langchain/openai`), unchanged, with its base URL set to a running
 * Loremaster: invoke, stream, bindTools (a tool call, the ToolMessage back, streamed tool-call chunks)
 * and withStructuredOutput in its three methods (functionCalling, jsonMode, jsonSchema) — offline, and
 * through the OpenAI and Anthropic providers to the fake upstream.
 */
import { type AIMessageChunk, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { concat } from '@langchain/core/utils/stream';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
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

/** The model as LangChain's docs set one up for an OpenAI-compatible server. */
function chat(model: string): ChatOpenAI {
  return new ChatOpenAI({
    model,
    apiKey: 'unused',
    maxRetries: 0,
    configuration: { baseURL: `${harness.server.url}/v1` },
  });
}

const rolled: unknown[] = [];
const rollDice = tool(
  async (input) => {
    rolled.push(input);
    return JSON.stringify({ total: 17 });
  },
  {
    name: 'roll_dice',
    description: 'Roll dice for the player',
    schema: z.object({ sides: z.number().int().min(2).max(100), count: z.number().int().min(1) }),
  },
);

const Npc = z.object({
  name: z.string().describe('what the NPC is called'),
  level: z.number().int().min(1),
  friendly: z.boolean(),
});

function textOf(message: { content: unknown }): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (typeof part === 'object' && part && 'text' in part ? part.text : ''))
    .join('');
}

describe.each(CLIENT_TARGETS)('LangChain ChatOpenAI through $name', ({ model, wire }) => {
  const offline = wire === 'offline';

  it('invoke answers with an AIMessage and its usage', async () => {
    const answer = await chat(model).invoke([
      new SystemMessage('You are the narrator of a quiet fantasy tale.'),
      new HumanMessage('I enter the Gilded Stag.'),
    ]);
    expect(textOf(answer).length).toBeGreaterThan(0);
    expect(answer.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(answer.usage_metadata?.output_tokens).toBeGreaterThan(0);
    if (!offline) expect(JSON.stringify(lastUpstreamChat(harness.upstream))).toContain('Gilded Stag');
  });

  it('stream gives chunks that add up to the invoked answer', async () => {
    const llm = chat(model);
    const prompt = [new HumanMessage('Describe the old lighthouse.')];
    const whole = await llm.invoke(prompt);
    let streamed = '';
    let chunks = 0;
    for await (const chunk of await llm.stream(prompt)) {
      streamed += textOf(chunk);
      chunks++;
    }
    expect(chunks).toBeGreaterThan(1);
    expect(streamed).toBe(textOf(whole));
  });

  it('bindTools: the model calls the tool, takes its ToolMessage back and answers with it', async () => {
    rolled.length = 0;
    const llm = chat(model).bindTools([rollDice]);
    const ask = new HumanMessage('I roll a d20 to climb the wall.');
    const call = await llm.invoke([ask]);
    expect(call.tool_calls).toHaveLength(1);
    const toolCall = call.tool_calls![0]!;
    expect(toolCall.name).toBe('roll_dice');
    expect(typeof toolCall.id).toBe('string');
    if (offline) expect(toolCall.args).toMatchObject({ sides: 20 });
    const result = await rollDice.invoke(toolCall);
    expect(rolled).toHaveLength(1);
    const answer = await llm.invoke([ask, call, result]);
    expect(answer.tool_calls ?? []).toHaveLength(0);
    expect(textOf(answer)).toContain('17');
    // The ToolMessage carries the tool's name, which reaches an OpenAI upstream with the result.
    if (wire === 'openai')
      expect(lastUpstreamChat(harness.upstream).messages).toContainEqual({
        role: 'tool',
        name: 'roll_dice',
        tool_call_id: toolCall.id,
        content: '{"total":17}',
      });
  });

  it('bindTools with a named tool_choice calls it even when the message does not ask', async () => {
    const llm = chat(model).bindTools([rollDice], { tool_choice: 'roll_dice' });
    const call = await llm.invoke('Let us see what fate decides.');
    expect(call.tool_calls?.[0]?.name).toBe('roll_dice');
    const args = call.tool_calls![0]!.args as { sides: number; count: number };
    expect(Number.isInteger(args.sides) && Number.isInteger(args.count)).toBe(true);
    if (wire === 'anthropic')
      expect(lastUpstreamChat(harness.upstream).tool_choice).toMatchObject({
        type: 'tool',
        name: 'roll_dice',
      });
  });

  it('streams tool-call chunks that concatenate to the same call', async () => {
    const llm = chat(model).bindTools([rollDice], { tool_choice: 'roll_dice' });
    let whole: AIMessageChunk | undefined;
    let chunks = 0;
    for await (const chunk of await llm.stream('Roll 2d6 please.')) {
      whole = whole === undefined ? chunk : concat(whole, chunk);
      chunks++;
    }
    expect(chunks).toBeGreaterThan(1);
    expect(whole?.tool_call_chunks?.length).toBeGreaterThan(0);
    expect(whole?.tool_calls?.[0]?.name).toBe('roll_dice');
    const args = whole!.tool_calls![0]!.args as { sides: number };
    expect(Number.isInteger(args.sides)).toBe(true);
    if (offline) expect(args).toEqual({ sides: 6, count: 2 });
  });

  it('withStructuredOutput, functionCalling: the forced tool call is parsed into the schema', async () => {
    const npc = await chat(model)
      .withStructuredOutput(Npc, { method: 'functionCalling', name: 'npc' })
      .invoke('Create an innkeeper NPC for the Gilded Stag.');
    expect(Npc.safeParse(npc).success).toBe(true);
  });

  it('withStructuredOutput, jsonMode: JSON following the schema the prompt gives', async () => {
    // jsonMode sends json_object: as LangChain's docs say, the prompt carries the format.
    const structured = chat(model).withStructuredOutput(Npc, { method: 'jsonMode' });
    const npc = await structured.invoke([
      new SystemMessage(
        `Answer in JSON that follows this JSON schema: ${JSON.stringify(z.toJSONSchema(Npc))}`,
      ),
      new HumanMessage('Create an innkeeper NPC for the Gilded Stag.'),
    ]);
    expect(Npc.safeParse(npc).success).toBe(true);
    if (wire === 'openai')
      expect(lastUpstreamChat(harness.upstream).response_format).toEqual({ type: 'json_object' });
  });

  it('withStructuredOutput, jsonSchema: the schema travels as json_schema and the answer fits it', async () => {
    const structured = chat(model).withStructuredOutput(Npc, { method: 'jsonSchema', name: 'npc' });
    const npc = await structured.invoke('Create an innkeeper NPC for the Gilded Stag.');
    expect(Npc.safeParse(npc).success).toBe(true);
    if (wire === 'openai')
      expect(lastUpstreamChat(harness.upstream).response_format).toMatchObject({
        type: 'json_schema',
        json_schema: { name: 'npc', schema: { required: ['name', 'level', 'friendly'] } },
      });
    if (wire === 'anthropic')
      expect(lastUpstreamChat(harness.upstream).output_config).toMatchObject({
        format: { type: 'json_schema', schema: { required: ['name', 'level', 'friendly'] } },
      });
  });
});

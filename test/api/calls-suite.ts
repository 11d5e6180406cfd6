/**
 * The call log over HTTP, run on SQLite (calls.test.ts) and on PostgreSQL (calls-postgres.test.ts):
 * every gateway call keeps its request (messages, system, sampling, tools, response format) and its
 * answer (text, tool calls, finish reason); any such call replays through the gateway with the cache
 * off; a request cut to fit the log, or not kept (bodies off), is a 409 that says why; secrets never
 * reach the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

const ADMIN = 'lm-calls-admin';
const READER = 'lm-calls-reader';

type Start = (options: {
  env: Record<string, string>;
  config?: Record<string, unknown>;
}) => Promise<TestServer>;

/** Starts a server on the suite's database (SQLite file, or a fresh PostgreSQL database). */
export function callLogSuite(name: string, start: Start): void {
  let server: TestServer;

  async function call(
    method: string,
    path: string,
    body?: unknown,
    key = ADMIN,
    on: TestServer = server,
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field
  ): Promise<{ status: number; body: any; text: string }> {
    const response = await fetch(`${on.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text };
  }

  const env = { LOREMASTER_API_KEYS: `${ADMIN}:admin,${READER}:read` };

  beforeAll(async () => {
    server = await start({ env });
  }, 120_000);
  afterAll(async () => server?.stop());

  describe(`the call log (${name})`, () => {
    it('lists calls, shows a conversation call with its prompt and answer, and replays it', async () => {
      const conversation = await call('POST', '/llm/conversation', {
        model: 'offline',
        system_prompt: 'Be brief.',
      });
      expect(conversation.status).toBe(201);
      const message = await call('POST', `/llm/conversation/${conversation.body.id}/message`, {
        content: 'Describe the Sooted Kettle.',
      });
      expect(message.status).toBe(200);
      const listed = await call('GET', '/llm/calls?limit=10');
      expect(listed.status).toBe(200);
      const kept = listed.body.data.find((entry: { kind: string }) => entry.kind === 'conversation');
      expect(kept).toMatchObject({ object: 'llm.call', provider: 'offline', status: 'ok', replayable: true });
      expect(kept.input_tokens).toBeGreaterThan(0);
      const one = await call('GET', `/llm/calls/${kept.id}`);
      expect(one.body.request.messages.at(-1)).toMatchObject({
        role: 'user',
        content: 'Describe the Sooted Kettle.',
      });
      expect(one.body.response.length).toBeGreaterThan(0);
      const replayed = await call('POST', `/llm/calls/${kept.id}/replay`);
      expect(replayed.status, replayed.text).toBe(200);
      expect(replayed.body.original.id).toBe(kept.id);
      expect(replayed.body.replay.text.length).toBeGreaterThan(0);
      const again = await call('GET', `/llm/calls/${replayed.body.replay.call_id}`);
      expect(again.status).toBe(200);
    });

    it('keeps an OpenAI-compatible call whole (system, sampling, response format) and replays it with the cache off', async () => {
      const schema = {
        type: 'object',
        properties: { name: { type: 'string' }, trade: { type: 'string' } },
        required: ['name', 'trade'],
        additionalProperties: false,
      };
      const sent = await call('POST', '/v1/chat/completions', {
        model: 'offline',
        messages: [
          { role: 'system', content: 'You name the people of Karsk.' },
          { role: 'user', content: 'Name the smith of Karsk.' },
        ],
        temperature: 0,
        max_tokens: 80,
        seed: 7,
        response_format: { type: 'json_schema', json_schema: { name: 'smith', schema } },
      });
      expect(sent.status, sent.text).toBe(200);
      const listed = await call('GET', '/llm/calls?limit=20');
      const row = listed.body.data[0];
      expect(row).toMatchObject({ kind: 'chat', replayable: true, finish_reason: 'stop', body_note: null });
      const one = await call('GET', `/llm/calls/${row.id}`);
      expect(one.body.request).toMatchObject({
        kind: 'chat',
        model: 'offline',
        messages: [
          { role: 'system', content: 'You name the people of Karsk.' },
          { role: 'user', content: 'Name the smith of Karsk.' },
        ],
        options: { temperature: 0, maxTokens: 80, seed: 7, jsonSchema: schema, jsonSchemaName: 'smith' },
      });
      expect(one.body.response).toBe(sent.body.choices[0].message.content);
      expect(one.body.not_replayable_reason).toBeNull();

      // Asked again at temperature 0 the first answer would come from the cache: a replay asks the model.
      const replayed = await call('POST', `/llm/calls/${row.id}/replay`);
      expect(replayed.status, replayed.text).toBe(200);
      expect(replayed.body.original.response).toBe(one.body.response);
      expect(replayed.body.replay.finish_reason).toBe('stop');
      expect(JSON.parse(replayed.body.replay.text)).toMatchObject({ name: expect.any(String) });
      const replayRow = await call('GET', `/llm/calls/${replayed.body.replay.call_id}`);
      expect(replayRow.status).toBe(200);
      expect(replayRow.body.request.options.jsonSchema).toEqual(schema);
    });

    it('keeps a tool call answer and a streamed answer, and an embedding call’s input', async () => {
      const tools = [
        {
          type: 'function',
          function: {
            name: 'roll_dice',
            description: 'Rolls dice',
            parameters: { type: 'object', properties: { sides: { type: 'integer' } }, required: ['sides'] },
          },
        },
      ];
      const tooled = await call('POST', '/v1/chat/completions', {
        model: 'offline',
        messages: [{ role: 'user', content: 'Roll a twenty-sided die.' }],
        tools,
        tool_choice: { type: 'function', function: { name: 'roll_dice' } },
      });
      expect(tooled.status, tooled.text).toBe(200);
      const toolCall = tooled.body.choices[0].message.tool_calls[0];

      const streamed = await call('POST', '/v1/chat/completions', {
        model: 'offline',
        messages: [{ role: 'user', content: 'Tell of the lantern fair.' }],
        stream: true,
        temperature: 0.9,
      });
      expect(streamed.status).toBe(200);
      const streamedText = streamed.text
        .split('\n')
        .filter((line) => line.startsWith('data: {'))
        .map((line) => JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '')
        .join('');
      expect(streamedText.length).toBeGreaterThan(0);

      const embedded = await call('POST', '/v1/embeddings', {
        model: 'offline',
        input: ['the drowned bell', 'Karsk'],
      });
      expect(embedded.status, embedded.text).toBe(200);

      const listed = await call('GET', '/llm/calls?limit=20');
      const details = await Promise.all(
        listed.body.data.slice(0, 3).map((entry: { id: string }) => call('GET', `/llm/calls/${entry.id}`)),
      );
      const byKind = new Map(details.map((detail) => [detail.body.kind, detail.body]));
      const tool = details.find((detail) => detail.body.finish_reason === 'tool_calls')?.body;
      expect(tool.request.options.tools[0]).toMatchObject({ name: 'roll_dice' });
      expect(tool.request.options.toolChoice).toMatchObject({ name: 'roll_dice' });
      expect(tool.tool_calls).toEqual([
        { id: toolCall.id, name: 'roll_dice', arguments: toolCall.function.arguments },
      ]);
      const stream = byKind.get('stream');
      expect(stream.response).toBe(streamedText);
      expect(stream.finish_reason).toBe('stop');
      expect(stream.request.options.temperature).toBe(0.9);
      const embed = byKind.get('embed');
      expect(embed.request).toMatchObject({
        kind: 'embed',
        model: 'offline',
        input: ['the drowned bell', 'Karsk'],
      });

      const replayedTool = await call('POST', `/llm/calls/${tool.id}/replay`);
      expect(replayedTool.status, replayedTool.text).toBe(200);
      expect(replayedTool.body.replay.tool_calls[0]).toMatchObject({ name: 'roll_dice' });
      const replayedStream = await call('POST', `/llm/calls/${stream.id}/replay`);
      expect(replayedStream.status, replayedStream.text).toBe(200);
      expect(replayedStream.body.replay.text.length).toBeGreaterThan(0);
      const replayedEmbed = await call('POST', `/llm/calls/${embed.id}/replay`);
      expect(replayedEmbed.status, replayedEmbed.text).toBe(200);
      expect(replayedEmbed.body.replay.embedding).toMatchObject({ count: 2, dimensions: expect.any(Number) });
    });

    it('keeps a stored prompt’s call with its sampling and replays it', async () => {
      const completed = await call('POST', '/llm/prompts/narrator/complete', { sample: true });
      expect(completed.status, completed.text).toBe(200);
      const listed = await call('GET', '/llm/calls?limit=10');
      const row = listed.body.data.find((entry: { kind: string }) => entry.kind === 'prompt');
      expect(row).toMatchObject({ replayable: true, prompt: { id: expect.any(String) } });
      const one = await call('GET', `/llm/calls/${row.id}`);
      expect(one.body.request).toMatchObject({
        kind: 'chat',
        messages: expect.any(Array),
        options: expect.any(Object),
      });
      expect(one.body.request.messages.length).toBeGreaterThan(0);
      const replayed = await call('POST', `/llm/calls/${row.id}/replay`);
      expect(replayed.status, replayed.text).toBe(200);
      expect(replayed.body.replay.text.length).toBeGreaterThan(0);
    });

    it('never keeps a secret: a client key echoed in a prompt is redacted, and no header is kept', async () => {
      const sent = await call('POST', '/v1/chat/completions', {
        model: 'offline',
        messages: [{ role: 'user', content: `My key is ${READER} and ${ADMIN}, keep it.` }],
      });
      expect(sent.status).toBe(200);
      const listed = await call('GET', '/llm/calls?limit=5');
      const one = await call('GET', `/llm/calls/${listed.body.data[0].id}`);
      expect(one.text).not.toContain(ADMIN);
      expect(one.text).not.toContain(READER);
      expect(one.text).toContain('[REDACTED]');
      expect(one.text.toLowerCase()).not.toContain('authorization');
    });

    it('refuses an unknown call and a key below admin', async () => {
      const missing = await call('GET', '/llm/calls/no-such-call');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({ type: 'not_found_error', code: 'call_not_found' });
      expect((await call('POST', '/llm/calls/no-such-call/replay')).status).toBe(404);
      const reader = await call('GET', '/llm/calls', undefined, READER);
      expect(reader.status).toBe(403);
      expect(reader.body.error.code).toBe('insufficient_scope');
    });

    it('cuts a body past max_chars with a marker (409 on replay, saying why), and keeps none with bodies off', async () => {
      const small = await start({ env, config: { database: { call_log: { bodies: { max_chars: 300 } } } } });
      try {
        const long = 'The ash road runs east past the salt pans. '.repeat(40);
        const sent = await call(
          'POST',
          '/v1/chat/completions',
          { model: 'offline', messages: [{ role: 'user', content: long }] },
          ADMIN,
          small,
        );
        expect(sent.status).toBe(200);
        const listed = await call('GET', '/llm/calls?limit=5', undefined, ADMIN, small);
        const row = listed.body.data[0];
        expect(row.replayable).toBe(false);
        expect(row.body_note).toMatch(/request cut to 300 characters/);
        const one = await call('GET', `/llm/calls/${row.id}`, undefined, ADMIN, small);
        expect(typeof one.body.request).toBe('string');
        expect(one.body.request.length).toBeLessThanOrEqual(300);
        expect(one.body.request).toMatch(/\[cut by the call log: \d+ characters, 300 kept\]$/);
        const refused = await call('POST', `/llm/calls/${row.id}/replay`, undefined, ADMIN, small);
        expect(refused.status).toBe(409);
        expect(refused.body.error).toMatchObject({ code: 'call_not_replayable' });
        expect(refused.body.error.message).toMatch(/cut to fit the log/);
      } finally {
        await small.stop();
      }
      const off = await start({ env, config: { database: { call_log: { bodies: { enabled: false } } } } });
      try {
        const sent = await call(
          'POST',
          '/v1/chat/completions',
          { model: 'offline', messages: [{ role: 'user', content: 'A private word.' }] },
          ADMIN,
          off,
        );
        expect(sent.status).toBe(200);
        const listed = await call('GET', '/llm/calls?limit=5', undefined, ADMIN, off);
        const one = await call('GET', `/llm/calls/${listed.body.data[0].id}`, undefined, ADMIN, off);
        expect(one.body).toMatchObject({
          request: null,
          response: null,
          tool_calls: null,
          replayable: false,
        });
        expect(one.text).not.toContain('A private word');
        // A conversation call keeps no prompt either.
        const conversation = await call('POST', '/llm/conversation', { model: 'offline' }, ADMIN, off);
        const said = await call(
          'POST',
          `/llm/conversation/${conversation.body.id}/message`,
          { content: 'Another private word.' },
          ADMIN,
          off,
        );
        expect(said.status).toBe(200);
        const kept = await call('GET', '/llm/calls?limit=5', undefined, ADMIN, off);
        const conversationCall = kept.body.data.find(
          (entry: { kind: string }) => entry.kind === 'conversation',
        );
        const conversationDetail = await call(
          'GET',
          `/llm/calls/${conversationCall.id}`,
          undefined,
          ADMIN,
          off,
        );
        expect(conversationDetail.body).toMatchObject({ request: null, response: null, replayable: false });
        expect(conversationDetail.text).not.toContain('Another private word');
        const refused = await call('POST', `/llm/calls/${one.body.id}/replay`, undefined, ADMIN, off);
        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toMatch(/bodies off/);
      } finally {
        await off.stop();
      }
    }, 120_000);

    it('logs every call once, with what its caller knows: a conversation turn in a session, a prompt run, failing calls', async () => {
      const world = await call('POST', '/worlds', { name: 'Eldhollow' });
      expect(world.status, world.text).toBe(201);
      const session = await call('POST', `/worlds/${world.body.id}/sessions`, {});
      expect(session.status, session.text).toBe(201);
      const scope = { world_id: world.body.id, session_id: session.body.id };

      const conversation = await call('POST', '/llm/conversation', { model: 'offline', ...scope });
      const turn = await call('POST', `/llm/conversation/${conversation.body.id}/message`, {
        content: 'Who rang the drowned bell?',
      });
      expect(turn.status, turn.text).toBe(200);
      const run = await call('POST', '/llm/prompts/narrator/complete', {
        sample: true,
        session_id: session.body.id,
      });
      expect(run.status, run.text).toBe(200);
      // Routed, but the provider has no key: refused before any provider is asked, answered and logged.
      const failing = await call('POST', '/llm/conversation', { model: 'openai/gpt-4o-mini', ...scope });
      const failed = await call('POST', `/llm/conversation/${failing.body.id}/message`, {
        content: 'Will anyone answer?',
      });
      expect(failed.status).toBe(503);
      const failedPrompt = await call('POST', '/llm/prompts/narrator/complete', {
        sample: true,
        model: 'openai/gpt-4o-mini',
      });
      expect(failedPrompt.status).toBe(503);
      const played = await call('POST', `/sessions/${session.body.id}/turns`, {
        input: 'I ring the drowned bell.',
      });
      expect(played.status, played.text).toBeLessThan(300);

      // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field
      const listed: Array<Record<string, any>> = (await call('GET', '/llm/calls?limit=500')).body.data;
      // No call is logged twice.
      expect(new Set(listed.map((row) => row.id)).size).toBe(listed.length);
      const answered = listed.filter((row) => row.id === turn.body.call_id);
      expect(answered).toHaveLength(1);
      expect(answered[0]).toMatchObject({
        kind: 'conversation',
        status: 'ok',
        provider: 'offline',
        conversation_id: conversation.body.id,
        session_id: session.body.id,
        prompt: null,
        error: null,
      });
      const prompted = listed.filter((row) => row.id === run.body.call_id);
      expect(prompted).toHaveLength(1);
      expect(prompted[0]).toMatchObject({
        kind: 'prompt',
        status: 'ok',
        session_id: session.body.id,
        conversation_id: null,
        prompt: { id: expect.any(String), version: run.body.version },
      });
      // The turn's narration knows its session too.
      const narrated = listed.filter(
        (row) => row.session_id === session.body.id && row.prompt?.id && row.kind !== 'prompt',
      );
      expect(narrated.map((row) => row.role)).toContain('generation');
      const refused = listed.filter((row) => row.conversation_id === failing.body.id);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({
        kind: 'conversation',
        status: 'error',
        provider: 'openai',
        model: 'openai/gpt-4o-mini',
        session_id: session.body.id,
        error: { code: failed.body.error.code, message: failed.body.error.message },
      });
      const refusedPrompt = listed.filter(
        (row) => row.kind === 'prompt' && row.status === 'error' && row.model === 'openai/gpt-4o-mini',
      );
      expect(refusedPrompt).toHaveLength(1);
      expect(refusedPrompt[0]).toMatchObject({
        prompt: { id: expect.any(String) },
        error: { code: failedPrompt.body.error.code, message: failedPrompt.body.error.message },
      });
      // A failed call keeps its request, so replaying it shows whether it fails again.
      const detail = await call('GET', `/llm/calls/${refused[0]!.id}`);
      expect(detail.body.request.messages.at(-1)).toMatchObject({
        role: 'user',
        content: 'Will anyone answer?',
      });
      const again = await call('POST', `/llm/calls/${refused[0]!.id}/replay`);
      expect(again.status).toBe(503);
      expect(again.body.error.code).toBe('provider_not_configured');
    });
  });
}

/** Starts a server on its own SQLite file. */
export const onSqlite: Start = (options) => startLoremaster(options);

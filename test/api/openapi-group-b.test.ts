/**
 * The OpenAPI document, for analytics, maintenance, prompts, the generation endpoints (generate,
 * batch, status, stream), content and jobs, events and webhooks, and the OpenAI/Anthropic wire routes:
 * every operation describes its success answers (no placeholder), and a scripted tour's recorded
 * answers (JSON and server-sent events) validate against the schema the document gives for their
 * status, read with ajv as a client generator would. Query parameters that are numbers or times are
 * checked: a huge or malformed value is a 400 naming it, never a 500.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { templateOf as matchTemplate, responseSchema } from '../support/openapi-document.js';

interface Operation {
  operationId: string;
  parameters?: Array<{ in: string; name: string; schema?: object }>;
  responses: Record<string, { description?: string; content?: Record<string, { schema: object }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
}

/** The operations of this group (path prefixes). */
const GROUP = [
  '/content/',
  '/jobs/',
  '/llm/events',
  '/ws/llm/events',
  '/llm/generate',
  '/llm/batch',
  '/llm/status',
  '/ws/llm/stream',
  '/llm/prompts',
  '/llm/feedback',
  '/llm/analytics',
  '/metrics',
  '/maintenance/',
  '/llm/webhooks',
  '/v1/chat/completions',
  '/v1/messages',
];
const inGroup = (path: string) => GROUP.some((prefix) => path === prefix || path.startsWith(prefix));

let server: TestServer;
let doc: Document;

beforeAll(async () => {
  server = await startLoremaster();
  const response = await fetch(`${server.url}/openapi.json`);
  expect(response.status).toBe(200);
  doc = (await response.json()) as Document;
}, 120_000);
afterAll(() => server?.stop());

/** The document's path template matching a concrete path, literal segments first. */
const templateOf = (path: string) => matchTemplate(Object.keys(doc.paths), path);

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

interface Recorded {
  method: string;
  path: string;
  status: number;
  type: string;
  body: unknown;
}
const recorded: Recorded[] = [];

/** Calls the API and records the answer (JSON as a value, server-sent events as their data lines). */
async function call(method: string, path: string, body?: unknown): Promise<Recorded> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  const text = await response.text();
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const entry = {
    method,
    path: path.split('?')[0]!,
    status: response.status,
    type,
    body: type === 'application/json' && text ? JSON.parse(text) : text,
  };
  recorded.push(entry);
  return entry;
}

const idOf = (entry: Recorded) => (entry.body as { id: string }).id;

describe('group B operations in the document', () => {
  it('describe every success answer (no placeholder), streams as text/event-stream', () => {
    const undescribed: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!inGroup(path)) continue;
      for (const [method, operation] of Object.entries(operations)) {
        if (method === 'head') continue;
        // A WebSocket's messages are described in words (OpenAPI has no form for them).
        if ((operation as { 'x-loremaster-websocket'?: boolean })['x-loremaster-websocket']) {
          expect((operation as { description?: string }).description, path).toMatch(/Client → server/);
          continue;
        }
        const successes = Object.entries(operation.responses).filter(([status]) => /^(2|101)/.test(status));
        const placeholder = successes.some(
          ([, response]) => response.description === 'Success (its body is not described yet)',
        );
        // `POST /content/{type}` only catches unknown types (each known type is a route of its own).
        if (path === '/content/{type}') {
          expect(operation.responses['404'], path).toBeDefined();
          expect(
            Object.keys(operation.responses).filter((status) => /^2/.test(status)),
            path,
          ).toEqual([]);
          continue;
        }
        if (successes.length === 0 || placeholder) undescribed.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undescribed).toEqual([]);
    for (const path of ['/llm/generate', '/content/npc', '/v1/chat/completions', '/v1/messages'])
      expect(Object.keys(doc.paths[path]!.post!.responses['200']!.content!), path).toContain(
        'text/event-stream',
      );
  });

  it('bound every string and number in their query strings', () => {
    const loose: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!inGroup(path)) continue;
      for (const [method, operation] of Object.entries(operations))
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in !== 'query') continue;
          const schema = JSON.stringify(parameter.schema ?? {});
          const bounded = /"enum"|"const"|"maxLength"|"maximum"|"maxItems"|"type":"boolean"/.test(schema);
          if (!bounded) loose.push(`${method.toUpperCase()} ${path} ?${parameter.name} ${schema}`);
        }
    }
    expect(loose).toEqual([]);
  });
});

describe('numbers and times in query strings', () => {
  it('are a 400 naming the parameter when huge or malformed, never a 500', async () => {
    const cases: Array<[string, string]> = [
      ['/llm/analytics?since=99999999999999999999', 'since'],
      ['/llm/analytics?since=10000-01-01', 'since'],
      ['/llm/analytics/report?since=99999999999999999999', 'since'],
      ['/maintenance/dead-letters?limit=99999999999999999999', 'limit'],
      ['/maintenance/dead-letters?limit=1.5', 'limit'],
      ['/llm/webhooks/x/deliveries?before=99999999999999999999', 'before'],
      ['/llm/events?limit=99999999999999999999', 'limit'],
      ['/llm/events?since=2024-13-45T00:00:00Z', 'since'],
      ['/llm/events?types=a,b,c,' + 'x,'.repeat(60), 'types'],
    ];
    for (const [path, param] of cases) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as { error: { param: string } };
      expect(body.error.param, path).toBe(param);
    }
  });
});

describe('recorded answers of group B', () => {
  it('validate against the document', async () => {
    // Analytics and metrics.
    await call('POST', '/v1/chat/completions', {
      model: 'offline',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    await call('POST', '/v1/chat/completions', {
      model: 'offline',
      stream: true,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    await call('POST', '/v1/messages', {
      model: 'offline',
      max_tokens: 64,
      stream: true,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const tool = {
      type: 'function',
      function: {
        name: 'roll_dice',
        description: 'Roll dice',
        parameters: { type: 'object', properties: { sides: { type: 'integer' } }, required: ['sides'] },
      },
    };
    await call('POST', '/v1/chat/completions', {
      model: 'offline',
      stream: true,
      stream_options: { include_usage: true },
      tools: [tool],
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'Roll a d20.' }],
    });
    await call('POST', '/v1/chat/completions', {
      model: 'offline',
      tools: [tool],
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'Roll a d20.' }],
    });
    await call('POST', '/v1/messages', {
      model: 'offline',
      max_tokens: 64,
      stream: true,
      tools: [{ name: 'roll_dice', input_schema: tool.function.parameters }],
      tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: 'Roll a d20.' }],
    });
    await call('GET', '/llm/analytics');
    await call('GET', '/llm/analytics?group_by=model&period=day&since=2020-01-01');
    await call('GET', '/llm/analytics/report');
    await call('GET', '/metrics');
    await call('GET', '/metrics/detailed');
    await call('GET', '/llm/analytics?since=99999999999999999999');

    // A world, a session and a turn to steer the maintenance queue with.
    const world = await call('POST', '/worlds', { name: 'Brackwater', description: 'A fen of stilt towns.' });
    const worldId = idOf(world);
    const session = await call('POST', `/worlds/${worldId}/sessions`, {});
    const sessionId = idOf(session);
    await call('POST', `/sessions/${sessionId}/turns`, { input: 'I light a lantern.' });
    await call('GET', '/maintenance/queue-status');
    const analysis = await call('POST', '/maintenance/trigger-analysis', {
      session_id: sessionId,
      force: true,
    });
    expect(analysis.status).toBe(202);
    await call('GET', `/maintenance/tasks/${idOf(analysis)}`);
    const simulation = await call('POST', '/maintenance/trigger-simulation', { world_id: worldId });
    expect(simulation.status).toBe(202);
    await call('GET', '/maintenance/dead-letters?limit=5');
    await call('POST', '/maintenance/dead-letters/no-such-task/retry');
    await call('GET', '/maintenance/tasks/no-such-task');
    await call('POST', '/maintenance/trigger-analysis', { session_id: sessionId, turn_number: 0 });

    // Prompts: versions, previews, a run and its feedback, stats.
    await call('GET', '/llm/prompts');
    const created = await call('POST', '/llm/prompts', {
      name: 'tour.greeting',
      description: 'A greeting at the gate',
      variables: { name: { type: 'string' } },
      sample: { name: 'Wenna' },
      user: 'Greet {{ name }} at the gate.',
      ab: [
        { name: 'plain', weight: 1 },
        { name: 'warm', weight: 1, user: 'Greet {{ name }} warmly at the gate.' },
      ],
    });
    expect(created.status).toBe(201);
    const json = await call('POST', '/llm/prompts', {
      name: 'tour.verdict',
      output: 'json',
      json_schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
      user: 'Answer {"ok": true}.',
      activate: true,
    });
    expect(json.status).toBe(201);
    await call('GET', '/llm/prompts/tour.greeting');
    await call('POST', '/llm/prompts/tour.greeting/activate', { version: 1 });
    await call('POST', '/llm/prompts/tour.greeting/render', { sample: true, session_id: 's-1' });
    await call('POST', '/llm/prompts/narrator/render', { sample: true, budget_tokens: 4000 });
    const completion = await call('POST', '/llm/prompts/tour.greeting/complete', { sample: true });
    expect(completion.status).toBe(200);
    await call('POST', '/llm/prompts/tour.verdict/complete', {});
    await call('POST', '/llm/feedback', {
      call_id: (completion.body as { call_id: string }).call_id,
      thumbs: 'up',
    });
    await call('POST', '/llm/feedback', { call_id: 'no-such-call', rating: 3 });
    await call('GET', '/llm/prompts/tour.greeting/stats');
    await call('GET', '/llm/prompts/no-such-prompt');
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { deeper: deep };
    const tooDeep = await call('POST', '/llm/prompts/tour.greeting/render', { variables: { name: deep } });
    expect(tooDeep.status).toBe(400);
    expect((tooDeep.body as { error: { param: string } }).error.param).toBe('variables');
    // A declaration of variables is recursive (objects of objects): bounded too.
    let spec: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 20; i++) spec = { type: 'object', properties: { inner: spec } };
    const deepSpec = await call('POST', '/llm/prompts', {
      name: 'tour.deep',
      user: 'x',
      variables: { v: spec },
    });
    expect(deepSpec.status).toBe(400);
    expect((deepSpec.body as { error: { param: string } }).error.param).toBe('variables');

    // The generation endpoints: JSON, SSE, a batch and its report, the status document.
    const generation = await call('POST', '/llm/generate', {
      prompt: 'tour.greeting',
      variables: { name: 'Ola' },
    });
    expect(generation.status).toBe(200);
    await call('POST', '/llm/generate', {
      messages: [{ role: 'user', content: 'Name a river.' }],
      json_schema: { type: 'object', properties: { river: { type: 'string' } }, required: ['river'] },
    });
    const streamed = await call('POST', '/llm/generate', {
      messages: [{ role: 'user', content: 'Describe the fen.' }],
      stream: true,
    });
    expect(streamed.type).toBe('text/event-stream');
    expect(parseSse(streamed.body as string).map((event) => event.event)).toContain('done');
    await call('POST', '/llm/generate', { prompt: 'no-such-prompt' });
    const batch = await call('POST', '/llm/batch', {
      items: [{ messages: [{ role: 'user', content: 'One.' }] }, { prompt: 'no-such-prompt' }],
      metadata: { tour: true },
    });
    expect(batch.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      const report = await call('GET', `/llm/batch/${idOf(batch)}`);
      if ((report.body as { status: string }).status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recorded.at(-1)!.body).toMatchObject({
      status: 'completed',
      progress: { succeeded: 1, failed: 1 },
    });
    await call('GET', '/llm/batch/no-such-batch');
    await call('GET', '/llm/status');

    // Content: each type's document, a stream, a job, a validation; unknown types.
    const npc = await call('POST', '/content/npc', { occupation: 'ferryman', world_id: worldId });
    expect(npc.status).toBe(200);
    await call('POST', '/content/item', { rarity: 'rare' });
    await call('POST', '/content/encounter', { stream: true, difficulty: 'easy' });
    const job = await call('POST', '/content/location', { async: true, kind: 'ford' });
    expect(job.status).toBe(202);
    await call('GET', `/jobs/${idOf(job)}`);
    await call('GET', '/jobs/no-such-job');
    await call('POST', '/content/validate', {
      type: 'npc',
      content: (npc.body as { content: Record<string, unknown> }).content,
    });
    await call('POST', '/content/dragon', {});
    // A prompt version that does not exist: 404 naming it, and in a stream an error event saying so.
    const noVersion = await call('POST', '/content/npc', { version: 999_999 });
    expect(noVersion.status).toBe(404);
    expect((noVersion.body as { error: { code: string } }).error.code).toBe('version_not_found');
    const noVersionStream = await call('POST', '/content/npc', { version: 999_999, stream: true });
    expect(parseSse(noVersionStream.body as string)).toContainEqual({
      event: 'error',
      data: { error: expect.objectContaining({ code: 'version_not_found' }) },
    });
    await call('POST', '/content/npc', { rarity: 'rare' });

    // Events: in, and the stored log.
    await call('POST', '/llm/events', {
      id: 'tour-1',
      type: 'world.event',
      world_id: worldId,
      data: { what: 'flood' },
    });
    await call('POST', '/llm/events', { events: [{ type: 'tour.custom', data: {} }] });
    await call('GET', `/llm/events?world_id=${worldId}&limit=5`);
    await call('GET', '/llm/events?since=2020-01-01T00:00:00Z&types=llm.*&direction=out');
    await call('GET', '/llm/events?since=no-such-event');

    // Webhooks (their deliveries need a receiver; the list and the refusals suffice here).
    const hook = await call('POST', '/llm/webhooks', { url: 'http://127.0.0.1:9/hook', types: ['quest.*'] });
    await call('GET', '/llm/webhooks');
    if (hook.status === 201) {
      await call('GET', `/llm/webhooks/${idOf(hook)}`);
      await call('PATCH', `/llm/webhooks/${idOf(hook)}`, { active: false });
      await call('GET', `/llm/webhooks/${idOf(hook)}/deliveries?limit=5`);
      await call('DELETE', `/llm/webhooks/${idOf(hook)}`);
    }

    const failures: string[] = [];
    for (const entry of recorded) {
      const template = templateOf(entry.path);
      const operation = template && doc.paths[template]?.[entry.method.toLowerCase()];
      if (!operation) {
        failures.push(`${entry.method} ${entry.path}: not in the document`);
        continue;
      }
      if (entry.type === 'text/event-stream' || entry.type === 'text/plain') {
        if (!responseSchema(operation, entry.status, entry.type))
          failures.push(`${entry.method} ${template} ${entry.status}: ${entry.type} not documented`);
        if (entry.type === 'text/event-stream') {
          const events = parseSse(entry.body as string);
          const schema = sseEventSchema(operation);
          if (schema) {
            const validate = ajv.compile({ ...schema, components: doc.components });
            for (const event of events)
              if (!validate(event))
                failures.push(
                  `${entry.method} ${template} SSE ${JSON.stringify(event).slice(0, 200)}: ${ajv.errorsText(validate.errors)}`,
                );
          }
        }
        continue;
      }
      const schema = responseSchema(operation, entry.status, 'application/json');
      if (!schema) {
        failures.push(`${entry.method} ${template} ${entry.status}: no schema for this status`);
        continue;
      }
      const validate = ajv.compile({ ...schema, components: doc.components });
      if (!validate(entry.body))
        failures.push(`${entry.method} ${template} ${entry.status}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
    expect(recorded.filter((entry) => entry.status < 300).length).toBeGreaterThan(10);
    expect(recorded.filter((entry) => entry.status >= 400).length).toBeGreaterThan(3);
  }, 300_000);
});

/** A stream's events: `{event, data}` with data parsed when it is JSON (`[DONE]` stays a string). */
function parseSse(text: string): Array<{ event: string | null; data: unknown }> {
  const events: Array<{ event: string | null; data: unknown }> = [];
  for (const block of text.split(/\n\n+/)) {
    let event: string | null = null;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) continue;
    const joined = data.join('\n');
    let value: unknown = joined;
    try {
      value = JSON.parse(joined);
    } catch {}
    events.push({ event, data: value });
  }
  return events;
}

/**
 * The schema of one server-sent event, when the document gives one (`x-sse-events` on the stream's
 * schema: `{event, data}` as parsed above).
 */
function sseEventSchema(operation: Operation): object | undefined {
  const schema = operation.responses['200']?.content?.['text/event-stream']?.schema as
    | { 'x-sse-events'?: object }
    | undefined;
  return schema?.['x-sse-events'];
}

/**
 * The OpenAPI document is the API: every registered route is in it (nothing hidden, no exceptions),
 * each with its scope, and the answers of a scripted tour of the API validate against the schemas it
 * gives for their status (with ajv, as a client generator would read them). `/docs` serves Swagger UI
 * from this server's own files.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { templateOf as matchTemplate, responseSchema } from '../support/openapi-document.js';

interface Operation {
  operationId: string;
  'x-loremaster-scope': string;
  'x-loremaster-websocket'?: boolean;
  security: unknown[];
  responses: Record<string, { description?: string; content?: Record<string, { schema: object }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
}

let server: TestServer;
let doc: Document;

beforeAll(async () => {
  server = await startLoremaster();
  const response = await fetch(`${server.url}/openapi.json`);
  expect(response.status).toBe(200);
  doc = (await response.json()) as Document;
}, 120_000);
afterAll(() => server.stop());

/** `/worlds/:id` → `/worlds/{id}`, `/v1/models/*` → `/v1/models/{*}` (how the document names paths). */
function documentPath(url: string): string {
  return url.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/\*$/, '{*}');
}

/** The document's path template matching a concrete path, literal segments first. */
const templateOf = (path: string) => matchTemplate(Object.keys(doc.paths), path);

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

interface Recorded {
  method: string;
  path: string;
  status: number;
  body: unknown;
}
const recorded: Recorded[] = [];
/** Answers streamed as server-sent events: the document must offer text/event-stream for their status. */
const streamed: Recorded[] = [];

async function call(method: string, path: string, body?: unknown): Promise<Recorded> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const entry = {
    method,
    path: path.split('?')[0]!,
    status: response.status,
    body: type.includes('json') && text ? JSON.parse(text) : text,
  };
  if (type.includes('application/json')) recorded.push(entry);
  if (type.includes('text/event-stream')) streamed.push(entry);
  return entry;
}

describe('the document', () => {
  it('is OpenAPI 3.1 with every registered route in it, each with its scope and security', () => {
    expect(doc.openapi).toBe('3.1.0');
    const missing: string[] = [];
    for (const route of server.app.registeredRoutes) {
      const operation = doc.paths[documentPath(route.url)]?.[route.method.toLowerCase()];
      if (!operation) {
        missing.push(`${route.method} ${route.url}`);
        continue;
      }
      expect(operation['x-loremaster-scope']).toBe(route.scope);
      expect(operation.security).toEqual(route.scope === 'public' ? [] : [{ bearer: [] }, { apiKey: [] }]);
    }
    expect(missing).toEqual([]);
    // And nothing is documented that is not served.
    const served = new Set(server.app.registeredRoutes.map((r) => `${r.method} ${documentPath(r.url)}`));
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.filter((operation) => !served.has(operation))).toEqual([]);
  });

  it('gives every operation a unique id (client generators name methods after them)', () => {
    const ids = Object.values(doc.paths).flatMap((operations) =>
      Object.values(operations).map((operation) => operation.operationId),
    );
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/**
 * Operations whose success is not a JSON or SSE body, and why. Each is `METHOD path` (a HEAD goes with
 * its GET). WebSocket routes (`x-loremaster-websocket`) are left out too: their messages are not an
 * HTTP answer (each documents them in its description).
 */
const NOT_JSON: Record<string, string> = {
  'GET /docs': 'the API explorer: an HTML page',
  'GET /docs/static/{file}': "the explorer's CSS, JavaScript and icon",
  'GET /': 'the web dashboard: an HTML page',
  'GET /dashboard/assets/{file}': "the dashboard's bundled JavaScript and CSS",
  'GET /metrics': 'Prometheus text exposition (text/plain), documented as such',
  'GET /llm/analytics/report': 'a plain-text report (text/plain), documented as such',
  'GET /images/{id}':
    "a picture's bytes (PNG, JPEG, WebP or SVG); its answer is not described yet (src/api/routes/images.ts)",
  'POST /content/{type}':
    'a content type with no route of its own: it only ever answers 404 content_type_not_found',
  'GET /slots': "llama-server's endpoint Loremaster does not serve: it only ever answers 501",
  'POST /infill': "llama-server's endpoint Loremaster does not serve: it only ever answers 501",
  'POST /apply-template': "llama-server's endpoint Loremaster does not serve: it only ever answers 501",
  'POST /slots/{id_slot}': "llama-server's endpoint Loremaster does not serve: it only ever answers 501",
  'POST /props': "llama-server's endpoint Loremaster does not serve: it only ever answers 501",
  'POST /api/push': "Ollama's endpoint Loremaster does not serve: it only ever answers 501",
  'POST /api/create': "Ollama's endpoint Loremaster does not serve: it only ever answers 501",
  'POST /api/copy': "Ollama's endpoint Loremaster does not serve: it only ever answers 501",
  'DELETE /api/delete': "Ollama's endpoint Loremaster does not serve: it only ever answers 501",
};

describe('success answers', () => {
  it('every operation describes its success: a JSON or SSE schema, or a 204 without a body', () => {
    const undescribed: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(operations)) {
        const key = `${method === 'head' ? 'GET' : method.toUpperCase()} ${path}`;
        const websocket = operation['x-loremaster-websocket'] ?? operations.get?.['x-loremaster-websocket'];
        if (websocket || key in NOT_JSON) continue;
        const described = Object.entries(operation.responses).some(
          ([status, response]) =>
            /^2\d\d$/.test(status) &&
            (status === '204' ||
              response.content?.['application/json'] !== undefined ||
              response.content?.['text/event-stream'] !== undefined),
        );
        if (!described) undescribed.push(`${method.toUpperCase()} ${path}`);
      }
    expect(undescribed).toEqual([]);
  });
});

describe('recorded answers', () => {
  it('validate against the document', async () => {
    await call('GET', '/health/live');
    await call('GET', '/health/ready');
    await call('GET', '/health');
    await call('GET', '/v1/models');
    await call('GET', '/v1/models/offline');
    await call('GET', '/v1/models/no-such-model');
    await call('POST', '/v1/chat/completions', {
      model: 'offline',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    await call('POST', '/v1/chat/completions', { model: 'offline' });
    await call('POST', '/v1/messages', {
      model: 'offline',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    await call('POST', '/v1/messages', { model: 'offline' });
    await call('POST', '/v1/messages/count_tokens', {
      model: 'offline',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    await call('POST', '/v1/responses', { model: 'offline', input: 'Hi', instructions: 'Be brief.' });
    await call('POST', '/v1/responses', {
      model: 'offline',
      input: [{ role: 'user', content: 'Roll a d20.' }],
      tools: [{ type: 'function', name: 'roll', parameters: { type: 'object', properties: {} } }],
      tool_choice: 'required',
      stream: true,
    });
    await call('POST', '/v1/responses', { model: 'offline', input: 'Hi', tools: [{ type: 'web_search' }] });
    await call('GET', '/v1/responses/resp_1');
    await call('POST', '/v1/completions', { model: 'offline', prompt: 'Once', max_tokens: 20, logprobs: 1 });
    await call('POST', '/v1/completions', { model: 'offline', prompt: ['Once'], echo: true, stream: true });
    await call('POST', '/v1/completions', { model: 'offline', prompt: 'Once', suffix: 'end' });
    await call('POST', '/v1/embeddings', { model: 'embedding', input: 'a lantern' });
    const world = await call('POST', '/worlds', { name: 'Saltmarsh', description: 'A delta of reed towns.' });
    const worldId = (world.body as { id: string }).id;
    await call('GET', '/worlds');
    await call('GET', `/worlds/${worldId}`);
    await call('GET', '/worlds/no-such-world');
    const entity = await call('POST', `/worlds/${worldId}/entities`, {
      type: 'character',
      name: 'Wenna Reedhand',
      description: 'The ferrywoman of the Drowned Steps.',
    });
    const entityId = (entity.body as { id: string }).id;
    await call('GET', `/worlds/${worldId}/entities`);
    await call('GET', `/worlds/${worldId}/entities/${entityId}`);
    await call('PATCH', `/worlds/${worldId}/entities/${entityId}`, { description: 'She poles the ferry.' });
    await call('GET', `/worlds/${worldId}/entities/${entityId}/versions`);
    await call('GET', `/worlds/${worldId}/entities/${entityId}/knowledge`);
    await call('POST', `/worlds/${worldId}/search`, { query: 'ferry' });
    await call('POST', `/worlds/${worldId}/search`, { q: 'ferry', k: 3 });
    const session = await call('POST', `/worlds/${worldId}/sessions`, {});
    const sessionId = (session.body as { id: string }).id;
    await call('POST', `/sessions/${sessionId}/turns`, { input: 'I ask Wenna for passage.' });
    await call('POST', `/sessions/${sessionId}/turns`, {
      input: 'x',
      state: { player: { hp: 'y'.repeat(70_000) } },
    });
    await call('POST', `/sessions/${sessionId}/turns`, { input: 'I step aboard.', stream: true });
    await call('GET', `/sessions/${sessionId}`);
    await call('GET', `/sessions/${sessionId}?after=99999999999999999999`);
    await call('GET', `/worlds/${worldId}/export`);
    await call('GET', `/worlds/${worldId}/export?format=lorebook-v3`);
    await call('GET', `/worlds/${worldId}/entities/${entityId}/knowledge?session_id=${sessionId}`);
    await call('PATCH', `/worlds/${worldId}/entities/${entityId}?session_id=${sessionId}`, {
      note: 'In this play-through she owes the player a crossing.',
    });
    await call('POST', `/sessions/${sessionId}/promote`, { all: true });
    await call('POST', `/sessions/${sessionId}/promote`, {});
    await call('PATCH', `/sessions/${sessionId}`, {
      state: { tide: 'low' },
      notes: { add: ['Wenna owes a crossing'] },
    });
    await call('PATCH', `/worlds/${worldId}`, {
      theme: { genre: 'river fantasy' },
      settings: { player: { name: 'Tam' } },
    });
    await call('PATCH', `/worlds/${worldId}`, { settings: { player: { name: 'T'.repeat(201) } } });
    await call('GET', `/worlds/${worldId}/sessions`);
    await call('GET', `/llm/context/narrator?session_id=${sessionId}&input=I%20wave`);
    await call('GET', '/llm/context/narrator?sample=true');
    await call('GET', `/llm/context/narrator?session_id=${sessionId}&turn=99999999999999`);
    await call('POST', `/sessions/${sessionId}/dialogue`, {
      character_id: entityId,
      said: 'Will you take me?',
    });
    await call('GET', '/health?deep=true');
    await call('POST', '/worlds', { name: 'Too deep', settings: { player: { name: 'n'.repeat(201) } } });
    const imported = await call('POST', '/worlds/import?name=Imported%20lorebook', {
      entries: { '0': { uid: 0, key: ['ferry'], content: 'The ferry crosses at dawn.', comment: 'Ferry' } },
    });
    const importedId = (imported.body as { id: string }).id;
    const spare = await call('POST', `/worlds/${importedId}/sessions`, { metadata: { notes: ['a note'] } });
    await call('DELETE', `/sessions/${(spare.body as { id: string }).id}`);
    await call('DELETE', `/worlds/${importedId}`);
    const conversation = await call('POST', '/llm/conversation', {});
    const conversationId = (conversation.body as { id: string }).id;
    await call('POST', `/llm/conversation/${conversationId}/message`, { content: 'Hello there' });
    await call('POST', `/llm/conversation/${conversationId}/message`, { content: 'And again', stream: true });
    await call('GET', `/llm/conversation/${conversationId}`);
    await call('GET', `/llm/conversation/${conversationId}?after=99999999999999999999`);
    await call('GET', '/llm/conversations');
    await call('GET', '/llm/conversations?metadata.campaign=saltmarsh&limit=5');
    await call('GET', '/llm/conversations?colour=blue');
    await call('GET', '/llm/conversations/search?q=hello');
    const other = await call('POST', '/llm/conversation', {
      title: 'Ferry talk',
      world_id: worldId,
      session_id: sessionId,
      metadata: { campaign: 'saltmarsh' },
    });
    await call('DELETE', `/llm/conversation/${(other.body as { id: string }).id}`);
    await call('GET', '/llm/prompts');
    await call('GET', '/llm/events');
    await call('GET', '/llm/analytics');
    await call('GET', '/metrics/detailed');
    await call('GET', '/maintenance/queue-status');
    await call('GET', '/maintenance/dead-letters');
    const theme = await call('POST', '/themes', { name: 'Grimdark' });
    await call('GET', '/themes');
    await call('GET', `/themes/${(theme.body as { id: string }).id}`);
    await call('GET', '/jobs/no-such-job');

    const failures: string[] = [];
    for (const entry of recorded) {
      const template = templateOf(entry.path);
      const operation = template && doc.paths[template]?.[entry.method.toLowerCase()];
      if (!operation) {
        failures.push(`${entry.method} ${entry.path}: not in the document`);
        continue;
      }
      const schema = responseSchema(operation, entry.status);
      if (!schema) {
        failures.push(`${entry.method} ${template} ${entry.status}: no schema for this status`);
        continue;
      }
      const validate = ajv.compile({ ...schema, components: doc.components });
      if (!validate(entry.body))
        failures.push(`${entry.method} ${template} ${entry.status}: ${ajv.errorsText(validate.errors)}`);
    }
    for (const entry of streamed) {
      const template = templateOf(entry.path);
      const operation = template && doc.paths[template]?.[entry.method.toLowerCase()];
      const response = operation ? operation.responses[String(entry.status)] : undefined;
      if (!response?.content?.['text/event-stream'])
        failures.push(`${entry.method} ${template} ${entry.status}: no text/event-stream answer documented`);
    }
    expect(failures).toEqual([]);
    // The tour reached far into the API, successes and errors both.
    expect(recorded.filter((entry) => entry.status < 300).length).toBeGreaterThan(30);
    expect(recorded.filter((entry) => entry.status >= 400).length).toBeGreaterThan(3);
    expect(streamed.length).toBeGreaterThan(0);
  }, 300_000);
});

describe('/docs', () => {
  it('serves Swagger UI over /openapi.json from local files, no CDN', async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain("url: '/openapi.json'");
    expect(html).not.toMatch(/https?:\/\//);
    for (const src of html.match(/\/docs\/static\/[\w.-]+/g) ?? []) {
      const asset = await fetch(`${server.url}${src}`);
      expect(asset.status, src).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await fetch(`${server.url}/docs/static/..%2Fpackage.json`)).status).toBe(400);
  });
});

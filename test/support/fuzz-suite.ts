/**
 * The fuzz suite (test/api/fuzz.test.ts on SQLite, test/api/fuzz-postgres.test.ts on PostgreSQL):
 * no input makes a 5xx, and every error has the one shape (issue 15, points 1 and 2).
 *
 * A real server; its own /openapi.json says what every operation takes. fast-check generates requests
 * for every operation from those schemas, valid-ish and broken (see test/support/openapi-arbitraries.ts),
 * with a fixed seed and a bounded number of runs. Then a corpus of known-bad inputs
 * (test/fixtures/bad-inputs.ts), each with the 4xx it must get. For every answer:
 *   - no status ≥ 500 but the documented upstream ones (502/503/504 with their codes);
 *   - every 4xx has a JSON body in the documented shape (Anthropic's on /v1/messages, KoboldCpp's on
 *     /api/v1 and /api/extra, Ollama's on the rest of /api);
 *   - no answer takes more than a few seconds; no stack trace, no configured secret in any body;
 * and /health still answers 200 quickly at the end. The WebSocket routes get junk messages too: every
 * message back is JSON, every error in the shape, and a socket ends with a close code, never torn down.
 *
 * FUZZ_RUNS (runs per operation, default 8) and FUZZ_SEED change the search; a failure prints the seed
 * and the request that failed.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BAD_INPUTS } from '../fixtures/bad-inputs.js';
import { startLoremaster, type TestServer } from './loremaster.js';
import { type FuzzRequest, type Operation, operationsOf, requestFor } from './openapi-arbitraries.js';

const DEFAULT_RUNS = Number(process.env.FUZZ_RUNS ?? 8);
let RUNS = DEFAULT_RUNS;
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
/** Longest an answer may take on a loaded 2-core machine (a few seconds, not a stall). */
const SLOW_MS = 8_000;

const CLIENT_KEY = 'lm-fuzz-client-key-5d1e9a';
const VENDOR_KEY = 'sk-fuzz-vendor-secret-8c2f4b7e0a';
const SECRETS = [CLIENT_KEY, VENDOR_KEY];

/** 5xx answers the API documents (upstream and storage failures), by code. */
const DOCUMENTED_5XX: Record<number, string[]> = {
  // Endpoints Loremaster does not serve: llama-server's (/slots, /infill, /apply-template…) and
  // Ollama's model management (push, create, copy, delete).
  501: ['not_supported'],
  502: ['upstream_network', 'upstream_bad_response', 'upstream_auth_failed', 'upstream_unavailable'],
  503: [
    'upstream_unavailable',
    'provider_not_configured',
    'database_unavailable',
    'overloaded',
    'circuit_open',
  ],
  504: ['upstream_timeout'],
};

let server: TestServer;
let operations: Operation[];
const ids: Record<string, string[]> = {};

interface Answer {
  status: number;
  text: string;
  ms: number;
  contentType: string;
}

async function send(request: {
  method: string;
  url: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  noAuth?: boolean;
}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${server.url}${request.url}`, {
    method: request.method,
    headers: {
      ...(!request.noAuth && { authorization: `Bearer ${CLIENT_KEY}` }),
      ...(request.contentType !== undefined && { 'content-type': request.contentType }),
      ...request.headers,
    },
    ...(request.body !== undefined && { body: request.body }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    ms: performance.now() - started,
    contentType: response.headers.get('content-type') ?? '',
  };
}

/** A raw request on a socket: what fetch would not send (broken framing, huge headers). */
function sendRaw(raw: string, auth = true): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 30 s'));
    }, 30_000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      resolve({
        status: Number(head.split(' ')[1]),
        text: text.slice(split + 4),
        ms: performance.now() - started,
        contentType: /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '',
      });
    });
    socket.write(auth ? raw.replace('\r\n', `\r\nAuthorization: Bearer ${CLIENT_KEY}\r\n`) : raw);
    // A request that closes nothing: end our side after a moment so the server can answer and close.
    setTimeout(() => socket.end(), 1_000);
  });
}

interface Problem {
  request: string;
  status: number;
  why: string;
  body: string;
}

/** Everything wrong with one answer (empty: it is clean). */
function problemsOf(method: string, url: string, answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.ms > SLOW_MS) problems.push(`took ${Math.round(answer.ms)} ms`);
  for (const secret of SECRETS) if (answer.text.includes(secret)) problems.push('a secret in the body');
  if (/\bat [^\n]*\.(ts|js|mjs|cjs):\d+/.test(answer.text) || answer.text.includes('node_modules'))
    problems.push('a stack trace in the body');
  if (answer.status < 400 || method === 'HEAD') return problems;
  let body: { error?: Record<string, unknown>; type?: string } | undefined;
  try {
    body = JSON.parse(answer.text);
  } catch {
    problems.push(`a ${answer.status} without a JSON body`);
    return problems;
  }
  if (!/application\/json/.test(answer.contentType)) problems.push(`content-type ${answer.contentType}`);
  const error = body?.error;
  if (/^\/+api\/+(?:v1|extra)(?:[/?]|$)/.test(url)) {
    // KoboldCpp's shape: `{detail: {msg, type}}`.
    const detail = (body as { detail?: { msg?: unknown; type?: unknown } } | undefined)?.detail;
    if (Object.keys(body ?? {}).join() !== 'detail' || typeof detail?.msg !== 'string' || !detail.msg)
      problems.push('not in KoboldCpp’s error shape');
    if (typeof detail?.type !== 'string') problems.push('a KoboldCpp error without its type');
    if (answer.status >= 500 && !DOCUMENTED_5XX[answer.status]?.includes(String(detail?.type)))
      problems.push(`an undocumented ${answer.status}`);
    return problems;
  }
  if (/^\/+api(?:[/?]|$)/.test(url)) {
    // Ollama's shape: `{error: message}` and nothing else; it carries no code, so a 5xx is judged by
    // its status: only the upstream's (502, 503, 504) are documented.
    const message = (body as { error?: unknown } | undefined)?.error;
    if (Object.keys(body ?? {}).join() !== 'error' || typeof message !== 'string' || message.length === 0)
      problems.push('not in Ollama’s error shape');
    if (answer.status >= 500 && !(answer.status in DOCUMENTED_5XX))
      problems.push(`an undocumented ${answer.status}`);
    return problems;
  }
  if (/^\/+v1\/+messages(?:[/?]|$)/.test(url)) {
    if (body?.type !== 'error' || typeof error?.type !== 'string' || typeof error?.message !== 'string')
      problems.push('not in Anthropic’s error shape');
  } else if (
    !error ||
    Object.keys(error).sort().join() !== 'code,message,param,type' ||
    typeof error.message !== 'string' ||
    error.message.length === 0 ||
    typeof error.type !== 'string'
  ) {
    problems.push('not in the documented error shape');
  }
  if (answer.status >= 500) {
    const code = String(error?.code ?? error?.type ?? '');
    if (!DOCUMENTED_5XX[answer.status]?.includes(code))
      problems.push(`an undocumented ${answer.status} (${code})`);
  }
  return problems;
}

async function json(method: string, url: string, body?: unknown) {
  const answer = await send({
    method,
    url,
    ...(body !== undefined && { body: JSON.stringify(body), contentType: 'application/json' }),
  });
  return { status: answer.status, body: answer.text ? JSON.parse(answer.text) : undefined };
}

/** A database of the suite's own (PostgreSQL); without one, the test server's SQLite file. */
export interface FuzzDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Defines the suite in the calling test file: one server, the generated requests, the sockets, the corpus. */
export function defineFuzzSuite(
  options: { database?: () => Promise<FuzzDatabase>; runs?: number } = {},
): void {
  let database: FuzzDatabase | undefined;
  beforeAll(async () => {
    if (options.runs !== undefined && process.env.FUZZ_RUNS === undefined) RUNS = options.runs;
    database = options.database ? await options.database() : undefined;
    const databaseUrl = database?.url ?? process.env.FUZZ_DATABASE_URL;
    server = await startLoremaster({
      env: {
        OPENAI_API_KEY: VENDOR_KEY,
        LOREMASTER_API_KEYS: CLIENT_KEY,
        ...(databaseUrl && { DATABASE_URL: databaseUrl }),
      },
      config: {
        providers: {
          offline: { type: 'offline' },
          // A vendor that is configured (its key is a secret to keep) and unreachable: port 1 refuses.
          openai: { type: 'openai', base_url: 'http://127.0.0.1:1/v1', timeout_ms: 2_000 },
        },
        gateway: { resilience: { retries: 0, offline_fallback: false } },
        narrative: { simulation_every_turns: 0 },
      },
    });
    const doc = (await json('GET', '/openapi.json')).body;
    operations = operationsOf(doc);
    // Real things for the ids to find: a world, a session, an entity, a prompt, a theme, a webhook.
    const world = await json('POST', '/worlds', {
      name: 'Fuzzed Vale',
      settings: { player: { name: 'Aren' } },
    });
    const session = await json('POST', `/worlds/${world.body.id}/sessions`, {});
    const entity = await json('POST', `/worlds/${world.body.id}/entities`, {
      type: 'character',
      name: 'Mira',
    });
    const prompt = await json('POST', '/llm/prompts', {
      name: 'fuzz_hello',
      user: 'Hello {{ name }}.',
      variables: { name: { type: 'string' } },
      sample: { name: 'Aren' },
    });
    const theme = await json('POST', '/themes', { name: 'Fuzz noir', tone: 'bleak' });
    ids.id = [world.body.id, session.body.id, 'fuzz_hello', 'narrator', 'offline'];
    ids.entityId = [entity.body.id];
    ids.type = ['narrator', 'turn_analysis', 'dialogue_line', 'character', 'npc', 'quest'];
    ids['*'] = ['offline', 'offline/offline'];
    ids.file = ['swagger-ui.css', 'index.html'];
    ids.deliveryId = ['1'];
    ids.world = [world.body.id];
    ids.session = [session.body.id];
    ids.entity = [entity.body.id];
    ids.prompt = [prompt.body?.id ?? 'fuzz_hello'];
    if (theme.body?.id) ids.id.push(theme.body.id);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  describe('requests generated from the OpenAPI document', () => {
    it('covers every operation the document lists', () => {
      expect(operations.length).toBeGreaterThan(50);
      // Routes the document gives no body schema yet still get junk bodies (see requestFor).
      expect(operations.some((op) => op.hasBody && !op.body)).toBe(true);
    });

    it('no answer is a 5xx that is not documented, each error is in the shape, none is slow', async () => {
      const problems: Problem[] = [];
      const statuses = new Map<number, number>();
      let sent = 0;
      for (const [index, operation] of operations.entries()) {
        // WebSocket routes without an upgrade: a 426, covered by the corpus; a GET here is the same.
        await fc.assert(
          fc.asyncProperty(requestFor(operation, ids), async (request: FuzzRequest) => {
            sent += 1;
            let answer: Answer;
            try {
              answer = await send(request);
            } catch (error) {
              problems.push({
                request: show(request),
                status: 0,
                why: `no answer: ${(error as Error).message}`,
                body: '',
              });
              return;
            }
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            if (process.env.FUZZ_DEBUG && request.note === 'none' && answer.status === 400)
              console.info('DEBUG', show(request).slice(0, 200), answer.text.slice(0, 200));
            for (const why of problemsOf(request.method, request.url, answer))
              problems.push({
                request: show(request),
                status: answer.status,
                why,
                body: answer.text.slice(0, 300),
              });
          }),
          { numRuns: RUNS, seed: SEED + index, endOnFailure: true },
        );
      }
      console.info(
        `fuzz: ${sent} requests over ${operations.length} operations (seed ${SEED}); answers by status:`,
        Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      );
      expect(sent).toBeGreaterThanOrEqual(operations.length * RUNS);
      // The generator reaches past validation: some requests succeed, and many are refused.
      expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
      expect([...statuses.keys()].some((status) => status === 400)).toBe(true);
      expect(problems, `seed ${SEED}: ${JSON.stringify(problems.slice(0, 20), null, 1)}`).toEqual([]);
    }, 240_000);
  });

  function show(request: FuzzRequest): string {
    const body = request.body === undefined ? '' : ` [${request.contentType}] ${request.body.slice(0, 200)}`;
    return `${request.method} ${request.url.slice(0, 300)} (${request.note})${body}`;
  }

  /** Things of the corpus's own (the generated requests may have deleted the first ones). */
  const corpusIds: Record<string, string> = {};

  /** `{world}` and the like in a corpus path, replaced by the ids the corpus made. */
  function fill(path: string): string {
    return path.replace(
      /\{(world|session|entity|prompt|otherSession)\}/g,
      (_, name: string) => corpusIds[name] ?? 'x',
    );
  }

  /** A world with a session and an entity, a prompt, and a session of another world, for the corpus. */
  async function makeCorpusThings(): Promise<void> {
    const world = await json('POST', '/worlds', { name: 'Corpus Vale' });
    const session = await json('POST', `/worlds/${world.body.id}/sessions`, {});
    const entity = await json('POST', `/worlds/${world.body.id}/entities`, {
      type: 'character',
      name: 'Brannoch',
    });
    const prompt = await json('POST', '/llm/prompts', {
      name: 'corpus_hello',
      user: 'Hello {{ name }}.',
      variables: { name: { type: 'string' } },
      sample: { name: 'Aren' },
    });
    const otherWorld = await json('POST', '/worlds', { name: 'Corpus Elsewhere' });
    const otherSession = await json('POST', `/worlds/${otherWorld.body.id}/sessions`, {});
    Object.assign(corpusIds, {
      world: world.body.id,
      session: session.body.id,
      entity: entity.body.id,
      prompt: prompt.body?.id ?? 'corpus_hello',
      otherSession: otherSession.body.id,
    });
  }

  /** Messages no client should send on a socket: broken JSON, deep, huge, binary, prototype keys. */
  const SOCKET_JUNK: Array<string | Buffer> = [
    '',
    '{',
    'null',
    '[]',
    '"turn"',
    '{"type":"turn"}',
    '{"type":"turn","session_id":"nope","input":"look"}',
    '{"type":"turn","session_id":"{session}","input":"","id":7}',
    '{"type":"generate","id":"g1","messages":"hi"}',
    '{"type":"generate","id":"g2","prompt":"nope","variables":{"x":1}}',
    '{"type":"cancel","id":"nothing"}',
    '{"type":"subscribe","types":["*"]}',
    '{"type":"ping","extra":1}',
    '{"__proto__":{"type":"ping"}}',
    '{"constructor":{"prototype":{"type":"ping"}}}',
    `{"type":"turn","session_id":"{session}","input":${JSON.stringify('x'.repeat(5_000))}}`,
    '['.repeat(30_000) + ']'.repeat(30_000),
    Buffer.from([0, 1, 2, 255, 254]),
    '\u0000\u0007',
    '{"type":"ping"}',
  ];
  /** Past the sockets' 64 KiB message limit: sent last (the server then closes with 1009). */
  const OVERSIZED = `{"type":"ping","pad":"${'x'.repeat(70 * 1024)}"}`;

  describe('WebSocket routes take junk messages cleanly', () => {
    for (const path of [
      '/ws/llm/conversation',
      '/ws/llm/stream',
      '/ws/llm/events',
      '/ws/llm/events?last_event_id=-1&types=..&world_id=',
    ]) {
      it(path, async () => {
        const received: string[] = [];
        const socket = new WebSocket(`${server.url.replace('http', 'ws')}${path}`, {
          headers: { authorization: `Bearer ${CLIENT_KEY}` },
        });
        const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
        socket.on('message', (data) => received.push(String(data)));
        socket.on('error', () => {});
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('unexpected-response', (_request, response) =>
            reject(new Error(`HTTP ${response.statusCode}`)),
          );
        });
        const junk = [
          ...SOCKET_JUNK,
          ...fc.sample(fc.oneof(fc.string({ maxLength: 40 }), fc.json({ depthSize: 'small' })), {
            numRuns: 20,
            seed: SEED,
          }),
          OVERSIZED,
        ];
        for (const message of junk) {
          if (socket.readyState !== WebSocket.OPEN) break;
          socket.send(
            typeof message === 'string' ? message.replaceAll('{session}', ids.session?.[0] ?? 'x') : message,
          );
        }
        // Give the server a moment to answer what it read, then end the socket ourselves.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        if (socket.readyState === WebSocket.OPEN) socket.close(1000);
        const code = await Promise.race([
          closed,
          new Promise<number>((resolve) => setTimeout(() => resolve(-1), 10_000)),
        ]);
        // A close code the server chose (1000 normal, 1003/1007/1008/1009 refused data, 4xxx its own), never a torn-down socket.
        expect([1000, 1003, 1005, 1007, 1008, 1009, 4400, 4401, 4403, 4408]).toContain(code);
        // The two request sockets answer what they could not take (the events socket only sends events).
        if (!path.startsWith('/ws/llm/events'))
          expect(received.some((text) => text.includes('"error"'))).toBe(true);
        for (const text of received) {
          expect(SECRETS.some((secret) => text.includes(secret))).toBe(false);
          expect(text).not.toMatch(/\bat [^\n]*\.(ts|js):\d+/);
          const message = JSON.parse(text) as { type?: string; error?: Record<string, unknown> };
          if (message.type === 'error') {
            expect(typeof message.error?.message, text).toBe('string');
            expect(typeof message.error?.code, text).toBe('string');
          }
        }
        const health = await send({ method: 'GET', url: '/health' });
        expect(health.status).toBe(200);
      }, 40_000);
    }
  });

  describe('the same request many times at once', () => {
    // Two creations of one name race to the same row: one wins, the others get a 409, never a 500
    // from a unique constraint.
    const racing: Array<{ name: string; request: () => { method: string; url: string; body?: unknown } }> = [
      {
        name: 'one entity created ten times at once',
        request: () => ({
          method: 'POST',
          url: `/worlds/${corpusIds.world}/entities`,
          body: { type: 'item', name: 'The Racing Lantern' },
        }),
      },
      {
        name: 'one prompt created ten times at once',
        request: () => ({
          method: 'POST',
          url: '/llm/prompts',
          body: {
            name: 'racing_prompt',
            user: 'Hi {{ x }}.',
            variables: { x: { type: 'string' } },
            sample: { x: 'y' },
          },
        }),
      },
      {
        name: 'one theme created ten times at once',
        request: () => ({
          method: 'POST',
          url: '/themes',
          body: { name: 'Racing noir', tone: 'bleak' },
        }),
      },
      {
        name: 'one entity patched ten times at once',
        request: () => ({
          method: 'PATCH',
          url: `/worlds/${corpusIds.world}/entities/${corpusIds.entity}`,
          body: { note: `changed ${Math.random()}`, aliases: ['the racer'] },
        }),
      },
      {
        name: 'one session patched ten times at once',
        request: () => ({
          method: 'PATCH',
          url: `/sessions/${corpusIds.session}`,
          body: { state: { turn: Math.random() }, notes: { add: ['raced'] } },
        }),
      },
      {
        name: 'one event posted ten times at once',
        request: () => ({
          method: 'POST',
          url: '/llm/events',
          body: { id: 'evt_racing_1', type: 'game.tick', data: { n: 1 } },
        }),
      },
    ];
    beforeAll(async () => {
      if (!corpusIds.world) await makeCorpusThings();
    }, 60_000);
    for (const race of racing) {
      it(race.name, async () => {
        const answers = await Promise.all(
          Array.from({ length: 10 }, () => {
            const { method, url, body } = race.request();
            return send({
              method,
              url,
              ...(body !== undefined && { body: JSON.stringify(body), contentType: 'application/json' }),
            });
          }),
        );
        const { method, url } = race.request();
        for (const answer of answers)
          expect(problemsOf(method, url, answer), answer.text.slice(0, 300)).toEqual([]);
        expect(
          answers.some((answer) => answer.status < 300),
          answers.map((a) => a.text.slice(0, 200)).join('\n'),
        ).toBe(true);
      });
    }
  });

  describe('the corpus of known-bad inputs', () => {
    const open: string[] = [];
    beforeAll(async () => {
      if (!corpusIds.world) await makeCorpusThings();
    }, 60_000);
    for (const input of BAD_INPUTS) {
      it(input.name, async () => {
        const answer = input.raw
          ? await sendRaw(input.raw, !input.noAuth)
          : await send({
              method: input.method ?? 'GET',
              url: fill(input.path ?? '/'),
              ...(input.json !== undefined && {
                body: JSON.stringify(input.json),
                contentType: 'application/json',
              }),
              ...(input.body !== undefined && {
                body: input.body,
                contentType: input.contentType ?? 'application/json',
              }),
              ...(input.headers && { headers: input.headers }),
              ...(input.noAuth && { noAuth: true }),
            });
        const url = input.path ?? input.raw?.split(' ')[1] ?? '/';
        expect(problemsOf(input.method ?? 'GET', url, answer), answer.text.slice(0, 300)).toEqual([]);
        const expected = Array.isArray(input.status) ? input.status : [input.status];
        if (input.known && !expected.includes(answer.status)) {
          // A route another engineer is fixing: its present answer is clean (checked above) but not yet right.
          open.push(`${input.name}: ${answer.status} (${input.known})`);
          return;
        }
        expect(expected, `${answer.status} ${answer.text.slice(0, 300)}`).toContain(answer.status);
        if (answer.status >= 400 && !(input.method === 'HEAD')) {
          const error = (JSON.parse(answer.text) as { error: { code?: string; param?: string | null } })
            .error;
          if (input.code) expect(error.code).toBe(input.code);
          if (input.param)
            expect(error.param ?? '', answer.text.slice(0, 300)).toMatch(
              new RegExp(`^${input.param.replaceAll('.', '\\.')}`),
            );
        }
      });
    }

    it('the server is still healthy, and answers /health at once', async () => {
      if (open.length > 0) console.warn(`known cases still open:\n${open.join('\n')}`);
      const started = performance.now();
      const health = await send({ method: 'GET', url: '/health' });
      expect(health.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1_000);
    });
  });
}

/**
 * `loremaster chat` and `loremaster status` as users run them: the package's bin in a real process,
 * talking to a real `loremaster serve` started here (offline provider, and a paced fake upstream to see
 * the answer arrive token by token), stdin driven through a pipe.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type CliProcess, spawnCli } from '../support/cli-process.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';

const BIN = fileURLToPath(new URL('../../bin/loremaster.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'loremaster-chat-'));
const configFile = join(dir, 'loremaster.yaml');
writeFileSync(configFile, stringify({ database: { sqlite_path: join(dir, 'loremaster.db') } }));
const ADMIN_KEY = 'lm-chat-test-admin-key-0123456789';
const READ_KEY = 'lm-chat-test-read-key-0123456789';

let fake: FakeUpstream;
let server: CliProcess;
let url: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** When each piece of stdout arrived (ms since the process started) and what it was. */
  chunks: Array<{ at: number; text: string }>;
}

/** Runs the bin with `input` piped to stdin; resolves when it exits (killed after 30 s). */
function cli(args: string[], input = '', env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOREMASTER_CONFIG: configFile, ...env },
    });
    const run: Run = { code: null, stdout: '', stderr: '', chunks: [] };
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk;
      run.chunks.push({ at: performance.now() - started, text: chunk.toString() });
    });
    child.stderr.on('data', (chunk: Buffer) => {
      run.stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ...run, code });
    });
    child.stdin.end(input);
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function serve(env: Record<string, string>): Promise<{ process: CliProcess; url: string }> {
  const started = spawnCli(['serve', '--port', '0'], { LOREMASTER_CONFIG: configFile, ...env });
  await started.waitForOutput(/listening on http:\/\/\S+/, 20_000);
  return { process: started, url: /listening on (http:\/\/\S+)/.exec(started.output())![1]! };
}

beforeAll(async () => {
  // The demo world, imported into the database the server then serves.
  const imported = await cli(['import', '--demo', '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  // A local OpenAI-compatible server that writes 25 tokens a second.
  fake = await startFakeUpstream({ requireAuth: false, tokensPerSecond: 25, answerWords: 15 });
  const started = await serve({ LLAMA_SERVER_URL: `${fake.url}/v1` });
  server = started.process;
  url = started.url;
}, 60_000);

afterAll(async () => {
  await server?.stop('SIGTERM');
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('loremaster chat with a model', () => {
  it('streams the answer to stdout and leaves on /quit with exit code 0', async () => {
    const run = await cli(
      ['chat', '--url', url],
      'I knock on the door of the Hollow Tower.\n/quit\nnever sent\n',
    );
    expect(run.code, run.stderr).toBe(0);
    // The offline narrator answers about what was said.
    expect(run.stdout).toMatch(/Hollow Tower/);
    expect(run.stderr).toMatch(/chatting with generation on http:\/\/127\.0\.0\.1:\d+/);
    // Nothing after /quit was sent: one reply.
    expect(run.stderr).toMatch(/1 reply from generation, \d+ tokens/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes each token as it comes, not the answer at the end', async () => {
    const run = await cli(
      ['chat', '--url', url, '--model', 'local/fake-model'],
      'Tell me of the old road.\n',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Fake reply to "Tell me of the old" lorem ipsum');
    // 15 words at 25 a second take about 0.6 s upstream: the answer reaches stdout in many pieces
    // spread over that time, the first long before the last.
    const pieces = run.chunks.filter((chunk) => chunk.text.trim() !== '');
    expect(pieces.length).toBeGreaterThanOrEqual(5);
    expect(pieces.at(-1)!.at - pieces[0]!.at).toBeGreaterThan(250);
  });

  it('keeps the conversation: the history goes with the next message, /reset forgets it', async () => {
    const before = fake.stats().byPath['/v1/chat/completions'] ?? 0;
    const run = await cli(
      ['chat', '--url', url, '--model', 'local/fake-model', '--json'],
      'first line\nsecond line\n/reset\nthird line\n',
    );
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.type)).toEqual(['reply', 'reply', 'reply', 'summary']);
    expect(lines[0].content).toContain('Fake reply to "first line"');
    expect(lines[0].usage.total_tokens).toBeGreaterThan(0);
    expect(lines[3]).toMatchObject({ type: 'summary', model: 'local/fake-model', replies: 3 });
    const requests = fake
      .lastRequests()
      .filter((request) => request.path === '/v1/chat/completions')
      .slice(-3) as Array<{ body: { messages: unknown[] } }>;
    expect(fake.stats().byPath['/v1/chat/completions']! - before).toBe(3);
    expect(requests.map((request) => request.body.messages.length)).toEqual([1, 3, 1]);
  });
});

describe('loremaster chat in a world session', () => {
  it('streams the narration, then the panel; /panel shows it again; the session can be resumed', async () => {
    const run = await cli(
      ['chat', '--url', url, '--world', 'Cinderwick', '--player', 'Ada'],
      'I look around the square.\n/panel\n/quit\n',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/playing "Cinderwick", session \S+ as Ada/);
    expect(run.stdout).toMatch(/look around the square/i);
    // Once after the turn, once for /panel.
    expect(run.stdout.match(/── panel ──/g)).toHaveLength(2);
    expect(run.stdout).toMatch(/Location: \S/);
    expect(run.stdout).toMatch(/Actions:\n {2}1\. /);
    const session = /Resume with: loremaster chat --session (\S+)/.exec(run.stderr)?.[1];
    expect(session).toBeTruthy();

    const resumed = await cli(
      ['chat', '--url', url, '--session', session!, '--json'],
      'I order a drink.\n/panel\n',
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    const lines = resumed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.type)).toEqual(['turn', 'panel', 'summary']);
    expect(lines[0]).toMatchObject({ object: 'turn', session_id: session, number: 2 });
    expect(lines[0].narration).toMatch(/order a drink/i);
    expect(lines[1].panel).toEqual(lines[0].panel);
    expect(lines[2]).toMatchObject({ world: 'Cinderwick', session_id: session, turns: 1, last_turn: 2 });
  });

  it('names the worlds it knows when asked for one it does not', async () => {
    const run = await cli(['chat', '--url', url, '--world', 'Atlantis'], 'hello\n');
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`loremaster: no world "Atlantis" on ${url} (known: "Cinderwick")`);
  });
});

describe('loremaster status', () => {
  it('reports health, providers, queues, usage and worlds for people', async () => {
    const run = await cli(['status', '--url', url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^Loremaster at http:\/\/127\.0\.0\.1:\d+: ready \(store ok, migrations ok\), ok/,
    );
    expect(run.stdout).toMatch(/\n {2}generation +offline +ok/);
    expect(run.stdout).toMatch(/\n {2}local +openai-compatible +ok +circuit closed/);
    expect(run.stdout).toMatch(
      /Maintenance queue \(table\): \d+ pending, \d+ processing, \d+ failed, 0 dead letters/,
    );
    expect(run.stdout).toMatch(/Usage today: [1-9]\d* requests/);
    expect(run.stdout).toMatch(/Worlds: 1\n/);
  });

  it('prints one JSON document with --json', async () => {
    const run = await cli(['status', '--url', url, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      object: 'loremaster.status',
      url,
      ready: true,
      checks: { store: 'ok', migrations: 'ok' },
      status: 'ok',
      version: expect.any(String),
      roles: { generation: { provider: 'offline', status: 'ok' } },
      providers: {
        offline: { type: 'offline', status: 'ok', circuit: 'closed' },
        openai: { status: 'down', reason: expect.stringMatching(/OPENAI_API_KEY/) },
      },
      queues: {
        maintenance: {
          backend: 'table',
          dead: 0,
          oldest_pending_age_ms: expect.toBeOneOf([null, expect.any(Number)]),
        },
      },
      cache: { enabled: true },
      budgets: [],
      worlds: { count: 1 },
      unavailable: {},
    });
    expect(report.usage.today.requests).toBeGreaterThan(0);
    expect(report.usage.today.input_tokens).toBeGreaterThan(0);
  });
});

describe('with API keys', () => {
  let keyed: { process: CliProcess; url: string };
  beforeAll(async () => {
    keyed = await serve({ LOREMASTER_API_KEYS: `${ADMIN_KEY}:admin,${READ_KEY}:read` });
  }, 30_000);
  afterAll(async () => {
    await keyed?.process.stop('SIGTERM');
  });

  it('chat takes the key from LOREMASTER_API_KEY, and says what to do without one', async () => {
    const refused = await cli(['chat', '--url', keyed.url], 'hello\n');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /loremaster: the server answered 401 \w+: .*\(pass --api-key or set LOREMASTER_API_KEY\)/,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const run = await cli(['chat', '--url', keyed.url], 'hello\n', { LOREMASTER_API_KEY: ADMIN_KEY });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/hello/i);
  });

  it('status reports what a read key may not see, and no secret', async () => {
    const run = await cli(['status', '--url', keyed.url, '--api-key', READ_KEY, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.ready).toBe(true);
    expect(report.providers.offline.status).toBe('ok');
    expect(report.unavailable.maintenance_queue).toMatch(/^403 /);
    expect(run.stdout).not.toContain(READ_KEY);
    const anonymous = await cli(['status', '--url', keyed.url]);
    // Readiness is public; the rest needs a key, and the report says so.
    expect(anonymous.stdout).toMatch(/ready/);
    expect(anonymous.stdout).toMatch(/\(health unavailable: 401 /);
  });
});

describe('a server that is not there', () => {
  it('is one clean line and exit code 1, for chat and for status', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    for (const args of [['chat'], ['chat', '--world', 'Cinderwick'], ['status'], ['status', '--json']]) {
      const run = await cli([...args, '--url', down], 'hello\n');
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `loremaster: cannot reach Loremaster at ${down}: connection refused (is \`loremaster serve\` running? --url names another server)\n`,
      );
    }
  });

  it('refuses a URL that is not one', async () => {
    const run = await cli(['status', '--url', 'localhost:8080']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^loremaster: --url: expected an http\(s\) URL/);
  });
});

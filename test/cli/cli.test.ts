/** The `loremaster` command as users run it: the package's bin, in a real process. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = 'bin/loremaster.js';
const dir = mkdtempSync(join(tmpdir(), 'loremaster-cli-'));
const SECRET = 'sk-cli-test-secret-987654321';
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return { ...env, ...extra };
}

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: cleanEnv(env) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Starts `loremaster serve` and resolves with its URL once it listens. */
async function serve(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: cleanEnv(env) });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const match = /listening on (http:\/\/\S+)/.exec(output);
    if (match) return { child, url: match[1]!, output: () => output };
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`serve did not start: ${output}`);
}

describe('loremaster config', () => {
  it('prints the effective config with secrets redacted', async () => {
    const { code, stdout } = await cli(['config'], { OPENAI_API_KEY: SECRET, LOREMASTER_PORT: '9123' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/port: 9123/);
    expect(stdout).toMatch(/OPENAI_API_KEY: "\[REDACTED\]"/);
    expect(stdout).not.toContain(SECRET);
  });

  it('saves settings without secrets', async () => {
    const path = join(dir, 'saved.yaml');
    const { code } = await cli(['config', '--save', path], { OPENAI_API_KEY: SECRET });
    expect(code).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/roles:/);
    expect(text).not.toContain(SECRET);
  });

  it('fails at start on a bad value, naming the key, with no stack trace', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'roles:\n  analysis:\n    provider: offline\n    max_tokens: -3\n    temperature: 0\n',
    );
    const { code, stderr } = await cli(['--config', file, 'config']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/roles\.analysis\.max_tokens: .*>0/);
    expect(stderr).not.toMatch(/\n\s+at /);
    const port = await cli(['serve'], { LOREMASTER_PORT: 'abc' });
    expect(port.code).toBe(1);
    expect(port.stderr).toMatch(/server\.port.*LOREMASTER_PORT/);
  });
});

describe('npx loremaster', () => {
  it('runs the package bin from a checkout', async () => {
    const { stdout } = await run('npx', ['--no-install', 'loremaster', 'config'], {
      env: cleanEnv({ LOREMASTER_PORT: '9321' }),
    });
    expect(stdout).toMatch(/port: 9321/);
    // npx and the CLI's modules take seconds to start, and over a minute once on CI's 2 cores with the
    // rest of the suite running.
  }, 120_000);
});

describe('loremaster serve', () => {
  it('serves the OpenAI API on 127.0.0.1 and stops cleanly on SIGTERM', async () => {
    const { child, url } = await serve([]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'none', maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: 'generation',
      messages: [{ role: 'user', content: 'I knock on the door of the Hollow Tower.' }],
    });
    expect(answer.choices[0]?.message.content).toMatch(/Hollow Tower/);
    child.kill('SIGTERM');
    const [exitCode] = await once(child, 'exit');
    expect(exitCode).toBe(0);
  });

  it('refuses to bind beyond loopback without API keys', async () => {
    const { code, stderr } = await cli(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Refusing to listen on 0\.0\.0\.0 without API keys.*LOREMASTER_API_KEYS/);
  });

  it('binds beyond loopback with API keys, requires them, and never logs secrets', async () => {
    const { url, output } = await serve(['--host', '0.0.0.0'], {
      LOREMASTER_API_KEYS: 'game-secret-key',
      OPENAI_API_KEY: SECRET,
      // A closed local port: the call fails at once, and nothing leaves this machine.
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      LOREMASTER_LOG_LEVEL: 'trace',
    });
    const local = url.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${local}/v1/models`)).status).toBe(401);
    const authed = await fetch(`${local}/v1/models`, {
      headers: { authorization: 'Bearer game-secret-key' },
    });
    expect(authed.status).toBe(200);
    // An upstream error path with the vendor key configured.
    const failed = await fetch(`${local}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer game-secret-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(failed.status).toBe(502);
    expect(await failed.text()).not.toContain(SECRET);
    expect(output()).not.toContain(SECRET);
    expect(output()).not.toContain('game-secret-key');
  });
});

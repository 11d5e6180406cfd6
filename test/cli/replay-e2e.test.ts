/** Record a play session through a running server, then `loremaster replay` it with the real CLI. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { startLoremaster } from '../support/loremaster.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'loremaster-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/loremaster.js', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOREMASTER_LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('loremaster replay', () => {
  it('replays a recorded session with no divergence, and finds the first one in an edited cassette', async () => {
    const cassette = join(dir, 'session.jsonl');
    const server = await startLoremaster({ config: { gateway: { replay: { mode: 'record', cassette } } } });
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    for (const [tick, action] of ['I wake in the lighthouse.', 'I climb to the lamp room.'].entries()) {
      await client.chat.completions.create(
        { model: 'generation', messages: [{ role: 'user', content: action }] },
        { headers: { 'x-loremaster-tick': String(tick) } },
      );
    }
    const stream = await client.chat.completions.create({
      model: 'generation',
      messages: [{ role: 'user', content: 'I call out to Mira.' }],
      stream: true,
    });
    for await (const _ of stream) void _;
    // Model `offline`: its embeddings go through the gateway and its cassette (model `embedding` is
    // world memory's own embedder, which answers in the server's process).
    await client.embeddings.create({ model: 'offline', input: 'the lamp room' });
    await server.stop();

    const lines = readFileSync(cassette, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'chat', model: 'generation', meta: { tick: 0 } });

    const same = await cli(['replay', cassette, '--out', join(dir, 'again.jsonl')]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/4 of 4/);

    const edited = join(dir, 'edited.jsonl');
    const second = JSON.parse(lines[1]!);
    second.response.result.text = 'Something else happened.';
    writeFileSync(edited, [lines[0], JSON.stringify(second), ...lines.slice(2)].join('\n') + '\n');
    const diverged = await cli(['replay', edited, '--out', join(dir, 'again2.jsonl')]);
    expect(diverged.code).toBe(1);
    expect(diverged.stdout + diverged.stderr).toMatch(/response\.result\.text/);
  }, 90_000);
  it('reports no divergence when the cache answered repeated calls of the recorded session', async () => {
    const cassette = join(dir, 'cached.jsonl');
    const server = await startLoremaster({ config: { gateway: { replay: { mode: 'record', cassette } } } });
    const post = async (body: object, headers: Record<string, string> = {}) => {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'generation', ...body }),
      });
      expect(response.status).toBe(200);
      return response.headers.get('x-loremaster-cache');
    };
    const same = { temperature: 0, messages: [{ role: 'user', content: 'I ring the chapel bell.' }] };
    const sampled = { temperature: 0.9, messages: [{ role: 'user', content: 'I open the crypt.' }] };
    expect(await post(same)).toBe('miss'); // recorded
    expect(await post(same)).toBe('hit'); // the cache answered: never reached the cassette
    expect(await post(same, { 'x-loremaster-cache': 'off' })).toBe('skip'); // recorded again
    expect(await post(sampled, { 'x-loremaster-cache': 'force' })).toBe('miss'); // recorded
    expect(await post(sampled, { 'x-loremaster-cache': 'force' })).toBe('hit');
    expect(await post(sampled)).toBe('skip'); // recorded
    await server.stop();
    expect(readFileSync(cassette, 'utf8').trim().split('\n')).toHaveLength(4);

    const replayed = await cli(['replay', cassette, '--out', join(dir, 'cached-again.jsonl')]);
    expect(replayed.stdout).toMatch(/4 of 4/);
    expect(replayed.stdout).toMatch(/no divergence/);
    expect(replayed.code).toBe(0);
  }, 90_000);
});

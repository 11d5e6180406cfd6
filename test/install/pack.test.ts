/**
 * The package as users get it: `npm pack` (which runs `prepare`, the build), the tarball installed in an
 * empty folder from the registry (`npm install <tarball>`: production dependencies only, native modules
 * built for this Node, no `prepare`), then `npx loremaster serve` there on a free port: ready, and an
 * offline chat completion answers. The tarball holds what runs (bin, dist, prompts, the demo worlds, docs)
 * and nothing else (no sources, tests, CI scripts or local files).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const MINUTE = 60_000;

interface PackedFile {
  path: string;
}

/** Whether any process of the group led by `pid` still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the packed tarball installs and serves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loremaster-pack-'));
  const project = join(dir, 'game-server');
  let files: string[] = [];
  let tarball = '';
  let server: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    const packed = await run('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 10 * MINUTE,
    });
    // `prepare` prints the build's output before the JSON.
    const report = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[\n'))) as Array<{
      filename: string;
      files: PackedFile[];
    }>;
    tarball = join(dir, report[0]?.filename as string);
    files = (report[0]?.files ?? []).map((file) => file.path);
    await run('mkdir', ['-p', project]);
    await run('npm', ['init', '-y'], { cwd: project });
    await run('npm', ['install', tarball, '--no-audit', '--no-fund'], {
      cwd: project,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 15 * MINUTE,
    });
  }, 25 * MINUTE);

  afterAll(async () => {
    // npx runs loremaster as a child of its own: stop the whole process group, and wait until it is gone.
    const group = server?.pid;
    if (group !== undefined && alive(group)) {
      process.kill(-group, 'SIGTERM');
      const deadline = Date.now() + 20_000;
      while (alive(group) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      if (alive(group)) process.kill(-group, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  }, MINUTE);

  it('packs what runs and nothing else', () => {
    for (const needed of [
      'package.json',
      'README.md',
      'bin/loremaster.js',
      'dist/cli/main.js',
      'dist/api/app.js',
      'dist/client/index.js',
      'dist/client/index.d.ts',
      'prompts/narrator.yaml',
      'worlds/demo/world.yaml',
      'docs/game-integration.md',
    ]) {
      expect(files, needed).toContain(needed);
    }
    const unwanted = files.filter((path) =>
      /^(src|test|bench|scripts|\.ci|node_modules|data)\/|^\.env|\.test\.|^[^/]+\.mts$|^biome\.json$|^tsconfig/.test(
        path,
      ),
    );
    expect(unwanted).toEqual([]);
  });

  it(
    'npx loremaster serve answers from the installed package',
    async () => {
      server = spawn('npx', ['loremaster', 'serve', '--host', '127.0.0.1', '--port', '0'], {
        cwd: project,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LOREMASTER_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const listening = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "listening" within 2 minutes:\n${output}`)),
          2 * MINUTE,
        );
        const read = (chunk: Buffer) => {
          output = (output + chunk.toString('utf8')).slice(-20_000);
          const address = /Loremaster listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
          if (address) {
            clearTimeout(timer);
            resolve(address);
          }
        };
        server?.stdout?.on('data', read);
        server?.stderr?.on('data', read);
        server?.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`loremaster exited (${code}) before listening:\n${output}`));
        });
      });
      const base = await listening;

      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status, await ready.clone().text()).toBe(200);
      expect(((await ready.json()) as { status: string }).status).toBe('ready');

      const answer = await fetch(`${base}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'offline',
          messages: [{ role: 'user', content: 'I ask Brannoch Tully who keeps the listening pipes.' }],
        }),
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-loremaster-provider')).toBe('offline');
      const completion = (await answer.json()) as { choices: Array<{ message: { content: string } }> };
      expect(completion.choices[0]?.message.content.length).toBeGreaterThan(20);
    },
    3 * MINUTE,
  );
});

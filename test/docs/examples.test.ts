/**
 * Docs that work as written: every ```bash / ```sh / ```ts block of the README and docs/*.md runs against
 * a real server started from dist/ (`loremaster serve`) with the demo world imported the way the docs say
 * (`loremaster import --demo`). The examples name http://127.0.0.1:8080 (or localhost:8080); the test
 * rewrites that to its server's port and changes nothing else.
 *
 * Shell blocks run in bash with `set -euo pipefail`, from a folder laid out like a checkout (symlinks to
 * this one, so `npx loremaster` and `worlds/…` resolve as in a clone, and files an example writes land in a
 * temp folder). `curl` fails on an HTTP error status (`--fail-with-body`), so an example that gets a 4xx
 * or 5xx fails even without `-f`; an error body in the output (a stream's error event) fails it too. The
 * variables a block assigns (`WORLD=$(…)`) are kept for the next blocks of the same file, as a reader's
 * shell keeps them. TypeScript blocks run with tsx as ES modules (top-level await). The server's config is
 * the default one plus the webhook allow-list the integration guide asks for.
 */
import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type CliProcess, spawnCli } from '../support/cli-process.js';
import { assignedVariables, atAddress, docFiles, extractExamples } from './doc-examples.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const EXAMPLE_TIMEOUT_MS = 180_000;
/** An error in Loremaster's shapes, or a stream's error event, printed by an example. */
const ERROR_OUTPUT = /\{"error":\{"|^event: error$|"type":"error","error":/m;

interface Run {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    // A process group of its own, so a timeout stops everything the example started.
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const append = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const timer = setTimeout(() => {
      output += `\n(killed after ${EXAMPLE_TIMEOUT_MS} ms)`;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, EXAMPLE_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * The settings docs/game-integration.md tells the reader to add before its webhook example (the
 * allow-list is empty by default): read from the guide's YAML block, so the test uses what it says.
 */
function webhookSettings(): Record<string, unknown> {
  const guide = readFileSync(join(ROOT, 'docs', 'game-integration.md'), 'utf8');
  const block = /```yaml\n(events:\n\s+webhooks:[\s\S]*?)```/.exec(guide)?.[1];
  if (block === undefined) throw new Error('docs/game-integration.md has no events.webhooks YAML block');
  return parse(block) as Record<string, unknown>;
}

describe('the examples of the README and docs/', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loremaster-docs-'));
  const checkout = join(dir, 'checkout');
  const configFile = join(dir, 'loremaster.yaml');
  let server: CliProcess | undefined;
  let port = 0;
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    // A folder like a clone: the repository's top level as symlinks (its own data/ left out).
    mkdirSync(checkout);
    for (const name of readdirSync(ROOT)) {
      if (name === 'data' || name === '.git') continue;
      symlinkSync(join(ROOT, name), join(checkout, name));
    }
    writeFileSync(
      configFile,
      stringify({ ...webhookSettings(), database: { sqlite_path: join(dir, 'loremaster.db') } }),
    );
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOREMASTER_CONFIG: configFile,
      LOREMASTER_LOG_LEVEL: 'warn',
    };
    // As the README says: import the demo world, then serve.
    const imported = await run(
      process.execPath,
      [join(ROOT, 'bin', 'loremaster.js'), 'import', '--demo'],
      checkout,
      env,
    );
    expect(imported.code, imported.output).toBe(0);
    server = spawnCli(['serve', '--host', '127.0.0.1', '--port', '0'], { LOREMASTER_CONFIG: configFile });
    await server.waitForOutput(/Loremaster listening on http:\/\/127\.0\.0\.1:\d+/, 60_000);
    port = Number(/Loremaster listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(server.output())?.[1]);
    // The demo's lore is embedded in the background; search examples need it done.
    const deadline = Date.now() + 180_000;
    for (;;) {
      const answer = await fetch(`http://127.0.0.1:${port}/maintenance/queue-status`);
      const status = (await answer.json()) as { totals: { pending: number; processing: number } };
      if (status.totals.pending + status.totals.processing === 0) break;
      if (Date.now() > deadline)
        throw new Error(`the demo's tasks did not finish: ${JSON.stringify(status.totals)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 300_000);

  afterAll(async () => {
    await server?.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  for (const file of docFiles(ROOT)) {
    const examples = extractExamples(ROOT, file);
    if (examples.length === 0) continue;
    describe(examples[0]?.file as string, () => {
      const state = join(dir, `${examples[0]?.file.replace(/\W/g, '_')}.variables.sh`);

      for (const example of examples) {
        const name = `${example.file}:${example.line} (${example.language})`;
        if (example.noRun !== undefined) {
          it(`${name} is marked no-run with its reason`, () => {
            expect(example.noRun?.length).toBeGreaterThan(10);
          });
          continue;
        }
        it(
          `${name} runs`,
          async () => {
            const code = atAddress(example.code, '127.0.0.1', port);
            let result: Run;
            if (example.language === 'shell') {
              const variables = assignedVariables(code);
              const script = [
                'set -euo pipefail',
                'curl() { command curl --fail-with-body "$@"; }',
                `touch ${JSON.stringify(state)}; source ${JSON.stringify(state)}`,
                code,
                variables.length > 0 ? `declare -p ${variables.join(' ')} >> ${JSON.stringify(state)}` : '',
              ].join('\n');
              result = await run('bash', ['-c', script], checkout, env);
            } else {
              const path = join(checkout, `example-${example.line}.mts`);
              writeFileSync(path, code);
              result = await run(TSX, [path], checkout, env);
            }
            expect(result.code, `${name} failed:\n${result.output}`).toBe(0);
            expect(result.output, `${name} printed an error`).not.toMatch(ERROR_OUTPUT);
          },
          EXAMPLE_TIMEOUT_MS + 10_000,
        );
      }
    });
  }
});

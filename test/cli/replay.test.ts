/**
 * `loremaster replay`: running a cassette again and validating the new recording. The runner here is
 * the replay middleware in record mode over a real provider; the full gateway is not needed for it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { registerReplayCommand } from '../../src/cli/replay-cli.js';
import { gatewayRunner, type ReplayGateway, replayCassette } from '../../src/cli/replay-command.js';
import { loadConfig } from '../../src/config/index.js';
import { compose } from '../../src/gateway/chain.js';
import { createReplayMiddleware } from '../../src/gateway/middleware/replay.js';
import type { GatewayCall } from '../../src/gateway/types.js';
import { isProviderError, MockProvider, OfflineProvider, type Provider } from '../../src/providers/index.js';
import { makeCall, makeDeps, terminal } from '../support/gateway-call.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-replay-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

let files = 0;
const newCassette = () => join(dir, `cassette-${++files}.jsonl`);

/**
 * The gateway's call surface over the replay middleware in record mode, with one retry of a retryable
 * provider error under the same call id, as the resilience layer does.
 */
function recordingGateway(provider: Provider, path: string): ReplayGateway {
  const middleware = createReplayMiddleware(makeDeps(), { mode: 'record', cassette: path });
  const handlers = compose([middleware], terminal);
  let calls = 0;
  const base = (model: string): Partial<GatewayCall> => ({
    id: `call-${++calls}`,
    model,
    provider,
    route: { provider: provider.name, model: undefined, role: undefined },
  });
  const withRetry = async <T>(attempt: () => Promise<T>): Promise<T> => {
    try {
      return await attempt();
    } catch (error) {
      if (!isProviderError(error) || !error.retryable) throw error;
      return attempt();
    }
  };
  return {
    complete: (request) => {
      const call = makeCall({
        ...base(request.model),
        messages: request.messages,
        options: request.options ?? {},
        meta: request.meta ?? {},
      });
      return withRetry(() => handlers.chat(call));
    },
    stream: (request) => {
      const call = makeCall({
        ...base(request.model),
        kind: 'stream',
        messages: request.messages,
        options: request.options ?? {},
        meta: request.meta ?? {},
      });
      return withRetry(() => handlers.stream(call));
    },
    embed: (request) => {
      const call = makeCall({
        ...base(request.model),
        kind: 'embed',
        messages: [],
        input: request.input,
        dimensions: request.dimensions,
        meta: request.meta ?? {},
      });
      return withRetry(() => handlers.embed(call));
    },
    close: () => middleware.close?.() ?? Promise.resolve(),
  };
}

/** A short game session, as a game would make it. */
async function playSession(gateway: ReplayGateway, lastWords = 'I pay the ferryman.'): Promise<void> {
  await gateway.complete({
    model: 'offline',
    messages: [{ role: 'user', content: 'I wake on the ferry.' }],
    options: { temperature: 0 },
    meta: { tick: 1, seed: 3 },
  });
  const started = await gateway.stream({
    model: 'offline',
    messages: [{ role: 'user', content: lastWords }],
    meta: { tick: 2, seed: 3, rng: [1] },
  });
  for await (const _event of started.events);
  await gateway.embed({
    model: 'offline',
    input: ['the ferry', 'the ferryman'],
    dimensions: 32,
    meta: { tick: 2 },
  });
  await gateway.close();
}

async function recordSession(lastWords?: string): Promise<string> {
  const path = newCassette();
  await playSession(recordingGateway(new OfflineProvider(), path), lastWords);
  return path;
}

describe('replayCassette', () => {
  it('runs every call again and finds the new recording the same', async () => {
    const cassette = await recordSession();
    const recording = newCassette();
    const summary = await replayCassette(
      cassette,
      gatewayRunner(recordingGateway(new OfflineProvider(), recording), recording),
    );
    expect(summary.comparison).toEqual({
      expectedEntries: 3,
      actualEntries: 3,
      matches: 3,
      divergence: undefined,
    });
    expect(summary).toMatchObject({ expected: cassette, actual: recording, failedCalls: 0 });
  });

  it('reports the first answer that differs when the model answers otherwise', async () => {
    const cassette = await recordSession();
    const recording = newCassette();
    const other = new MockProvider({ name: 'offline' });
    const summary = await replayCassette(
      cassette,
      gatewayRunner(recordingGateway(other, recording), recording),
    );
    expect(other.calls.map((call) => call.kind)).toEqual(['chat', 'stream', 'embed']);
    expect(summary.comparison.matches).toBe(0);
    expect(summary.comparison.divergence).toMatchObject({
      kind: 'field',
      index: 0,
      path: 'response.result.model',
    });
  });

  it('sends a retried call once: the gateway retries by itself, and the recordings agree', async () => {
    const flaky = () => new MockProvider({ script: [{ error: 'upstream_unavailable' }] });
    const cassette = newCassette();
    const first = recordingGateway(flaky(), cassette);
    await first.complete({ model: 'mock', messages: [{ role: 'user', content: 'Knock knock.' }] });
    await first.close();

    const recording = newCassette();
    const provider = flaky();
    const summary = await replayCassette(
      cassette,
      gatewayRunner(recordingGateway(provider, recording), recording),
    );
    expect(provider.calls).toHaveLength(2);
    expect(summary.comparison).toMatchObject({ expectedEntries: 2, actualEntries: 2, matches: 2 });
    expect(summary.comparison.divergence).toBeUndefined();
  });

  it('counts calls that failed in the run, and still compares', async () => {
    const cassette = await recordSession();
    const recording = newCassette();
    const failing = new MockProvider({ name: 'offline', fallback: () => ({ error: 'upstream_auth' }) });
    const summary = await replayCassette(
      cassette,
      gatewayRunner(recordingGateway(failing, recording), recording),
    );
    expect(summary.failedCalls).toBe(2);
    expect(summary.firstFailure).toMatch(/upstream_auth/);
    expect(summary.comparison.divergence).toMatchObject({ index: 0, path: 'response.type' });
  });
});

describe('loremaster replay', () => {
  async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    const program = new Command('loremaster').exitOverride();
    registerReplayCommand(program, () => loadConfig({ env: {} }));
    await program.parseAsync(['replay', ...args], { from: 'user' });
    vi.restoreAllMocks();
    return { stdout, stderr };
  }

  it('--against compares two recordings and exits 0 when they agree', async () => {
    const { stdout } = await run([await recordSession(), '--against', await recordSession()]);
    expect(stdout).toContain('matches:  3 of 3');
    expect(stdout).toContain('no divergence');
    expect(process.exitCode).toBe(0);
  });

  it('--against prints the first divergence and exits 1', async () => {
    const { stdout } = await run([
      await recordSession(),
      '--against',
      await recordSession('I rob the ferryman.'),
    ]);
    expect(stdout).toContain('matches:  2 of 3');
    expect(stdout).toContain('first divergence: entry 1, request.messages[0].content');
    expect(stdout).toMatch(/expected: "I pay the ferryman\."\n\s+actual:\s+"I rob the ferryman\."/);
    expect(process.exitCode).toBe(1);
  });

  it('names the bad line of a malformed cassette and exits 2', async () => {
    const broken = newCassette();
    writeFileSync(broken, 'not json\n');
    const { stdout, stderr } = await run([broken, '--against', broken]);
    expect(stdout).toBe('');
    expect(stderr).toContain(`loremaster replay: ${broken}:1: not valid JSON`);
    expect(process.exitCode).toBe(2);
  });

  it('refuses to record over the cassette it replays', async () => {
    const cassette = await recordSession();
    const { stderr } = await run([cassette, '--out', cassette]);
    expect(stderr).toMatch(/--out must name another file/);
    expect(process.exitCode).toBe(2);
  });
});

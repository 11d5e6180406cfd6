/**
 * `loremaster replay <cassette>`: runs every call of a recording again through a gateway built from the
 * current config, records the new answers, and reports the first place they differ from the old ones.
 * With `--against`, only compares two recordings. Exit status as diff(1): 0 same, 1 different,
 * 2 could not run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger, type LoadedConfig, type Settings } from '../config/index.js';
import { type CassetteEntry, CassetteError, readCassette } from '../gateway/replay/cassette.js';
import { type CassetteComparison, compareCassettes, formatDivergence } from '../gateway/replay/compare.js';
import { recordedMessages } from '../gateway/replay/key.js';
import type { CacheMode, CallMeta, StartedStream } from '../gateway/types.js';
import type { ChatMessage, ChatOptions } from '../vocabulary/index.js';
import { lazyBar, printJson } from './output.js';

/** Performs the calls of a cassette into a new recording. */
export interface ReplayRunner {
  /** Performs the call an entry describes; a failure is part of the recording, not of the run. */
  call(entry: CassetteEntry): Promise<void>;
  /** Ends the run: the new recording is complete on disk once this resolves. */
  close(): Promise<void>;
  /** The cassette the runner records into. */
  readonly recording: string;
}

/** What the runner needs of the gateway (its stable API), and no more. */
export interface ReplayGateway {
  complete(request: ChatRequest): Promise<unknown>;
  stream(request: ChatRequest): Promise<StartedStream>;
  embed(request: {
    model: string;
    input: string[];
    dimensions?: number;
    meta?: CallMeta;
    cache?: CacheMode;
  }): Promise<unknown>;
  close(): Promise<void>;
}

interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  options?: Omit<ChatOptions, 'model' | 'signal'>;
  meta?: CallMeta;
  cache?: CacheMode;
}

export interface ReplaySummary {
  expected: string;
  actual: string;
  comparison: CassetteComparison;
  /** Calls that failed while running the cassette again (undefined when only comparing files). */
  failedCalls: number | undefined;
  firstFailure: string | undefined;
}

/** `loremaster replay`: see replay-cli.ts, which registers it and loads this module when it runs. */
export async function runReplay(
  load: () => LoadedConfig,
  cassette: string,
  options: { against?: string; out?: string; json?: boolean },
): Promise<void> {
  try {
    let summary: ReplaySummary;
    if (options.against) summary = compareFiles(cassette, options.against);
    else {
      const bar = lazyBar('replay', 'calls');
      try {
        summary = await replayCassette(
          cassette,
          await openGatewayRunner(load(), cassette, options.out),
          (done, total) => bar.update(done, total),
        );
      } finally {
        bar.stop();
      }
    }
    if (options.json) printJson(summaryJson(summary));
    else process.stdout.write(formatSummary(summary));
    process.exitCode = summary.comparison.divergence ? 1 : 0;
  } catch (error) {
    if (!(error instanceof CassetteError)) throw error;
    process.stderr.write(`loremaster replay: ${error.message}\n`);
    process.exitCode = 2;
  }
}

/**
 * Runs each recorded call again, in recorded order, one at a time, and compares the two recordings.
 * `onProgress` hears of each call done (and of the total before the first).
 */
export async function replayCassette(
  cassettePath: string,
  runner: ReplayRunner,
  onProgress?: (done: number, total: number) => void,
): Promise<ReplaySummary> {
  const original = readCassette(cassettePath);
  let failedCalls = 0;
  let firstFailure: string | undefined;
  const calls = firstAttempts(original);
  onProgress?.(0, calls.length);
  try {
    for (const [index, entry] of calls.entries()) {
      try {
        await runner.call(entry);
      } catch (error) {
        failedCalls++;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      }
      onProgress?.(index + 1, calls.length);
    }
  } finally {
    await runner.close();
  }
  return {
    expected: cassettePath,
    actual: runner.recording,
    comparison: compareCassettes(original, readCassette(runner.recording)),
    failedCalls,
    firstFailure,
  };
}

function compareFiles(expected: string, actual: string): ReplaySummary {
  return {
    expected,
    actual,
    comparison: compareCassettes(readCassette(expected), readCassette(actual)),
    failedCalls: undefined,
    firstFailure: undefined,
  };
}

/**
 * Retries and failovers are recorded as further entries of the same call; the gateway makes them
 * again by itself, so only a call's first entry is sent.
 */
function firstAttempts(entries: readonly CassetteEntry[]): CassetteEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    if (seen.has(entry.callId)) return false;
    seen.add(entry.callId);
    return true;
  });
}

/**
 * Every entry of a cassette is a call that reached the provider (a call the cache answered never
 * reaches the recorder), so each is sent with the cache off: a cache in the replaying gateway would
 * answer a recorded repeat itself, leave it out of the new recording and report a divergence that
 * is not there (or hide one).
 */
export function gatewayRunner(gateway: ReplayGateway, recording: string): ReplayRunner {
  return {
    recording,
    close: () => gateway.close(),
    call: async (entry) => {
      const { request, meta, model } = entry;
      if (entry.kind === 'embed') {
        await gateway.embed({
          model,
          input: request.input,
          ...(request.dimensions !== null && { dimensions: request.dimensions }),
          meta,
          cache: 'off',
        });
        return;
      }
      const chat: ChatRequest = {
        model,
        messages: recordedMessages(request),
        options: request.options,
        meta,
        cache: 'off',
      };
      if (entry.kind === 'chat') {
        await gateway.complete(chat);
        return;
      }
      await drain(await gateway.stream(chat), entry);
    },
  };
}

/** Reads the stream as the original caller did: to its end, or as far as it read before stopping. */
async function drain(started: StartedStream, entry: CassetteEntry): Promise<void> {
  const response = entry.response;
  const stoppedAfter =
    response.type === 'stream' && !response.done && !response.error ? response.deltas.length : Infinity;
  let deltas = 0;
  for await (const event of started.events) {
    if (event.type === 'delta' && ++deltas >= stoppedAfter) return;
  }
}

async function openGatewayRunner(config: LoadedConfig, cassette: string, out: string | undefined) {
  const recording = out ?? join(mkdtempSync(join(tmpdir(), 'loremaster-replay-')), 'recording.jsonl');
  // Recording truncates its file: never over the cassette being replayed.
  if (resolve(recording) === resolve(cassette)) {
    throw new CassetteError(`--out must name another file than the cassette being replayed (${cassette})`);
  }
  // Read before the gateway starts, so a bad cassette fails without touching any provider.
  readCassette(cassette);
  const settings = recordingSettings(config.settings, recording);
  // Loaded on demand: comparing two files needs no gateway, its providers or their SDKs.
  const { createGateway } = await import('../gateway/gateway.js');
  const gateway = await createGateway({
    settings,
    secrets: config.secrets,
    // Logs go to stderr so stdout carries only the summary.
    logger: createLogger(settings.log.level, process.stderr),
  });
  if ((gateway.stats().replay as { mode?: string } | undefined)?.mode !== 'record') {
    await gateway.close();
    throw new CassetteError(
      'the gateway did not build the replay middleware in record mode; nothing would be recorded',
    );
  }
  return gatewayRunner(gateway, recording);
}

/** The current config, recording into `recording`, with the replay middleware in the chain. */
function recordingSettings(settings: Settings, recording: string): Settings {
  const chain = settings.gateway.chain.includes('replay')
    ? settings.gateway.chain
    : [...settings.gateway.chain, 'replay' as const];
  return {
    ...settings,
    gateway: { ...settings.gateway, chain, replay: { mode: 'record', cassette: recording } },
  };
}

/** The summary as `--json` prints it. */
function summaryJson(summary: ReplaySummary) {
  const { comparison } = summary;
  return {
    expected: summary.expected,
    actual: summary.actual,
    expected_entries: comparison.expectedEntries,
    actual_entries: comparison.actualEntries,
    matches: comparison.matches,
    failed_calls: summary.failedCalls ?? null,
    first_failure: summary.firstFailure ?? null,
    divergence: comparison.divergence ?? null,
  };
}

function formatSummary(summary: ReplaySummary): string {
  const { comparison } = summary;
  const lines = [
    `expected: ${summary.expected} (${comparison.expectedEntries} entries)`,
    `actual:   ${summary.actual} (${comparison.actualEntries} entries)`,
    `matches:  ${comparison.matches} of ${Math.max(comparison.expectedEntries, comparison.actualEntries)}`,
  ];
  if (summary.failedCalls) {
    lines.push(`failed calls: ${summary.failedCalls} (first: ${summary.firstFailure})`);
  }
  lines.push(
    comparison.divergence
      ? `first divergence: ${formatDivergence(comparison.divergence)}`
      : 'no divergence: the recordings are the same',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Replay mode: every call is answered from the cassette and never reaches the provider. A call finds
 * its answer by request key; the same request recorded several times (repeats, retries, failovers) is
 * answered in recorded order. Anything the cassette cannot answer fails loudly with `replay_miss`, so a
 * game whose requests drifted from the recording finds out at the first drifting call.
 */
import { ProviderError } from '../../providers/index.js';
import type { StreamEvent } from '../../vocabulary/index.js';
import { startStream } from '../chain.js';
import { GatewayError } from '../errors.js';
import type { CallKind, GatewayCall, Handlers, Middleware } from '../types.js';
import type { CassetteEntry, RecordedResponse } from './cassette.js';
import { canonicalJson, cassetteKey, normaliseRequest } from './key.js';
import { rebuildError } from './recorded-error.js';

export interface PlayerOptions {
  /** Where the entries came from, for error messages. */
  source: string;
  /** Fail when the caller's tick, seed or RNG decisions differ from the recorded ones. */
  checkMeta: boolean;
}

/** Recorded answers of one request key, in seq order, and how many were used. */
interface Takes {
  entries: CassetteEntry[];
  used: number;
}

const CHECKED_META = ['tick', 'seed', 'rng'] as const;
const PREVIEW_CHARS = 60;

export function createPlayer(entries: readonly CassetteEntry[], options: PlayerOptions): Middleware {
  // The key is computed again from the stored request, so a hand-edited request still matches.
  const byKey = new Map<string, Takes>();
  for (const entry of entries) {
    const key = cassetteKey(entry.kind, entry.model, entry.request);
    const takes = byKey.get(key);
    if (takes) takes.entries.push(entry);
    else byKey.set(key, { entries: [entry], used: 0 });
  }
  let answered = 0;
  let misses = 0;

  const take = (call: GatewayCall): CassetteEntry => {
    const key = cassetteKey(call.kind, call.model, normaliseRequest(call));
    const takes = byKey.get(key);
    const entry = takes?.entries[takes.used];
    if (!takes || !entry) {
      misses++;
      throw miss(call, key, takes?.entries.length ?? 0, options.source);
    }
    if (options.checkMeta) checkMeta(call, entry, options.source);
    takes.used++;
    answered++;
    return entry;
  };

  return {
    name: 'replay',
    // `next` is never called: in replay mode nothing reaches a provider.
    wrap: (): Handlers => ({
      chat: async (call) => {
        const response = answerOf(take(call), 'chat', options.source);
        return { ...response.result };
      },
      stream: async (call) => {
        const response = answerOf(take(call), 'stream', options.source);
        return startStream(response.provider, response.model, replayEvents(response));
      },
      embed: async (call) => {
        const response = answerOf(take(call), 'embed', options.source);
        return { ...response.result };
      },
    }),
    stats: () => ({ mode: 'replay', cassette: options.source, entries: entries.length, answered, misses }),
  };
}

type Answer<K extends CallKind> = Extract<RecordedResponse, { type: K }>;

/** The recorded answer for a call of this kind; a recorded error is thrown again here. */
function answerOf<K extends CallKind>(entry: CassetteEntry, kind: K, source: string): Answer<K> {
  const response = entry.response;
  if (response.type === 'error') throw rebuildError(response.error);
  if (response.type !== kind) {
    throw new GatewayError(
      'replay_miss',
      `Cassette ${source} entry seq ${entry.seq} answers a ${kind} call with a ${response.type} response`,
    );
  }
  return response as Answer<K>;
}

async function* replayEvents(response: Answer<'stream'>): AsyncGenerator<StreamEvent> {
  for (const piece of response.deltas)
    yield typeof piece === 'string' ? { type: 'delta', text: piece } : ({ ...piece } as StreamEvent);
  if (response.error) throw rebuildError(response.error);
  if (response.done) {
    yield { ...response.done };
    return;
  }
  throw new ProviderError(
    'aborted',
    `The recorded stream was stopped by its caller after ${response.deltas.length} deltas`,
    { provider: response.provider, retryable: false },
  );
}

function miss(call: GatewayCall, key: string, recorded: number, source: string): GatewayError {
  const what =
    recorded === 0
      ? 'is not in the cassette'
      : `was recorded ${recorded} time${recorded === 1 ? '' : 's'} and every answer is used`;
  return new GatewayError(
    'replay_miss',
    `Replay miss: ${call.kind} request for model "${call.model}" ${what} (${source}); key ${key}; ` +
      `${call.kind === 'embed' ? 'first input' : 'last user message'}: ${JSON.stringify(preview(call))}`,
  );
}

function preview(call: GatewayCall): string {
  const text =
    call.kind === 'embed'
      ? (call.input[0] ?? '')
      : (call.messages.findLast((message) => message.role === 'user')?.content ?? '');
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

function checkMeta(call: GatewayCall, entry: CassetteEntry, source: string): void {
  for (const field of CHECKED_META) {
    const recorded = entry.meta[field];
    const actual = call.meta[field];
    if (canonicalJson(recorded) === canonicalJson(actual)) continue;
    throw new GatewayError(
      'replay_miss',
      `Replay meta mismatch: ${field} recorded ${show(recorded)}, got ${show(actual)} ` +
        `(${call.kind} "${call.model}", cassette ${source} entry seq ${entry.seq})`,
    );
  }
}

function show(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}

/**
 * Record mode: passes every call to the layer below and writes what it answered (result, stream
 * events or error) to the cassette. Sitting innermost, it sees each attempt of a retried or failed-over
 * call, so a replay reproduces the faults as well as the answers.
 */
import type { Logger } from '../../config/index.js';
import type { StreamEvent } from '../../vocabulary/index.js';
import type { GatewayCall, Handlers, Middleware, StartedStream } from '../types.js';
import { CASSETTE_VERSION, type CassetteEntry, CassetteWriter, type RecordedResponse } from './cassette.js';
import { cassetteKey, normaliseRequest } from './key.js';
import { recordError } from './recorded-error.js';

interface Recording {
  save(response: RecordedResponse, firstTokenAt?: number): void;
}

export function createRecorder(path: string, logger: Logger): Middleware {
  const writer = new CassetteWriter(path, logger);
  const origin = performance.now();
  let nextSeq = 0;

  // Everything the entry needs from the call is copied now, before the caller or an upper layer moves on.
  const begin = (call: GatewayCall): Recording => {
    const started = performance.now();
    const seq = nextSeq++;
    const request = normaliseRequest(call);
    const head: Omit<CassetteEntry, 'response' | 'timing' | 'callId' | 'recordedAt'> = {
      v: CASSETTE_VERSION,
      seq,
      kind: call.kind,
      model: call.model,
      provider: call.provider.name,
      providerModel: call.providerModel ?? null,
      key: cassetteKey(call.kind, call.model, request),
      request,
      meta: snapshot(call.meta),
    };
    return {
      save: (response, firstTokenAt) => {
        const ended = performance.now();
        const entry: CassetteEntry = {
          ...head,
          response,
          timing: {
            offsetMs: round(started - origin),
            latencyMs: round(ended - started),
            firstTokenMs: firstTokenAt === undefined ? null : round(firstTokenAt - started),
          },
          callId: call.id,
          recordedAt: new Date().toISOString(),
        };
        writer.append(entry);
      },
    };
  };

  return {
    name: 'replay',
    wrap: (next: Handlers): Handlers => ({
      chat: async (call) => {
        const recording = begin(call);
        try {
          const result = await next.chat(call);
          recording.save({ type: 'chat', result: { ...result } });
          return result;
        } catch (error) {
          recording.save({ type: 'error', error: recordError(error) });
          throw error;
        }
      },
      stream: async (call) => {
        const recording = begin(call);
        let started: StartedStream;
        try {
          started = await next.stream(call);
        } catch (error) {
          recording.save({ type: 'error', error: recordError(error) });
          throw error;
        }
        return { ...started, events: recordEvents(started, recording) };
      },
      embed: async (call) => {
        const recording = begin(call);
        try {
          const result = await next.embed(call);
          recording.save({ type: 'embed', result: { ...result } });
          return result;
        } catch (error) {
          recording.save({ type: 'error', error: recordError(error) });
          throw error;
        }
      },
    }),
    stats: () => ({
      mode: 'record',
      cassette: path,
      recorded: nextSeq,
      written: writer.written,
      dropped: writer.dropped,
    }),
    close: () => writer.close(),
  };
}

/** Passes the events through untouched and saves them once the stream ends, fails or is abandoned. */
async function* recordEvents(started: StartedStream, recording: Recording): AsyncGenerator<StreamEvent> {
  const deltas: Array<string | Exclude<StreamEvent, { type: 'done' }>> = [];
  let done: Extract<StreamEvent, { type: 'done' }> | null = null;
  let failure: unknown;
  let firstTokenAt: number | undefined;
  try {
    for await (const event of started.events) {
      if (event.type === 'done') {
        done = event;
      } else {
        firstTokenAt ??= performance.now();
        const plain = event.type === 'delta' && event.choice === undefined && event.logprobs === undefined;
        deltas.push(plain ? event.text : { ...event });
      }
      yield event;
    }
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    recording.save(
      {
        type: 'stream',
        provider: started.provider,
        model: started.model,
        deltas,
        done,
        error: failure === undefined ? null : recordError(failure),
      },
      firstTokenAt,
    );
  }
}

/** The caller may keep appending RNG decisions to its own arrays: keep them as they were at the call. */
function snapshot(meta: GatewayCall['meta']): CassetteEntry['meta'] {
  try {
    return JSON.parse(JSON.stringify(meta)) as CassetteEntry['meta'];
  } catch {
    // Not JSON (a BigInt, a cycle): the writer logs the entry as not serialisable.
    return meta as CassetteEntry['meta'];
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * Deterministic record and replay (`gateway.replay`), the innermost middleware, just above the
 * provider: `record` writes every call and its answer to a JSONL cassette, `replay` answers every call
 * from one, `off` passes calls through untouched.
 */
import type { MiddlewareDeps } from '../deps.js';
import { readCassette } from '../replay/cassette.js';
import { createPlayer } from '../replay/player.js';
import { createRecorder } from '../replay/recorder.js';
import type { Middleware } from '../types.js';

export interface ReplayMiddlewareOptions {
  /** Overrides `gateway.replay.mode`. */
  mode?: 'off' | 'record' | 'replay';
  /** Overrides `gateway.replay.cassette`. */
  cassette?: string;
  /** Replay: fail when the caller's tick, seed or RNG decisions differ from the recording (default false). */
  checkMeta?: boolean;
}

export function createReplayMiddleware(
  deps: MiddlewareDeps,
  options: ReplayMiddlewareOptions = {},
): Middleware {
  const mode = options.mode ?? deps.settings.gateway.replay.mode;
  const cassette = options.cassette ?? deps.settings.gateway.replay.cassette;
  switch (mode) {
    case 'record':
      return createRecorder(cassette, deps.logger);
    case 'replay':
      // Read at start: a missing or malformed cassette stops the gateway from starting, naming the line.
      return createPlayer(readCassette(cassette), {
        source: cassette,
        checkMeta: options.checkMeta ?? false,
      });
    case 'off':
      return { name: 'replay', wrap: (next) => next, stats: () => ({ mode: 'off' }) };
  }
}

/**
 * Turns with an `Idempotency-Key` (Stripe's header; the IETF draft "The Idempotency-Key HTTP Header
 * Field"): a game whose answer was lost retries the same request, and gets the first turn's answer
 * instead of a second turn.
 *
 * The first request with a key claims it (a row unique per scope and key; the scope is the API key, or
 * `anonymous`), with the session and a hash of the request. The turn binds the key to itself and its
 * answer in the turn's own transaction, so a turn is never recorded without its key nor a key bound
 * without its turn. Then, within `narrative.idempotency_retention_ms`:
 *  - the same key and request: the stored answer, the model is not called and nothing is queued;
 *  - the same key while the first request runs: 409 `idempotency_in_progress`, with Retry-After;
 *  - the same key with another session or body: 422 `idempotency_key_reused`.
 * A request that fails before its turn is written releases the key: a retry plays the turn. A claim
 * whose process died is taken over once `narrative.idempotency_lock_ms` has passed.
 *
 * Without a key a turn is played as before: no read and no write more.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Settings } from '../config/index.js';
import type { IdempotencyClaim, Store } from '../store/index.js';
import { NarrativeError } from './errors.js';
import type { TurnRequest, TurnResult, TurnService } from './turns.js';

export interface PlayedTurn {
  result: TurnResult;
  /** The first answer to this `Idempotency-Key`, replayed: no turn was played now. */
  replayed: boolean;
  /** The narrator's whole text as it was streamed (a replayed stream sends it as one delta). */
  text: string | undefined;
}

interface StoredAnswer {
  result: TurnResult;
  text: string;
}

export interface IdempotentTurnsOptions {
  store: Store;
  turns: Pick<TurnService, 'play'>;
  settings: Settings;
}

/** Expired keys are swept at most this often, by a turn that claims a key, … */
const SWEEP_EVERY_MS = 60_000;
/** … at most this many at a time (the rest at the next sweep). */
const SWEEP_LIMIT = 500;
/** What a 409 tells the client to wait before it retries. */
const IN_PROGRESS_RETRY_SECONDS = 1;

export class IdempotentTurns {
  private lastSweep = 0;

  constructor(private readonly options: IdempotentTurnsOptions) {}

  /** Plays the turn; with a key, at most once per key (see the module's header). */
  async play(request: TurnRequest, key: string | undefined): Promise<PlayedTurn> {
    if (key === undefined)
      return { result: await this.options.turns.play(request), replayed: false, text: undefined };
    const repository = this.options.store.idempotencyKeys;
    const claim = this.claimOf(request, key);
    const stored = await this.take(claim);
    if (stored) return { result: stored.result, replayed: true, text: stored.text };
    try {
      const result = await this.options.turns.play({
        ...request,
        bind: async (repos, answer, text) => {
          const response: StoredAnswer = { result: answer, text };
          const bound = await repos.idempotencyKeys.bind(claim.scope, claim.key, claim.claim, {
            turnId: answer.turn.id,
            response,
          });
          // Past its lock a retry took the key over and plays the turn: this one is rolled back.
          if (!bound) throw inProgress(key);
        },
      });
      return { result, replayed: false, text: undefined };
    } catch (error) {
      // No turn was written (or its transaction rolled back): a retry with the key plays it. Should the
      // release fail too (the database is down), the claim lapses at its lock and the turn's error stands.
      await repository.release(claim.scope, claim.key, claim.claim).catch(() => undefined);
      throw error;
    }
  }

  private claimOf(request: TurnRequest, key: string): IdempotencyClaim {
    const { idempotency_retention_ms: retention, idempotency_lock_ms: lock } =
      this.options.settings.narrative;
    const now = Date.now();
    return {
      scope: request.apiKeyId ?? 'anonymous',
      key,
      sessionId: request.sessionId,
      requestHash: requestHash(request),
      claim: randomUUID(),
      lockedUntil: new Date(now + lock).toISOString(),
      expiresAt: new Date(now + retention).toISOString(),
    };
  }

  /** Claims the key (undefined), or answers with the stored answer, or refuses (409, 422). */
  private async take(claim: IdempotencyClaim): Promise<StoredAnswer | undefined> {
    const repository = this.options.store.idempotencyKeys;
    // Bounded: each pass either claims, answers, refuses, or lost a race that changed the row.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (await repository.claim(claim)) {
        await this.sweep();
        return undefined;
      }
      const held = await repository.get(claim.scope, claim.key);
      if (!held) continue; // released meanwhile: claim it
      const now = new Date().toISOString();
      if (held.expiresAt > now) {
        if (held.sessionId !== claim.sessionId)
          throw reused(claim.key, `was used for session ${held.sessionId}`);
        if (held.requestHash !== claim.requestHash)
          throw reused(claim.key, 'was used with another request body');
        if (held.status === 'done') return held.response as StoredAnswer;
        if (held.lockedUntil > now) throw inProgress(claim.key);
      }
      // Expired, or claimed by a process that died: taken over (one retry of several wins).
      if (await repository.takeOver(claim, held.claim)) return undefined;
    }
    throw inProgress(claim.key);
  }

  /** Deletes expired keys, a bounded batch at most once a minute; a failed sweep is tried next time. */
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = Date.now();
    await this.options.store.idempotencyKeys.deleteExpired(SWEEP_LIMIT).catch(() => undefined);
  }
}

/** SHA-256 of what makes two requests the same turn: session, input and state patch (keys sorted). */
export function requestHash(request: Pick<TurnRequest, 'sessionId' | 'input' | 'state'>): string {
  return createHash('sha256')
    .update(JSON.stringify([request.sessionId, request.input, canonical(request.state ?? null)]))
    .digest('hex');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  return value;
}

function inProgress(key: string): NarrativeError {
  return new NarrativeError(
    409,
    'idempotency_in_progress',
    `A request with Idempotency-Key ${JSON.stringify(key)} is still being played; retry it shortly`,
    'idempotency-key',
    IN_PROGRESS_RETRY_SECONDS,
  );
}

function reused(key: string, how: string): NarrativeError {
  return new NarrativeError(
    422,
    'idempotency_key_reused',
    `Idempotency-Key ${JSON.stringify(key)} ${how}: send a new key for a new turn`,
    'idempotency-key',
  );
}

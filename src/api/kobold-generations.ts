/**
 * KoboldCpp's generations in flight, by the caller's `genkey`: what POST /api/extra/generate/check reads
 * (the text so far) and POST /api/extra/abort stops. A generate request registers its generation here
 * and feeds it the text as it arrives; the registry hands the route an AbortSignal that fires when the
 * client goes away or when an abort names it, so the upstream call is cancelled either way.
 *
 * Entries are keyed by the caller (its API key id; one shared caller when keys are off) and the
 * genkey, so one key never sees or stops another key's generation. A generation sent without a genkey
 * gets a private key: `check` and `abort` without a genkey reach it as KoboldCpp does, when it is the
 * caller's only generation in flight. A finished generation stays readable for a short grace period
 * (KoboldCpp's `check` answers the last generation's text after its end); the map is bounded: the
 * oldest finished entries leave first, and when every entry is in flight a new generation runs
 * untracked (the route logs it; `check` answers "" and `abort` false for it).
 */

/** Generations tracked at once (in flight and finished within the grace period), over every caller. */
export const MAX_TRACKED_GENERATIONS = 512;
/** How long a finished generation's text stays readable by `check`. */
export const FINISHED_GRACE_MS = 30_000;
/** The longest genkey taken (KoboldCpp clients send short ones, such as KoboldAI Lite's `KCPP1234`). */
export const MAX_GENKEY_LENGTH = 128;

export class TrackedGeneration {
  private readonly abortController = new AbortController();
  private finishedAt: number | undefined;
  private abortRequested = false;
  /** Fires when the client goes away or an abort names this generation: the upstream call's signal. */
  readonly signal: AbortSignal;
  /** The text generated so far (the first answer's). */
  text = '';

  constructor(
    readonly key: string,
    readonly owner: string,
    closed: AbortSignal,
    private readonly now: () => number,
  ) {
    this.signal = AbortSignal.any([closed, this.abortController.signal]);
  }

  append(text: string): void {
    if (this.finishedAt === undefined) this.text += text;
  }

  get running(): boolean {
    return this.finishedAt === undefined;
  }

  /** An abort named this generation (not its client going away). */
  get aborted(): boolean {
    return this.abortRequested;
  }

  /** Stops the upstream call; false when the generation has already finished. */
  abort(): boolean {
    if (!this.running) return false;
    this.abortRequested = true;
    this.abortController.abort();
    return true;
  }

  finish(): void {
    this.finishedAt ??= this.now();
  }

  expired(graceMs: number): boolean {
    return this.finishedAt !== undefined && this.now() - this.finishedAt > graceMs;
  }
}

export interface KoboldGenerationsOptions {
  maxEntries?: number;
  graceMs?: number;
  now?: () => number;
}

export class KoboldGenerations {
  private readonly entries = new Map<string, TrackedGeneration>();
  private readonly maxEntries: number;
  private readonly graceMs: number;
  private readonly now: () => number;
  private anonymous = 0;

  constructor(options: KoboldGenerationsOptions = {}) {
    this.maxEntries = options.maxEntries ?? MAX_TRACKED_GENERATIONS;
    this.graceMs = options.graceMs ?? FINISHED_GRACE_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Registers a generation of `owner` (an API key id, or undefined when keys are off). Undefined when
   * the registry is full of generations in flight: the call then runs on `closed` alone, untracked.
   * A genkey in use by the caller's earlier generation moves to this one (the newest is the one a
   * client polls); the earlier one still runs and still stops when its client goes away.
   */
  start(
    owner: string | undefined,
    genkey: string | undefined,
    closed: AbortSignal,
  ): TrackedGeneration | undefined {
    const who = owner ?? '';
    // No genkey: a key of its own, which no genkey can name (\u0001 is not the genkey separator).
    const key = genkey ? keyOf(who, genkey) : `${who}\u0001${++this.anonymous}`;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries && !this.evictOne()) return undefined;
    const generation = new TrackedGeneration(key, who, closed, this.now);
    this.entries.set(key, generation);
    return generation;
  }

  /** The generation `check` reports, or undefined: see `find`. */
  check(owner: string | undefined, genkey: string | undefined): string {
    return this.find(owner, genkey, false)?.text ?? '';
  }

  /** Stops the caller's generation named by genkey (or its only one in flight); false when none ran. */
  abort(owner: string | undefined, genkey: string | undefined): boolean {
    return this.find(owner, genkey, true)?.abort() ?? false;
  }

  /** How many generations are tracked (in flight and finished within the grace period). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * With a genkey: the caller's generation of that key. Without: the caller's only generation in
   * flight (none, or several, is no answer, as KoboldCpp answers only when one runs); for `check`,
   * with none in flight, the one that finished last.
   */
  private find(
    owner: string | undefined,
    genkey: string | undefined,
    running: boolean,
  ): TrackedGeneration | undefined {
    const who = owner ?? '';
    if (genkey) {
      const entry = this.live(keyOf(who, genkey));
      return entry && (!running || entry.running) ? entry : undefined;
    }
    let inFlight: TrackedGeneration | undefined;
    let count = 0;
    let finished: TrackedGeneration | undefined;
    for (const [key, entry] of this.entries) {
      if (entry.owner !== who || !this.live(key)) continue;
      if (entry.running) {
        inFlight = entry;
        count++;
      } else finished = entry;
    }
    if (count === 1) return inFlight;
    return count === 0 && !running ? finished : undefined;
  }

  /** The entry under `key`, dropped when its grace period is over. */
  private live(key: string): TrackedGeneration | undefined {
    const entry = this.entries.get(key);
    if (entry?.expired(this.graceMs)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Makes room: the oldest finished entry leaves. False when every entry is in flight. */
  private evictOne(): boolean {
    for (const [key, entry] of this.entries)
      if (!entry.running) {
        this.entries.delete(key);
        return true;
      }
    return false;
  }

  /** Ends a generation: readable for the grace period, then gone (a newer one under its key stays). */
  finish(generation: TrackedGeneration): void {
    generation.finish();
    if (this.entries.get(generation.key) !== generation) return;
    // Re-inserted at the end: the map stays ordered by when entries finished, oldest first.
    this.entries.delete(generation.key);
    this.entries.set(generation.key, generation);
  }
}

/** NUL cannot occur in an API key id, so a genkey cannot pass for another owner's key. */
function keyOf(owner: string, genkey: string): string {
  return `${owner}\u0000${genkey}`;
}

/**
 * A number read from the store at most once per `ttlMs`, shared by every caller meanwhile: the turn's
 * backpressure checks the embedding backlog on every turn, and with many players that must cost a memory
 * read, not a query per turn. Concurrent callers share one read in flight.
 */
export class CachedReading {
  private value = 0;
  private readAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<number> | undefined;

  constructor(
    private readonly read: () => Promise<number>,
    private readonly ttlMs: number,
  ) {}

  current(): Promise<number> {
    if (performance.now() - this.readAt < this.ttlMs) return Promise.resolve(this.value);
    this.inFlight ??= this.read()
      .then((value) => {
        this.value = value;
        this.readAt = performance.now();
        return value;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}

/**
 * Which vectors of the embedded index pass a search filter, kept current on every write instead of
 * found at each search by a walk over every vector: at 10,000 vectors that walk (and the set built from
 * it) cost 5.8 ms a search, six times the graph search itself (0.8–1 ms), and a turn searches once.
 *
 * A filter is split in two: its shared part (world, kinds, tags: the canon documents that pass, or with
 * `allSessions` every document that passes) is a set kept per filter, for the most recently used
 * filters; its session part (the asking session's own documents) comes from a set kept per session,
 * small next to canon, checked against the filter when searched.
 */
import { matches, type VectorFilter, type VectorMeta } from './types.js';

/** The labels that pass one filter. */
export interface Passing {
  readonly size: number;
  has(label: number): boolean;
  labels(): Iterable<number>;
}

interface SharedSet {
  filter: VectorFilter;
  labels: Set<number>;
}

/** Shared filter parts kept at once (a world's turns, its analyses and its tools use a handful). */
const MAX_SHARED = 32;

export class PassingLabels {
  private readonly shared = new Map<string, SharedSet>();
  private readonly sessions = new Map<string, Set<number>>();

  constructor(private readonly metaOf: (label: number) => VectorMeta | undefined) {}

  /** A label was added, or its metadata replaced (`previous`). */
  set(label: number, meta: VectorMeta, previous?: VectorMeta): void {
    if (previous?.sessionId) this.sessions.get(previous.sessionId)?.delete(label);
    if (meta.sessionId) {
      let own = this.sessions.get(meta.sessionId);
      if (!own) {
        own = new Set();
        this.sessions.set(meta.sessionId, own);
      }
      own.add(label);
    }
    for (const entry of this.shared.values()) {
      if (matches(meta, entry.filter)) entry.labels.add(label);
      else entry.labels.delete(label);
    }
  }

  delete(label: number, meta: VectorMeta): void {
    if (meta.sessionId) {
      const own = this.sessions.get(meta.sessionId);
      own?.delete(label);
      if (own?.size === 0) this.sessions.delete(meta.sessionId);
    }
    for (const entry of this.shared.values()) entry.labels.delete(label);
  }

  /**
   * The labels passing `filter` (one without `keys`), given every label and its metadata for a shared
   * part not yet kept.
   */
  passing(filter: VectorFilter, all: () => Iterable<[number, VectorMeta]>): Passing {
    const sharedFilter: VectorFilter = {
      ...(filter.worldId !== undefined && { worldId: filter.worldId }),
      ...(filter.kinds?.length && { kinds: filter.kinds }),
      ...(filter.tags?.length && { tags: filter.tags }),
      ...(filter.allSessions && { allSessions: true }),
    };
    const shared = this.sharedLabels(sharedFilter, all);
    const own = filter.allSessions || !filter.sessionId ? undefined : this.sessions.get(filter.sessionId);
    if (!own || own.size === 0)
      return { size: shared.size, has: (label) => shared.has(label), labels: () => shared };
    const ownFilter: VectorFilter = { ...sharedFilter, allSessions: true };
    const extra = new Set<number>();
    for (const label of own) {
      const meta = this.metaOf(label);
      if (meta && matches(meta, ownFilter)) extra.add(label);
    }
    return {
      size: shared.size + extra.size,
      has: (label) => shared.has(label) || extra.has(label),
      labels: () => [...shared, ...extra],
    };
  }

  private sharedLabels(filter: VectorFilter, all: () => Iterable<[number, VectorMeta]>): Set<number> {
    const key = JSON.stringify([
      filter.worldId ?? null,
      filter.kinds ?? null,
      filter.tags ?? null,
      !!filter.allSessions,
    ]);
    const kept = this.shared.get(key);
    if (kept) {
      // Most recently used last: the first is the one to drop when the map is full.
      this.shared.delete(key);
      this.shared.set(key, kept);
      return kept.labels;
    }
    const labels = new Set<number>();
    for (const [label, meta] of all()) if (matches(meta, filter)) labels.add(label);
    if (this.shared.size >= MAX_SHARED) this.shared.delete(this.shared.keys().next().value as string);
    this.shared.set(key, { filter, labels });
    return labels;
  }
}

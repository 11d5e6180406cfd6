/**
 * The embedded vector index: HNSW (hnswlib-node, native) in process, saved beside the database as
 * two files: the graph (`.hnsw`) and its keys and filter metadata (`.json`). Saved with a write to a
 * temporary file and a rename, so a crash leaves the old files or the new ones, never half of one.
 *
 * Filtered search: a selective filter (few vectors pass) is answered by exact search over the vectors
 * that pass (HNSW with a filter that rejects most nodes walks most of the graph anyway, and can miss);
 * otherwise the graph is searched with the filter as a label predicate.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import hnswlib from 'hnswlib-node';
import { PassingLabels } from './passing-labels.js';
import {
  matches,
  type VectorFilter,
  type VectorHit,
  type VectorIndex,
  type VectorItem,
  type VectorMeta,
} from './types.js';

const { HierarchicalNSW } = hnswlib;
type Graph = InstanceType<typeof HierarchicalNSW>;

export interface HnswOptions {
  dimensions: number;
  /** Graph degree: 16 is hnswlib's sweet spot for 100–1,000 dimensions. */
  m?: number;
  efConstruction?: number;
  /** Search breadth; raised to k when k is larger. */
  efSearch?: number;
  initialCapacity?: number;
  /** Filters that let fewer than this many vectors through are answered by exact search. */
  exactBelow?: number;
  /**
   * Keep a copy of each vector in JS memory (default true) so exact search over a filter is a plain
   * loop; reading a vector back from the native graph costs ~70 µs. Off for very large indexes.
   */
  keepVectors?: boolean;
}

interface Entry {
  key: string;
  meta: VectorMeta;
  vector?: Float32Array;
}

interface SavedMeta {
  version: 1;
  dimensions: number;
  fingerprint: string;
  nextLabel: number;
  capacity: number;
  entries: Array<[number, string, VectorMeta]>;
}

export class HnswIndex implements VectorIndex {
  readonly dimensions: number;
  private graph: Graph;
  private capacity: number;
  private nextLabel = 0;
  private readonly labels = new Map<string, number>();
  private readonly entries = new Map<number, Entry>();
  private readonly passing = new PassingLabels((label) => this.entries.get(label)?.meta);
  private readonly efSearch: number;
  private readonly exactBelow: number;
  private readonly m: number;
  private readonly efConstruction: number;
  private readonly keepVectors: boolean;
  /** The database state this index was built from (see VectorSync). */
  fingerprint = '';

  constructor(options: HnswOptions) {
    this.dimensions = options.dimensions;
    this.m = options.m ?? 16;
    this.efConstruction = options.efConstruction ?? 200;
    this.efSearch = options.efSearch ?? 64;
    this.exactBelow = options.exactBelow ?? 2_000;
    this.keepVectors = options.keepVectors ?? true;
    this.capacity = Math.max(16, options.initialCapacity ?? 1_024);
    this.graph = new HierarchicalNSW('cosine', this.dimensions);
    this.graph.initIndex({
      maxElements: this.capacity,
      m: this.m,
      efConstruction: this.efConstruction,
      randomSeed: 42,
    });
  }

  size(): number {
    return this.labels.size;
  }

  has(key: string): boolean {
    return this.labels.has(key);
  }

  keys(): string[] {
    return [...this.labels.keys()];
  }

  async upsert(items: readonly VectorItem[]): Promise<void> {
    for (const item of items) {
      if (item.vector.length !== this.dimensions)
        throw new Error(`Vector of ${item.vector.length} dimensions for an index of ${this.dimensions}`);
      let label = this.labels.get(item.key);
      if (label === undefined) {
        label = this.nextLabel;
        if (label >= this.capacity) this.grow(label + 1);
        this.nextLabel += 1;
      }
      // An existing label is updated in place (hnswlib re-links it); a deleted one is revived.
      this.graph.addPoint(Array.from(item.vector), label);
      this.labels.set(item.key, label);
      this.passing.set(label, item.meta, this.entries.get(label)?.meta);
      this.entries.set(label, {
        key: item.key,
        meta: item.meta,
        ...(this.keepVectors && { vector: Float32Array.from(item.vector) }),
      });
    }
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const label = this.labels.get(key);
      if (label === undefined) continue;
      this.graph.markDelete(label);
      this.labels.delete(key);
      const entry = this.entries.get(label);
      if (entry) this.passing.delete(label, entry.meta);
      this.entries.delete(label);
    }
  }

  get(key: string): Float32Array | undefined {
    const label = this.labels.get(key);
    if (label === undefined) return undefined;
    const kept = this.entries.get(label)?.vector;
    return kept ? Float32Array.from(kept) : Float32Array.from(this.graph.getPoint(label));
  }

  async search(vector: Float32Array, k: number, filter?: VectorFilter): Promise<VectorHit[]> {
    const live = this.labels.size;
    if (live === 0 || k <= 0) return [];
    if (filter?.keys) {
      // What one character knows: only those keys are looked at.
      const allowed: number[] = [];
      for (const key of filter.keys) {
        const label = this.labels.get(key);
        const entry = label === undefined ? undefined : this.entries.get(label);
        if (label !== undefined && entry && matches(entry.meta, filter, key)) allowed.push(label);
      }
      if (allowed.length === 0) return [];
      if (allowed.length < this.exactBelow) return this.exact(vector, k, allowed);
      const set = new Set(allowed);
      return this.graphSearch(vector, Math.min(k, allowed.length), (label) => set.has(label));
    }
    // Any filter leaves out recorded facts unless it names them (as pgvector does), even one that
    // asks for every session: only a search without a filter sees everything.
    if (filter) {
      const passing = this.passing.passing(filter, () => this.metaOfAll());
      if (passing.size === 0) return [];
      if (passing.size < this.exactBelow) return this.exact(vector, k, passing.labels());
      // Every vector passes (one world, no session of its own yet): no predicate to call per node.
      if (passing.size === live) return this.graphSearch(vector, Math.min(k, live));
      return this.graphSearch(vector, Math.min(k, passing.size), (label) => passing.has(label));
    }
    return this.graphSearch(vector, Math.min(k, live));
  }

  /** Exact search over some labels (and the bench's ground truth). */
  exact(vector: Float32Array, k: number, labels?: Iterable<number>): VectorHit[] {
    const hits: VectorHit[] = [];
    for (const label of labels ?? this.entries.keys()) {
      const entry = this.entries.get(label);
      if (!entry) continue;
      hits.push({ key: entry.key, score: dot(vector, entry.vector ?? this.graph.getPoint(label)) });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }

  private *metaOfAll(): Iterable<[number, VectorMeta]> {
    for (const [label, entry] of this.entries) yield [label, entry.meta];
  }

  private graphSearch(vector: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[] {
    this.graph.setEf(Math.max(this.efSearch, k));
    const result = filter
      ? this.graph.searchKnn(Array.from(vector), k, filter)
      : this.graph.searchKnn(Array.from(vector), k);
    const hits: VectorHit[] = [];
    result.neighbors.forEach((label, index) => {
      const entry = this.entries.get(label);
      // hnswlib's cosine space answers 1 - cosine.
      if (entry) hits.push({ key: entry.key, score: 1 - (result.distances[index] as number) });
    });
    return hits;
  }

  private grow(needed: number): void {
    let next = this.capacity;
    while (next < needed) next *= 2;
    this.graph.resizeIndex(next);
    this.capacity = next;
  }

  async save(path: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const meta: SavedMeta = {
      version: 1,
      dimensions: this.dimensions,
      fingerprint: this.fingerprint,
      nextLabel: this.nextLabel,
      capacity: this.capacity,
      entries: [...this.entries].map(([label, entry]) => [label, entry.key, entry.meta]),
    };
    const temp = `${path}.${process.pid}.tmp`;
    await this.graph.writeIndex(temp);
    await writeFile(`${temp}.json`, JSON.stringify(meta));
    await rename(temp, path);
    await rename(`${temp}.json`, `${path}.json`);
  }

  /** Loads a saved index; undefined when its files are missing, damaged or of other dimensions. */
  static async load(path: string, options: HnswOptions): Promise<HnswIndex | undefined> {
    if (!existsSync(path) || !existsSync(`${path}.json`)) return undefined;
    try {
      const meta = JSON.parse(await readFile(`${path}.json`, 'utf8')) as SavedMeta;
      if (meta.version !== 1 || meta.dimensions !== options.dimensions) return undefined;
      const index = new HnswIndex({ ...options, initialCapacity: meta.capacity });
      await index.graph.readIndex(path);
      index.capacity = index.graph.getMaxElements();
      index.nextLabel = meta.nextLabel;
      index.fingerprint = meta.fingerprint;
      for (const [label, key, entryMeta] of meta.entries) {
        index.labels.set(key, label);
        index.passing.set(label, entryMeta);
        index.entries.set(label, {
          key,
          meta: entryMeta,
          ...(index.keepVectors && { vector: Float32Array.from(index.graph.getPoint(label)) }),
        });
      }
      return index;
    } catch {
      return undefined;
    }
  }
}

function dot(a: Float32Array, b: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < a.length; index += 1) sum += (a[index] as number) * (b[index] as number);
  return sum;
}

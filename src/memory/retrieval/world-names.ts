/**
 * One name index per world, kept current without making a query wait: the first search of a world
 * builds it; after that, a search older than `refreshMs` starts a refresh in the background that reads
 * only the documents written since the last one (a world that shrank is rebuilt). A new name is
 * therefore used for expansion a moment after it is written; the lexical search finds it at once.
 */
import { LRUCache } from 'lru-cache';
import type { MemoryDocumentRepository } from '../../store/repositories/memory-documents.js';
import { NameIndex } from './names.js';

interface WorldEntry {
  index: NameIndex;
  /** The newest write read so far. */
  newest: string;
  checkedAt: number;
  refreshing: boolean;
}

const EPOCH = '1970-01-01T00:00:00.000Z';

export class WorldNames {
  private readonly worlds = new LRUCache<string, WorldEntry>({ max: 256 });
  private readonly loading = new Map<string, Promise<WorldEntry>>();

  constructor(
    private readonly documents: Pick<MemoryDocumentRepository, 'namesSince'>,
    private readonly refreshMs = 2_000,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  async index(worldId: string): Promise<NameIndex> {
    const entry = this.worlds.get(worldId);
    if (!entry) return (await this.load(worldId)).index;
    if (!entry.refreshing && Date.now() - entry.checkedAt >= this.refreshMs)
      void this.refresh(worldId, entry);
    return entry.index;
  }

  /** Reads the world's names now (tests, and after a bulk import). */
  async reload(worldId: string): Promise<void> {
    this.worlds.delete(worldId);
    await this.load(worldId);
  }

  private load(worldId: string): Promise<WorldEntry> {
    let pending = this.loading.get(worldId);
    if (!pending) {
      pending = (async () => {
        const read = await this.documents.namesSince(worldId, EPOCH);
        const entry: WorldEntry = {
          index: NameIndex.from(read.names),
          newest: read.newest,
          checkedAt: Date.now(),
          refreshing: false,
        };
        this.worlds.set(worldId, entry);
        return entry;
      })().finally(() => this.loading.delete(worldId));
      this.loading.set(worldId, pending);
    }
    return pending;
  }

  private async refresh(worldId: string, entry: WorldEntry): Promise<void> {
    entry.refreshing = true;
    try {
      const read = await this.documents.namesSince(worldId, entry.newest);
      for (const named of read.names) entry.index.put(named);
      entry.newest = read.newest;
      entry.checkedAt = Date.now();
      // Deletions leave no row to read: a world with fewer named documents than indexed is rebuilt.
      if (read.count < entry.index.size) {
        this.worlds.delete(worldId);
        await this.load(worldId);
      }
    } catch (error) {
      this.onError(error);
    } finally {
      entry.refreshing = false;
    }
  }
}

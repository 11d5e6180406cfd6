/**
 * The SQLite memory index stays in step with its documents through inserts, rewrites and deletes,
 * also after a VACUUM renumbers the table's rowids (the index is keyed by `search_rowid`, a column).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseConfigSchema } from '../../src/config/store-schema.js';
import { openStore, type Store } from '../../src/store/index.js';
import { MemoryDocumentRepository } from '../../src/store/repositories/memory-documents.js';
import { searchLore } from '../../src/store/search/lore.js';

describe('memory full-text index on SQLite', () => {
  let dir: string;
  let store: Store;
  let documents: MemoryDocumentRepository;

  const put = (id: string, title: string, body: string) =>
    documents.upsert({
      id,
      worldId: 'w',
      sessionId: null,
      source: 'entity',
      kind: 'character',
      title,
      aliases: [],
      body,
      tags: [],
      importance: 5,
      gameHour: null,
    });
  const find = async (word: string) =>
    (await searchLore(store.db, 'sqlite', { worldId: 'w', words: [word], limit: 10 }))
      .map((hit) => hit.documentId)
      .sort();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loremaster-fts-'));
    store = await openStore(databaseConfigSchema.parse({ sqlite_path: join(dir, 'db.sqlite') }));
    documents = new MemoryDocumentRepository(store.db);
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ranks a word in the title above the same word in the body', async () => {
    // Two entries of the same length: one names the ferry in its title, the other only in its body.
    await put('ferry-title', 'Ferry Hall', 'a long hall of oak and old stone');
    await put('ferry-body', 'Oak Hall', 'a long hall of oak and the ferry');
    const hits = await searchLore(store.db, 'sqlite', { worldId: 'w', words: ['ferry'], limit: 10 });
    expect(hits.map((hit) => hit.documentId)).toEqual(['ferry-title', 'ferry-body']);
    await documents.delete('ferry-title');
    await documents.delete('ferry-body');
  });

  it('finds, rewrites and forgets documents, before and after a VACUUM', async () => {
    for (let index = 0; index < 20; index += 1)
      await put(`doc-${index}`, `Keeper ${index}`, `keeps lantern number ${index}`);
    await put('mira', 'Mira', 'keeps the drowned bell');
    expect(await find('bell')).toEqual(['mira']);
    for (let index = 0; index < 20; index += 2) await documents.delete(`doc-${index}`);
    await sql`vacuum`.execute(store.db);

    await put('mira', 'Mira', 'keeps the silver locket now');
    expect(await find('bell')).toEqual([]);
    expect(await find('locket')).toEqual(['mira']);
    await put('osric', 'Osric', 'found the drowned bell');
    expect(await find('bell')).toEqual(['osric']);
    expect(await find('lantern')).toHaveLength(10);
    await documents.delete('doc-1');
    expect(await find('lantern')).toHaveLength(9);
    const { count } = (
      await sql<{ count: number }>`select count(*) as count from memory_fts`.execute(store.db)
    ).rows[0] as { count: number };
    expect(Number(count)).toBe(await documents.count('w'));
  });
});

/**
 * The queries the API makes use indexes: every SELECT the repositories run for the conversation API,
 * the call log and the maintenance queue is captured and explained on SQLite; none may scan a table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseConfigSchema } from '../../src/config/store-schema.js';
import { openStore, Repositories } from '../../src/store/index.js';
import type { Database } from '../../src/store/schema.js';
import { searchConversations } from '../../src/store/search/index.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-indexes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('query plans (SQLite)', () => {
  it('every query of the conversation API, call log and queue uses an index', async () => {
    const file = join(dir, 'plans.db');
    const store = await openStore(databaseConfigSchema.parse({ sqlite_path: file }));
    await store.close();

    const sqlite = new SqliteDatabase(file);
    const captured: CompiledQuery[] = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (event) => {
        if (event.level === 'query') captured.push(event.query);
      },
    });
    try {
      const repos = new Repositories(db);
      const conversation = await repos.conversations.create({
        model: 'generation',
        title: 'x',
        metadata: { world: 'eld' },
      });
      const message = await repos.conversations.addMessage(conversation.id, {
        role: 'user',
        content: 'hello bell',
        tokens: 2,
      });
      captured.length = 0;

      await repos.conversations.get(conversation.id);
      await repos.conversations.messages(conversation.id, { limit: 100, afterId: 0 });
      await repos.conversations.contextMessages(conversation.id, message.id);
      await repos.conversations.list({ limit: 20 });
      await repos.conversations.list({
        limit: 20,
        metadata: { world: 'eld' },
        after: { createdAt: 'z', id: 'z' },
      });
      await repos.calls.list({ conversationId: conversation.id, limit: 10 });
      await repos.calls.usage({ period: 'hour', from: '2026-01-01' });
      await repos.maintenance.claim('w', { limit: 5, leaseMs: 1000 });
      await repos.apiKeys.verify('lm_key');
      await repos.worlds.current('e1', 's1');
      await repos.events.list({ type: 'x', afterId: 0, limit: 10 });
      await searchConversations(db, 'sqlite', { text: 'bell', limit: 10 });

      const selects = captured.filter((query) => /^\s*select/i.test(query.sql));
      expect(selects.length).toBeGreaterThanOrEqual(12);
      const scans: string[] = [];
      for (const query of selects) {
        const plan = sqlite
          .prepare(`explain query plan ${query.sql}`)
          .all(...(query.parameters as unknown[])) as {
          detail: string;
        }[];
        for (const { detail } of plan) {
          // "SCAN t" without an index reads the whole table; FTS virtual tables scan through their own index.
          if (/^SCAN (?!.*(VIRTUAL TABLE|USING (COVERING )?INDEX))/.test(detail))
            scans.push(`${detail} ← ${query.sql}`);
        }
      }
      expect(scans).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

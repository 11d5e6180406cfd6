/** The store on both backends: migrations, every repository, transactions, search and cleanup. */
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup } from '../../src/store/cleanup.js';
import { connect, migrateToLatest, migrationsFor, type Store } from '../../src/store/index.js';
import { BACKENDS, type BackendUnderTest, setUpBackend } from './backends.js';

/** Every migration, in order (the same names on both backends). */
const ALL_MIGRATIONS = Object.keys(migrationsFor('sqlite'));

describe.each(BACKENDS)('store on %s', (backendName) => {
  let backend: BackendUnderTest;
  let store: Store;
  let unavailable: unknown;

  beforeAll(async () => {
    try {
      backend = await setUpBackend(backendName);
      store = await backend.open();
    } catch (error) {
      unavailable = error;
    }
  });
  // An unreachable database fails every test of its backend (CI must not pass by skipping them).
  beforeEach(() => {
    if (unavailable) throw unavailable;
  });
  afterAll(() => backend?.teardown());

  describe('migrations', () => {
    it('applied every migration from empty, and a re-run applies none', async () => {
      expect(store.migrations?.applied).toEqual(ALL_MIGRATIONS);
      const again = await migrateToLatest(store.connection);
      expect(again.applied).toEqual([]);
      expect(again.current).toEqual(ALL_MIGRATIONS);
    });

    // SQLite: two real processes, in test/store/cli.test.ts (one process would block on its own lock).
    // Defined for PostgreSQL only (not skipped on SQLite: tested there with real processes).
    const onPostgres = backendName === 'postgres' ? it : undefined;
    onPostgres?.('two connections migrating one fresh database at once both succeed, once', async () => {
      const other = await setUpBackend(backendName);
      const connections = [connect(other.config), connect(other.config)];
      try {
        const reports = await Promise.all(connections.map((connection) => migrateToLatest(connection)));
        expect(reports.flatMap((report) => report.applied).sort()).toEqual([...ALL_MIGRATIONS].sort());
        expect(reports.every((report) => report.current.length === ALL_MIGRATIONS.length)).toBe(true);
      } finally {
        for (const connection of connections) await connection.close();
        await other.teardown();
      }
    });

    it('a migration that fails part-way leaves nothing of itself behind', async () => {
      const migrator = new Migrator({
        db: store.db,
        provider: {
          getMigrations: async () => ({
            ...migrationsFor(store.backend),
            '9999_broken': {
              async up(db: Kysely<unknown>) {
                await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
                throw new Error('broken migration');
              },
            },
          }),
        },
        migrationTableName: 'loremaster_migrations',
        migrationLockTableName: 'loremaster_migrations_lock',
      });
      const { error } = await migrator.migrateToLatest();
      expect(String(error)).toMatch(/broken migration/);
      const tables = await store.db.introspection.getTables();
      expect(tables.map((table) => table.name)).not.toContain('half_done');
      expect((await migrateToLatest(store.connection)).current).toEqual(ALL_MIGRATIONS);
    });

    it('upgrades a database holding data without losing it, and indexes the old rows for search', async () => {
      const other = await setUpBackend(backendName);
      try {
        const connection = connect(other.config);
        try {
          await migrateToLatest(connection, '0001_initial');
          const db = connection.db;
          const time = new Date().toISOString();
          await db
            .insertInto('conversations')
            .values({
              id: 'old-1',
              title: 'Lighthouse of Karsk',
              model: 'generation',
              metadata: '{}',
              message_count: 1,
              context_summary: null,
              context_from_message_id: null,
              world_id: null,
              session_id: null,
              system_prompt: null,
              created_at: time,
              updated_at: time,
              archived_at: null,
            })
            .execute();
          await db
            .insertInto('messages')
            .values({
              conversation_id: 'old-1',
              role: 'user',
              content: 'The keeper hides a silver astrolabe',
              name: null,
              tokens: 7,
              provider: null,
              model: null,
              finish_reason: null,
              input_tokens: null,
              output_tokens: null,
              metadata: null,
              created_at: time,
            })
            .execute();
          const report = await migrateToLatest(connection);
          expect(report.applied).toEqual(ALL_MIGRATIONS.slice(1));
        } finally {
          await connection.close();
        }
        const upgraded = await other.open();
        expect((await upgraded.conversations.get('old-1'))?.title).toBe('Lighthouse of Karsk');
        const hits = await upgraded.search({ text: 'astrolabe', limit: 5 });
        expect(hits.map((hit) => hit.conversationId)).toEqual(['old-1']);
        const titleHits = await upgraded.search({ text: 'lighthouse', limit: 5 });
        expect(titleHits[0]?.messageId).toBeNull();
      } finally {
        await other.teardown();
      }
    });
  });

  describe('conversations and messages', () => {
    it('creates, reads in pages, filters by metadata and archives', async () => {
      const a = await store.conversations.create({
        model: 'generation',
        title: 'A',
        metadata: { world: 'eld', level: 3 },
      });
      const b = await store.conversations.create({ model: 'offline', metadata: { world: 'karsk' } });
      for (let i = 0; i < 5; i += 1) {
        await store.conversations.addMessage(a.id, {
          role: i % 2 ? 'assistant' : 'user',
          content: `line ${i}`,
          tokens: 2,
        });
      }
      const first = await store.conversations.messages(a.id, { limit: 2 });
      const next = await store.conversations.messages(a.id, { limit: 10, afterId: first[1]!.id });
      expect(first.map((m) => m.content)).toEqual(['line 0', 'line 1']);
      expect(next.map((m) => m.content)).toEqual(['line 2', 'line 3', 'line 4']);
      expect((await store.conversations.get(a.id))?.messageCount).toBe(5);

      const eld = await store.conversations.list({ metadata: { world: 'eld', level: '3' }, limit: 10 });
      expect(eld.map((c) => c.id)).toEqual([a.id]);
      expect(await store.conversations.list({ metadata: { world: 'nowhere' }, limit: 10 })).toEqual([]);

      await store.conversations.archive(b.id);
      const visible = await store.conversations.list({ limit: 100 });
      expect(visible.some((c) => c.id === b.id)).toBe(false);
      const all = await store.conversations.list({ limit: 100, includeArchived: true });
      expect(all.some((c) => c.id === b.id)).toBe(true);
      expect((await store.conversations.get(b.id))?.archivedAt).not.toBeNull();
    });

    it('pages the listing newest first with a cursor, without repeats or gaps', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        ids.push(
          (await store.conversations.create({ model: 'generation', metadata: { batch: 'paging' } })).id,
        );
      }
      const seen: string[] = [];
      let after: { createdAt: string; id: string } | undefined;
      for (let page = 0; page < 10; page += 1) {
        const rows = await store.conversations.list({
          metadata: { batch: 'paging' },
          limit: 2,
          ...(after && { after }),
        });
        if (rows.length === 0) break;
        seen.push(...rows.map((row) => row.id));
        const last = rows[rows.length - 1]!;
        after = { createdAt: last.createdAt, id: last.id };
      }
      expect(seen).toHaveLength(5);
      expect(new Set(seen)).toEqual(new Set(ids));
    });
  });

  describe('transactions', () => {
    it('roll back every write when the work throws', async () => {
      const before = await store.conversations.list({ limit: 1000, includeArchived: true });
      await expect(
        store.transaction(async (tx) => {
          const conversation = await tx.conversations.create({ model: 'generation', title: 'doomed' });
          await tx.conversations.addMessage(conversation.id, {
            role: 'user',
            content: 'never kept',
            tokens: 2,
          });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const after = await store.conversations.list({ limit: 1000, includeArchived: true });
      expect(after.length).toBe(before.length);
      expect(await store.search({ text: 'doomed', limit: 5 })).toEqual([]);
    });

    it('roll back when a statement fails part-way (a unique key)', async () => {
      const prompt = await store.prompts.create({ name: 'narrator-tx' });
      await expect(
        store.transaction(async (tx) => {
          await tx.prompts.addVersion(prompt.id, { template: 'v1' });
          await tx.prompts.create({ name: 'narrator-tx' });
        }),
      ).rejects.toThrow();
      expect(await store.prompts.versions(prompt.id)).toEqual([]);
    });
  });

  it('prompts keep every version and one active', async () => {
    const prompt = await store.prompts.create({ name: 'npc', description: 'NPC voice' });
    await store.transaction((tx) => tx.prompts.addVersion(prompt.id, { template: 'Hello {{ name }}' }));
    await store.transaction((tx) =>
      tx.prompts.addVersion(prompt.id, { template: 'Hi {{ name }}', createdBy: 'ana' }),
    );
    await store.transaction((tx) =>
      tx.prompts.addVersion(prompt.id, {
        template: 'Claude: {{ name }}',
        variant: 'anthropic',
        activate: false,
      }),
    );
    expect((await store.prompts.getByName('npc'))?.activeVersion).toBe(2);
    expect((await store.prompts.versions(prompt.id)).map((v) => [v.version, v.variant])).toEqual([
      [1, ''],
      [2, ''],
      [3, 'anthropic'],
    ]);
    await store.prompts.activate(prompt.id, 1);
    expect((await store.prompts.getByName('npc'))?.activeVersion).toBe(1);
    expect((await store.prompts.version(prompt.id, 2))?.createdBy).toBe('ana');
  });

  it('context data is set, replaced, listed and deleted per scope', async () => {
    await store.context.set('world', 'w1', 'weather', { sky: 'grey' });
    await store.context.set('world', 'w1', 'weather', { sky: 'storm' });
    await store.context.set('world', 'w1', 'era', 'third age');
    await store.context.set('world', 'w2', 'era', 'first age');
    expect(await store.context.get('world', 'w1', 'weather')).toEqual({ sky: 'storm' });
    expect((await store.context.list('world', 'w1')).map((e) => e.key)).toEqual(['era', 'weather']);
    expect(await store.context.delete('world', 'w1', 'era')).toBe(true);
    expect(await store.context.get('world', 'w1', 'era')).toBeUndefined();
  });

  it('events append in order and page by id', async () => {
    const first = await store.events.append({ type: 'player.moved', source: 'game', payload: { to: 'inn' } });
    await store.events.append({ type: 'player.moved', source: 'game', payload: { to: 'docks' } });
    await store.events.append({ type: 'quest.done', source: 'game' });
    const moved = await store.events.list({ type: 'player.moved', afterId: first.id - 1, limit: 10 });
    expect(moved.map((e) => (e.payload as { to: string }).to)).toEqual(['inn', 'docks']);
    expect(await store.events.list({ afterId: first.id + 2, limit: 10 })).toEqual([]);
  });

  it('integrations keep state and health', async () => {
    const discord = await store.integrations.create({
      name: 'discord',
      kind: 'bot',
      config: { guild: 'g1' },
    });
    await store.integrations.setState(discord.id, { cursor: 42 });
    await store.integrations.recordHealth(discord.id, 'down', 'gateway timeout');
    let read = await store.integrations.get(discord.id);
    expect(read).toMatchObject({ state: { cursor: 42 }, health: 'down', lastError: 'gateway timeout' });
    await store.integrations.recordHealth(discord.id, 'ok');
    read = await store.integrations.get(discord.id);
    expect(read).toMatchObject({ health: 'ok', lastError: null });
    expect(read?.lastCheckedAt).not.toBeNull();
  });

  it('entities: every change a version, canon vs session overlay, promotion, and witnesses', async () => {
    const world = await store.worlds.createWorld({ name: 'Eldhollow' });
    const session = await store.sessions.create({ worldId: world.id, player: 'p1' });
    const { entity: mira } = await store.transaction((tx) =>
      tx.worlds.createEntity(world.id, {
        kind: 'character',
        name: 'Mira',
        data: { mood: 'calm' },
        changedBy: 'import',
      }),
    );
    const { entity: voss } = await store.transaction((tx) =>
      tx.worlds.createEntity(world.id, { kind: 'character', name: 'Voss', data: {}, changedBy: 'import' }),
    );
    await store.transaction((tx) =>
      tx.worlds.addVersion(mira.id, {
        scope: 'session',
        sessionId: session.id,
        data: { mood: 'angry' },
        changedBy: 'maintenance',
        reason: 'player stole her ring',
      }),
    );
    // Canon is untouched; the session sees its overlay.
    expect((await store.worlds.current(mira.id))?.data).toEqual({ mood: 'calm' });
    expect((await store.worlds.current(mira.id, session.id))?.data).toEqual({ mood: 'angry' });
    const other = await store.sessions.create({ worldId: world.id });
    expect((await store.worlds.current(mira.id, other.id))?.data).toEqual({ mood: 'calm' });

    await store.transaction((tx) => tx.worlds.promote(mira.id, session.id, 'user:gm'));
    const canon = await store.worlds.history(mira.id, { sessionId: null });
    expect(canon.map((v) => [v.version, v.data.mood, v.changedBy])).toEqual([
      [1, 'calm', 'import'],
      [2, 'angry', 'user:gm'],
    ]);
    expect((await store.worlds.history(mira.id)).length).toBe(3);
    expect((await store.worlds.listEntities(world.id, 'character')).map((e) => e.name)).toEqual([
      'Mira',
      'Voss',
    ]);

    await store.worlds.addWitness({
      worldId: world.id,
      subjectType: 'entity_version',
      subjectId: String(canon[1]!.id),
      witnessEntityId: voss.id,
      sessionId: session.id,
    });
    await store.worlds.addWitness({
      worldId: world.id,
      subjectType: 'entity_version',
      subjectId: String(canon[1]!.id),
      witnessEntityId: voss.id,
    });
    expect((await store.worlds.knownBy(voss.id, 'entity_version')).map((w) => w.subjectId)).toEqual([
      String(canon[1]!.id),
    ]);
    expect(await store.worlds.knownBy(mira.id, 'entity_version')).toEqual([]);
    await expect(
      store.worlds.addVersion(mira.id, { scope: 'session', data: {}, changedBy: 'x' }),
    ).rejects.toThrow(/sessionId/);
  });

  it('sessions number their turns and keep output and analysis', async () => {
    const session = await store.sessions.create({ player: 'p2' });
    const t1 = await store.transaction((tx) => tx.sessions.addTurn(session.id, { input: 'I open the gate' }));
    const t2 = await store.transaction((tx) => tx.sessions.addTurn(session.id, { input: 'I step in' }));
    await store.sessions.setTurnOutput(t1.id, 'The gate groans.');
    await store.sessions.setTurnAnalysis(t1.id, { updates: [], creations: [{ kind: 'place' }] });
    expect([t1.number, t2.number]).toEqual([1, 2]);
    const turns = await store.sessions.turns(session.id, { limit: 10 });
    expect(turns[0]).toMatchObject({
      output: 'The gate groans.',
      analysis: { creations: [{ kind: 'place' }] },
    });
    expect((await store.sessions.get(session.id))?.turnCount).toBe(2);
    await store.sessions.end(session.id);
    expect((await store.sessions.get(session.id))?.status).toBe('ended');
  });

  it('the maintenance queue claims by priority, leases, retries, fails, and reclaims expired leases', async () => {
    const low = await store.maintenance.enqueue({ taskType: 'UPDATE_NOTE', taskData: { n: 1 }, priority: 0 });
    const high = await store.maintenance.enqueue({
      taskType: 'CREATE_ENTITY',
      taskData: { n: 2 },
      priority: 10,
      maxAttempts: 2,
    });
    const [first] = await store.maintenance.claim('w1', { limit: 1, leaseMs: 60_000 });
    expect(first?.id).toBe(high.id);
    expect(first).toMatchObject({ status: 'processing', leaseOwner: 'w1', attempts: 1 });
    // Another worker cannot take a leased task.
    const second = await store.maintenance.claim('w2', { limit: 5, leaseMs: 60_000 });
    expect(second.map((t) => t.id)).toEqual([low.id]);

    expect(await store.maintenance.fail(high.id, 'w1', 'model timed out', 0)).toBe('pending');
    const [retry] = await store.maintenance.claim('w1', { limit: 1, leaseMs: 60_000 });
    expect(retry).toMatchObject({ id: high.id, attempts: 2 });
    expect(await store.maintenance.fail(high.id, 'w1', 'model timed out again', 0)).toBe('failed');
    expect((await store.maintenance.get(high.id))?.errorMessage).toBe('model timed out again');

    // A worker that dies leaves an expired lease: the task is claimed again (at-least-once).
    const crashed = await store.maintenance.enqueue({ taskType: 'SIMULATE_WORLD', taskData: {} });
    await store.maintenance.claim('dead', { limit: 1, leaseMs: 1, taskTypes: ['SIMULATE_WORLD'] });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const [reclaimed] = await store.maintenance.claim('w3', {
      limit: 1,
      leaseMs: 60_000,
      taskTypes: ['SIMULATE_WORLD'],
    });
    expect(reclaimed).toMatchObject({ id: crashed.id, leaseOwner: 'w3', attempts: 2 });
    expect(await store.maintenance.complete(crashed.id, 'dead')).toBe(false);
    expect(await store.maintenance.complete(crashed.id, 'w3')).toBe(true);
    expect(await store.maintenance.complete(low.id, 'w2')).toBe(true);
    const counts = await store.maintenance.counts();
    expect(counts).toMatchObject({ completed: 2, failed: 1 });
    expect(await store.maintenance.countsByType()).toEqual(
      expect.arrayContaining([{ taskType: 'CREATE_ENTITY', status: 'failed', count: 1 }]),
    );

    // Dead letters keep the raw output; a permanent failure skips the attempts left; retry revives.
    const [first2, second2] = await store.maintenance.enqueueMany([
      { taskType: 'ANALYZE_TURN', taskData: { turn: 1 } },
      { taskType: 'ANALYZE_TURN', taskData: { turn: 2 } },
    ]);
    expect(second2!.id).toBeGreaterThan(first2!.id);
    await store.maintenance.claim('w4', { limit: 1, leaseMs: 60_000, taskTypes: ['ANALYZE_TURN'] });
    expect(
      await store.maintenance.fail(first2!.id, 'w4', 'invalid JSON', { rawOutput: '{"upd', permanent: true }),
    ).toBe('failed');
    expect(await store.maintenance.fail(first2!.id, 'w4', 'twice')).toBeUndefined();
    const dead = await store.maintenance.listDead({ limit: 10, taskType: 'ANALYZE_TURN' });
    expect(dead.map((task) => [task.id, task.errorMessage, task.rawOutput])).toEqual([
      [first2!.id, 'invalid JSON', '{"upd'],
    ]);
    expect((await store.maintenance.listDead({ limit: 10 })).length).toBe(2);
    expect(await store.maintenance.retryDead(second2!.id)).toBe(false);
    expect(await store.maintenance.retryDead(first2!.id)).toBe(true);
    expect(await store.maintenance.get(first2!.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      errorMessage: null,
      rawOutput: null,
    });
    expect(await store.maintenance.oldestPendingCreatedAt()).toBe(first2!.createdAt);
    expect(await store.maintenance.completedSince(new Date(Date.now() - 60_000).toISOString())).toBe(2);
  });

  it('embeddings round-trip their vectors and replace on upsert', async () => {
    const vector = [0.25, -1.5, 3.125, 0];
    await store.embeddings.upsert({
      ownerType: 'message',
      ownerId: 'm1',
      model: 'offline',
      vector,
      text: 'hello',
    });
    expect(Array.from((await store.embeddings.get('message', 'm1', 'offline'))!.vector)).toEqual(vector);
    await store.embeddings.upsert({
      ownerType: 'message',
      ownerId: 'm1',
      model: 'offline',
      vector: [1, 2],
      text: 'changed',
    });
    const replaced = await store.embeddings.get('message', 'm1', 'offline');
    expect(Array.from(replaced!.vector)).toEqual([1, 2]);
    expect((await store.embeddings.page('offline', { limit: 10 })).length).toBe(1);
    expect(await store.embeddings.delete('message', 'm1')).toBe(1);
  });

  it('feedback is kept per target', async () => {
    await store.feedback.add({ targetType: 'message', targetId: '7', rating: 1, comment: 'great line' });
    await store.feedback.add({ targetType: 'message', targetId: '7', rating: -1 });
    expect((await store.feedback.forTarget('message', '7')).map((f) => f.rating)).toEqual([1, -1]);
  });

  it('API keys are stored hashed, verified, and revoked', async () => {
    const { key, apiKey } = await store.apiKeys.create({ name: 'unity client', scopes: ['llm'] });
    const stored = await store.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key);
    expect((await store.apiKeys.verify(key))?.name).toBe('unity client');
    expect(await store.apiKeys.verify(`${key}x`)).toBeUndefined();
    expect(await store.apiKeys.revoke(apiKey.id)).toBe(true);
    expect(await store.apiKeys.verify(key)).toBeUndefined();
  });

  describe('call log', () => {
    it('writes every recorded call on close, with hourly and daily roll-ups', async () => {
      const other = await setUpBackend(backendName);
      try {
        const logStore = await other.open({
          call_log: {
            buffer_max: 20_000,
            batch_size: 250,
            flush_interval_ms: 20,
            bodies: { enabled: true, max_chars: 32_768 },
          },
        });
        const total = 3_000;
        for (let i = 0; i < total; i += 1) {
          logStore.callLog.record({
            provider: i % 3 === 0 ? 'openai' : 'offline',
            model: 'm',
            role: 'generation',
            call_type: 'chat',
            status: i % 10 === 0 ? 'error' : 'ok',
            input_tokens: 10,
            output_tokens: 5,
            cost: 0.001,
            latency_ms: 100,
            created_at: '2026-03-01T10:15:00.000Z',
          });
          // Let the timer flush some batches while we record.
          if (i % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
        }
        await logStore.callLog.close();
        expect(logStore.callLog.stats()).toMatchObject({ written: total, dropped: 0, buffered: 0 });
        expect(await logStore.calls.count()).toBe(total);
        const hours = await logStore.calls.usage({ period: 'hour' });
        expect(hours.reduce((sum, row) => sum + row.calls, 0)).toBe(total);
        expect(hours.find((row) => row.provider === 'openai')).toMatchObject({
          bucket_start: '2026-03-01T10:00:00.000Z',
          calls: 1_000,
          errors: 100,
          input_tokens: 10_000,
        });
        const days = await logStore.calls.usage({ period: 'day' });
        expect(days.reduce((sum, row) => sum + row.output_tokens, 0)).toBe(total * 5);
        expect(days[0]?.bucket_start).toBe('2026-03-01T00:00:00.000Z');
      } finally {
        await other.teardown();
      }
    });
  });

  describe('call log at its bound', () => {
    it('counts the rows it drops when the buffer is full, and writes all the others', async () => {
      const other = await setUpBackend(backendName);
      try {
        const s = await other.open({
          call_log: {
            buffer_max: 100,
            batch_size: 50,
            flush_interval_ms: 60_000,
            bodies: { enabled: true, max_chars: 32_768 },
          },
        });
        // Recorded in one synchronous burst: the writer cannot drain while we record.
        for (let i = 0; i < 250; i += 1) {
          s.callLog.record({
            provider: 'offline',
            model: 'm',
            role: '',
            call_type: 'chat',
            status: 'ok',
            input_tokens: i,
            output_tokens: 0,
            cost: 0,
            latency_ms: 1,
          });
        }
        expect(s.callLog.stats().dropped).toBeGreaterThan(0);
        await s.callLog.close();
        const { written, dropped } = s.callLog.stats();
        expect(written + dropped).toBe(250);
        expect(await s.calls.count()).toBe(written);
        // It is the oldest that go: the newest call always survives.
        const newest = await s.db
          .selectFrom('llm_calls')
          .select('input_tokens')
          .where('input_tokens', '=', 249)
          .execute();
        expect(newest).toHaveLength(1);
      } finally {
        await other.teardown();
      }
    });
  });

  describe("usage sink (the gateway's roll-ups)", () => {
    it('adds increments to stored roll-ups and reads them back', async () => {
      const other = await setUpBackend(backendName);
      try {
        const s = await other.open({}, { rollUpCallLog: false });
        const start = Date.parse('2026-05-01T12:00:00.000Z');
        const rollup = {
          period: 'hour' as const,
          start,
          provider: 'openai',
          model: 'gpt-4o-mini',
          role: 'generation',
          kind: 'chat',
          apiKeyId: null,
          requests: 3,
          errors: 1,
          inputTokens: 300,
          outputTokens: 90,
          costUsd: 0.002,
          cacheHits: 1,
        };
        await s.usageSink.write([rollup]);
        await s.usageSink.write([
          {
            ...rollup,
            requests: 2,
            errors: 0,
            inputTokens: 100,
            outputTokens: 10,
            costUsd: 0.001,
            cacheHits: 2,
          },
        ]);
        const [read] = await s.usageSink.read('hour', start);
        expect(read).toMatchObject({
          start,
          role: 'generation',
          apiKeyId: null,
          requests: 5,
          errors: 1,
          inputTokens: 400,
          outputTokens: 100,
          cacheHits: 3,
        });
        expect(read!.costUsd).toBeCloseTo(0.003);
        // With the gateway writing roll-ups, the call log does not count calls a second time.
        s.callLog.record({
          provider: 'openai',
          model: 'gpt-4o-mini',
          role: 'generation',
          call_type: 'chat',
          status: 'ok',
          input_tokens: 1,
          output_tokens: 1,
          cost: 0,
          latency_ms: 1,
          created_at: '2026-05-01T12:30:00.000Z',
        });
        await s.callLog.flush();
        expect(await s.calls.count()).toBe(1);
        expect((await s.usageSink.read('hour', start))[0]?.requests).toBe(5);
      } finally {
        await other.teardown();
      }
    });
  });

  describe('full-text search', () => {
    it('ranks the better match first, highlights it, and escapes the text', async () => {
      const c = await store.conversations.create({ model: 'generation', title: 'Tavern talk' });
      const once = await store.conversations.addMessage(c.id, {
        role: 'user',
        content: 'A griffin flew over <b>the</b> tavern roof at dawn.',
        tokens: 12,
      });
      const often = await store.conversations.addMessage(c.id, {
        role: 'assistant',
        content: 'The griffin, a young griffin, circles; griffin feathers fall.',
        tokens: 12,
      });
      await store.conversations.addMessage(c.id, {
        role: 'user',
        content: 'Nothing to see here.',
        tokens: 5,
      });
      const hits = await store.search({ text: 'griffin', limit: 10 });
      expect(hits.map((hit) => hit.messageId)).toEqual([often.id, once.id]);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
      expect(hits[0]!.snippet).toContain('<mark>griffin</mark>');
      // Markup in stored text never reaches the snippet as markup (escaped, or dropped by ts_headline).
      expect(hits[1]!.snippet).not.toContain('<b>');
      if (backendName === 'sqlite') expect(hits[1]!.snippet).toContain('&lt;b&gt;');
      // Stemming: "griffins" finds "griffin"; every word must match.
      expect((await store.search({ text: 'griffins tavern', limit: 10 })).map((h) => h.messageId)).toEqual([
        once.id,
      ]);
      // Query syntax in user input is plain text, never an error.
      expect(await store.search({ text: '"griffin" OR NEAR( -tavern* :', limit: 10 })).toBeInstanceOf(Array);
      expect(await store.search({ text: '!!!', limit: 10 })).toEqual([]);
    });

    it('hides archived conversations unless asked', async () => {
      const c = await store.conversations.create({ model: 'generation' });
      await store.conversations.addMessage(c.id, { role: 'user', content: 'the obsidian key', tokens: 4 });
      await store.conversations.archive(c.id);
      expect(await store.search({ text: 'obsidian', limit: 5 })).toEqual([]);
      expect((await store.search({ text: 'obsidian', limit: 5, includeArchived: true })).length).toBe(1);
    });
  });

  describe('cleanup', () => {
    it('archives idle conversations, or deletes old rows but keeps usage totals', async () => {
      const other = await setUpBackend(backendName);
      try {
        const s = await other.open();
        const old = await s.conversations.create({ model: 'generation', title: 'ancient' });
        await s.conversations.addMessage(old.id, { role: 'user', content: 'long ago', tokens: 2 });
        const fresh = await s.conversations.create({ model: 'generation', title: 'fresh' });
        const longAgo = new Date(Date.now() - 200 * 86_400_000).toISOString();
        await s.db
          .updateTable('conversations')
          .set({ updated_at: longAgo })
          .where('id', '=', old.id)
          .execute();
        s.callLog.record({
          provider: 'offline',
          model: 'm',
          role: '',
          call_type: 'chat',
          status: 'ok',
          input_tokens: 1,
          output_tokens: 1,
          cost: 0,
          latency_ms: 1,
          created_at: longAgo,
        });
        s.callLog.record({
          provider: 'offline',
          model: 'm',
          role: '',
          call_type: 'chat',
          status: 'ok',
          input_tokens: 1,
          output_tokens: 1,
          cost: 0,
          latency_ms: 1,
        });
        await s.events.append({ type: 'old', source: 'test' });
        await s.db.updateTable('events').set({ created_at: longAgo }).execute();

        const archived = await cleanup(s, { olderThanMs: 90 * 86_400_000, mode: 'archive' });
        expect(archived.conversationsArchived).toBe(1);
        expect((await s.conversations.get(old.id))?.archivedAt).not.toBeNull();
        expect((await s.conversations.get(fresh.id))?.archivedAt).toBeNull();

        const deleted = await cleanup(s, { olderThanMs: 90 * 86_400_000, mode: 'delete' });
        expect(deleted).toMatchObject({ conversationsDeleted: 1, callsDeleted: 1, eventsDeleted: 1 });
        expect(await s.conversations.get(old.id)).toBeUndefined();
        expect(await s.conversations.messages(old.id, { limit: 10 })).toEqual([]);
        expect(await s.conversations.get(fresh.id)).toBeDefined();
        expect(await s.calls.count()).toBe(1);
        const usage = await s.calls.usage({ period: 'day' });
        expect(usage.reduce((sum, row) => sum + row.calls, 0)).toBe(2);
        const left = await sql<{ n: number }>`select count(*) as n from messages`.execute(s.db);
        expect(Number(left.rows[0]?.n)).toBe(0);
      } finally {
        await other.teardown();
      }
    });
  });
});

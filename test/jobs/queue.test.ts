/**
 * One contract, three queues: the table queue on SQLite and on PostgreSQL, and pg-boss on
 * PostgreSQL. Each PostgreSQL run has a database of its own; PostgreSQL being down fails the suite.
 * Leases and backoffs are a few hundred milliseconds, and every wait is bounded.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobsSchema } from '../../src/config/jobs-schema.js';
import {
  createQueue,
  type MaintenanceQueue,
  type NewTask,
  openQueue,
  PgBossQueue,
  TASK_TYPES,
  TableQueue,
  type Task,
  type TaskType,
} from '../../src/jobs/index.js';
import { OUTCOME_DETAIL_MAX_CHARS } from '../../src/jobs/task-fields.js';
import { startWorker } from '../../src/jobs/worker.js';
import { connectPostgres } from '../../src/store/connect.js';
import type { Store } from '../../src/store/index.js';
import { pgBossDb } from '../../src/store/queue/pg-boss-db.js';
import { type BackendName, type BackendUnderTest, setUpBackend } from '../store/backends.js';

const MAX_ATTEMPTS = 3;
/** Backoff after the first failure is 150–300 ms, after the second 300–600 ms. */
const RETRY = { maxAttempts: MAX_ATTEMPTS, retryBaseMs: 300, retryCapMs: 600 };
const LEASE_MS = 300;
const LONG_LEASE_MS = 60_000;
const ALL_TYPES: TaskType[] = [
  'ANALYZE_TURN',
  'UPDATE_NOTE',
  'CREATE_ENTITY',
  'SIMULATE_WORLD',
  'EMBED_DOCUMENTS',
];

type QueueKind = 'table on sqlite' | 'table on postgres' | 'pg-boss on postgres';
const KINDS: QueueKind[] = ['table on sqlite', 'table on postgres', 'pg-boss on postgres'];

interface QueueUnderTest {
  queue: MaintenanceQueue;
  /** A second queue on the same database, with its own connections: another worker process. */
  other: MaintenanceQueue;
  store: Store;
  /** The queues' background errors (pg-boss's maintenance); none expected. */
  errors: unknown[];
  /** Empties the queue between tests. */
  reset(): Promise<void>;
  teardown(): Promise<void>;
}

async function setUpQueue(kind: QueueKind): Promise<QueueUnderTest> {
  const backendName: BackendName = kind === 'table on sqlite' ? 'sqlite' : 'postgres';
  const backend: BackendUnderTest = await setUpBackend(backendName);
  const errors: unknown[] = [];
  const queues: MaintenanceQueue[] = [];
  const open = async (): Promise<MaintenanceQueue> => {
    const queue =
      kind === 'pg-boss on postgres'
        ? new PgBossQueue({
            connectionString: backend.config.url!,
            ...RETRY,
            leaseMs: LONG_LEASE_MS,
            // Claims run pg-boss's lease expiry this often, so leases of a few hundred ms run out in time.
            expiryCheckMs: 100,
            onError: (error) => errors.push(error),
          })
        : new TableQueue((await backend.open()).db, RETRY);
    queues.push(queue);
    await queue.start();
    await queue.start(); // idempotent
    return queue;
  };
  const teardown = async () => {
    for (const queue of queues) await queue.stop();
    await backend.teardown();
  };
  try {
    const store = await backend.open();
    const queue = await open();
    const other = await open();
    return {
      queue,
      other,
      store,
      errors,
      reset: async () => {
        if (kind === 'pg-boss on postgres')
          await sql`truncate pgboss.job, pgboss.archive, queue_task_ledger`.execute(store.db);
        else await store.db.deleteFrom('maintenance_tasks').execute();
      },
      teardown,
    };
  } catch (error) {
    await teardown().catch(() => {});
    throw error;
  }
}

/** Polls `probe` until it returns a value, for at most `timeoutMs`. */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 4_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await sleep(25);
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Claims one task of `type` for `owner`; undefined when none is runnable. */
async function claimOne(queue: MaintenanceQueue, owner: string, type: TaskType, leaseMs = LONG_LEASE_MS) {
  const [task] = await queue.claim(owner, { types: [type], limit: 1, leaseMs });
  return task;
}

describe.each(KINDS)('maintenance queue: %s', (kind) => {
  let subject: QueueUnderTest;
  let queue: MaintenanceQueue;
  let unavailable: unknown;

  beforeAll(async () => {
    try {
      subject = await setUpQueue(kind);
      queue = subject.queue;
    } catch (error) {
      unavailable = error;
    }
  }, 30_000);
  // An unreachable database fails every test of its queue (never a silent skip).
  beforeEach(async () => {
    if (unavailable) throw unavailable;
    await subject.reset();
  });
  afterAll(() => subject?.teardown());

  it('claims by priority, then age, with the task as it was enqueued', async () => {
    const [low] = await queue.enqueue([{ type: 'SIMULATE_WORLD', data: { turn: 10 } }]);
    const [medium] = await queue.enqueue([
      { type: 'ANALYZE_TURN', data: { turn: 3 }, worldId: 'w1', sessionId: 's1' },
    ]);
    const [firstHigh] = await queue.enqueue([{ type: 'EMBED_DOCUMENTS', data: { documentIds: ['a'] } }]);
    const [secondHigh] = await queue.enqueue([
      { type: 'UPDATE_NOTE', data: { note: 'n' }, priority: 'high', maxAttempts: 7 },
    ]);
    expect(await queue.enqueue([])).toEqual([]);
    await expect(queue.enqueue([{ type: 'UPDATE_NOTE', data: {}, maxAttempts: 0 }])).rejects.toThrow(
      /invalid maintenance task at 0\.maxAttempts/,
    );
    await expect(queue.enqueue([{ type: 'NOT_A_TASK' as TaskType, data: {} }])).rejects.toThrow(
      /invalid maintenance task at 0\.type/,
    );

    const claimed = await queue.claim('w1', { types: ALL_TYPES, limit: 10, leaseMs: LONG_LEASE_MS });
    expect(claimed.map((task) => task.id)).toEqual([firstHigh, secondHigh, medium, low]);
    expect(claimed.map((task) => task.priority)).toEqual(['high', 'high', 'medium', 'low']);
    expect(claimed[1]).toMatchObject({
      type: 'UPDATE_NOTE',
      data: { note: 'n' },
      attempts: 1,
      maxAttempts: 7,
    });
    expect(claimed[2]).toMatchObject({
      type: 'ANALYZE_TURN',
      data: { turn: 3 },
      worldId: 'w1',
      sessionId: 's1',
      attempts: 1,
      maxAttempts: MAX_ATTEMPTS,
    });
    expect(claimed[3]).toMatchObject({ worldId: null, sessionId: null });
    expect(Number.isNaN(Date.parse(claimed[0]!.createdAt))).toBe(false);
    expect(await queue.get(medium!)).toMatchObject({ state: 'processing', attempts: 1, error: null });
    // Leased: nobody else gets them.
    expect(await queue.claim('w2', { types: ALL_TYPES, limit: 10, leaseMs: LONG_LEASE_MS })).toEqual([]);
  });

  it('runs the default priorities the README gives: embedding, notes and entities, analysis and content, simulation', async () => {
    // Enqueued in the reverse of the documented order, each type twice (the first of each is older).
    const order: TaskType[] = [
      'SIMULATE_WORLD',
      'GENERATE_CONTENT',
      'ANALYZE_TURN',
      'CREATE_ENTITY',
      'UPDATE_NOTE',
      'EMBED_DOCUMENTS',
    ];
    for (let round = 0; round < 2; round += 1)
      for (const type of order) await queue.enqueue([{ type, data: { round } }]);
    const claimed = [
      ...(await queue.claim('w1', { types: TASK_TYPES, limit: 6, leaseMs: LONG_LEASE_MS })),
      ...(await queue.claim('w1', { types: TASK_TYPES, limit: 6, leaseMs: LONG_LEASE_MS })),
    ];
    const bands = claimed.map((task) => task.type);
    const rank = (type: TaskType) => bands.indexOf(type);
    const last = (type: TaskType) => bands.lastIndexOf(type);
    expect(claimed).toHaveLength(12);
    expect(last('EMBED_DOCUMENTS')).toBeLessThan(Math.min(rank('UPDATE_NOTE'), rank('CREATE_ENTITY')));
    expect(Math.max(last('UPDATE_NOTE'), last('CREATE_ENTITY'))).toBeLessThan(
      Math.min(rank('ANALYZE_TURN'), rank('GENERATE_CONTENT')),
    );
    expect(Math.max(last('ANALYZE_TURN'), last('GENERATE_CONTENT'))).toBeLessThan(rank('SIMULATE_WORLD'));
    expect(claimed.map((task) => task.priority)).toEqual([
      'high',
      'high',
      ...Array(8).fill('medium'),
      'low',
      'low',
    ]);
  });

  it('claims only the requested types, up to the limit', async () => {
    await queue.enqueue([
      { type: 'UPDATE_NOTE', data: { n: 1 } },
      { type: 'CREATE_ENTITY', data: { n: 2 } },
      { type: 'CREATE_ENTITY', data: { n: 3 } },
      { type: 'CREATE_ENTITY', data: { n: 4 } },
    ]);
    const entities = await queue.claim('w1', { types: ['CREATE_ENTITY'], limit: 2, leaseMs: LONG_LEASE_MS });
    expect(entities.map((task) => task.type)).toEqual(['CREATE_ENTITY', 'CREATE_ENTITY']);
    expect(await queue.claim('w1', { types: ['SIMULATE_WORLD'], limit: 5, leaseMs: LONG_LEASE_MS })).toEqual(
      [],
    );
    expect(await queue.claim('w1', { types: [], limit: 5, leaseMs: LONG_LEASE_MS })).toEqual([]);
    const rest = await queue.claim('w1', {
      types: ['UPDATE_NOTE', 'CREATE_ENTITY'],
      limit: 5,
      leaseMs: LONG_LEASE_MS,
    });
    expect(rest.map((task) => task.type).sort()).toEqual(['CREATE_ENTITY', 'UPDATE_NOTE']);
  });

  it('gives a task whose lease ran out to another owner; the old owner has lost it', async () => {
    const [id] = await queue.enqueue([{ type: 'ANALYZE_TURN', data: { turn: 1 } }]);
    const first = await claimOne(queue, 'dead-worker', 'ANALYZE_TURN', LEASE_MS);
    expect(first?.id).toBe(id);
    // Still leased. The other worker is another process (its own queue and connections).
    const other = subject.other;
    expect(await claimOne(other, 'w2', 'ANALYZE_TURN')).toBeUndefined();

    const again = await eventually(() => claimOne(other, 'w2', 'ANALYZE_TURN'));
    expect(again).toMatchObject({ id, attempts: 2 });
    expect(await queue.complete(first!, 'dead-worker')).toBe(false);
    expect(await queue.fail(first!, 'dead-worker', { error: 'late' })).toBe('lost');
    expect(await other.complete(again, 'w2')).toBe(true);
    expect(await other.complete(again, 'w2')).toBe(false);
    expect(await queue.get(id!)).toMatchObject({ state: 'completed', error: null });
  });

  it('a worker whose handler outlasts the lease keeps its task: never handed to another, run once', async () => {
    const [id] = await queue.enqueue([{ type: 'ANALYZE_TURN', data: { slow: true } }]);
    let runs = 0;
    const errors: unknown[] = [];
    const worker = startWorker({
      queue,
      owner: 'slow-worker',
      leaseMs: LEASE_MS,
      idleMs: 20,
      handlers: {
        ANALYZE_TURN: async () => {
          runs += 1;
          await sleep(LEASE_MS * 4);
        },
      },
      onError: (error) => errors.push(error),
    });
    try {
      await eventually(async () => (runs === 1 ? true : undefined));
      // Another worker keeps claiming (and handing back expired leases) the whole time.
      const deadline = Date.now() + LEASE_MS * 4;
      while (Date.now() < deadline) {
        expect(await claimOne(subject.other, 'w2', 'ANALYZE_TURN')).toBeUndefined();
        await sleep(LEASE_MS / 4);
      }
      const done = await eventually(async () => {
        const task = await queue.get(id!);
        return task?.state === 'completed' ? task : undefined;
      });
      expect(done).toMatchObject({ attempts: 1 });
      expect(runs).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await worker.stop();
    }
  });

  it('dead-letters a task whose lease ran out on its last attempt', async () => {
    const [id] = await queue.enqueue([{ type: 'SIMULATE_WORLD', data: {}, maxAttempts: 1 }]);
    expect(await claimOne(queue, 'dead-worker', 'SIMULATE_WORLD', LEASE_MS)).toBeDefined();
    await eventually(async () => {
      await claimOne(queue, 'w2', 'SIMULATE_WORLD');
      const task = await queue.get(id!);
      return task?.state === 'failed' ? task : undefined;
    });
    const [dead] = await queue.deadLetters({ limit: 5 });
    expect(dead).toMatchObject({ id, attempts: 1 });
    expect(dead?.error).toBeTruthy();
  });

  it('retries with backoff, then dead-letters after max attempts, keeping the error and raw output', async () => {
    const [id] = await queue.enqueue([{ type: 'UPDATE_NOTE', data: { note: 'x' } }]);
    const first = await claimOne(queue, 'w1', 'UPDATE_NOTE');
    expect(await queue.fail(first!, 'w1', { error: 'model timed out' })).toBe('retry');
    // Backing off (at least 150 ms): not runnable yet, but waiting, with its error.
    expect(await claimOne(queue, 'w1', 'UPDATE_NOTE')).toBeUndefined();
    expect(await queue.get(id!)).toMatchObject({ state: 'pending', attempts: 1, error: 'model timed out' });

    const second = await eventually(() => claimOne(queue, 'w1', 'UPDATE_NOTE'));
    expect(second.attempts).toBe(2);
    expect(await queue.fail(second, 'w1', { error: 'invalid JSON', rawOutput: '{"upd' })).toBe('retry');
    const third = await eventually(() => claimOne(queue, 'w1', 'UPDATE_NOTE'));
    expect(third.attempts).toBe(3);
    expect(await queue.fail(third, 'w1', { error: 'invalid JSON again', rawOutput: '{"updates": [' })).toBe(
      'dead',
    );

    expect(await queue.get(id!)).toMatchObject({ state: 'failed', attempts: 3, error: 'invalid JSON again' });
    const dead = await queue.deadLetters({ limit: 10 });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      id,
      type: 'UPDATE_NOTE',
      data: { note: 'x' },
      attempts: 3,
      maxAttempts: MAX_ATTEMPTS,
      error: 'invalid JSON again',
      rawOutput: '{"updates": [',
    });
    expect(Number.isNaN(Date.parse(dead[0]!.failedAt!))).toBe(false);
    // Dead: never claimed again.
    await sleep(50);
    expect(await claimOne(queue, 'w1', 'UPDATE_NOTE')).toBeUndefined();
  });

  it('dead-letters a permanent failure at once; retry brings it back with fresh attempts', async () => {
    const [id, other] = await queue.enqueue([
      { type: 'CREATE_ENTITY', data: { name: 'Osric' } },
      { type: 'SIMULATE_WORLD', data: {} },
    ]);
    const task = await claimOne(queue, 'w1', 'CREATE_ENTITY');
    expect(
      await queue.fail(task!, 'w1', { error: 'schema violation', rawOutput: 'not json', permanent: true }),
    ).toBe('dead');
    expect(await queue.get(id!)).toMatchObject({ state: 'failed', attempts: 1, error: 'schema violation' });
    expect(await queue.deadLetters({ limit: 10, type: 'CREATE_ENTITY' })).toMatchObject([
      { id, error: 'schema violation', rawOutput: 'not json', maxAttempts: MAX_ATTEMPTS },
    ]);
    expect(await queue.deadLetters({ limit: 10, type: 'UPDATE_NOTE' })).toEqual([]);
    expect(await claimOne(queue, 'w1', 'CREATE_ENTITY')).toBeUndefined();

    // Only a dead task can be retried.
    expect(await queue.retry(other!)).toBe(false);
    expect(await queue.retry('12345')).toBe(false);
    expect(await queue.retry('not-an-id')).toBe(false);
    expect(await queue.get('not-an-id')).toBeUndefined();

    expect(await queue.retry(id!)).toBe(true);
    expect(await queue.retry(id!)).toBe(false);
    expect(await queue.get(id!)).toMatchObject({ state: 'pending', attempts: 0 });
    expect(await queue.deadLetters({ limit: 10 })).toEqual([]);
    const revived = await claimOne(queue, 'w2', 'CREATE_ENTITY');
    expect(revived).toMatchObject({ id, attempts: 1, maxAttempts: MAX_ATTEMPTS, data: { name: 'Osric' } });
    expect(await queue.complete(revived!, 'w2')).toBe(true);
    expect(await queue.get(id!)).toMatchObject({ state: 'completed', error: null });
  });

  it("files a turn's tasks under it and keeps how each ended: done, already-done, skipped with its reason", async () => {
    const longReason = `entity ent_gone was deleted ${'x'.repeat(OUTCOME_DETAIL_MAX_CHARS * 2)}`;
    const ids = await queue.enqueue([
      // Filed under the turn its data names, as a turn's own ANALYZE_TURN is.
      { type: 'ANALYZE_TURN', data: { turnId: 41 }, sessionId: 's1' },
      { type: 'UPDATE_NOTE', data: { entityId: 'ent_gone' }, sessionId: 's1', turnId: 41 },
      { type: 'CREATE_ENTITY', data: { name: 'Osric' }, sessionId: 's1', turnId: 41 },
      { type: 'EMBED_DOCUMENTS', data: { documentIds: ['d1'] }, turnId: 41 },
      { type: 'SIMULATE_WORLD', data: { turnId: 41 }, sessionId: 's1' },
      { type: 'UPDATE_NOTE', data: { entityId: 'ent_other', turnId: 42 }, sessionId: 's1' },
      { type: 'UPDATE_NOTE', data: { entityId: 'ent_api' } },
    ]);
    const [analyse, note, create, embed, simulate, otherTurn, noTurn] = ids;
    await expect(queue.enqueue([{ type: 'UPDATE_NOTE', data: {}, turnId: 0 as number }])).rejects.toThrow(
      /invalid maintenance task at 0\.turnId/,
    );

    const waiting = await queue.tasksOfTurn(41, 10);
    expect(waiting.map((task) => task.id)).toEqual([analyse, note, create, embed, simulate]);
    for (const task of waiting)
      expect(task).toMatchObject({
        state: 'pending',
        outcome: null,
        detail: null,
        finishedAt: null,
        attempts: 0,
      });
    expect((await queue.tasksOfTurn(41, 2)).map((task) => task.id)).toEqual([analyse, note]);
    expect((await queue.tasksOfTurn(42, 10)).map((task) => task.id)).toEqual([otherTurn]);
    expect(await queue.tasksOfTurn(999, 10)).toEqual([]);

    // The worker passes what each handler returned; an answer of another shape is plain `done`.
    const worker = startWorker({
      queue,
      owner: 'turn-worker',
      idleMs: 20,
      leaseMs: LONG_LEASE_MS,
      handlers: {
        ANALYZE_TURN: async (task) => {
          expect(task.turnId).toBe(41);
          return { status: 'done', detail: '1 updates, 1 creations, 0 changed' };
        },
        UPDATE_NOTE: async (task) =>
          task.id === note ? { status: 'skipped', detail: longReason } : { status: 'done' },
        CREATE_ENTITY: async () => ({ status: 'already-done' }),
        EMBED_DOCUMENTS: async () => 1,
        SIMULATE_WORLD: async () => {
          throw Object.assign(new Error('no such world'), { permanent: true });
        },
      },
    });
    try {
      await eventually(async () => {
        const tasks = await queue.tasksOfTurn(41, 10);
        return tasks.every((task) => task.finishedAt !== null) ? tasks : undefined;
      }, 8_000);
    } finally {
      await worker.stop();
    }
    const finished = await queue.tasksOfTurn(41, 10);
    const byId = new Map(finished.map((task) => [task.id, task]));
    expect(byId.get(analyse!)).toMatchObject({
      type: 'ANALYZE_TURN',
      state: 'completed',
      outcome: 'done',
      detail: '1 updates, 1 creations, 0 changed',
      error: null,
      attempts: 1,
      maxAttempts: MAX_ATTEMPTS,
    });
    expect(byId.get(note!)).toMatchObject({ state: 'completed', outcome: 'skipped', error: null });
    expect(byId.get(note!)!.detail).toBe(longReason.slice(0, OUTCOME_DETAIL_MAX_CHARS));
    expect(byId.get(create!)).toMatchObject({ state: 'completed', outcome: 'already-done', detail: null });
    expect(byId.get(embed!)).toMatchObject({ type: 'EMBED_DOCUMENTS', state: 'completed', outcome: 'done' });
    expect(byId.get(simulate!)).toMatchObject({ state: 'failed', outcome: null, error: 'no such world' });
    for (const task of finished) {
      expect(Date.parse(task.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(task.createdAt) - 1_000);
    }
    expect((await queue.tasksOfTurn(42, 10))[0]).toMatchObject({ state: 'completed', outcome: 'done' });
    expect(await queue.get(noTurn!)).toMatchObject({ state: 'completed', turnId: null });

    // A dead task retried forgets its end; a plain complete (no outcome) is `done`.
    expect(await queue.retry(simulate!)).toBe(true);
    const revived = await claimOne(queue, 'w1', 'SIMULATE_WORLD');
    expect(revived).toMatchObject({ id: simulate, turnId: 41 });
    expect((await queue.tasksOfTurn(41, 10)).find((task) => task.id === simulate)).toMatchObject({
      state: 'processing',
      outcome: null,
      finishedAt: null,
    });
    expect(await queue.complete(revived!, 'w1')).toBe(true);
    expect((await queue.tasksOfTurn(41, 10)).find((task) => task.id === simulate)).toMatchObject({
      state: 'completed',
      outcome: 'done',
      detail: null,
      error: null,
    });
  });

  it('enqueues inside a caller transaction: rolled back, no task; committed, the task', async () => {
    const task: NewTask = { type: 'UPDATE_NOTE', data: { note: 'from the turn' } };
    let rolledBack: string[] = [];
    await expect(
      subject.store.db.transaction().execute(async (trx) => {
        rolledBack = await queue.enqueue([task, task], trx);
        throw new Error('the turn failed');
      }),
    ).rejects.toThrow('the turn failed');
    expect(rolledBack).toHaveLength(2);
    for (const id of rolledBack) expect(await queue.get(id)).toBeUndefined();
    expect(await claimOne(queue, 'w1', 'UPDATE_NOTE')).toBeUndefined();

    const committed = await subject.store.db
      .transaction()
      .execute((trx) => queue.enqueue([{ ...task, data: { note: 'committed' } }], trx));
    expect(await queue.get(committed[0]!)).toMatchObject({ state: 'pending', data: { note: 'committed' } });
    expect(await claimOne(queue, 'w1', 'UPDATE_NOTE')).toMatchObject({ id: committed[0] });
  });

  it('reports counts by type and state, the oldest pending age, throughput and failures', async () => {
    const empty = await queue.status();
    expect(empty).toMatchObject({
      backend: queue.backend,
      totals: { pending: 0, processing: 0, completed: 0, failed: 0 },
      oldestPendingAgeMs: null,
      throughput: { completedLastMinute: 0, perSecond: 0 },
      failures: { dead: 0, recent: [] },
    });

    await queue.enqueue([
      { type: 'ANALYZE_TURN', data: { n: 1 } },
      { type: 'ANALYZE_TURN', data: { n: 2 } },
      { type: 'ANALYZE_TURN', data: { n: 3 } },
      { type: 'UPDATE_NOTE', data: { n: 4 } },
      { type: 'EMBED_DOCUMENTS', data: { n: 5 } },
    ]);
    const done = await claimOne(queue, 'w1', 'ANALYZE_TURN');
    expect(await queue.complete(done!, 'w1')).toBe(true);
    await claimOne(queue, 'w1', 'ANALYZE_TURN');
    const broken = await claimOne(queue, 'w1', 'UPDATE_NOTE');
    expect(await queue.fail(broken!, 'w1', { error: 'no such note', permanent: true })).toBe('dead');
    await sleep(60);

    const status = await queue.status();
    expect(status.backend).toBe(queue.backend);
    expect(status.totals).toEqual({ pending: 2, processing: 1, completed: 1, failed: 1 });
    expect(status.byType.ANALYZE_TURN).toEqual({ pending: 1, processing: 1, completed: 1, failed: 0 });
    expect(status.byType.UPDATE_NOTE).toEqual({ pending: 0, processing: 0, completed: 0, failed: 1 });
    expect(status.byType.EMBED_DOCUMENTS).toEqual({ pending: 1, processing: 0, completed: 0, failed: 0 });
    expect(status.byType.SIMULATE_WORLD).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0 });
    expect(status.oldestPendingAgeMs).toBeGreaterThanOrEqual(40);
    expect(status.oldestPendingAgeMs).toBeLessThan(30_000);
    expect(status.throughput.completedLastMinute).toBe(1);
    expect(status.throughput.perSecond).toBeCloseTo(1 / 60);
    expect(status.failures.dead).toBe(1);
    expect(status.failures.recent).toMatchObject([
      { id: broken!.id, type: 'UPDATE_NOTE', error: 'no such note' },
    ]);
    expect(status.failures.recent[0]?.failedAt).toBeTruthy();
  });

  it('counts the tasks of one type waiting to run, up to a limit', async () => {
    expect(await queue.waitingCount('EMBED_DOCUMENTS', 10)).toBe(0);
    await queue.enqueue([
      ...Array.from({ length: 4 }, (_, n) => ({ type: 'EMBED_DOCUMENTS' as const, data: { n } })),
      { type: 'ANALYZE_TURN', data: { n: 9 } },
    ]);
    expect(await queue.waitingCount('EMBED_DOCUMENTS', 10)).toBe(4);
    expect(await queue.waitingCount('EMBED_DOCUMENTS', 3)).toBe(3);
    expect(await queue.waitingCount('ANALYZE_TURN', 10)).toBe(1);
    // A claimed task no longer waits.
    await claimOne(queue, 'w1', 'EMBED_DOCUMENTS');
    expect(await queue.waitingCount('EMBED_DOCUMENTS', 10)).toBe(3);
  });

  it('never gives one task to two claimers at once', async () => {
    const ids = await queue.enqueue(
      Array.from({ length: 50 }, (_, n) => ({ type: ALL_TYPES[n % ALL_TYPES.length]!, data: { n } })),
    );
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    const work = async (worker: MaintenanceQueue, owner: string) => {
      for (let round = 0; round < 100; round++) {
        const tasks: Task[] = await worker.claim(owner, {
          types: ALL_TYPES,
          limit: 4,
          leaseMs: LONG_LEASE_MS,
        });
        if (tasks.length === 0) {
          if (seen.size >= ids.length) return;
          await sleep(5);
          continue;
        }
        for (const task of tasks) {
          if (seen.has(task.id)) duplicates.push(task.id);
          seen.set(task.id, owner);
        }
        for (const task of tasks) expect(await worker.complete(task, owner)).toBe(true);
      }
    };
    // Two owners on one queue, and a third on another (another process, its own connections).
    await Promise.all([work(queue, 'alpha'), work(queue, 'beta'), work(subject.other, 'gamma')]);
    expect(duplicates).toEqual([]);
    expect([...seen.keys()].sort()).toEqual([...ids].sort());
    expect((await queue.status()).totals.completed).toBe(50);
  });

  it('reported no background errors', () => {
    expect(subject.errors).toEqual([]);
  });
});

describe('choosing the queue', () => {
  const backends: BackendUnderTest[] = [];
  afterAll(async () => {
    for (const backend of backends) await backend.teardown();
  });

  it('has jobs config defaults', () => {
    expect(jobsSchema.parse({})).toEqual({
      queue: 'auto',
      max_attempts: 5,
      lease_ms: 60_000,
      retry_base_ms: 1_000,
      retry_cap_ms: 60_000,
    });
    expect(() => jobsSchema.parse({ queue: 'redis' })).toThrow();
  });

  it('uses pg-boss on PostgreSQL unless config says table, and the table queue on SQLite', async () => {
    const sqlite = await setUpBackend('sqlite');
    backends.push(sqlite);
    const postgres = await setUpBackend('postgres');
    backends.push(postgres);
    const onSqlite = await sqlite.open();
    const onPostgres = await postgres.open();
    const jobs = jobsSchema.parse({});

    expect(createQueue(onSqlite, { jobs, database: sqlite.config }).backend).toBe('table');
    expect(createQueue(onPostgres, { jobs, database: postgres.config }).backend).toBe('pg-boss');
    expect(
      createQueue(onPostgres, { jobs: { ...jobs, queue: 'table' }, database: postgres.config }).backend,
    ).toBe('table');
    expect(() =>
      createQueue(onSqlite, { jobs: { ...jobs, queue: 'pg-boss' }, database: sqlite.config }),
    ).toThrow(/needs PostgreSQL/);

    // openQueue starts it; stop leaves the queued tasks, and a stopped pg-boss queue says so.
    const onTable = await openQueue(onSqlite, { jobs, database: sqlite.config });
    expect(onTable).toBeInstanceOf(TableQueue);
    await onTable.stop();
    const boss = await openQueue(onPostgres, { jobs, database: postgres.config });
    const [id] = await boss.enqueue([{ type: 'SIMULATE_WORLD', data: { turn: 10 } }]);
    await boss.stop();
    await boss.stop();
    await expect(boss.get(id!)).rejects.toThrow(/not started/);
    await boss.start();
    expect(await boss.get(id!)).toMatchObject({ state: 'pending', data: { turn: 10 }, priority: 'low' });
    await boss.stop();
  });
});

describe('the table queue on SQLite, polled while another connection writes', () => {
  let backend: BackendUnderTest;
  afterAll(() => backend?.teardown());

  it('finds an empty queue without waiting for the write lock, and claims once the writer is done', async () => {
    backend = await setUpBackend('sqlite');
    const store = await backend.open();
    const queue = new TableQueue(store.db, RETRY);
    await queue.start();
    // Another connection (the server's call-log writer thread) holds the write lock, as while it
    // writes a batch. The poll of an empty queue must not wait for it: on the event loop, better-
    // sqlite3 would block the whole process until the lock is free (busy_timeout: 5 s).
    const writer = new Database(backend.config.sqlite_path);
    try {
      writer.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      expect(await queue.claim('worker', { types: ALL_TYPES, limit: 4, leaseMs: LONG_LEASE_MS })).toEqual([]);
      // Waiting for the lock would take busy_timeout (5 s).
      expect(performance.now() - started).toBeLessThan(2_000);
      writer.exec('COMMIT');
      // With a task due the claim writes, and takes it once the lock is free.
      await queue.enqueue([{ type: 'UPDATE_NOTE', data: { note: 1 } }]);
      const [task] = await queue.claim('worker', { types: ALL_TYPES, limit: 4, leaseMs: LONG_LEASE_MS });
      expect(task).toMatchObject({ type: 'UPDATE_NOTE', data: { note: 1 } });
    } finally {
      if (writer.inTransaction) writer.exec('ROLLBACK');
      writer.close();
      await queue.stop();
    }
  });
});

describe("pg-boss's SQL on the store's connections", () => {
  let backend: BackendUnderTest | undefined;
  afterAll(() => backend?.teardown());

  it('ends a failed script, so its connection serves the next query', async () => {
    backend = await setUpBackend('postgres');
    // One connection: the next query surely reuses the one the failed script ran on.
    const connection = connectPostgres(backend.config.url!, { pool_max: 1, statement_timeout_ms: 5_000 });
    try {
      const db = pgBossDb(connection.db);
      await expect(db.executeSql('begin; select 1/0; commit;', [])).rejects.toThrow(/division by zero/);
      expect((await db.executeSql('select $1::int as x', [7])).rows).toEqual([{ x: 7 }]);
    } finally {
      await connection.close();
    }
  });
});

describe('pg-boss queue: its own records beside pg-boss', () => {
  let backend: BackendUnderTest | undefined;
  afterAll(() => backend?.teardown());

  it('adopts a job queued on pg-boss without a ledger row (an older Loremaster), so none is stranded', async () => {
    backend = await setUpBackend('postgres');
    const store = await backend.open();
    const queue = new PgBossQueue({ connectionString: backend.config.url!, ...RETRY, expiryCheckMs: 0 });
    await queue.start();
    try {
      // Queued through pg-boss's own API only, as the adapter before the ledger did.
      const boss = new PgBoss({ db: pgBossDb(store.db), schema: 'pgboss' });
      const legacy = randomUUID();
      await boss.insert([
        {
          id: legacy,
          name: 'UPDATE_NOTE',
          data: { payload: { note: 'old' }, worldId: 'w9', sessionId: null, maxAttempts: 2 },
          priority: 21,
        },
      ]);
      const [known] = await queue.enqueue([{ type: 'UPDATE_NOTE', data: { note: 'new' } }]);
      const first = await eventually(async () => {
        const tasks = await queue.claim('w1', { types: ['UPDATE_NOTE'], limit: 5, leaseMs: LONG_LEASE_MS });
        return tasks.length === 2 ? tasks : undefined;
      });
      expect(first.map((task) => task.id).sort()).toEqual([legacy, known].sort());
      expect(first.find((task) => task.id === legacy)).toMatchObject({
        data: { note: 'old' },
        worldId: 'w9',
        attempts: 1,
        maxAttempts: 2,
      });
      for (const task of first) expect(await queue.complete(task, 'w1')).toBe(true);
      expect((await queue.status()).totals).toMatchObject({ pending: 0, processing: 0, completed: 2 });
    } finally {
      await queue.stop();
    }
  });

  it('goes through pg-boss public API only: no source file names its tables', async () => {
    const sources = await listSources(new URL('../../src/', import.meta.url));
    const offenders = sources.filter((file) =>
      /pgboss\s*\.\s*(job|archive|queue)\b|\.id\(\s*this\.schema/.test(file.text),
    );
    expect(offenders.map((file) => file.path)).toEqual([]);
  });
});

async function listSources(root: URL): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ path, text: await readFile(path, 'utf8') });
  }
  return out;
}

/**
 * Budgets keep their spend across a restart (a real SQLite file, the server stopped and started
 * again) and, with Redis, are shared by every instance: a budget spent through one instance refuses
 * calls on another. Against a fake upstream on 127.0.0.1 that reports token usage.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { deleteByPrefix } from '../../src/gateway/redis-keys.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { connectRedis, REDIS_URL, testPrefix } from '../support/redis.js';

vi.setConfig({ testTimeout: 60_000 });

let upstream: FakeUpstream;
const dir = mkdtempSync(join(tmpdir(), 'loremaster-budgets-'));
const running: RunningServer[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
  upstream.reset();
});

/** A server on the given SQLite file whose budget allows about three calls a day. */
async function start(database: string, env: Record<string, string> = {}, usage: object = {}) {
  const config = loadConfig({
    env: { OPENAI_API_KEY: 'k', ...env },
    overrides: {
      'server.port': 0,
      'database.sqlite_path': database,
      providers: { openai: { type: 'openai', base_url: `${upstream.url}/v1`, models: ['gpt-4o-mini'] } },
      gateway: {
        limits: { vendor_default: {} },
        usage: {
          budgets: { daily_tokens: { period: 'day', unit: 'tokens', limit: 60, alert_at: [1] } },
          ...usage,
        },
      },
    },
  });
  const server = await startServer(config, createLogger('silent'));
  running.push(server);
  return server;
}

async function stop(server: RunningServer) {
  running.splice(running.indexOf(server), 1);
  await server.close();
}

async function ask(server: RunningServer, content: string) {
  const response = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content }] }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: test reads of JSON answers
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

/** Calls until the budget refuses (bounded), returning how many were answered. */
async function spendAll(server: RunningServer): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const answer = await ask(server, `I buy provisions, round ${i}.`);
    if (answer.status === 429) {
      expect(answer.json.error.code).toBe('budget_exceeded');
      return i;
    }
    expect(answer.status).toBe(200);
  }
  throw new Error('the budget never refused');
}

const usedOf = (server: RunningServer) =>
  server.gateway.parts.budgets.status().find((budget) => budget.name === 'daily_tokens')!.usage[0]!.used;

describe('budgets across a restart', () => {
  it('keep their spend in the database: a used-up budget still refuses after the server restarts', async () => {
    const database = join(dir, 'restart.db');
    const first = await start(database);
    expect((await ask(first, 'I buy a lantern.')).status).toBe(200);
    const spent = usedOf(first);
    expect(spent).toBeGreaterThan(0);
    await stop(first);

    // Part of the budget: the count goes on from where it was.
    const second = await start(database);
    expect(usedOf(second)).toBe(spent);
    const answered = await spendAll(second);
    expect(answered).toBeGreaterThan(0);
    await stop(second);

    // Used up: refused at once after the restart, without calling the upstream.
    const third = await start(database);
    const calls = upstream.stats().total;
    const refused = await ask(third, 'One more round.');
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/daily_tokens/);
    expect(upstream.stats().total).toBe(calls);
  });
});

describe('budgets with Redis', () => {
  it('are shared by two instances, and kept across a restart', async () => {
    const redis = await connectRedis();
    const prefix = testPrefix();
    try {
      const env = { REDIS_URL };
      const usage = { redis_prefix: prefix };
      const a = await start(join(dir, 'a.db'), env, usage);
      const b = await start(join(dir, 'b.db'), env, usage);
      expect(await spendAll(a)).toBeGreaterThan(0);
      // B has its own database: only Redis can tell it. It sees A's spend within its sync interval.
      let refused = false;
      for (let i = 0; i < 50 && !refused; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        refused = usedOf(b) >= 60;
      }
      expect(refused).toBe(true);
      const calls = upstream.stats().total;
      expect((await ask(b, 'Through the other door.')).status).toBe(429);
      expect(upstream.stats().total).toBe(calls);

      await stop(a);
      const again = await start(join(dir, 'a2.db'), env, usage);
      expect((await ask(again, 'After the restart.')).status).toBe(429);
    } finally {
      await deleteByPrefix(redis, prefix);
      redis.disconnect();
    }
  });
});

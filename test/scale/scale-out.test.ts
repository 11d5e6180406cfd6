/**
 * Scale-out as a whole, with real processes (issue 15, point 7): three `loremaster serve` and two
 * `loremaster worker` processes on one PostgreSQL database and one Redis, behind a round-robin client.
 *
 * The test runs its own PostgreSQL cluster (initdb in a temp folder, run as the `postgres` user, on a
 * random port) and its own redis-server (random port), so it can stop and restart them without
 * disturbing the other test files. The servers run no workers (`narrative.workers_in_serve: false`): the
 * two worker processes do every background task, embeddings included, and each server's in-process HNSW
 * index follows the vector change log (no pgvector on this machine). A fake upstream streams slowly for
 * the killed-mid-stream case.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type CliProcess, spawnCli } from '../support/cli-process.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';

const READY_MS = 150_000;
const CHAIN_MS = 60_000;
const POLL_MS = 100;
const LEASE_MS = 3_000;
/** One step of the scenario, on a loaded 2-core machine. */
const STEP_MS = 90_000;

const PG_BIN = (() => {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return join('/usr/lib/postgresql', versions[0] ?? '15', 'bin');
})();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: nothing within ${timeoutMs} ms${lastError ? ` (${String(lastError)})` : ''}`);
    await sleep(POLL_MS);
  }
}

/** A PostgreSQL cluster of the test's own, run as the `postgres` user (the test runs as root). */
class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'loremaster-scale-pg-'));
  readonly data = join(this.dir, 'data');
  constructor(readonly port: number) {
    try {
      chmodSync(this.dir, 0o777);
      this.asPostgres('initdb', [
        '-D',
        this.data,
        '-A',
        'trust',
        '-U',
        'postgres',
        '--no-sync',
        '-E',
        'UTF8',
      ]);
    } catch (error) {
      rmSync(this.dir, { recursive: true, force: true });
      throw error;
    }
  }
  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }
  private asPostgres(tool: string, args: string[]) {
    execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args], {
      stdio: 'pipe',
      timeout: 60_000,
    });
  }
  start() {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    this.asPostgres('pg_ctl', ['-D', this.data, '-o', options, '-l', join(this.dir, 'log'), '-w', 'start']);
  }
  stop() {
    this.asPostgres('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }
  destroy() {
    try {
      this.asPostgres('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

class OwnRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}/0`;
  }
  async start() {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await eventually(
      'redis ready',
      async () => {
        try {
          execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'pipe' });
          return true;
        } catch {
          return undefined;
        }
      },
      10_000,
    );
  }
  async kill() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, read field by field in each step
  body: any;
}

async function chat(base: string, body: unknown): Promise<Answer & { cache: string | null }> {
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return {
    status: response.status,
    body: await response.json(),
    cache: response.headers.get('x-loremaster-cache'),
  };
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed };
}

describe('three servers and two workers on one PostgreSQL and one Redis', () => {
  let postgres: OwnPostgres;
  let redis: OwnRedis;
  let upstream: FakeUpstream;
  let dir: string;
  const servers: Array<{ process: CliProcess; url: string; port: number }> = [];
  const workers: CliProcess[] = [];
  let env: Record<string, string>;
  let configFile: string;
  let next = 0;
  /** The round-robin client: each request to the next server. */
  const any = () => servers[next++ % servers.length]!.url;

  /** Every process started, recorded before it is waited on: the cleanup stops them all, whatever failed. */
  const spawned: CliProcess[] = [];
  const startServer = async (port: number) => {
    const process = spawnCli(['-c', configFile, 'serve', '--port', String(port)], env);
    spawned.push(process);
    await process.waitForOutput(/Loremaster listening/, READY_MS);
    return { process, url: `http://127.0.0.1:${port}`, port };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loremaster-scale-'));
    postgres = new OwnPostgres(await freePort());
    postgres.start();
    execFileSync(
      join(PG_BIN, 'psql'),
      ['-h', '127.0.0.1', '-p', String(postgres.port), '-U', 'postgres', '-c', 'create database loremaster'],
      { stdio: 'pipe' },
    );
    redis = new OwnRedis(await freePort());
    await redis.start();
    upstream = await startFakeUpstream({ requireAuth: false, tokensPerSecond: 20, answerWords: 80 });
    configFile = join(dir, 'loremaster.yaml');
    writeFileSync(
      configFile,
      stringify({
        log: { level: 'warn' },
        // Index files beside a SQLite path in the temp folder (the store itself is PostgreSQL).
        database: { sqlite_path: join(dir, 'loremaster.db') },
        providers: {
          slow: { type: 'openai-compatible', base_url: `${upstream.url}/v1`, models: ['fake-model'] },
        },
        // The hashing embedder: no model weights to load in five processes on a small machine.
        roles: { embedding: { provider: 'offline', model: 'hashing' } },
        jobs: { lease_ms: LEASE_MS, retry_base_ms: 200, retry_cap_ms: 2_000 },
        narrative: { workers_in_serve: false, worker_idle_ms: 100, worker_concurrency: 4 },
      }),
    );
    env = {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${postgres.port}/loremaster`,
      REDIS_URL: redis.url,
    };
    // The first server migrates; the others and the workers start together.
    servers.push(await startServer(await freePort()));
    const ports = [await freePort(), await freePort()];
    const started = await Promise.all([
      ...ports.map((port) => startServer(port)),
      ...[0, 1].map(async () => {
        const worker = spawnCli(['-c', configFile, 'worker'], env);
        spawned.push(worker);
        workers.push(worker);
        await worker.waitForOutput(/Loremaster worker running/, READY_MS);
      }),
    ]);
    for (const server of started) if (server) servers.push(server);
  }, 400_000);

  afterAll(async () => {
    // Each part is stopped even when another part's stop fails: nothing the test started outlives it.
    const attempt = async (what: string, stop: () => unknown) => {
      try {
        await stop();
      } catch (error) {
        console.error(`scale-out cleanup: ${what}: ${String(error)}`);
      }
    };
    await Promise.all(spawned.map((child) => attempt('a loremaster process', () => child.stop('SIGKILL'))));
    // A stream cut by the killed server may hold the fake upstream's close; never wait on it long.
    await attempt('the fake upstream', () => Promise.race([upstream?.close(), sleep(5_000)]));
    await attempt('redis', () => redis?.kill());
    await attempt('postgresql', () => postgres?.destroy());
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('every server is ready, and the workers embed (the index is followed, not in-process only)', async () => {
    for (const server of servers) expect((await call(server.url, 'GET', '/health/ready')).status).toBe(200);
    for (const worker of workers) expect(worker.output()).toMatch(/EMBED_DOCUMENTS/);
  });

  it(
    'shares the response cache: an answer made on one server is a hit on another',
    async () => {
      const request = {
        model: 'offline',
        temperature: 0,
        messages: [{ role: 'user', content: `Describe the ferry at dusk ${Date.now()}` }],
      };
      const first = await chat(servers[0]!.url, request);
      expect(first.status).toBe(200);
      expect(first.cache).toBe('miss');
      const second = await chat(servers[1]!.url, request);
      expect(second.status).toBe(200);
      expect(second.cache).toBe('hit');
      expect(second.body.choices[0].message.content).toBe(first.body.choices[0].message.content);
    },
    STEP_MS,
  );

  it(
    'a turn played on server A has its facts found by vector search on server C once its chain is done',
    async () => {
      const world = await call(any(), 'POST', '/worlds', {
        name: 'Brindlemoor',
        description: 'A fen of lamplit towns.',
      });
      expect(world.status).toBe(201);
      const worldId = world.body.id as string;
      const session = await call(any(), 'POST', `/worlds/${worldId}/sessions`, {});
      const sessionId = session.body.id as string;
      const turn = await call(servers[0]!.url, 'POST', `/sessions/${sessionId}/turns`, {
        input: 'I meet Quillon Ashgrove, the lamplighter of the Sunken Lane, who hands me a brass key.',
      });
      expect(turn.status, JSON.stringify(turn.body)).toBe(201);
      // The chain (analysis, entities, notes, embeddings) runs on the workers.
      await eventually(
        'the turn analysed and every task done',
        async () => {
          const state = await call(any(), 'GET', `/sessions/${sessionId}`);
          const status = await call(any(), 'GET', '/maintenance/queue-status');
          const { pending, processing } = status.body.totals;
          return state.body.turns?.every((t: { analysed: boolean }) => t.analysed) &&
            pending === 0 &&
            processing === 0
            ? true
            : undefined;
        },
        CHAIN_MS,
      );
      // Vector search only: the hit comes from server C's own HNSW index, which followed the log.
      const found = await eventually(
        'the new entity found by vector search on C',
        async () => {
          const search = await call(servers[2]!.url, 'POST', `/worlds/${worldId}/search`, {
            q: 'Quillon Ashgrove the lamplighter',
            mode: 'vector',
            rerank: false,
            expand: false,
            filters: { session_id: sessionId },
          });
          const titles: string[] = (search.body.data ?? []).map((hit: { title: string }) => hit.title);
          return titles.some((title) => /quillon/i.test(title)) ? titles : undefined;
        },
        15_000,
      );
      expect(found.some((title) => /quillon/i.test(title))).toBe(true);
    },
    STEP_MS,
  );

  it(
    'a server killed mid-stream leaves its client an error; the retry on another server streams to the end',
    async () => {
      const victim = servers[1]!;
      const request = {
        model: 'slow/fake-model',
        stream: true,
        messages: [{ role: 'user', content: 'Tell the long tale of the drowned bell.' }],
      };
      const response = await fetch(`${victim.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-loremaster-cache': 'off' },
        body: JSON.stringify(request),
      });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toMatch(/^data: /m);
      await victim.process.stop('SIGKILL');
      let streamError: unknown;
      let text = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          text += new TextDecoder().decode(value);
        }
      } catch (error) {
        streamError = error;
      }
      // The client sees the stream break (never a clean end).
      expect(streamError).toBeDefined();
      expect(text).not.toMatch(/\[DONE\]/);

      // Its retry, on the next server, streams to the end.
      const retry = await fetch(`${servers[2]!.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-loremaster-cache': 'off' },
        body: JSON.stringify({ ...request, stream: true }),
      });
      expect(retry.status).toBe(200);
      expect(await retry.text()).toMatch(/data: \[DONE\]/);
      // The killed server comes back on its port; the round robin carries on.
      servers[1] = await startServer(victim.port);
      expect((await call(servers[1]!.url, 'GET', '/health/ready')).status).toBe(200);
    },
    STEP_MS,
  );

  it(
    'Redis killed: every server keeps answering (the shared cache skipped), then shares again once it is back',
    async () => {
      await redis.kill();
      for (const server of servers) {
        const answer = await chat(server.url, {
          model: 'offline',
          temperature: 0,
          messages: [{ role: 'user', content: `While Redis is down ${server.port}` }],
        });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        // A miss while the client has not yet noticed Redis is gone, then skipped without asking it.
        expect(['miss', 'skip']).toContain(answer.cache);
      }
      await redis.start();
      const request = {
        model: 'offline',
        temperature: 0,
        messages: [{ role: 'user', content: `After Redis came back ${Date.now()}` }],
      };
      // The clients reconnect on their own; the shared cache works again.
      await eventually(
        'a shared cache hit after Redis came back',
        async () => {
          await chat(servers[0]!.url, request);
          return (await chat(servers[2]!.url, request)).cache === 'hit' ? true : undefined;
        },
        30_000,
      );
    },
    STEP_MS,
  );

  it(
    'PostgreSQL restarted: requests fail cleanly (503) while it is gone, then recover; the queue drains, no task lost or done twice',
    async () => {
      // Work queued just before the restart: turns whose chains (analysis, entities, embeddings) the
      // workers run, some of it claimed when PostgreSQL goes away.
      const world = await call(any(), 'POST', '/worlds', {
        name: 'Saltmere',
        description: 'Tidal marsh towns.',
      });
      expect(world.status).toBe(201);
      const worldId = world.body.id as string;
      const names = ['Marrow Tulliver', 'Odessa Fenwick', 'Corvin Blackreed', 'Ysolde Harrowgate'];
      const sessions: string[] = [];
      await Promise.all(
        names.map(async (name, index) => {
          const session = await call(
            servers[index % servers.length]!.url,
            'POST',
            `/worlds/${worldId}/sessions`,
            {},
          );
          expect(session.status).toBe(201);
          sessions[index] = session.body.id as string;
          const turn = await call(
            servers[index % servers.length]!.url,
            'POST',
            `/sessions/${session.body.id}/turns`,
            {
              input: `I meet ${name}, the ferrywarden of the salt docks, who gives me a lantern.`,
            },
          );
          expect(turn.status, JSON.stringify(turn.body)).toBe(201);
        }),
      );
      const deadBefore = (await call(any(), 'GET', '/maintenance/queue-status')).body.totals.failed as number;

      postgres.stop();
      const answers: Answer[] = [];
      for (const server of servers) answers.push(await call(server.url, 'GET', '/worlds'));
      // A turn while it is gone is refused cleanly: nothing half-queued.
      answers.push(
        await call(any(), 'POST', `/sessions/${sessions[0]}/turns`, { input: 'I wait by the water.' }),
      );
      for (const answer of answers) {
        expect(answer.status, JSON.stringify(answer.body)).toBe(503);
        expect(answer.body.error).toMatchObject({ type: expect.any(String), message: expect.any(String) });
        expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.js:\d+|ECONNREFUSED 127/);
      }
      for (const server of servers) expect((await call(server.url, 'GET', '/health/ready')).status).toBe(503);
      expect((await call(servers[0]!.url, 'GET', '/health/live')).status).toBe(200);
      postgres.start();
      for (const server of servers)
        await eventually(
          'requests succeed again',
          async () => ((await call(server.url, 'GET', '/worlds')).status === 200 ? true : undefined),
          30_000,
        );

      // The queue drains: every turn analysed, nothing waiting or held, nothing dead-lettered.
      let seen: unknown;
      await eventually(
        'the queue drained after the restart',
        async () => {
          const status = await call(any(), 'GET', '/maintenance/queue-status');
          seen = status.body;
          const { pending, processing } = status.body.totals;
          if (pending !== 0 || processing !== 0) return undefined;
          for (const sessionId of sessions) {
            const state = await call(any(), 'GET', `/sessions/${sessionId}`);
            seen = state.body.turns;
            if (!state.body.turns?.every((t: { analysed: boolean }) => t.analysed)) return undefined;
          }
          return true;
        },
        CHAIN_MS,
      ).catch((error: unknown) => {
        const tails = workers.map((worker) => worker.output().slice(-3_000)).join('\n---\n');
        throw new Error(`${String(error)}\nlast seen: ${JSON.stringify(seen)}\nworkers:\n${tails}`);
      });
      // Every process lived through it (a connection cut mid-transaction used to kill the workers).
      for (const process of [...workers, ...servers.map((server) => server.process)])
        expect(process.exited(), process.output().slice(-2_000)).toBe(false);
      const status = await call(any(), 'GET', '/maintenance/queue-status');
      expect(status.body.totals.failed, JSON.stringify(status.body.failures)).toBe(deadBefore);
      // Done once in effect: one entity per name, whichever worker ran (or re-ran) its task.
      for (const [index, name] of names.entries()) {
        const list = await call(
          any(),
          'GET',
          `/worlds/${worldId}/entities?session_id=${sessions[index]}&limit=100`,
        );
        expect(list.status).toBe(200);
        const first = name.split(' ')[0]!;
        const matching = (list.body.data as Array<{ name: string }>).filter((e) => e.name.includes(first));
        expect(
          matching.map((e) => e.name),
          JSON.stringify(list.body.data.map((e: { name: string }) => e.name)),
        ).toHaveLength(1);
      }
    },
    STEP_MS,
  );
});

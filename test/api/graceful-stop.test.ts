/**
 * A graceful stop ends in bounded time whatever the clients do (idle keep-alive sockets, bodies that
 * never finish), and still flushes the call log and saves the vector index.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { openStore } from '../../src/store/index.js';
import { call, drained } from '../narrative/support.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
    // Read whatever comes, so the server's end of the connection is seen.
    socket.resume();
  });
}

it('closes idle and slow connections after the grace period, flushing the call log and the index', async () => {
  const database = join(dir, 'loremaster.db');
  const config = loadConfig({
    env: {},
    overrides: {
      'server.port': 0,
      'database.sqlite_path': database,
      // Slow clients would hold the stop for 10 minutes without the grace period.
      'server.timeouts': { request_ms: 600_000, headers_ms: 600_000, shutdown_grace_ms: 300 },
      'roles.embedding.model': 'hashing',
    },
  });
  const server = await startServer(config, createLogger('silent'));

  const world = await call(server.url, 'POST', '/worlds', { name: 'Stopping' });
  const entity = await call(server.url, 'POST', `/worlds/${world.body.id}/entities`, {
    type: 'character',
    name: 'Ada Fenwick',
    description: 'Ada Fenwick keeps the lighthouse.',
  });
  expect(entity.status).toBe(201);
  await drained(server.url);
  const chat = await call(server.url, 'POST', '/v1/chat/completions', {
    model: 'offline',
    messages: [{ role: 'user', content: 'Light the lamp.' }],
  });
  expect(chat.status).toBe(200);

  // Slow clients: bodies announced but never sent; and idle keep-alive sockets.
  const slow = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const socket = await openSocket(server.port);
      socket.write(
        'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          'Content-Length: 1000\r\n\r\n{"model":',
      );
      return socket;
    }),
  );
  const idle = await Promise.all(Array.from({ length: 5 }, () => openSocket(server.port)));
  const closed = [...slow, ...idle].map((socket) => new Promise((resolve) => socket.on('close', resolve)));

  const started = Date.now();
  await server.close();
  const elapsed = Date.now() - started;
  await Promise.all(closed);
  // Bounded: the grace period plus the close hooks, far below the 600 s the slow clients would take.
  expect(elapsed).toBeLessThan(60_000);

  const store = await openStore(config.settings.database);
  try {
    const calls = await store.calls.list({ provider: 'offline', limit: 50 });
    expect(calls.some((row) => row.call_type === 'chat' && row.status === 'ok')).toBe(true);
  } finally {
    await store.close();
  }
  const index = join(dir, 'vectors', 'offline_loremaster-embed-offline-1_384.hnsw');
  expect(existsSync(index)).toBe(true);
  expect(statSync(index).mtimeMs).toBeGreaterThanOrEqual(started - 1);
}, 120_000);

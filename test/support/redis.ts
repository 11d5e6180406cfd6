/**
 * The machine's Redis for tests (`LOREMASTER_TEST_REDIS`, default redis://127.0.0.1:6379), each test
 * under a key prefix of its own (`testPrefix`), deleted after with `deleteByPrefix`. When Redis is
 * unreachable `connectRedis` throws: the Redis suites fail, they never skip.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.LOREMASTER_TEST_REDIS ?? 'redis://127.0.0.1:6379';

/** A connected client; throws (failing the suite) when Redis does not answer. */
export async function connectRedis(): Promise<Redis> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `Redis is unreachable at ${REDIS_URL} (${(error as Error).message}); this suite needs it`,
    );
  }
  return redis;
}

/** A prefix no other test (or test run) uses. */
export function testPrefix(): string {
  return `loremaster:test:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** A client pointed at a closed port: every command fails at once. */
export function deadRedis(): Redis {
  const redis = new Redis({
    host: '127.0.0.1',
    port: 1,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  redis.on('error', () => {});
  return redis;
}

/**
 * A "Redis" that accepts connections and never answers: a client of it sees every command hang.
 * Close it with `stop()`.
 */
export async function silentRedis(): Promise<{ redis: Redis; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  // No ready check and no CLIENT SETINFO: those would wait for an answer before the client is ready.
  const redis = new Redis({
    host: '127.0.0.1',
    port: address.port,
    enableReadyCheck: false,
    disableClientInfo: true,
    lazyConnect: true,
  });
  redis.on('error', () => {});
  await redis.connect();
  return {
    redis,
    stop: async () => {
      redis.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

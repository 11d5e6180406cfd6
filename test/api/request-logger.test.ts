/**
 * Each request's logger is made the first time it logs (src/api/request-logger.ts): a request that
 * logs writes what Fastify's own child would (its request id, the server's redaction), and one that
 * does not log makes no child at all.
 */
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lazyRequestLogger } from '../../src/api/request-logger.js';
import { createLogger } from '../../src/config/index.js';

describe('request logger made on first use', () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger('info', sink);
  // Fastify hands the factory its own logger (a child of the one given): the one counted here.
  let children = 0;
  const counting = (parent: FastifyBaseLogger): FastifyBaseLogger =>
    new Proxy(parent, {
      get(target, property, receiver) {
        if (property === 'child')
          return (...args: Parameters<FastifyBaseLogger['child']>) => {
            children += 1;
            return target.child(...args);
          };
        return Reflect.get(target, property, receiver);
      },
    });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    disableRequestLogging: true,
    childLoggerFactory: (parent, bindings, options) => lazyRequestLogger(counting(parent), bindings, options),
  });

  beforeAll(async () => {
    app.get('/quiet', async () => ({ ok: true }));
    app.get('/loud', async (request) => {
      request.log.warn({ note: 'kept', headers: { authorization: 'Bearer secret' } }, 'hello');
      request.log.debug('below the level: not written');
      return { level: request.log.level };
    });
    app.get('/nested', async (request) => {
      request.log.child({ part: 'inner' }).info('from a child');
      return {};
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('makes no child logger for a request that does not log', async () => {
    const before = children;
    for (let index = 0; index < 5; index += 1) {
      const response = await app.inject({ method: 'GET', url: '/quiet' });
      expect(response.statusCode).toBe(200);
    }
    expect(children).toBe(before);
  });

  it('writes a request that logs with its request id and the server redaction', async () => {
    const before = children;
    lines.length = 0;
    const response = await app.inject({ method: 'GET', url: '/loud' });
    expect(response.json()).toEqual({ level: 'info' });
    expect(children).toBe(before + 1);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: 40, msg: 'hello', note: 'kept' });
    expect(typeof line!.reqId).toBe('string');
    expect(line!.headers).toEqual({ authorization: '[REDACTED]' });
  });

  it("gives a request's child logger its bindings and the request id", async () => {
    lines.length = 0;
    await app.inject({ method: 'GET', url: '/nested' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'from a child', part: 'inner' });
    expect(typeof lines[0]!.reqId).toBe('string');
  });
});

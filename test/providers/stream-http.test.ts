/**
 * The streamed calls' HTTP client (src/providers/stream-http.ts) against a real HTTP server: the
 * request head it writes from a target's flat header list, and a body read with BodyChunks (its
 * order, its end, its errors, and the pause when the reader falls behind).
 */
import { createServer, type IncomingHttpHeaders, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyChunks, drain, postForStream, streamTarget } from '../../src/providers/stream-http.js';

let server: Server;
let port: number;
let answer: (res: ServerResponse, headers: IncomingHttpHeaders, raw: string[]) => void = () => {};

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(res, req.headers, req.rawHeaders));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A GET whose answer is read with BodyChunks. */
function get(): Promise<import('node:http').IncomingMessage> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, resolve).on('error', reject).end();
  });
}

/** One write per part, each in its own turn (so each arrives as a read of its own), then the end. */
function writeApart(res: ServerResponse, parts: readonly string[]): void {
  let index = 0;
  const next = () => {
    if (index === parts.length) return void res.end();
    res.write(parts[index++]);
    setTimeout(next, 1);
  };
  next();
}

async function readAll(chunks: BodyChunks): Promise<string> {
  let text = '';
  for (let chunk = await chunks.next(); chunk !== undefined; chunk = await chunks.next()) text += chunk;
  return text;
}

describe('streamTarget and postForStream', () => {
  it("sends the provider's headers once each, with Host and Content-Length, and no Host of the caller's", async () => {
    let seen: { headers: IncomingHttpHeaders; raw: string[] } | undefined;
    answer = (res, headers, raw) => {
      seen = { headers, raw };
      res.end('ok');
    };
    const target = streamTarget(`http://127.0.0.1:${port}`, {
      authorization: 'Bearer k',
      'content-type': 'application/json',
      Host: 'elsewhere.example',
      'Content-Length': '1',
    });
    const body = JSON.stringify({ text: 'ünïcödé' });
    const response = await postForStream(target, '/v1/chat/completions', body, { timeoutMs: 2_000 });
    expect(await readAll(new BodyChunks(response.body))).toBe('ok');
    expect(seen?.headers).toMatchObject({
      host: `127.0.0.1:${port}`,
      authorization: 'Bearer k',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    });
    const names = seen!.raw.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase());
    expect(names.filter((name) => name === 'host')).toHaveLength(1);
    expect(names.filter((name) => name === 'content-length')).toHaveLength(1);
  });

  it('writes Host as Node would: the port only when it is not the protocol default, IPv6 in brackets', () => {
    const host = (origin: string) => {
      const headers = streamTarget(origin).headers;
      return headers[headers.indexOf('host') + 1];
    };
    expect(host('http://upstream.example')).toBe('upstream.example');
    expect(host('https://upstream.example:443')).toBe('upstream.example');
    expect(host('http://upstream.example:8080')).toBe('upstream.example:8080');
    expect(host('http://[::1]:11434')).toBe('[::1]:11434');
    expect(streamTarget('http://[::1]:11434')).toMatchObject({ hostname: '::1', port: 11434 });
  });
});

describe('BodyChunks', () => {
  it('gives every chunk in order, then undefined at the end', async () => {
    answer = (res) => {
      res.write('one ');
      setTimeout(() => res.end('two'), 10);
    };
    const chunks = new BodyChunks(await get());
    expect(await readAll(chunks)).toBe('one two');
    expect(await chunks.next()).toBeUndefined();
  });

  it('pauses the body while its reader falls behind, and reads on when it catches up', async () => {
    const parts = Array.from({ length: 60 }, (_, index) => `part ${index};`);
    answer = (res) => writeApart(res, parts);
    const body = await get();
    const chunks = new BodyChunks(body);
    // Not reading: the queue fills, then the body stops flowing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(body.isPaused()).toBe(true);
    expect(await readAll(chunks)).toBe(parts.join(''));
    expect(body.isPaused()).toBe(false);
  });

  it('rejects with the error that breaks the body, after the chunks that came before it', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('before');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const chunks = new BodyChunks(await get());
    expect((await chunks.next())?.toString()).toBe('before');
    await expect(chunks.next()).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(chunks.next()).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('rejects as the body iterator did when the body is destroyed without an error', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('start');
    };
    const body = await get();
    const chunks = new BodyChunks(body);
    expect((await chunks.next())?.toString()).toBe('start');
    const next = chunks.next();
    body.destroy();
    await expect(next).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('hands a paused body back: released and drained, it still reaches its end', async () => {
    answer = (res) =>
      writeApart(
        res,
        Array.from({ length: 40 }, (_, index) => `${index},`),
      );
    const body = await get();
    const chunks = new BodyChunks(body);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(body.isPaused()).toBe(true);
    await chunks.next();
    chunks.release();
    const ended = new Promise<void>((resolve) => body.once('end', () => resolve()));
    drain(body, 1_000_000);
    await ended;
    expect(body.complete).toBe(true);
  });
});

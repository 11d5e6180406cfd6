/**
 * The streamed calls' HTTP client (src/providers/stream-http.ts) against a real HTTP server: the
 * request head it writes from a target's flat header list, and a body read with BodyEvents (its
 * order, its end, its errors, the pause when the reader falls behind, and what becomes of the body).
 */
import { createServer, type IncomingHttpHeaders, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BodyDecoder,
  BodyEvents,
  postForStream,
  streamTarget,
} from '../../src/providers/stream-http.js';

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

/** A GET whose answer is read with BodyEvents. */
function get(): Promise<import('node:http').IncomingMessage> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, resolve).on('error', reject).end();
  });
}

/**
 * One write per part, each in its own turn (so each arrives as a read of its own), then `then`
 * (the end, unless given).
 */
function writeApart(res: ServerResponse, parts: readonly string[], then: () => void = () => res.end()): void {
  let index = 0;
  const next = () => {
    if (index === parts.length) return then();
    res.write(parts[index++]);
    setTimeout(next, 1);
  };
  next();
}

/**
 * Each read as one event; `marker` in a read completes the stream there; the end adds `<end>`, or
 * throws when `cutShort`. A failure is wrapped, so the test sees that it went through `failure`.
 */
function textDecoder(options: { marker?: string; cutShort?: boolean } = {}): BodyDecoder<string> {
  return {
    push(chunk, emit) {
      const text = chunk.toString();
      if (text === 'bad') throw new Error('undecodable');
      const at = options.marker === undefined ? -1 : text.indexOf(options.marker);
      emit(at === -1 ? text : text.slice(0, at));
      return at !== -1;
    },
    end(emit) {
      if (options.cutShort) throw new Error('cut short');
      emit('<end>');
    },
    failure: (error) => Object.assign(new Error(`failed: ${(error as Error).message}`), { cause: error }),
  };
}

async function readAll(events: BodyEvents<string>): Promise<string> {
  let text = '';
  for (let step = await events.next(); !step.done; step = await events.next()) text += step.value;
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
    expect(await readAll(new BodyEvents(response.body, textDecoder()))).toBe('ok<end>');
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

describe('BodyEvents', () => {
  it('gives every event in order, then the end for good', async () => {
    answer = (res) => {
      res.write('one ');
      setTimeout(() => res.end('two'), 10);
    };
    const events = new BodyEvents(await get(), textDecoder());
    expect(await readAll(events)).toBe('one two<end>');
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('gives what was decoded before the reader asked, in order', async () => {
    answer = (res) => writeApart(res, ['a', 'b', 'c']);
    const body = await get();
    const events = new BodyEvents(body, textDecoder());
    await new Promise<void>((resolve) => body.once('end', () => resolve()));
    expect(await readAll(events)).toBe('abc<end>');
  });

  it('pauses the body while its reader falls behind, and reads on when it catches up', async () => {
    const parts = Array.from({ length: 60 }, (_, index) => `part ${index};`);
    answer = (res) => writeApart(res, parts);
    const body = await get();
    const events = new BodyEvents(body, textDecoder());
    // Not reading: the queue fills, then the body stops flowing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(body.isPaused()).toBe(true);
    expect(await readAll(events)).toBe(`${parts.join('')}<end>`);
    expect(body.isPaused()).toBe(false);
  });

  it('drains a complete body: what follows the end marker is read, not decoded, and the body ends', async () => {
    answer = (res) => writeApart(res, ['one', 'two|', 'after', 'more']);
    const body = await get();
    const ended = new Promise<void>((resolve) => body.once('end', () => resolve()));
    const events = new BodyEvents(body, textDecoder({ marker: '|' }));
    expect(await readAll(events)).toBe('onetwo');
    await ended;
    expect(body.complete).toBe(true);
  });

  it('drains a body its reader had paused: past the end marker it still flows to its end', async () => {
    const parts = Array.from({ length: 31 }, (_, index) => (index === 30 ? '30|' : `${index},`));
    // What follows the marker comes after the reader is done: only a drain reads it to the end.
    answer = (res) => writeApart(res, parts, () => setTimeout(() => writeApart(res, ['after', 'more']), 300));
    const body = await get();
    const ended = new Promise<void>((resolve) => body.once('end', () => resolve()));
    const events = new BodyEvents(body, textDecoder({ marker: '|' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(body.isPaused()).toBe(true);
    expect(await readAll(events)).toBe(parts.slice(0, 31).join('').replace('|', ''));
    await ended;
    expect(body.complete).toBe(true);
  });

  it('rejects with the failure of the error that breaks the body, after the events that came before it', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('before');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const events = new BodyEvents(await get(), textDecoder());
    expect(await events.next()).toEqual({ done: false, value: 'before' });
    const failure = { message: 'failed: aborted', cause: { code: 'ECONNRESET' } };
    await expect(events.next()).rejects.toMatchObject(failure);
    await expect(events.next()).rejects.toMatchObject(failure);
  });

  it("fails with the decoder's own error, and frees the connection instead of reading on", async () => {
    answer = (res) => writeApart(res, ['good', 'bad', 'never']);
    const body = await get();
    const events = new BodyEvents(body, textDecoder());
    expect(await events.next()).toEqual({ done: false, value: 'good' });
    await expect(events.next()).rejects.toThrow('failed: undecodable');
    expect(body.destroyed).toBe(true);
  });

  it('fails a body that ends cut short, as its decoder says', async () => {
    answer = (res) => res.end('part');
    const events = new BodyEvents(await get(), textDecoder({ cutShort: true }));
    expect(await events.next()).toEqual({ done: false, value: 'part' });
    await expect(events.next()).rejects.toThrow('failed: cut short');
  });

  it('rejects as the body iterator did when the body is destroyed without an error', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('start');
    };
    const body = await get();
    const events = new BodyEvents(body, textDecoder());
    expect(await events.next()).toEqual({ done: false, value: 'start' });
    const next = events.next();
    body.destroy();
    await expect(next).rejects.toMatchObject({ cause: { code: 'ERR_STREAM_PREMATURE_CLOSE' } });
  });

  it('stops on return(): a waiting reader gets the end, the body is destroyed, nothing more is given', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('start');
    };
    const body = await get();
    const events = new BodyEvents(body, textDecoder());
    expect(await events.next()).toEqual({ done: false, value: 'start' });
    const waiting = events.next();
    expect(await events.return()).toEqual({ done: true, value: undefined });
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(body.destroyed).toBe(true);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });
});

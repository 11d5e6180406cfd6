/**
 * The SSE writer on a real HTTP server and a raw client socket: events of one turn leave in one write
 * (with the headers), and a client that stops reading stops the writer (backpressure) without
 * losing anything once it reads again.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SseWriter } from '../../src/api/sse.js';

let server: Server | undefined;
let client: Socket | undefined;

afterEach(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server whose one route hands its response to `handle`, and a raw socket that asked for it. */
async function open(handle: (raw: ServerResponse) => void): Promise<Socket> {
  server = createServer((_request, response) => handle(response));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  client = socket;
  socket.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
  return socket;
}

it('sends the headers and the events of one turn in one write, then the end with the last events', async () => {
  const socket = await open((raw) => {
    const sse = new SseWriter(raw, { 'x-call': 'abc' });
    void sse.data('{"n":1}');
    void sse.data('{"n":2}', 'delta');
    void sse.data('{"n":3}');
    setTimeout(() => {
      void sse.data('[DONE]');
      sse.end();
    }, 50);
  });
  const reads: string[] = [];
  socket.on('data', (chunk: Buffer) => reads.push(chunk.toString('latin1')));
  await new Promise((resolve) => socket.once('end', resolve).once('close', resolve));
  expect(reads).toHaveLength(2);
  const [first, last] = reads as [string, string];
  expect(first).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  expect(first).toContain('content-type: text/event-stream; charset=utf-8');
  expect(first).toContain('x-call: abc');
  const body = first.slice(first.indexOf('\r\n\r\n') + 4);
  const events = 'data: {"n":1}\n\nevent: delta\ndata: {"n":2}\n\ndata: {"n":3}\n\n';
  expect(body).toBe(`${events.length.toString(16)}\r\n${events}\r\n`);
  expect(last).toBe('e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n');
});

it('sends the headers at the end of the turn when no event is written yet', async () => {
  const socket = await open((raw) => {
    const sse = new SseWriter(raw);
    setTimeout(() => sse.end(), 300);
  });
  const head = await new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(String(chunk))));
  expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n$/);
});

it('stops a writer whose client does not read, and delivers everything once it reads again', async () => {
  const event = 'x'.repeat(1024);
  const total = 40_000; // 40 MiB: far more than the socket buffers hold
  let written = 0;
  let stalled = false;
  let finished: Promise<void> | undefined;
  const socket = await open((raw) => {
    const sse = new SseWriter(raw);
    finished = (async () => {
      for (; written < total; written++) await sse.data(event);
      sse.end();
    })();
  });
  socket.pause();
  // Not reading: the writer must stop well before the end, and stay stopped.
  for (let i = 0; i < 50 && !stalled; i++) {
    const before = written;
    await new Promise((resolve) => setTimeout(resolve, 100));
    stalled = written === before && written > 0;
  }
  expect(stalled).toBe(true);
  expect(written).toBeLessThan(total);
  let received = 0;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  socket.resume();
  await new Promise((resolve) => socket.once('end', resolve));
  await finished;
  expect(written).toBe(total);
  // Every event arrived (framing adds chunk sizes and CRLFs on top).
  expect(received).toBeGreaterThan(total * (event.length + 8));
});

/** Every read of `socket` until it closes, each with when it arrived (performance.now()). */
function readsOf(socket: Socket): Promise<Array<{ text: string; at: number }>> {
  const reads: Array<{ text: string; at: number }> = [];
  socket.on('data', (chunk: Buffer) => reads.push({ text: chunk.toString('latin1'), at: performance.now() }));
  return new Promise((resolve) => socket.once('close', () => resolve(reads)));
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('with coalesceMs', () => {
  it('sends the first event at once, then what comes within coalesceMs of a write in one later write, and the end at once', async () => {
    let startedAt = 0;
    let endedAt = 0;
    const socket = await open((raw) => {
      const sse = new SseWriter(raw, {}, { coalesceMs: 300 });
      void (async () => {
        startedAt = performance.now();
        void sse.data('first');
        // Ten tokens 10 ms apart, all within 300 ms of the first write.
        for (let n = 0; n < 10; n++) {
          await wait(10);
          void sse.data(`token ${n}`);
        }
        await wait(400);
        void sse.data('last');
        // Within 300 ms of the write before: not held, the end takes it along.
        endedAt = performance.now();
        sse.end();
      })();
    });
    const reads = await readsOf(socket);
    expect(reads.map((read) => read.text.match(/data: [^\n]*/g))).toEqual([
      ['data: first'],
      Array.from({ length: 10 }, (_, n) => `data: token ${n}`),
      ['data: last'],
    ]);
    const [first, tokens, end] = reads as [(typeof reads)[0], (typeof reads)[0], (typeof reads)[0]];
    expect(first.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    // The tokens waited for the 300 ms since the first write (a lower bound: load only adds to it).
    expect(tokens.at - startedAt).toBeGreaterThanOrEqual(295);
    expect(end.text.endsWith('0\r\n\r\n')).toBe(true);
    expect(end.at).toBeGreaterThanOrEqual(endedAt);
  });

  it('sends an event that comes after a pause at once', async () => {
    const sent: number[] = [];
    const socket = await open((raw) => {
      const sse = new SseWriter(raw, {}, { coalesceMs: 1_000 });
      void (async () => {
        void sse.data('first');
        await wait(1_200);
        sent.push(performance.now());
        void sse.data('after a pause');
        await wait(50);
        sent.push(performance.now());
        void sse.data('soon after');
        await wait(1_500);
        sse.end();
      })();
    });
    const reads = await readsOf(socket);
    expect(reads.map((read) => read.text.match(/data: [^\n]*/g))).toEqual([
      ['data: first'],
      ['data: after a pause'],
      ['data: soon after'],
      null,
    ]);
    // Not held: it came before the next token was even written. The one after it waited for the
    // second since that write.
    expect(reads[1]!.at).toBeLessThan(sent[1]!);
    expect(reads[2]!.at - sent[0]!).toBeGreaterThanOrEqual(995);
  });
});

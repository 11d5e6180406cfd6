/**
 * The SSE writer on a real HTTP server and a raw client socket: events of one turn leave in one write
 * (with the headers), and a client that stops reading stops the writer (backpressure) without
 * losing anything once it reads again.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
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

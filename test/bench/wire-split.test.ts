/**
 * bench/lib/wire-split: a capture written here, frame by frame as tcpdump writes them on the
 * loopback, is split into each stream's request path, upstream and response path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requestPathByPlace, userMarker, wireSplit } from '../../bench/lib/wire-split.js';

const UPSTREAM = 9000;
const GATEWAY = 8080;
const dir = mkdtempSync(join(tmpdir(), 'wire-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One Ethernet + IPv4 + TCP frame carrying `payload`, at `ms` since the capture began. */
function frame(ms: number, from: number, to: number, payload: string): Buffer {
  const body = Buffer.from(payload, 'latin1');
  const ethernet = Buffer.alloc(14);
  ethernet.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 20 + body.length, 2);
  ip[9] = 6;
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(from, 0);
  tcp.writeUInt16BE(to, 2);
  tcp[12] = 5 << 4;
  const data = Buffer.concat([ethernet, ip, tcp, body]);
  const record = Buffer.alloc(16);
  const micros = Math.round(ms * 1000);
  record.writeUInt32LE(1_800_000_000 + Math.floor(micros / 1e6), 0);
  record.writeUInt32LE(micros % 1e6, 4);
  record.writeUInt32LE(data.length, 8);
  record.writeUInt32LE(data.length, 12);
  return Buffer.concat([record, data]);
}

function capture(name: string, frames: Buffer[]): string {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat([header, ...frames]));
  return file;
}

const post = (user: string) =>
  `POST /v1/chat/completions HTTP/1.1\r\ncontent-type: application/json\r\n\r\n{"model":"m","user":"${user}"}`;
const token = 'data: {"choices":[{"delta":{"content":"Fog"}}]}\n\n';

describe('wireSplit', () => {
  it('pairs a client request with the upstream request it caused, by its user marker', () => {
    const file = capture('paired.pcap', [
      // Through the gateway: the client's request at 0, the upstream request at 3, the upstream's
      // headers at 30 and its first token at 34, the gateway's first token out at 35.
      frame(0, 50001, GATEWAY, post(userMarker(1))),
      frame(3, 50002, UPSTREAM, post(userMarker(1))),
      frame(30, UPSTREAM, 50002, 'HTTP/1.1 200 OK\r\n\r\ndata: {"choices":[{"delta":{"role":"assistant"}}]}'),
      frame(34, UPSTREAM, 50002, token),
      frame(35, GATEWAY, 50001, `HTTP/1.1 200 OK\r\n\r\n${token}`),
      // Straight to the upstream: its request at 100, its first token at 131.
      frame(100, 50003, UPSTREAM, post(userMarker(2))),
      frame(131, UPSTREAM, 50003, token),
      // A warm-up stream, answered at once: left out.
      frame(200, 50001, GATEWAY, post(userMarker(3))),
      frame(200.5, 50002, UPSTREAM, post(userMarker(3))),
      frame(201, UPSTREAM, 50002, token),
      frame(201.5, GATEWAY, 50001, token),
    ]);
    const split = wireSplit(file, UPSTREAM, [GATEWAY], 24);
    const legs = split.servers.get(GATEWAY)!;
    expect(legs.requestPath).toHaveLength(1);
    expect(legs.requestPath[0]).toBeCloseTo(3, 3);
    expect(legs.upstream[0]).toBeCloseTo(31, 3);
    expect(legs.responsePath[0]).toBeCloseTo(1, 3);
    expect(split.direct).toHaveLength(1);
    expect(split.direct[0]).toBeCloseTo(31, 3);
  });

  it('finds a marker in the segment after the request line, and reuses a connection for the next request', () => {
    const [head, body] = post(userMarker(7)).split('\r\n\r\n');
    const file = capture('split-body.pcap', [
      frame(0, 50001, GATEWAY, `${head}\r\n\r\n`),
      frame(0.2, 50001, GATEWAY, body!),
      frame(2, 50002, UPSTREAM, post(userMarker(7))),
      frame(33, UPSTREAM, 50002, token),
      frame(33.5, GATEWAY, 50001, token),
      // The same connections carry the next stream.
      frame(40, 50001, GATEWAY, post(userMarker(8))),
      frame(45, 50002, UPSTREAM, post(userMarker(8))),
      frame(80, UPSTREAM, 50002, token),
      frame(82, GATEWAY, 50001, token),
    ]);
    const legs = wireSplit(file, UPSTREAM, [GATEWAY], 24).servers.get(GATEWAY)!;
    // The request counts from its first segment.
    expect(legs.requestPath.map((ms) => Math.round(ms * 1000) / 1000)).toEqual([2, 5]);
    expect(legs.upstream.map((ms) => Math.round(ms * 1000) / 1000)).toEqual([31, 35]);
    expect(legs.responsePath.map((ms) => Math.round(ms * 1000) / 1000)).toEqual([0.5, 2]);
    // When each client request was sent (the capture's clock): 40 ms apart.
    expect(legs.sentAt[1]! - legs.sentAt[0]!).toBeCloseTo(40, 3);
  });

  it('groups the request path by place in its burst: requests less than the gap apart are one burst', () => {
    // Two bursts of three (a request every 1 ms, each waiting 1 ms longer than the one before it),
    // 100 ms apart, sent out of order; then one request on its own.
    const leg = {
      sentAt: [102, 0, 1, 100, 2, 101, 300],
      requestPath: [3.5, 0.5, 1.5, 0.4, 2.5, 1.4, 0.7],
    };
    expect(requestPathByPlace(leg, 3, 1)).toEqual([
      { from: 0, to: 0, count: 3, p50: 0.5 },
      // Of two, the p50 is the upper one, as everywhere in the benches (bench/lib/report.ts).
      { from: 1, to: 1, count: 2, p50: 1.5 },
      { from: 2, to: 2, count: 2, p50: 3.5 },
    ]);
    // Places 0-1 together (the median of 0.4, 0.5, 0.7, 1.4, 1.5 is 0.7), then place 2.
    expect(requestPathByPlace(leg, 3, 2)).toEqual([
      { from: 0, to: 1, count: 5, p50: 0.7 },
      { from: 2, to: 3, count: 2, p50: 3.5 },
    ]);
    // With a gap under 1 ms every request is a burst of its own.
    expect(requestPathByPlace(leg, 0.5, 2)).toEqual([{ from: 0, to: 1, count: 7, p50: 1.4 }]);
  });

  it('refuses a file that is not a classic pcap capture', () => {
    const file = join(dir, 'not.pcap');
    writeFileSync(file, Buffer.alloc(64));
    expect(() => wireSplit(file, UPSTREAM, [GATEWAY], 24)).toThrow(/not a classic little-endian pcap/);
  });
});

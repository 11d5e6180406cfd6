/**
 * Where a streamed call's first token spends its time, read from the wire: a packet capture of the
 * loopback interface (tcpdump's classic pcap file) taken while bench/gateway's model-paced streams
 * run. Each bench request carries its own `user` (`bench-<n>`), which a gateway forwards upstream, so
 * the client's request and the upstream request it caused are paired exactly, with no clock but the
 * capture's. For each stream through a server:
 *
 * - request path: the client's request on the wire → the server's request to the upstream;
 * - upstream: that request → the upstream's first token;
 * - response path: the upstream's first token → the server's first token to the client.
 *
 * A process's own timestamps cannot split this: its clock is not the capture's, and the waits that
 * matter (a request not yet read, a write not yet made) happen before or after its code runs.
 *
 * The reader is written here because it is this bench's own tool and small: classic pcap only
 * (micro- or nanosecond), Ethernet (loopback) or Linux cooked frames, IPv4 TCP; no reassembly (a
 * request's marker is looked for in its first two segments, a first token in one segment).
 */
import { readFileSync } from 'node:fs';
import { percentile } from './report.js';

/** The bench's request marker, as the JSON body carries it. */
export const userMarker = (n: number) => `bench-${n}`;
const MARKER = /"user":"(bench-\d+)"/;
const POST = Buffer.from('POST ');
/** The bench client's own test for the first token (see firstTokens in bench/gateway.ts). */
const FIRST_TOKEN = Buffer.from('"content":"F');

interface Segment {
  at: number;
  from: number;
  to: number;
  payload: Buffer;
}

/** TCP segments with a payload, in capture order. */
function* segments(file: string): Generator<Segment> {
  const data = readFileSync(file);
  const magic = data.readUInt32LE(0);
  const nanos = magic === 0xa1b23c4d;
  if (!nanos && magic !== 0xa1b2c3d4) throw new Error(`${file}: not a classic little-endian pcap file`);
  const link = data.readUInt32LE(20);
  // 1: Ethernet (what tcpdump writes for `-i lo`), 113: Linux cooked (`-i any`).
  const linkHeader = link === 1 ? 14 : link === 113 ? 16 : -1;
  if (linkHeader < 0) throw new Error(`${file}: link type ${link} is not read (capture on lo)`);
  for (let offset = 24; offset + 16 <= data.length; ) {
    const seconds = data.readUInt32LE(offset);
    const fraction = data.readUInt32LE(offset + 4);
    const length = data.readUInt32LE(offset + 8);
    const frame = data.subarray(offset + 16, offset + 16 + length);
    offset += 16 + length;
    const ip = linkHeader;
    if (frame.length < ip + 20 || frame[ip]! >> 4 !== 4 || frame[ip + 9] !== 6) continue;
    const tcp = ip + (frame[ip]! & 0x0f) * 4;
    if (frame.length < tcp + 20) continue;
    const payload = frame.subarray(tcp + (frame[tcp + 12]! >> 4) * 4);
    if (payload.length === 0) continue;
    yield {
      at: seconds * 1000 + fraction / (nanos ? 1e6 : 1e3),
      from: frame.readUInt16BE(tcp),
      to: frame.readUInt16BE(tcp + 2),
      payload,
    };
  }
}

/** One request on one connection: when it was sent, and when its first token came back. */
interface Exchange {
  marker: string;
  sentAt: number;
  firstTokenAt: number | undefined;
}

export interface WireSplit {
  /** Per server port: the three legs of each paired stream, in ms. */
  servers: Map<
    number,
    { requestPath: number[]; upstream: number[]; responsePath: number[]; sentAt: number[] }
  >;
  /** Streams the client sent straight to the upstream: request → first token, in ms. */
  direct: number[];
}

/**
 * Reads the capture. `upstreamPort`: the fake upstream's; `serverPorts`: the servers in front of it.
 * `minUpstreamMs` leaves out answers the upstream gave at once (warm-up streams, not model-paced).
 */
export function wireSplit(
  file: string,
  upstreamPort: number,
  serverPorts: number[],
  minUpstreamMs: number,
): WireSplit {
  const listening = new Set([upstreamPort, ...serverPorts]);
  // By connection ("clientPort>serverPort"): its exchanges, the last one open.
  const connections = new Map<string, Exchange[]>();
  // A request whose marker was not in its first segment: looked for in the next one.
  const unmarked = new Map<string, number>();
  for (const segment of segments(file)) {
    const toServer = listening.has(segment.to);
    if (!toServer && !listening.has(segment.from)) continue;
    const key = toServer ? `${segment.from}>${segment.to}` : `${segment.to}>${segment.from}`;
    if (toServer) {
      const pending = unmarked.get(key);
      const starts = segment.payload.subarray(0, POST.length).equals(POST);
      if (!starts && pending === undefined) continue;
      const marker = MARKER.exec(segment.payload.toString('latin1'))?.[1];
      if (!marker) {
        if (starts) unmarked.set(key, segment.at);
        else unmarked.delete(key);
        continue;
      }
      unmarked.delete(key);
      const exchanges = connections.get(key) ?? [];
      exchanges.push({ marker, sentAt: starts ? segment.at : pending!, firstTokenAt: undefined });
      connections.set(key, exchanges);
      continue;
    }
    const open = connections.get(key)?.at(-1);
    if (open && open.firstTokenAt === undefined && segment.payload.includes(FIRST_TOKEN))
      open.firstTokenAt = segment.at;
  }
  // By marker: the exchange with a server, and the one with the upstream.
  const atServer = new Map<string, { port: number; exchange: Exchange }>();
  const atUpstream = new Map<string, Exchange>();
  for (const [key, exchanges] of connections) {
    const port = Number(key.split('>')[1]);
    for (const exchange of exchanges) {
      if (port === upstreamPort) atUpstream.set(exchange.marker, exchange);
      else atServer.set(exchange.marker, { port, exchange });
    }
  }
  const split: WireSplit = { servers: new Map(), direct: [] };
  for (const port of serverPorts)
    split.servers.set(port, { requestPath: [], upstream: [], responsePath: [], sentAt: [] });
  for (const [marker, upstream] of atUpstream) {
    if (upstream.firstTokenAt === undefined) continue;
    const upstreamMs = upstream.firstTokenAt - upstream.sentAt;
    if (upstreamMs < minUpstreamMs) continue;
    const server = atServer.get(marker);
    if (!server) {
      split.direct.push(upstreamMs);
      continue;
    }
    const { exchange } = server;
    if (exchange.firstTokenAt === undefined) continue;
    const legs = split.servers.get(server.port)!;
    legs.requestPath.push(upstream.sentAt - exchange.sentAt);
    legs.upstream.push(upstreamMs);
    legs.responsePath.push(exchange.firstTokenAt - upstream.firstTokenAt);
    legs.sentAt.push(exchange.sentAt);
  }
  return split;
}

/**
 * The request path by a request's place in its burst: requests sent less than `gapMs` after the one
 * before belong to one burst (clients in step ask again together), and the first of each burst is
 * place 0. Returns, per group of `groupOf` places, how many requests and the median request path in
 * ms (the benches' p50, bench/lib/report.ts). A server that keeps up has the same request path at every place; one that handles a burst's
 * requests one after another has a path that grows with the place, by its cost per request.
 */
export function requestPathByPlace(
  leg: { requestPath: number[]; sentAt: number[] },
  gapMs = 3,
  groupOf = 10,
): { from: number; to: number; count: number; p50: number }[] {
  const order = leg.sentAt.map((_, index) => index).sort((a, b) => leg.sentAt[a]! - leg.sentAt[b]!);
  const groups = new Map<number, number[]>();
  let place = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const index of order) {
    place = leg.sentAt[index]! - last > gapMs ? 0 : place + 1;
    last = leg.sentAt[index]!;
    const group = Math.floor(place / groupOf);
    (groups.get(group) ?? groups.set(group, []).get(group)!).push(leg.requestPath[index]!);
  }
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([group, paths]) => {
      const sorted = paths.sort((a, b) => a - b);
      return {
        from: group * groupOf,
        to: group * groupOf + groupOf - 1,
        count: sorted.length,
        p50: percentile(sorted, 50),
      };
    });
}

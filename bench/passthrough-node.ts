/**
 * The floor under the gateway benchmark's baseline: a pass-through on Node's own http server and
 * client, with no framework and the body piped both ways unread. Nothing a gateway does costs less on
 * the machine, so when this misses the first-token goal, the machine (its load, the client and the
 * upstream on the same cores) is above the goal, whatever the gateway does.
 * Usage: tsx bench/passthrough-node.ts <upstream-url>  (prints its own URL on the first line)
 */
import { Agent, createServer, request } from 'node:http';

const target = process.argv[2];
if (!target) throw new Error('usage: passthrough-node.ts <upstream-url>');
const upstream = new URL(target);
const agent = new Agent({ keepAlive: true, maxSockets: 128 });

const server = createServer((incoming, outgoing) => {
  if (incoming.method !== 'POST' || incoming.url !== '/v1/chat/completions') {
    outgoing.writeHead(404).end();
    return;
  }
  const length = incoming.headers['content-length'];
  const call = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: '/v1/chat/completions',
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer bench',
        ...(length !== undefined && { 'content-length': length }),
      },
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, {
        'content-type': answer.headers['content-type'] ?? 'application/json',
      });
      answer.pipe(outgoing);
    },
  );
  call.on('error', () => {
    if (!outgoing.headersSent) outgoing.writeHead(502);
    outgoing.end();
  });
  incoming.pipe(call);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));

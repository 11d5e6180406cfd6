/**
 * The baseline for the gateway benchmark: a bare Fastify + undici pass-through with no features.
 * It is the ceiling a Node gateway can reach on the machine; Loremaster is measured against it.
 * Usage: tsx bench/passthrough.ts <upstream-url>  (prints its own URL on the first line)
 */
import Fastify from 'fastify';
import { Pool } from 'undici';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: passthrough.ts <upstream-url>');
const pool = new Pool(upstream, { connections: 128 });
const app = Fastify();

app.post('/v1/chat/completions', async (request, reply) => {
  const response = await pool.request({
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
    body: JSON.stringify(request.body),
  });
  // The upstream's content type: JSON, or server-sent events for a streamed answer.
  reply
    .code(response.statusCode)
    .header('content-type', response.headers['content-type'] ?? 'application/json');
  return reply.send(response.body);
});

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));

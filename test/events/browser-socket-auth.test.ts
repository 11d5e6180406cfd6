/**
 * Browser WebSocket clients authenticate without headers (a browser's `new WebSocket()` sets none):
 * with the subprotocols `loremaster` + `bearer.<key>` (the server answers `loremaster`, never the key)
 * or with `?api_key=`. Scopes apply as with the header; a wrong key is refused as with the header; the
 * key is in no log line. Real `ws` clients against a real server with keys from the environment and
 * one stored key (the store's keys are not known to redaction by value).
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../src/config/index.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { EventSocket } from './socket-client.js';

const GAME_KEY = 'browser-game-key-7f3a';
const READ_KEY = 'browser-read-key-91c2';
const lines: string[] = [];
let server: TestServer;
let storedKey: string;
let base: string;

/** A handshake refused over HTTP: its status and error body, as a `ws` client sees them. */
function refusal(
  url: string,
  options: { protocols?: string[]; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: { error: { code: string; message: string; type: string } } }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers ?? {} });
    socket.once('open', () => {
      socket.close();
      reject(new Error(`${url} was accepted`));
    });
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    socket.once('error', () => {});
  });
}

async function openWith(url: string, protocols: string[]): Promise<EventSocket> {
  const socket = new WebSocket(url, protocols);
  const client = new EventSocket(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return client;
}

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  server = await startLoremaster({
    env: { LOREMASTER_API_KEYS: `${GAME_KEY}:game,${READ_KEY}:read` },
    logger: createLogger('trace', sink),
  });
  storedKey = (await server.store.apiKeys.create({ name: 'browser', scopes: ['game'] })).key;
  base = server.url.replace('http', 'ws');
  // The server reloads stored keys on a miss at most once a second: wait until it knows this one.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = await fetch(`${server.url}/llm/events?limit=1`, {
      headers: { authorization: `Bearer ${storedKey}` },
    });
    if (probe.status !== 401 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

afterAll(async () => {
  await server?.stop();
});

describe('browser WebSocket auth', () => {
  it('takes the key as a bearer subprotocol and answers with the loremaster subprotocol only', async () => {
    for (const protocols of [
      ['loremaster', `bearer.${GAME_KEY}`],
      // Offered in the other order, the answer is still `loremaster` (ws would echo the first one).
      [`bearer.${storedKey}`, 'loremaster'],
    ]) {
      const client = await openWith(`${base}/ws/llm/events`, protocols);
      expect(client.socket.protocol).toBe('loremaster');
      await client.until((c) => c.messages.some((m) => m.type === 'ready'), 'ready');
      client.close();
    }
    // A game route with a game key: a generation streams back.
    const stream = await openWith(`${base}/ws/llm/stream`, ['loremaster', `bearer.${storedKey}`]);
    stream.socket.send(
      JSON.stringify({ type: 'generate', id: 'b1', messages: [{ role: 'user', content: 'Hail!' }] }),
    );
    await stream.until((c) => c.messages.some((m) => m.type === 'done' && m.id === 'b1'), 'done');
    stream.close();
  });

  it('takes the key as ?api_key= on an upgrade, not on a plain HTTP request', async () => {
    const client = await EventSocket.open(
      `${base}/ws/llm/events?types=llm.*&api_key=${encodeURIComponent(storedKey)}`,
    );
    await client.until((c) => c.messages.some((m) => m.type === 'ready'), 'ready');
    client.close();
    const plain = await fetch(`${server.url}/llm/events?api_key=${encodeURIComponent(GAME_KEY)}`);
    expect(plain.status).toBe(401);
  });

  it('refuses a wrong key exactly as with the header', async () => {
    const byHeader = await refusal(`${base}/ws/llm/events`, {
      headers: { authorization: 'Bearer wrong-key-0000' },
    });
    const byProtocol = await refusal(`${base}/ws/llm/events`, {
      protocols: ['loremaster', 'bearer.wrong-key-0000'],
    });
    const byQuery = await refusal(`${base}/ws/llm/events?api_key=wrong-key-0000`);
    expect(byHeader.status).toBe(401);
    expect(byHeader.body.error.code).toBe('invalid_api_key');
    expect(byProtocol).toEqual(byHeader);
    expect(byQuery).toEqual(byHeader);
    const missing = await refusal(`${base}/ws/llm/events`, { protocols: ['loremaster'] });
    expect(missing.status).toBe(401);
  });

  it('applies scopes: a read key may listen to events, not generate', async () => {
    const events = await openWith(`${base}/ws/llm/events`, ['loremaster', `bearer.${READ_KEY}`]);
    await events.until((c) => c.messages.some((m) => m.type === 'ready'), 'ready');
    events.close();
    const byHeader = await refusal(`${base}/ws/llm/stream`, {
      headers: { authorization: `Bearer ${READ_KEY}` },
    });
    const byProtocol = await refusal(`${base}/ws/llm/stream`, {
      protocols: ['loremaster', `bearer.${READ_KEY}`],
    });
    const byQuery = await refusal(`${base}/ws/llm/stream?api_key=${READ_KEY}`);
    expect(byHeader.status).toBe(403);
    expect(byHeader.body.error.code).toBe('insufficient_scope');
    expect(byProtocol).toEqual(byHeader);
    expect(byQuery).toEqual(byHeader);
  });

  it('writes no key in any log line, even a URL or header logged whole', async () => {
    // What a handler or a framework log would write about such a request.
    server.app.log.warn(
      {
        url: `/ws/llm/events?types=llm.*&api_key=${storedKey}`,
        req: { headers: { 'sec-websocket-protocol': `loremaster, bearer.${storedKey}` } },
      },
      `upgrade of /ws/llm/stream?api_key=${storedKey} with bearer.${storedKey}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const log = lines.join('');
    expect(log).toContain('api_key=[REDACTED]');
    for (const key of [storedKey, GAME_KEY, READ_KEY, 'wrong-key-0000']) expect(log).not.toContain(key);
  });
});

/**
 * HTTP that clients can rely on: keep-alive after a stream, forgiving paths, framework errors in the
 * error shape, CORS, timeouts and IPv6 binding. Raw sockets where a client library would hide the bug.
 */
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

// biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
type Json = any;

let server: TestServer;

beforeAll(async () => {
  server = await startLoremaster({
    config: {
      server: {
        cors: { origins: ['https://game.example'] },
        timeouts: { request_ms: 1_500, headers_ms: 1_000 },
      },
    },
    env: { LOREMASTER_API_KEYS: 'sk-test-key' },
  });
}, 60_000);
afterAll(() => server.stop());

const AUTH = 'Authorization: Bearer sk-test-key\r\n';

/** Opens a raw connection and collects everything the server sends until it closes the socket. */
function rawConnection(port: number, host = '127.0.0.1') {
  const socket: Socket = connect(port, host);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    received += text;
  });
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.on('error', () => {});
  return {
    socket,
    closed,
    /** Resolves once the answer so far contains `marker`. */
    until: (marker: string) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          if (received.includes(marker)) {
            socket.off('data', check);
            resolve(received);
          }
        };
        socket.on('data', check);
        socket.once('close', () =>
          received.includes(marker) ? resolve(received) : reject(new Error(`closed before ${marker}`)),
        );
        check();
      }),
  };
}

function post(path: string, body: object, headers = ''): string {
  const json = JSON.stringify(body);
  return (
    `POST ${path} HTTP/1.1\r\nHost: localhost\r\n${AUTH}${headers}Content-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`
  );
}

async function api(method: string, path: string, body?: object) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: 'Bearer sk-test-key', 'content-type': 'application/json' },
    ...(body && { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

describe('keep-alive after a streamed answer', () => {
  async function streamingRequests(): Promise<Array<{ name: string; path: string; body: object }>> {
    const conversation = await api('POST', '/llm/conversation', { system_prompt: 'A quiet inn.' });
    const world = await api('POST', '/worlds', { name: 'Keepalive' });
    const session = await api('POST', `/worlds/${world.json.id}/sessions`, {});
    expect([conversation.status, world.status, session.status]).toEqual([201, 201, 201]);
    return [
      {
        name: 'chat completions',
        path: '/v1/chat/completions',
        body: { model: 'offline', stream: true, messages: [{ role: 'user', content: 'hi' }] },
      },
      {
        name: 'conversation message',
        path: `/llm/conversation/${conversation.json.id}/message`,
        body: { content: 'I order a drink.', stream: true },
      },
      {
        name: 'turn',
        path: `/sessions/${session.json.id}/turns`,
        body: { input: 'I look around.', stream: true },
      },
    ];
  }

  it('a client that sent Connection: close gets its socket closed after the stream, never a 400', async () => {
    for (const endpoint of await streamingRequests()) {
      const connection = rawConnection(server.port);
      connection.socket.write(post(endpoint.path, endpoint.body, 'Connection: close\r\n'));
      await connection.until('data: [DONE]');
      // What curl --next and node-fetch v2 do: send the next request on the same socket if it stays open.
      connection.socket.write(`GET /health HTTP/1.1\r\nHost: localhost\r\n${AUTH}\r\n`);
      const received = await connection.closed;
      const head = received.slice(0, received.indexOf('\r\n\r\n')).toLowerCase();
      expect(head, endpoint.name).toMatch(/^http\/1\.1 200/);
      expect(head, endpoint.name).toMatch(/\r\nconnection: close/);
      expect(head, endpoint.name).not.toMatch(/keep-alive/);
      expect(received, endpoint.name).not.toMatch(/HTTP\/1\.1 400/);
    }
  });

  it('a keep-alive client reuses the socket for its next request after each stream', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (path: string, body?: object) =>
      new Promise<{ status: number; text: string; reused: boolean }>((resolve, reject) => {
        const payload = body ? JSON.stringify(body) : undefined;
        const req = httpRequest(
          `${server.url}${path}`,
          {
            agent,
            method: body ? 'POST' : 'GET',
            headers: { authorization: 'Bearer sk-test-key', 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text, reused: req.reusedSocket }));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    try {
      for (const endpoint of await streamingRequests()) {
        const streamed = await send(endpoint.path, endpoint.body);
        expect(streamed.status, endpoint.name).toBe(200);
        expect(streamed.text, endpoint.name).toContain('data: [DONE]');
        const next = await send('/health');
        expect(next.status, endpoint.name).toBe(200);
        expect(next.reused, endpoint.name).toBe(true);
      }
    } finally {
      agent.destroy();
    }
  });
});

describe('paths', () => {
  it('a trailing or doubled slash still routes', async () => {
    for (const path of ['/v1/models/', '//v1/models', '/v1//models', '/health/']) {
      const response = await fetch(`${server.url}${path}`, {
        headers: { authorization: 'Bearer sk-test-key' },
      });
      expect(response.status, path).toBe(200);
    }
    const chat = await fetch(`${server.url}/v1/chat/completions/`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'offline', messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(chat.status).toBe(200);
  });
});

/** Parses a raw HTTP answer: status and JSON body. */
function parseRaw(raw: string): { status: number; headers: string; body: Json } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  return { status: Number(headers.split(' ')[1]), headers, body: JSON.parse(raw.slice(split + 4)) };
}

function expectShape(body: Json, code: string) {
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe('framework errors answer in the error shape, with a body', () => {
  const cases: Array<{ name: string; raw: string; status: number; code: string }> = [
    {
      name: 'bad URL encoding',
      raw: `GET /worlds/%zz HTTP/1.1\r\nHost: x\r\n${AUTH}Connection: close\r\n\r\n`,
      status: 400,
      code: 'invalid_url',
    },
    {
      name: 'a path parameter over 100 characters',
      raw: `GET /worlds/${'a'.repeat(150)} HTTP/1.1\r\nHost: x\r\n${AUTH}Connection: close\r\n\r\n`,
      status: 414,
      code: 'uri_too_long',
    },
    {
      name: 'header overflow',
      raw: `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      status: 431,
      code: 'headers_too_large',
    },
    {
      name: 'a malformed request line',
      raw: 'GARBAGE\r\n\r\n',
      status: 400,
      code: 'malformed_request',
    },
    {
      name: 'malformed body framing',
      raw: `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n${AUTH}Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n`,
      status: 400,
      code: 'malformed_request',
    },
    {
      name: 'a plain GET on the WebSocket route',
      raw: `GET /ws/llm/conversation HTTP/1.1\r\nHost: x\r\n${AUTH}Connection: close\r\n\r\n`,
      status: 426,
      code: 'upgrade_required',
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const connection = rawConnection(server.port);
      connection.socket.write(testCase.raw);
      const answer = parseRaw(await connection.closed);
      expect(answer.status).toBe(testCase.status);
      expect(answer.headers).toMatch(/content-type: application\/json/i);
      expectShape(answer.body, testCase.code);
    });
  }
});

describe('timeouts', () => {
  it('a body that never finishes gets 408 in the error shape, and the connection is closed', async () => {
    const connection = rawConnection(server.port);
    connection.socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Type: application/json\r\n` +
        'Content-Length: 500\r\n\r\n{"model":',
    );
    const answer = parseRaw(await connection.closed);
    expect(answer.status).toBe(408);
    expectShape(answer.body, 'request_timeout');
  });

  it('an idle keep-alive connection is kept 72 s by default (server.timeouts.keep_alive_ms), and says so', async () => {
    const connection = rawConnection(server.port);
    connection.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\n${AUTH}\r\n`);
    const head = (await connection.until('\r\n\r\n')).toLowerCase();
    connection.socket.destroy();
    expect(head).toMatch(/^http\/1\.1 200/);
    // Node closes the idle socket after the timeout it announces here.
    expect(head).toMatch(/\r\nkeep-alive: timeout=72\r\n/);
  });

  it('headers that never finish are cut off too', async () => {
    const connection = rawConnection(server.port);
    connection.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    const received = await connection.closed;
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('CORS (server.cors)', () => {
  it('answers a preflight from a listed origin without an API key', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://game.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-stainless-os',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://game.example');
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  });

  it('lets a listed origin read answers, and gives others no CORS headers', async () => {
    const allowed = await fetch(`${server.url}/v1/models`, {
      headers: { origin: 'https://game.example', authorization: 'Bearer sk-test-key' },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://game.example');
    expect(allowed.headers.get('access-control-expose-headers')).toMatch(/x-loremaster-provider/);
    const other = await fetch(`${server.url}/v1/models`, {
      headers: { origin: 'https://evil.example', authorization: 'Bearer sk-test-key' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is off by default', async () => {
    const plain = await startLoremaster();
    try {
      const response = await fetch(`${plain.url}/v1/models`, { headers: { origin: 'https://game.example' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await plain.stop();
    }
  }, 60_000);
});

describe('binding', () => {
  for (const host of ['[::1]', '0:0:0:0:0:0:0:1']) {
    it(`listens on IPv6 given as ${host}`, async () => {
      const v6 = await startLoremaster({ config: { server: { host } } });
      try {
        expect(v6.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
        const response = await fetch(`${v6.url}/health`);
        expect(response.status).toBe(200);
      } finally {
        await v6.stop();
      }
    }, 60_000);
  }
});

/**
 * No secret shows. Known secrets are configured (a vendor key, a client key), failures that echo
 * them are driven (an upstream that quotes the key it was sent in its errors; a player who pastes the
 * key into a turn, echoed by the analysis model into a dead letter), and every output is searched:
 * HTTP answers, /health, every log line, the event log (API and table), dead letters (API and table),
 * the cassette file and the call log. Each output must have carried the failure (`[REDACTED]` where
 * the key was) and never the key itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/index.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

const VENDOR_KEY = 'sk-redaction-test-VENDOR-4f9c2a7e1b';
const CLIENT_KEY = 'lm-redaction-test-CLIENT-8d3e6b2a90';
const SECRETS = [VENDOR_KEY, CLIENT_KEY];
const REDACTED = '[REDACTED]';

/** Every output gathered, by name, to be searched at the end. */
const outputs = new Map<string, string>();
const keep = (name: string, text: string) => outputs.set(name, `${outputs.get(name) ?? ''}${text}\n`);

async function call(server: TestServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${CLIENT_KEY}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  keep(`HTTP ${method} ${path.split('?')[0]}`, text);
  // biome-ignore lint/suspicious/noExplicitAny: bodies are read field by field
  const json: any = response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : {};
  return { status: response.status, text, json };
}

describe('secrets never leave the process', () => {
  let fake: FakeUpstream;
  let server: TestServer;
  let dir: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loremaster-secrets-'));
    fake = await startFakeUpstream();
    fake.injectFault({ type: 'status', status: 500, echoKey: true, times: Number.POSITIVE_INFINITY });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    server = await startLoremaster({
      env: { OPENAI_API_KEY: VENDOR_KEY, LOREMASTER_API_KEYS: CLIENT_KEY },
      logger: createLogger('debug', sink),
      config: {
        providers: {
          offline: { type: 'offline' },
          openai: { type: 'openai', base_url: `${fake.url}/v1` },
          echo: { type: 'mock' },
        },
        roles: { analysis: { provider: 'echo', max_tokens: 400, temperature: 0 } },
        gateway: {
          resilience: { retries: 0, breaker: { consecutive_failures: 1 }, offline_fallback: false },
          replay: { mode: 'record', cassette: join(dir, 'cassette.jsonl') },
        },
        jobs: { max_attempts: 1, retry_base_ms: 1, retry_cap_ms: 5 },
        narrative: { simulation_every_turns: 0 },
      },
    });
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an upstream that echoes the key: the answer, /health and the circuit log show [REDACTED]', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const failed = await call(server, 'POST', '/v1/chat/completions', {
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hello there.' }],
      });
      expect(failed.status).toBeGreaterThanOrEqual(500);
    }
    expect(
      fake.lastRequests().some((request) => request.headers.authorization === `Bearer ${VENDOR_KEY}`),
    ).toBe(true);
    const health = await call(server, 'GET', '/health');
    expect(health.json.providers.openai.last_error).toContain(REDACTED);
    expect(logLines.some((line) => line.includes('circuit state changed') && line.includes(REDACTED))).toBe(
      true,
    );
  });

  it('a player who pastes the key: the turn is analysed and dead-lettered (the key is searched for below)', async () => {
    const world = await call(server, 'POST', '/worlds', { name: 'Saltmarsh' });
    expect(world.status).toBe(201);
    const session = await call(server, 'POST', `/worlds/${world.json.id}/sessions`, {});
    const turn = await call(server, 'POST', `/sessions/${session.json.id}/turns`, {
      input: `I read the runes aloud: ${VENDOR_KEY}`,
    });
    expect(turn.status).toBe(201);
    // The turn's answer quotes the player's own input back to the player: not a leak of config.
    outputs.delete(`HTTP POST /sessions/${session.json.id}/turns`);
    const deadline = Date.now() + 60_000;
    let dead: Array<{ raw_output: string | null; error: string }> = [];
    while (dead.length === 0 && Date.now() < deadline) {
      dead = (await call(server, 'GET', '/maintenance/dead-letters')).json.data;
      if (dead.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(dead).toHaveLength(1);
  });

  it('no output holds a secret: answers, logs, events, dead letters, cassette, call log', async () => {
    await call(server, 'GET', '/llm/events?limit=500');
    await call(server, 'GET', '/metrics');
    await server.store.callLog.flush();
    const db = server.store.db;
    const calls = await db.selectFrom('llm_calls').selectAll().execute();
    const events = await db.selectFrom('events').selectAll().execute();
    const tasks = await db.selectFrom('maintenance_tasks').selectAll().execute();
    keep('call log (llm_calls)', JSON.stringify(calls));
    keep('event log (events)', JSON.stringify(events));
    keep('dead letters (maintenance_tasks)', JSON.stringify(tasks));
    keep('logs', logLines.join(''));
    keep('cassette', readFileSync(join(dir, 'cassette.jsonl'), 'utf8'));

    // Each of these carried the failure, so an empty or unrelated output cannot pass.
    for (const name of ['call log (llm_calls)', 'cassette', 'logs'])
      expect(outputs.get(name), name).toContain(REDACTED);
    expect(calls.some((row) => row.status === 'error')).toBe(true);
    expect(events.length).toBeGreaterThan(0);

    for (const [name, text] of outputs)
      for (const secret of SECRETS) expect(text.includes(secret), `${name} shows ${secret}`).toBe(false);
  });
});

/**
 * Webhooks on one server (SQLite) with a real receiver on 127.0.0.1: targets limited to the allow-list,
 * the secret shown once and never in logs, each delivery signed (HMAC-SHA256 over timestamp and body),
 * retried with backoff, dead-lettered after max_attempts (and published), inspectable and retryable,
 * and queued in the store so deliveries survive a restart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type RunningServer, startServer } from '../../src/api/index.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { backoffMs, hostAllowed, signature, verifySignature } from '../../src/events/webhooks/index.js';
import { call } from '../narrative/support.js';
import { WebhookReceiver } from './webhook-receiver.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-webhooks-'));
const logs: string[] = [];
let server: RunningServer;
let receiver: WebhookReceiver;

const webhookConfig = (extra: Record<string, unknown> = {}) => ({
  events: {
    log: { flush_interval_ms: 20 },
    webhooks: {
      allowed_hosts: ['127.0.0.1'],
      max_attempts: 3,
      retry_base_ms: 20,
      retry_cap_ms: 200,
      poll_ms: 50,
      timeout_ms: 5_000,
      ...extra,
    },
  },
});

async function start(config: Record<string, unknown>): Promise<RunningServer> {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify(config));
  const loaded = loadConfig({
    env: {},
    file,
    overrides: { 'server.port': 0, 'database.sqlite_path': join(dir, 'loremaster.db') },
  });
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  return startServer(loaded, createLogger('debug', sink));
}

const chat = (content: string) =>
  call(server.url, 'POST', '/v1/chat/completions', {
    model: 'offline',
    messages: [{ role: 'user', content }],
  });

beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
  server = await start(webhookConfig());
}, 120_000);

afterAll(async () => {
  await server?.close();
  await receiver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('webhooks', () => {
  let secret: string;
  let hookId: string;

  it('accepts only targets on the allow-list', async () => {
    const outside = await call(server.url, 'POST', '/llm/webhooks', { url: 'http://example.com/hook' });
    expect(outside.status).toBe(400);
    expect(outside.body.error).toMatchObject({ param: 'url', code: 'webhook_host_not_allowed' });
    const ftp = await call(server.url, 'POST', '/llm/webhooks', { url: 'ftp://127.0.0.1/x' });
    expect(ftp.status).toBe(400);
    const typo = await call(server.url, 'POST', '/llm/webhooks', { url: receiver.url, typo: 1 });
    expect(typo.status).toBe(400);
    expect(typo.body.error.param).toBe('typo');
    const badType = await call(server.url, 'POST', '/llm/webhooks', { url: receiver.url, types: ['A!'] });
    expect(badType.body.error.param).toBe('types.0');

    expect(hostAllowed(new URL('https://a.hooks.test/x'), ['*.hooks.test'])).toBe(true);
    expect(hostAllowed(new URL('https://hooks.test/x'), ['*.hooks.test'])).toBe(false);
    expect(hostAllowed(new URL('http://h.test:8080/x'), ['h.test:8080'])).toBe(true);
    expect(hostAllowed(new URL('http://h.test:8081/x'), ['h.test:8080'])).toBe(false);
  });

  it('shows the secret once, on creation', async () => {
    const created = await call(server.url, 'POST', '/llm/webhooks', {
      url: receiver.url,
      types: ['llm.response'],
      description: 'analytics',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'webhook', url: receiver.url, types: ['llm.response'] });
    secret = created.body.secret;
    hookId = created.body.id;
    expect(secret).toMatch(/^whsec_/);
    const one = await call(server.url, 'GET', `/llm/webhooks/${hookId}`);
    const list = await call(server.url, 'GET', '/llm/webhooks');
    expect(one.body.secret).toBeUndefined();
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify(one.body)).not.toContain(secret);
    expect(list.body.data.map((hook: { id: string }) => hook.id)).toContain(hookId);
  });

  it('delivers matching events signed over timestamp and body', async () => {
    expect((await chat('I light the lantern.')).status).toBe(200);
    await receiver.until((r) => r.events('llm.response').length >= 1, 'an llm.response delivery');
    const [delivery] = receiver.events('llm.response');
    const headers = delivery!.headers;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-loremaster-event-id']).toBe(delivery!.event.id);
    expect(headers['x-loremaster-event-type']).toBe('llm.response');
    expect(headers['x-loremaster-webhook-id']).toBe(hookId);
    const timestamp = headers['x-loremaster-timestamp'] as string;
    const signed = headers['x-loremaster-signature'] as string;
    expect(signed).toBe(signature(secret, Number(timestamp), delivery!.body));
    expect(verifySignature({ secret, body: delivery!.body, timestamp, signature: signed })).toBe(true);
    // A changed body, another secret, or an old timestamp do not verify.
    expect(verifySignature({ secret, body: `${delivery!.body} `, timestamp, signature: signed })).toBe(false);
    expect(
      verifySignature({ secret: 'whsec_other', body: delivery!.body, timestamp, signature: signed }),
    ).toBe(false);
    expect(
      verifySignature({
        secret,
        body: delivery!.body,
        timestamp,
        signature: signed,
        nowSeconds: Number(timestamp) + 3_600,
      }),
    ).toBe(false);
    // Only the types it asked for.
    expect(receiver.received.every((r) => r.event.type === 'llm.response')).toBe(true);
    expect(delivery!.event).toMatchObject({ version: 1, type: 'llm.response', source: 'gateway' });

    const page = await call(server.url, 'GET', `/llm/webhooks/${hookId}/deliveries`);
    expect(page.status).toBe(200);
    expect(page.body.data[0]).toMatchObject({
      object: 'webhook.delivery',
      status: 'delivered',
      attempts: 1,
      last_status: 200,
      event_type: 'llm.response',
    });
  });

  it('retries with backoff, then dead-letters, publishes it, and retries on request', async () => {
    const failing = await call(server.url, 'POST', '/llm/webhooks', {
      url: `${receiver.url}?failing`,
      types: ['provider.degraded'],
    });
    const id = failing.body.id;
    let fail = true;
    receiver.answer = (received) => (received.event.type === 'provider.degraded' && fail ? 503 : 200);
    server.gateway.bus.emit('provider.degraded', { provider: 'offline', state: 'open', reason: 'test' });
    await receiver.until((r) => r.events('provider.degraded').length >= 3, 'three attempts');
    let dead: { body: { data: Array<Record<string, unknown>> } } | undefined;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      dead = await call(server.url, 'GET', `/llm/webhooks/${id}/deliveries?status=dead`);
      if (dead.body.data.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(dead?.body.data[0]).toMatchObject({
      status: 'dead',
      attempts: 3,
      last_status: 503,
      last_error: 'receiver answered 503',
      last_response: 'refused with 503',
    });
    // Exactly max_attempts tries, each with the same event id.
    const tries = receiver.events('provider.degraded');
    expect(tries).toHaveLength(3);
    expect(new Set(tries.map((r) => r.event.id)).size).toBe(1);

    // Published, readable in the log (and not delivered to the dead webhook itself).
    let published: Array<{ data: Record<string, unknown> }> = [];
    for (let i = 0; i < 200 && published.length === 0; i += 1) {
      published = (await call(server.url, 'GET', '/llm/events?types=webhook.dead_lettered')).body.data;
      if (published.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(published[0]?.data).toMatchObject({ webhook_id: id, attempts: 3, last_status: 503 });

    const deliveryId = dead?.body.data[0]?.id as number;
    const detail = await call(server.url, 'GET', `/llm/webhooks/${id}/deliveries/${deliveryId}`);
    expect(detail.body.body).toMatchObject({ type: 'provider.degraded' });

    fail = false;
    const retried = await call(server.url, 'POST', `/llm/webhooks/${id}/deliveries/${deliveryId}/retry`);
    expect(retried.status).toBe(202);
    await receiver.until((r) => r.events('provider.degraded').length >= 4, 'the retried delivery');
    let after: Record<string, unknown> = {};
    for (let i = 0; i < 200 && after.status !== 'delivered'; i += 1) {
      after = (await call(server.url, 'GET', `/llm/webhooks/${id}/deliveries/${deliveryId}`)).body;
      if (after.status !== 'delivered') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(after).toMatchObject({ status: 'delivered', attempts: 1, last_status: 200 });
    expect((await call(server.url, 'POST', `/llm/webhooks/${id}/deliveries/999999/retry`)).status).toBe(404);
    expect((await call(server.url, 'DELETE', `/llm/webhooks/${id}`)).status).toBe(200);
    expect((await call(server.url, 'GET', `/llm/webhooks/${id}`)).status).toBe(404);
  }, 60_000);

  it('rotates the secret (shown once), and PATCH and 404s answer in the error shape', async () => {
    const rotated = await call(server.url, 'PATCH', `/llm/webhooks/${hookId}`, {
      rotate_secret: true,
      types: ['llm.response', 'turn.*'],
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect(rotated.body.types).toEqual(['llm.response', 'turn.*']);
    const outside = await call(server.url, 'PATCH', `/llm/webhooks/${hookId}`, { url: 'http://evil.test/' });
    expect(outside.status).toBe(400);
    const missing = await call(server.url, 'GET', '/llm/webhooks/wh_nope/deliveries');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('webhook_not_found');
    secret = rotated.body.secret;
    const before = receiver.events('llm.response').length;
    expect((await chat('After rotation.')).status).toBe(200);
    await receiver.until((r) => r.events('llm.response').length > before, 'a delivery after rotation');
    const latest = receiver.events('llm.response').at(-1)!;
    expect(
      verifySignature({
        secret,
        body: latest.body,
        timestamp: latest.headers['x-loremaster-timestamp'] as string,
        signature: latest.headers['x-loremaster-signature'] as string,
      }),
    ).toBe(true);
  });

  it('keeps deliveries queued in the store across a restart', async () => {
    // The receiver is away: deliveries wait (a long backoff keeps them pending past the stop).
    await server.close();
    server = await start(webhookConfig({ retry_base_ms: 60_000, retry_cap_ms: 60_000 }));
    const hook = await call(server.url, 'POST', '/llm/webhooks', {
      url: `${receiver.url}?restart`,
      types: ['llm.response'],
    });
    receiver.answer = (received) =>
      received.headers['x-loremaster-webhook-id'] === hook.body.id ? 503 : 200;
    expect((await chat('Before the restart.')).status).toBe(200);
    await receiver.until(
      (r) => r.received.some((x) => x.headers['x-loremaster-webhook-id'] === hook.body.id),
      'the first (refused) attempt',
    );
    await server.close();

    receiver.answer = () => 200;
    server = await start(webhookConfig());
    // Due now: make it so without waiting a minute (the retry route is how an operator does it too).
    const pending = await call(server.url, 'GET', `/llm/webhooks/${hook.body.id}/deliveries?status=pending`);
    expect(pending.body.data).toHaveLength(1);
    expect(pending.body.data[0]).toMatchObject({ attempts: 1, last_status: 503 });
    await call(
      server.url,
      'POST',
      `/llm/webhooks/${hook.body.id}/deliveries/${pending.body.data[0].id}/retry`,
    );
    await receiver.until(
      (r) => r.received.filter((x) => x.headers['x-loremaster-webhook-id'] === hook.body.id).length >= 2,
      'the delivery after the restart',
    );
  }, 120_000);

  it('never writes a webhook secret to the logs', () => {
    expect(logs.length).toBeGreaterThan(0);
    const text = logs.join('');
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/whsec_[A-Za-z0-9_-]{20,}/);
  });

  it('backs off exponentially up to the cap', () => {
    const config = { retry_base_ms: 1_000, retry_cap_ms: 10_000 };
    const mid = () => 1;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, config, mid))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
    expect(backoffMs(1, config, () => 0)).toBe(800);
  });
});

/**
 * The hub's publishing path against a real SQLite store: what Loremaster publishes is stored as it
 * was published (its time, an id of that time, redacted), an invalid envelope is left out and counted,
 * a live subscriber gets the stored envelope at once, and the log keeps the order of publishing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { registerSecret } from '../../src/config/redact.js';
import type { EventEnvelope } from '../../src/events/envelope.js';
import { EventHub } from '../../src/events/hub.js';
import { openStore, type Store } from '../../src/store/index.js';

const SECRET = 'sk-hub-test-secret-5a1f93c2';

describe('EventHub publishing', () => {
  let dir: string;
  let store: Store;
  let hub: EventHub;
  let settings: ReturnType<typeof loadConfig>['settings'];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loremaster-hub-'));
    ({ settings } = loadConfig({ env: {}, overrides: { 'database.sqlite_path': join(dir, 'db.sqlite') } }));
    store = await openStore(settings.database);
    registerSecret(SECRET);
  });

  beforeEach(() => {
    hub = new EventHub({ store, config: settings.events, logger: createLogger('silent') });
  });

  afterEach(async () => {
    await hub.close();
    await store.connection.db.deleteFrom('events').execute();
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores an event nobody listens to as it was published: its time, an id of that time, redacted', async () => {
    const before = Date.now();
    hub.publishEvent(
      'llm.response',
      'gateway',
      { note: `the key ${SECRET} leaked`, n: 1 },
      { worldId: 'w1' },
    );
    const after = Date.now();
    expect(hub.stats().log.pending).toBe(1);

    await hub.flush();
    const [event] = await hub.read({}, 10);
    expect(event).toMatchObject({
      type: 'llm.response',
      source: 'gateway',
      world_id: 'w1',
      session_id: null,
    });
    const at = Date.parse(event!.time);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
    // evt_ + a UUID version 7 whose first 48 bits are that millisecond.
    const hex = event!.id.replace(/^evt_/, '').replaceAll('-', '');
    expect(Number.parseInt(hex.slice(0, 12), 16)).toBe(at);
    expect(event!.data).toEqual({ note: 'the key [REDACTED] leaked', n: 1 });
    expect(hub.stats()).toMatchObject({ published: 1, invalid: 0, log: { written: 1, pending: 0 } });
  });

  it('leaves out, and counts, an event whose envelope is invalid', async () => {
    hub.publishEvent('llm.request', 'x'.repeat(101), { n: 1 });
    hub.publishEvent('llm.request', 'gateway', { n: 2 }, { sessionId: 's'.repeat(129) });
    hub.publishEvent('llm.request', 'gateway', { n: 3 });
    await hub.flush();
    const events = await hub.read({}, 10);
    expect(events.map((event) => event.data.n)).toEqual([3]);
    expect(hub.stats()).toMatchObject({ published: 1, invalid: 2 });
  });

  it('hands an event to a live subscriber as it is published, and stores the same envelope', async () => {
    const seen: EventEnvelope[] = [];
    const off = hub.subscribe({ types: ['llm.*'] }, (event) => seen.push(event));
    hub.publishEvent('llm.request', 'gateway', { note: `sent with ${SECRET}` });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.data).toEqual({ note: 'sent with [REDACTED]' });
    off();
    await hub.flush();
    const [stored] = await hub.read({}, 10);
    expect(stored!.id).toBe(seen[0]!.id);
    expect(stored!.time).toBe(seen[0]!.time);
  });

  it('keeps the order of publishing across its own events and envelopes published whole', async () => {
    hub.publishEvent('llm.request', 'gateway', { n: 1 });
    hub.publish({
      id: 'evt_whole_2',
      version: 1,
      type: 'world.updated',
      time: new Date().toISOString(),
      world_id: null,
      session_id: null,
      source: 'game',
      data: { n: 2 },
    });
    hub.publishEvent('llm.response', 'gateway', { n: 3 });
    await hub.flush();
    const events = await hub.read({}, 10);
    expect(events.map((event) => event.data.n)).toEqual([1, 2, 3]);
  });
});

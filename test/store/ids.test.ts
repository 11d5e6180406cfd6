import { describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '../../src/config/index.js';
import { newEvent } from '../../src/events/envelope.js';
import { createGateway, newCallState } from '../../src/gateway/index.js';
import { newId } from '../../src/store/util.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The milliseconds a version 7 UUID carries in its first 48 bits. */
function timeOf(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

describe('newId: row ids in time order', () => {
  it('is a UUID version 7 (RFC 9562) carrying the time it was made', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(V7);
    expect(timeOf(id)).toBeGreaterThanOrEqual(before);
    expect(timeOf(id)).toBeLessThanOrEqual(after);
  });

  it('never repeats, and an id made in a later millisecond sorts after an earlier one', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i++) ids.add(newId());
    expect(ids.size).toBe(100_000);

    const first = newId();
    const firstMs = timeOf(first);
    let later = newId();
    for (let spins = 0; timeOf(later) === firstMs && spins < 10_000_000; spins++) later = newId();
    expect(timeOf(later)).toBeGreaterThan(firstMs);
    expect(later > first).toBe(true);
  });

  it('is what the event log and the call log are keyed by', async () => {
    const event = newEvent('llm.request', 'gateway', {});
    expect(event.id).toMatch(/^evt_/);
    expect(event.id.slice(4)).toMatch(V7);

    const { settings, secrets } = loadConfig({ env: {} });
    const gateway = await createGateway({ settings, secrets, logger: createLogger('silent') });
    try {
      const state = newCallState();
      await gateway.complete({ model: 'offline', messages: [{ role: 'user', content: 'Hello.' }], state });
      expect(state.callId).toMatch(V7);
    } finally {
      await gateway.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from '../../src/config/index.js';
import { PriorityQueue } from '../../src/gateway/middleware/priority-queue.js';
import type { Priority } from '../../src/gateway/types.js';

function queue(overrides: Record<string, unknown> = {}) {
  return new PriorityQueue(gatewayConfigSchema.parse({ queue: overrides }).queue);
}

describe('PriorityQueue', () => {
  it('serves HIGH first but never starves LOW (weighted 6:3:1)', async () => {
    const q = queue();
    const order: Priority[] = [];
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      for (const priority of ['high', 'high', 'medium', 'low'] as const) {
        waits.push(q.wait(priority, undefined).then(() => void order.push(priority)));
      }
    }
    // Release 100 turns while all three priorities keep waiting.
    for (let i = 0; i < 100; i++) {
      q.releaseNext();
      await Promise.resolve();
    }
    await new Promise((resolve) => setImmediate(resolve));
    const count = (p: Priority) => order.filter((x) => x === p).length;
    expect(order).toHaveLength(100);
    expect(count('high')).toBe(60);
    expect(count('medium')).toBe(30);
    expect(count('low')).toBe(10);
    expect(order.slice(0, 6)).toEqual(['high', 'high', 'high', 'high', 'high', 'high']);
    while (q.releaseNext());
    await Promise.all(waits);
  });

  it('refuses at once when a priority or the total is full', async () => {
    const q = queue({ max_size: { low: 2 }, max_total: 3 });
    const first = q.wait('low', undefined);
    const second = q.wait('low', undefined);
    await expect(q.wait('low', undefined)).rejects.toMatchObject({ code: 'queue_full', status: 503 });
    const third = q.wait('high', undefined);
    await expect(q.wait('medium', undefined)).rejects.toMatchObject({ code: 'queue_full' });
    expect(q.counters.rejectedFull).toBe(2);
    expect(q.depth()).toEqual({ high: 1, medium: 0, low: 2 });
    while (q.releaseNext());
    await Promise.all([first, second, third]);
    expect(q.size).toBe(0);
  });

  it('times a waiter out, and skips it when its turn comes', async () => {
    const q = queue({ timeout_ms: { low: 30 } });
    const late = q.wait('low', undefined);
    const next = q.wait('high', undefined);
    await expect(late).rejects.toMatchObject({ code: 'queue_timeout' });
    expect(q.depth().low).toBe(0);
    expect(q.releaseNext()).toBe(true);
    await next;
    expect(q.releaseNext()).toBe(false);
  });

  it('drops a waiter whose caller went away', async () => {
    const q = queue();
    const controller = new AbortController();
    const waiting = q.wait('medium', controller.signal);
    controller.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    expect(q.size).toBe(0);
  });
});

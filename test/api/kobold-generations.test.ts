/** The registry of KoboldCpp generations: keyed by caller and genkey, bounded, finished ones kept for a grace period. */
import { describe, expect, it } from 'vitest';
import { KoboldGenerations } from '../../src/api/kobold-generations.js';

const open = () => new AbortController().signal;

describe('KoboldGenerations', () => {
  it("keeps each caller's generations its own", () => {
    const registry = new KoboldGenerations();
    const a = registry.start('key-a', 'G', open())!;
    a.append('Once upon');
    expect(registry.check('key-a', 'G')).toBe('Once upon');
    expect(registry.check('key-b', 'G')).toBe('');
    expect(registry.check('key-b', undefined)).toBe('');
    expect(registry.abort('key-b', 'G')).toBe(false);
    expect(a.signal.aborted).toBe(false);
    expect(registry.abort('key-a', 'G')).toBe(true);
    expect(a.signal.aborted).toBe(true);
    expect(a.aborted).toBe(true);
  });

  it('without a genkey reaches the only generation in flight, not one of several', () => {
    const registry = new KoboldGenerations();
    const first = registry.start(undefined, undefined, open())!;
    first.append('a');
    expect(registry.check(undefined, undefined)).toBe('a');
    const second = registry.start(undefined, 'K', open())!;
    expect(registry.abort(undefined, undefined)).toBe(false);
    registry.finish(second);
    expect(registry.abort(undefined, undefined)).toBe(true);
    expect(first.signal.aborted).toBe(true);
  });

  it('aborts with the client: the signal follows the connection too', () => {
    const registry = new KoboldGenerations();
    const closed = new AbortController();
    const generation = registry.start('k', 'G', closed.signal)!;
    closed.abort();
    expect(generation.signal.aborted).toBe(true);
    expect(generation.aborted).toBe(false);
  });

  it('forgets a finished generation after the grace period, and stops taking text at its end', () => {
    let now = 0;
    const registry = new KoboldGenerations({ graceMs: 1000, now: () => now });
    const generation = registry.start('k', 'G', open())!;
    generation.append('done');
    registry.finish(generation);
    generation.append(' more');
    now = 1000;
    expect(registry.check('k', 'G')).toBe('done');
    expect(registry.check('k', undefined)).toBe('done');
    expect(registry.abort('k', 'G')).toBe(false);
    now = 1001;
    expect(registry.check('k', 'G')).toBe('');
    expect(registry.size).toBe(0);
  });

  it('is bounded: the oldest finished leave first; full of running ones, a new one is not tracked', () => {
    const registry = new KoboldGenerations({ maxEntries: 2 });
    const one = registry.start('k', '1', open())!;
    const two = registry.start('k', '2', open())!;
    registry.finish(two);
    registry.finish(one);
    registry.start('k', '3', open());
    expect(registry.size).toBe(2);
    // `two` finished first, so it left first.
    expect(registry.check('k', '2')).toBe('');
    one.append('x');
    expect(registry.start('k', '4', open())).toBeDefined();
    expect(registry.start('k', '5', open())).toBeUndefined();
    expect(registry.size).toBe(2);
  });

  it('moves a genkey to the newest generation; the earlier one ending leaves it in place', () => {
    const registry = new KoboldGenerations();
    const earlier = registry.start('k', 'G', open())!;
    const later = registry.start('k', 'G', open())!;
    later.append('new');
    registry.finish(earlier);
    expect(registry.check('k', 'G')).toBe('new');
    expect(registry.abort('k', 'G')).toBe(true);
    expect(later.signal.aborted).toBe(true);
    expect(earlier.signal.aborted).toBe(false);
  });
});

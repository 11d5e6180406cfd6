import { describe, expect, it } from 'vitest';
import { DEFAULT_DIMENSIONS, offlineEmbed } from '../../src/providers/offline/embedder.js';

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

/** Both vectors are unit length, so the dot product is the cosine. */
function cosine(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
}

describe('offlineEmbed', () => {
  it('returns unit vectors of the requested size (384 by default)', () => {
    for (const text of [
      'The drowned bell rings under Eldhollow',
      'a',
      'Mira pours a cup of cider. '.repeat(50),
    ]) {
      const vector = offlineEmbed(text);
      expect(vector).toHaveLength(DEFAULT_DIMENSIONS);
      expect(DEFAULT_DIMENSIONS).toBe(384);
      expect(norm(vector)).toBeCloseTo(1, 10);
    }
    for (const dimensions of [1, 8, 64, 1536]) {
      const vector = offlineEmbed('Captain Voss guards the Sunken Library', dimensions);
      expect(vector).toHaveLength(dimensions);
      expect(norm(vector)).toBeCloseTo(1, 10);
    }
  });

  it('is deterministic and case-insensitive', () => {
    const text = 'Captain Voss guards the Sunken Library';
    expect(offlineEmbed(text)).toEqual(offlineEmbed(text));
    expect(offlineEmbed(text.toUpperCase())).toEqual(offlineEmbed(text));
    expect(offlineEmbed(text)).not.toEqual(offlineEmbed('Captain Voss guards the Sunken Tower'));
  });

  it('puts texts that share words closer than texts that do not', () => {
    const query = offlineEmbed('Where is the drowned bell of Eldhollow?');
    const related = offlineEmbed('The drowned bell rings under Eldhollow at midnight');
    const unrelated = offlineEmbed('Mira pours a cup of cider for the thirsty merchant');
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.2);

    const pairs: Array<[string, string, string]> = [
      ['rusted iron gate', 'the gate is rusted shut', 'a song about spring flowers'],
      ['dragon attack on the village', 'the village survived the dragon', 'quiet library reading room'],
      ['Captain Voss', 'Voss the captain of the guard', 'a bowl of soup'],
    ];
    for (const [anchor, near, far] of pairs) {
      const a = offlineEmbed(anchor);
      expect(cosine(a, offlineEmbed(near))).toBeGreaterThan(cosine(a, offlineEmbed(far)));
    }
  });

  it('finds word variants through character 3-grams', () => {
    const gate = offlineEmbed('gates');
    expect(cosine(gate, offlineEmbed('gate'))).toBeGreaterThan(cosine(gate, offlineEmbed('cider')));
  });

  it('gives empty and wordless text a fixed unit vector, never NaN', () => {
    const empty = offlineEmbed('');
    expect(empty.every(Number.isFinite)).toBe(true);
    expect(norm(empty)).toBeCloseTo(1, 10);
    expect(offlineEmbed('  ... !? ')).toEqual(empty);
    expect(offlineEmbed('', 16)).toEqual(new Array(16).fill(0.25));
  });

  it('rejects invalid dimensions', () => {
    expect(() => offlineEmbed('x', 0)).toThrow(RangeError);
    expect(() => offlineEmbed('x', 2.5)).toThrow(RangeError);
  });

  it('embeds thousands of texts quickly', () => {
    const texts = Array.from(
      { length: 2000 },
      (_, i) => `Entry ${i}: Mira the blacksmith forged blade number ${i} in Eldhollow.`,
    );
    const started = performance.now();
    for (const text of texts) offlineEmbed(text);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

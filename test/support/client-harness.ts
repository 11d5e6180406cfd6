/**
 * What every test of a third-party client (openai, the AI SDK, LangChain, @anthropic-ai/sdk) runs
 * against: a real Loremaster server whose vendor providers point at a real fake upstream, and the
 * models a client is tried with: offline, and through the OpenAI and Anthropic wire formats.
 */
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.js';
import { startLoremaster, type TestServer } from './loremaster.js';
import { VENDOR_KEYS, vendorProviders } from './vendors.js';

export interface ClientHarness {
  upstream: FakeUpstream;
  server: TestServer;
  stop(): Promise<void>;
}

/** The key clients send when the harness is started with `apiKey` (Loremaster then demands one). */
export const HARNESS_API_KEY = 'sk-loremaster';

/**
 * Starts the fake upstream and a Loremaster in front of it: no retries and no offline fallback, so
 * what a client gets is what the vendor path gave; vendor rate limits off, so a suite never waits.
 * `cache: false`: every call goes upstream (for suites that read what the upstream was sent).
 */
export async function startClientHarness(
  options: { apiKey?: boolean; cache?: boolean } = {},
): Promise<ClientHarness> {
  const upstream = await startFakeUpstream();
  let server: TestServer;
  try {
    server = await startLoremaster({
      env: { ...VENDOR_KEYS, ...(options.apiKey && { LOREMASTER_API_KEYS: HARNESS_API_KEY }) },
      config: {
        providers: vendorProviders(upstream.url),
        gateway: {
          resilience: { retries: 0, offline_fallback: false },
          limits: { vendor_default: {} },
          ...(options.cache === false && { cache: { enabled: false } }),
        },
      },
    });
  } catch (error) {
    await upstream.close();
    throw error;
  }
  return {
    upstream,
    server,
    stop: async () => {
      try {
        await server.stop();
      } finally {
        await upstream.close();
      }
    },
  };
}

export interface ClientTarget {
  /** For test titles. */
  name: string;
  /** The model name a client sends to Loremaster. */
  model: string;
  /** Which wire format the call takes behind Loremaster (none for offline). */
  wire: 'offline' | 'openai' | 'anthropic';
}

/** Every client is tried offline and through each vendor wire format of the fake upstream. */
export const CLIENT_TARGETS: ClientTarget[] = [
  { name: 'offline', model: 'offline', wire: 'offline' },
  { name: 'the OpenAI provider (fake upstream)', model: 'openai/gpt-4o-mini', wire: 'openai' },
  { name: 'the Anthropic provider (fake upstream)', model: 'anthropic/claude-haiku-4-5', wire: 'anthropic' },
];

/** The body of the last chat request the fake upstream received, in its vendor's wire format. */
export function lastUpstreamChat(upstream: FakeUpstream): Record<string, unknown> {
  const request = upstream
    .lastRequests()
    .findLast((entry) => entry.path.endsWith('/chat/completions') || entry.path.endsWith('/messages'));
  if (!request) throw new Error('the fake upstream received no chat request');
  return request.body as Record<string, unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
export type Json = Record<string, any>;

/** POSTs a JSON body to the harness's server: the status, the body parsed when it is JSON (else {}), its text and headers. */
export async function postJson(harness: ClientHarness, path: string, body: unknown) {
  const response = await fetch(`${harness.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Json) : {};
  return { status: response.status, body: json, text, headers: response.headers };
}

/** The text completions (its /completions, not chat) the fake upstream received, in order. */
export function upstreamTextCompletions(upstream: FakeUpstream): Json[] {
  return upstream
    .lastRequests()
    .filter((entry) => entry.path.endsWith('/completions') && !entry.path.endsWith('/chat/completions'))
    .map((entry) => entry.body as Json);
}

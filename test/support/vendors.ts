/** The vendor providers as a test configures them against the fake upstream. */
import type { ProviderConfig } from '../../src/config/index.js';

export interface VendorCase {
  name: string;
  type: ProviderConfig['type'];
  /** Path under the fake upstream's URL that this vendor's SDK uses as base URL. */
  basePath: string;
  model: string;
  embeddingModel: string | undefined;
  keyEnv: string | undefined;
}

export const VENDORS: VendorCase[] = [
  {
    name: 'openai',
    type: 'openai',
    basePath: '/v1',
    model: 'gpt-4o-mini',
    embeddingModel: 'text-embedding-3-small',
    keyEnv: 'OPENAI_API_KEY',
  },
  {
    name: 'anthropic',
    type: 'anthropic',
    basePath: '/v1',
    model: 'claude-haiku-4-5',
    embeddingModel: undefined,
    keyEnv: 'ANTHROPIC_API_KEY',
  },
  {
    name: 'mistral',
    type: 'mistral',
    basePath: '/mistral/v1',
    model: 'mistral-small-latest',
    embeddingModel: 'mistral-embed',
    keyEnv: 'MISTRAL_API_KEY',
  },
  {
    name: 'local',
    type: 'openai-compatible',
    basePath: '/v1',
    model: 'llama-3.1-8b-instruct',
    embeddingModel: 'nomic-embed-text',
    keyEnv: 'LOCAL_LLM_API_KEY',
  },
];

/** Config entries pointing every vendor at the fake upstream. */
export function vendorProviders(
  upstreamUrl: string,
  timeoutMs = 5_000,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const vendor of VENDORS) {
    out[vendor.name] = {
      type: vendor.type,
      base_url: `${upstreamUrl}${vendor.basePath}`,
      models: [vendor.model, ...(vendor.embeddingModel ? [vendor.embeddingModel] : [])],
      default_model: vendor.model,
      ...(vendor.embeddingModel && { embedding_model: vendor.embeddingModel }),
      ...(vendor.type === 'openai-compatible' && { api_key_env: vendor.keyEnv }),
      timeout_ms: timeoutMs,
    };
  }
  return out;
}

export const VENDOR_KEYS: Record<string, string> = {
  OPENAI_API_KEY: 'test-openai-key',
  ANTHROPIC_API_KEY: 'test-anthropic-key',
  MISTRAL_API_KEY: 'test-mistral-key',
  LOCAL_LLM_API_KEY: 'test-local-key',
};

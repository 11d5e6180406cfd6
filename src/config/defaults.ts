/**
 * Built-in defaults: the embedded default runs every role on the offline provider,
 * so a fresh checkout answers with no API key and no network.
 */
export const DEFAULT_CONFIG = {
  providers: {
    offline: { type: 'offline' },
    openai: {
      type: 'openai',
      base_url: 'https://api.openai.com/v1',
      models: [
        'gpt-4o-mini',
        'gpt-4o',
        'gpt-4.1',
        'gpt-4.1-mini',
        'text-embedding-3-small',
        'text-embedding-3-large',
      ],
      default_model: 'gpt-4o-mini',
      embedding_model: 'text-embedding-3-small',
    },
    anthropic: {
      type: 'anthropic',
      base_url: 'https://api.anthropic.com/v1',
      models: ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'],
      default_model: 'claude-haiku-4-5',
    },
    mistral: {
      type: 'mistral',
      base_url: 'https://api.mistral.ai/v1',
      models: ['mistral-small-latest', 'mistral-medium-latest', 'mistral-large-latest', 'mistral-embed'],
      default_model: 'mistral-small-latest',
      embedding_model: 'mistral-embed',
    },
  },
  roles: {
    generation: { provider: 'offline', max_tokens: 512, temperature: 0.8 },
    analysis: { provider: 'offline', max_tokens: 1024, temperature: 0 },
    maintenance: { provider: 'offline', max_tokens: 512, temperature: 0.3 },
    embedding: { provider: 'offline', dimensions: 384 },
  },
} as const;

/** Environment variable holding each vendor type's API key. */
export const API_KEY_ENV: Record<string, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  mistral: 'MISTRAL_API_KEY',
};

/** Every secret Loremaster reads; these are read from the environment and nowhere else. */
export const SECRET_ENV_VARS = [
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'MISTRAL_API_KEY',
  'GETIMG_API_KEY',
  // The image bucket's keys (images.s3).
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'LOREMASTER_API_KEYS',
  // Connection URLs may carry a password.
  'REDIS_URL',
] as const;

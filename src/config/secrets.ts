/**
 * Secrets live in the environment only. They are read here, kept apart from the settings object,
 * redacted whenever config is shown, and never written by `saveConfig`.
 */
import { API_KEY_ENV, SECRET_ENV_VARS } from './defaults.js';
import { type ImageProviderConfig, imageProviderConfigs } from './images-schema.js';
import { redactSecrets, registerSecret, registerSecretUrl } from './redact.js';
import type { ProviderConfig, Settings } from './schema.js';

export interface Secrets {
  /** Environment variable name → value, for every secret that is set. */
  readonly values: Readonly<Record<string, string>>;
  /** API keys a client must present (`LOREMASTER_API_KEYS`, comma-separated). Empty: no auth. */
  readonly apiKeys: readonly string[];
  /** Each of `apiKeys` with its scope (`key:scope`; a key without one is `admin`, as before scopes). */
  readonly apiKeyGrants: readonly ApiKeyGrant[];
}

export interface ApiKeyGrant {
  key: string;
  scope: 'admin' | 'game' | 'read';
}

const GRANT_SCOPE = /^(.*):(admin|game|read)$/;

/**
 * `key` or `key:scope`. Only a known scope after the last `:` is read as one, so a key that itself
 * holds a colon keeps working (as an admin key) when it was set before scopes existed.
 */
export function parseApiKeyGrant(entry: string): ApiKeyGrant {
  const match = GRANT_SCOPE.exec(entry);
  if (match?.[1]) return { key: match[1].trim(), scope: match[2] as ApiKeyGrant['scope'] };
  return { key: entry, scope: 'admin' };
}

/** Key names that look like a secret; a config file holding one is rejected. */
const SECRET_KEY_PATTERN = /^(api_?key|apikey|secret|client_secret|password|token|access_token|auth_token)$/i;

export function readSecrets(env: NodeJS.ProcessEnv, settings: Settings): Secrets {
  const names = new Set<string>(SECRET_ENV_VARS);
  for (const provider of Object.values(settings.providers)) {
    const name = apiKeyEnvFor(provider);
    if (name) names.add(name);
  }
  // Image providers' keys (OPENAI_API_KEY, GETIMG_API_KEY, or a custom provider's api_key_env).
  for (const provider of Object.values(imageProviderConfigs(settings.images))) {
    const name = imageKeyEnvFor(provider);
    if (name) names.add(name);
  }
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) values[name] = value;
  }
  const apiKeyGrants = (values.LOREMASTER_API_KEYS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(parseApiKeyGrant);
  const apiKeys = apiKeyGrants.map((grant) => grant.key);
  // Every value, from here on, is redacted wherever it would leave the process (redact.ts).
  for (const [name, value] of Object.entries(values)) {
    if (name.endsWith('_URL')) registerSecretUrl(value);
    else registerSecret(value);
  }
  for (const key of apiKeys) registerSecret(key);
  registerSecretUrl(settings.database.url);
  return { values, apiKeys, apiKeyGrants };
}

/** The environment variable that holds a provider's key, if it needs one. */
export function apiKeyEnvFor(provider: ProviderConfig): string | undefined {
  return provider.api_key_env ?? API_KEY_ENV[provider.type];
}

/** The environment variable that holds an image provider's key, if it needs one. */
export function imageKeyEnvFor(provider: ImageProviderConfig): string | undefined {
  if (provider.api_key_env) return provider.api_key_env;
  if (provider.type === 'openai') return 'OPENAI_API_KEY';
  if (provider.type === 'getimg') return 'GETIMG_API_KEY';
  return undefined;
}

/** Paths (dotted) of keys in a config file that look like secrets. */
export function findSecretKeys(value: unknown, path: string[] = []): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => findSecretKeys(item, [...path, String(index)]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = [...path, key];
    return SECRET_KEY_PATTERN.test(key) ? [here.join('.')] : findSecretKeys(child, here);
  });
}

/** Replaces every occurrence of a secret value in `text` (for logs and error messages). */
export function redactText(text: string, secrets: Secrets): string {
  let out = redactSecrets(text);
  for (const value of Object.values(secrets.values)) {
    for (const part of value.split(',')) {
      const secret = part.trim();
      if (secret.length >= 4) out = out.split(secret).join('[REDACTED]');
    }
  }
  return out;
}

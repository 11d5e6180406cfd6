/**
 * Secrets live in the environment only. They are read here, kept apart from the settings object,
 * redacted whenever config is shown, and never written by `saveConfig`.
 */
import { API_KEY_ENV, SECRET_ENV_VARS } from './defaults.js';
import { redactSecrets, registerSecret, registerSecretUrl } from './redact.js';
import type { ProviderConfig, Settings } from './schema.js';

export interface Secrets {
  /** Environment variable name → value, for every secret that is set. */
  readonly values: Readonly<Record<string, string>>;
  /** API keys a client must present (`LOREMASTER_API_KEYS`, comma-separated). Empty: no auth. */
  readonly apiKeys: readonly string[];
}

/** Key names that look like a secret; a config file holding one is rejected. */
const SECRET_KEY_PATTERN = /^(api_?key|apikey|secret|client_secret|password|token|access_token|auth_token)$/i;

export function readSecrets(env: NodeJS.ProcessEnv, settings: Settings): Secrets {
  const names = new Set<string>(SECRET_ENV_VARS);
  for (const provider of Object.values(settings.providers)) {
    const name = apiKeyEnvFor(provider);
    if (name) names.add(name);
  }
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) values[name] = value;
  }
  const apiKeys = (values.LOREMASTER_API_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  // Every value, from here on, is redacted wherever it would leave the process (redact.ts).
  for (const [name, value] of Object.entries(values)) {
    if (name.endsWith('_URL')) registerSecretUrl(value);
    else registerSecret(value);
  }
  for (const key of apiKeys) registerSecret(key);
  registerSecretUrl(settings.database.url);
  return { values, apiKeys };
}

/** The environment variable that holds a provider's key, if it needs one. */
export function apiKeyEnvFor(provider: ProviderConfig): string | undefined {
  return provider.api_key_env ?? API_KEY_ENV[provider.type];
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

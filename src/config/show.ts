/** Showing and saving config: secrets are redacted when shown and never written. */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { LoadedConfig } from './load.js';
import type { Settings } from './schema.js';
import type { Secrets } from './secrets.js';
import { withDatabaseUrlHidden } from './store-schema.js';

export const REDACTED = '[REDACTED]';

/** The effective config with the secrets that are set shown as redacted, for `loremaster config`. */
export function effectiveConfig(loaded: LoadedConfig): Record<string, unknown> {
  const secrets: Record<string, string> = {};
  for (const name of Object.keys(loaded.secrets.values).sort()) secrets[name] = REDACTED;
  return { ...withDatabaseUrlHidden(loaded.settings, 'show'), secrets };
}

export function renderEffectiveConfig(loaded: LoadedConfig): string {
  return stringify(effectiveConfig(loaded));
}

/**
 * Writes settings as YAML. Secrets are not part of `Settings`, and as a second guard the text is
 * checked for any secret value before it is written.
 */
export function saveConfig(path: string, settings: Settings, secrets: Secrets): void {
  const text = stringify(withDatabaseUrlHidden(settings, 'save'));
  for (const value of Object.values(secrets.values)) {
    for (const part of value.split(',')) {
      if (part.trim().length >= 4 && text.includes(part.trim())) {
        throw new Error('Refusing to save config: it would contain a secret value');
      }
    }
  }
  writeFileSync(path, text, { mode: 0o600 });
}

/**
 * Redaction by value. Every secret Loremaster is configured with (vendor API keys, client keys,
 * passwords in connection URLs, and those URLs whole) is registered here when config is read, and
 * every way text leaves the process (logs, /health, API errors, events, dead letters, cassettes, the
 * call log) passes through `redactSecrets`, so an upstream that echoes a key in an error, or a log
 * message that quotes one, shows `[REDACTED]` instead. Matching is by value, not by field name: it
 * does not matter where in a message or a payload the secret sits.
 *
 * The registry is process-wide because secrets are: several configs loaded in one process (tests,
 * the CLI) add to it, and redacting a value that another config holds is harmless.
 */

export const REDACTED_TEXT = '[REDACTED]';
/** Shorter values would redact ordinary words. */
const MIN_SECRET_CHARS = 4;

const secrets = new Set<string>();
let pattern: RegExp | undefined;

/** Registers a secret value, with the forms it takes in JSON text and in URLs. */
export function registerSecret(value: string | undefined): void {
  const secret = value?.trim();
  if (!secret || secret.length < MIN_SECRET_CHARS) return;
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  let added = false;
  for (const form of forms) {
    if (secrets.has(form)) continue;
    secrets.add(form);
    added = true;
  }
  if (added) {
    // Longest first, so a URL holding a password is replaced whole rather than around its password.
    const alternatives = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    pattern = new RegExp(alternatives.join('|'), 'g');
  }
}

/** Registers a connection URL whole and its password alone (decoded, as a driver may print it). */
export function registerSecretUrl(url: string | undefined): void {
  if (!url) return;
  registerSecret(url);
  try {
    const password = new URL(url).password;
    if (password) {
      registerSecret(password);
      registerSecret(decodeURIComponent(password));
    }
  } catch {
    // Not a URL: registered whole above.
  }
}

/**
 * Keys a browser's WebSocket presents (api/websocket-auth.ts) are not known by value (a stored key is
 * only a digest here), so they are redacted by form: the value of an `api_key` query parameter in a
 * URL, and a `bearer.<key>` subprotocol.
 */
const URL_KEY_PATTERN = /([?&]api_key=)[^&#\s"'\\]+|(\bbearer\.)[A-Za-z0-9\-_.~+/=]+/gi;

/** `text` with the API keys a URL or a subprotocol carries replaced by `[REDACTED]`. */
export function redactUrlKeys(text: string): string {
  if (!text.includes('api_key=') && !/bearer\./i.test(text)) return text;
  return text.replace(
    URL_KEY_PATTERN,
    (_match, query: string | undefined, bearer: string | undefined) => `${query ?? bearer}${REDACTED_TEXT}`,
  );
}

/** `text` with every registered secret, and every key in a URL or subprotocol, replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  const clean = redactUrlKeys(text);
  if (!pattern) return clean;
  pattern.lastIndex = 0;
  return clean.replace(pattern, REDACTED_TEXT);
}

/** A JSON-like value with every string (and key) redacted; the value itself is returned when clean. */
export function redactValue<T>(value: T): T {
  if (!pattern) return value;
  const json = JSON.stringify(value);
  if (json === undefined) return value;
  const redacted = redactSecrets(json);
  return redacted === json ? value : (JSON.parse(redacted) as T);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where webhooks may point: `events.webhooks.allowed_hosts` lists host names (`hooks.example.com`),
 * wildcards for subdomains (`*.example.com`, not the bare domain) and `host:port` (that port only).
 * Nothing else: a webhook is a request the server makes on an API caller's behalf, so an open target
 * list would let any admin key probe the server's network.
 */
import { EventsError } from '../errors.js';

/** The URL, checked: http(s), no credentials, its host on the allow-list. Throws a 400 naming `url`. */
export function checkTarget(raw: string, allowed: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EventsError(400, 'invalid_webhook_url', 'url must be an absolute http(s) URL', 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new EventsError(400, 'invalid_webhook_url', 'url must use http or https', 'url');
  if (url.username || url.password)
    throw new EventsError(400, 'invalid_webhook_url', 'url must not carry credentials', 'url');
  if (allowed.length === 0)
    throw new EventsError(
      400,
      'webhook_host_not_allowed',
      'No webhook target is allowed: list the receiving hosts in events.webhooks.allowed_hosts',
      'url',
    );
  if (!hostAllowed(url, allowed))
    throw new EventsError(
      400,
      'webhook_host_not_allowed',
      `${url.host} is not in events.webhooks.allowed_hosts`,
      'url',
    );
  return url;
}

export function hostAllowed(url: URL, allowed: readonly string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowed.some((entry) => {
    const { name, port: wanted } = splitEntry(entry.trim().toLowerCase());
    if (wanted !== undefined && wanted !== port) return false;
    if (name.startsWith('*.')) return host.endsWith(name.slice(1)) && host.length > name.length - 1;
    return host === name;
  });
}

/** `host`, `host:port`, `[v6]:port`, `*.domain`. */
function splitEntry(entry: string): { name: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1]!, ...(bracketed[2] && { port: bracketed[2] }) };
  const colon = entry.lastIndexOf(':');
  if (colon > 0 && entry.indexOf(':') === colon && /^\d+$/.test(entry.slice(colon + 1)))
    return { name: entry.slice(0, colon), port: entry.slice(colon + 1) };
  return { name: entry };
}

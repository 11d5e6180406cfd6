/**
 * docs/configuration.md is generated from the config schema (`npm run docs:config`): regenerated here
 * in memory, it must equal the committed file, so the reference cannot drift from the code. And it
 * must cover what the code reads: every key of the effective config, every environment variable.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderConfigReference } from '../../scripts/config-reference.js';
import { SECRET_ENV_VARS } from '../../src/config/defaults.js';
import { ENV_SETTINGS, loadConfig } from '../../src/config/load.js';

const committed = readFileSync(
  fileURLToPath(new URL('../../docs/configuration.md', import.meta.url)),
  'utf8',
);
const reference = renderConfigReference();

/** Dotted paths of the leaves of a value; the entries of a name-keyed map as `<name>`. */
function leafPaths(value: unknown, path: string[], maps: ReadonlySet<string>): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [path.join('.')];
  const key = path.join('.');
  return Object.entries(value).flatMap(([name, child]) =>
    leafPaths(child, [...path, maps.has(key) ? '<name>' : name], maps),
  );
}

describe('docs/configuration.md', () => {
  it('is what `npm run docs:config` writes from the schema today', () => {
    expect(committed === reference, 'docs/configuration.md is out of date: run `npm run docs:config`').toBe(
      true,
    );
  });

  it('has a described row for every key of the effective config', () => {
    const { settings } = loadConfig({
      env: {},
      overrides: {
        // Fill the name-keyed maps and the optional sections, so their keys are checked too.
        'gateway.usage.budgets': { daily: { period: 'day', unit: 'usd', limit: 5 } },
        'gateway.usage.pricing': { 'openai/gpt-4o': { input: 2.5, output: 10 } },
        'gateway.limits.providers': { openai: { rpm: 10, tpm: 1000 } },
        'images.s3': { endpoint: 'http://127.0.0.1:9000', bucket: 'pictures' },
      },
    });
    const maps = new Set([
      'providers',
      'images.providers',
      'gateway.usage.budgets',
      'gateway.usage.pricing',
      'gateway.limits.providers',
      'gateway.limits.api_keys',
    ]);
    const keys = [...new Set(leafPaths(settings, [], maps))];
    expect(keys.length).toBeGreaterThan(100);
    const rows = new Map(
      [...reference.matchAll(/^\| `([^`]+)` \| ([^|]+) \|.*\| ([^|]*) \|$/gm)].map((match) => [
        match[1],
        match[3]?.trim(),
      ]),
    );
    const undocumented = keys.filter((key) => !rows.has(key));
    expect(undocumented).toEqual([]);
    const undescribed = [...rows].filter(([, description]) => !description).map(([key]) => key);
    expect(undescribed).toEqual([]);
  });

  it('names every environment variable the config reads, and which are secrets', () => {
    for (const { name, path } of ENV_SETTINGS)
      expect(reference).toContain(`| \`${name}\` | Sets \`${path.join('.')}\`.`);
    for (const name of SECRET_ENV_VARS)
      expect(reference).toMatch(new RegExp(`^\\| \`${name}\` \\|.* \\| yes \\|$`, 'm'));
    expect(reference).toMatch(
      /\| `server\.port` \| integer, 0–65_535 \| `8080` \| `LOREMASTER_PORT`, `serve --port` \|/,
    );
  });
});

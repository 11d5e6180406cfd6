import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  effectiveConfig,
  loadConfig,
  REDACTED,
  renderEffectiveConfig,
  saveConfig,
} from '../../src/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'loremaster-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('defaults to the offline provider for every role, on 127.0.0.1', () => {
    const { settings, secrets } = loadConfig({ env: {} });
    expect(settings.server.host).toBe('127.0.0.1');
    expect(settings.server.port).toBe(8080);
    for (const role of ['generation', 'analysis', 'maintenance', 'embedding'] as const) {
      expect(settings.roles[role].provider).toBe('offline');
    }
    expect(settings.roles.embedding.dimensions).toBe(384);
    expect(settings.providers.openai?.type).toBe('openai');
    expect(secrets.apiKeys).toEqual([]);
  });

  it('takes environment over file over defaults', () => {
    const path = file(
      'priority.yaml',
      'server:\n  port: 9001\n  host: 127.0.0.2\nroles:\n  generation:\n    provider: openai\n    model: gpt-4o\n    max_tokens: 300\n    temperature: 0.5\n',
    );
    const fromFile = loadConfig({ env: { LOREMASTER_CONFIG: path } });
    expect(fromFile.file).toBe(path);
    expect(fromFile.settings.server.port).toBe(9001);
    expect(fromFile.settings.server.host).toBe('127.0.0.2');
    expect(fromFile.settings.roles.generation).toEqual({
      provider: 'openai',
      model: 'gpt-4o',
      max_tokens: 300,
      temperature: 0.5,
    });
    // Untouched defaults survive the merge.
    expect(fromFile.settings.roles.analysis.provider).toBe('offline');

    const fromEnv = loadConfig({
      env: { LOREMASTER_CONFIG: path, LOREMASTER_PORT: '9002', LLM_PROVIDER: 'mistral' },
    });
    expect(fromEnv.settings.server.port).toBe(9002);
    expect(fromEnv.settings.server.host).toBe('127.0.0.2');
    expect(fromEnv.settings.roles.generation.provider).toBe('mistral');
    expect(fromEnv.settings.roles.maintenance.provider).toBe('mistral');
    // Embeddings keep their own provider so stored vectors stay comparable.
    expect(fromEnv.settings.roles.embedding.provider).toBe('offline');

    const fromFlags = loadConfig({ env: { LOREMASTER_PORT: '9002' }, overrides: { 'server.port': 9003 } });
    expect(fromFlags.settings.server.port).toBe(9003);
  });

  it('reads JSON config files too', () => {
    const path = file('c.json', JSON.stringify({ log: { level: 'debug' } }));
    expect(loadConfig({ env: {}, file: path }).settings.log.level).toBe('debug');
  });

  it('adds a local OpenAI-compatible provider from LLAMA_SERVER_URL', () => {
    const { settings } = loadConfig({ env: { LLAMA_SERVER_URL: 'http://127.0.0.1:8081' } });
    expect(settings.providers.local).toMatchObject({
      type: 'openai-compatible',
      base_url: 'http://127.0.0.1:8081/v1',
    });
  });

  it('fails on a bad value naming the key, the expectation and the source', () => {
    expect(() => loadConfig({ env: { LOREMASTER_PORT: 'eighty' } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { LOREMASTER_PORT: 'eighty' } })).toThrow(
      /server\.port: .*expected number.*LOREMASTER_PORT/,
    );
    const path = file(
      'bad.yaml',
      'roles:\n  generation:\n    provider: offline\n    max_tokens: 10\n    temperature: 7\n',
    );
    expect(() => loadConfig({ env: {}, file: path })).toThrow(
      /roles\.generation\.temperature: .*<=2.*bad\.yaml/,
    );
    const typo = file('typo.yaml', 'server:\n  prot: 80\n');
    expect(() => loadConfig({ env: {}, file: typo })).toThrow(/server: unknown key\(s\) "prot"/);
    expect(() => loadConfig({ env: { LLM_PROVIDER: 'nope' } })).toThrow(
      /roles\.generation\.provider: expected one of the configured providers .* got "nope".*LLM_PROVIDER/,
    );
    expect(() => loadConfig({ env: { OPENAI_BASE_URL: 'not a url' } })).toThrow(
      /providers\.openai\.base_url: expected an http\(s\) URL.*OPENAI_BASE_URL/,
    );
  });

  it('fails clearly on a missing or unparsable file', () => {
    expect(() => loadConfig({ env: {}, file: join(dir, 'missing.yaml') })).toThrow(
      /Cannot read config file .*ENOENT/,
    );
    const broken = file('broken.yaml', 'server: [unclosed\n');
    expect(() => loadConfig({ env: {}, file: broken })).toThrow(/not valid YAML/);
  });

  it('rejects secrets in a config file', () => {
    const path = file('secret.yaml', 'providers:\n  openai:\n    type: openai\n    api_key: sk-live-123\n');
    expect(() => loadConfig({ env: {}, file: path })).toThrow(
      /providers\.openai\.api_key: secrets are read from the environment only/,
    );
  });

  it('ignores prototype keys in a config file', () => {
    const path = file('proto.json', '{"__proto__": {"polluted": true}, "log": {"level": "warn"}}');
    expect(loadConfig({ env: {}, file: path }).settings.log.level).toBe('warn');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('secrets', () => {
  const env = {
    OPENAI_API_KEY: 'sk-test-openai-0123456789',
    ANTHROPIC_API_KEY: 'sk-ant-test-abcdef',
    LOREMASTER_API_KEYS: 'key-one, key-two',
  };

  it('come from the environment and are redacted when shown', () => {
    const loaded = loadConfig({ env });
    expect(loaded.secrets.apiKeys).toEqual(['key-one', 'key-two']);
    expect(loaded.secrets.values.OPENAI_API_KEY).toBe(env.OPENAI_API_KEY);
    const shown = renderEffectiveConfig(loaded);
    expect(shown).toContain(`OPENAI_API_KEY: "${REDACTED}"`);
    for (const value of ['sk-test-openai-0123456789', 'sk-ant-test-abcdef', 'key-one', 'key-two']) {
      expect(shown).not.toContain(value);
    }
    expect(effectiveConfig(loaded)).toHaveProperty('roles.generation.provider', 'offline');
  });

  it('are never written when config is saved', () => {
    const loaded = loadConfig({ env });
    const path = join(dir, 'saved.yaml');
    saveConfig(path, loaded.settings, loaded.secrets);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('generation:');
    expect(text).not.toMatch(/sk-test|sk-ant|key-one|key-two|API_KEY/);
    // What was saved loads back to the same settings.
    expect(loadConfig({ env: {}, file: path }).settings).toEqual(loaded.settings);
  });
});

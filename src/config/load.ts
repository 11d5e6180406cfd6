/**
 * Loads the effective config: command-line flags → environment → config file → defaults, in that
 * priority, validated by one zod schema. A bad value fails here, at start, naming the key, what was
 * expected and where the value came from.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { DEFAULT_CONFIG } from './defaults.js';
import { deepMerge, isPlainObject, setPath } from './merge.js';
import { configSchema, type Settings } from './schema.js';
import { findSecretKeys, readSecrets, type Secrets } from './secrets.js';

export interface LoadedConfig {
  settings: Settings;
  secrets: Secrets;
  /** The config file that was read, if any. */
  file: string | undefined;
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Config file path; defaults to `LOREMASTER_CONFIG`. */
  file?: string;
  /** Highest-priority values, e.g. from `--host`/`--port`, as `dotted.path → value`. */
  overrides?: Record<string, unknown>;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Environment variables that map onto a single setting. */
export const ENV_SETTINGS: ReadonlyArray<{ name: string; path: string[]; number?: boolean }> = [
  { name: 'LOREMASTER_HOST', path: ['server', 'host'] },
  { name: 'LOREMASTER_PORT', path: ['server', 'port'], number: true },
  { name: 'LOREMASTER_LOG_LEVEL', path: ['log', 'level'] },
  { name: 'OPENAI_BASE_URL', path: ['providers', 'openai', 'base_url'] },
  { name: 'ANTHROPIC_BASE_URL', path: ['providers', 'anthropic', 'base_url'] },
  { name: 'MISTRAL_BASE_URL', path: ['providers', 'mistral', 'base_url'] },
  // Who draws pictures first (`openai`, `getimg`, `getimg/stable-diffusion-xl`...; default offline).
  { name: 'IMAGE_PROVIDER', path: ['images', 'provider'] },
  // May hold a password: `loremaster config` redacts it and `config --save` leaves it out (store-schema.ts).
  { name: 'DATABASE_URL', path: ['database', 'url'] },
];

/** Roles that `LLM_PROVIDER` switches (embedding keeps its own: vectors must stay comparable). */
const CHAT_ROLES = ['generation', 'analysis', 'maintenance'] as const;

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const origins = new Map<string, string>();
  let raw: Record<string, unknown> = structuredClone(DEFAULT_CONFIG) as unknown as Record<string, unknown>;

  const filePath = options.file ?? env.LOREMASTER_CONFIG?.trim();
  const file = filePath ? resolve(filePath) : undefined;
  if (file) {
    const fromFile = readConfigFile(file);
    raw = deepMerge(raw, fromFile);
    for (const path of leafPaths(fromFile)) origins.set(path, `config file ${file}`);
  }

  const fromEnv = envOverrides(env, origins);
  raw = deepMerge(raw, fromEnv);

  for (const [path, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    // An object merges into what is there, like a config file does.
    setPath(
      raw,
      path.split('.'),
      isPlainObject(value) ? deepMerge(getPath(raw, path.split('.')), value) : value,
    );
    origins.set(path, 'command line');
  }

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues, origins));
  return { settings: parsed.data, secrets: readSecrets(env, parsed.data), file };
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  let data: unknown;
  try {
    data = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `Config file ${file} is not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    );
  }
  if (data == null) return {};
  if (!isPlainObject(data)) throw new ConfigError(`Config file ${file}: expected a mapping at the top level`);
  const secretKeys = findSecretKeys(data);
  if (secretKeys.length > 0) {
    throw new ConfigError(
      `Config file ${file} holds a secret at ${secretKeys.join(', ')}: secrets are read from the environment only ` +
        '(OPENAI_API_KEY, ANTHROPIC_API_KEY, MISTRAL_API_KEY, GETIMG_API_KEY, LOREMASTER_API_KEYS, or the variable a provider names in api_key_env)',
    );
  }
  return data;
}

function envOverrides(env: NodeJS.ProcessEnv, origins: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (path: string[], value: unknown, name: string) => {
    setPath(out, path, value);
    origins.set(path.join('.'), `environment variable ${name}`);
  };
  for (const { name, path, number } of ENV_SETTINGS) {
    const value = env[name]?.trim();
    if (!value) continue;
    // Leave a non-numeric value as text so validation names it instead of silently dropping it.
    set(path, number && /^\d+$/.test(value) ? Number(value) : value, name);
  }
  const llamaUrl = env.LLAMA_SERVER_URL?.trim();
  if (llamaUrl) {
    set(['providers', 'local', 'type'], 'openai-compatible', 'LLAMA_SERVER_URL');
    set(['providers', 'local', 'base_url'], withOpenAiPath(llamaUrl), 'LLAMA_SERVER_URL');
  }
  const provider = env.LLM_PROVIDER?.trim();
  if (provider) for (const role of CHAT_ROLES) set(['roles', role, 'provider'], provider, 'LLM_PROVIDER');
  return out;
}

/** llama.cpp and Ollama serve the OpenAI API under /v1; accept their bare server URL too. */
function withOpenAiPath(value: string): string {
  try {
    const url = new URL(value);
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1';
    return url.toString().replace(/\/$/, '');
  } catch {
    return value; // validation reports it with the variable's name
  }
}

function getPath(target: Record<string, unknown>, path: string[]): Record<string, unknown> {
  let node: unknown = target;
  for (const key of path) node = isPlainObject(node) ? node[key] : undefined;
  return isPlainObject(node) ? node : {};
}

function leafPaths(value: unknown, prefix: string[] = []): string[] {
  if (!isPlainObject(value)) return [prefix.join('.')];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

function formatIssues(issues: readonly z.core.$ZodIssue[], origins: Map<string, string>): string {
  const lines = issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    const origin = originOf(path, origins);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys')
      message = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `  - ${path}: ${message}${origin ? ` (from ${origin})` : ''}`;
  });
  return `Invalid configuration:\n${lines.join('\n')}`;
}

/** The origin of a path or of its nearest parent that was set as a whole. */
function originOf(path: string, origins: Map<string, string>): string | undefined {
  for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
    const origin = origins.get(parts.join('.'));
    if (origin) return origin;
  }
  // An unknown key inside an object: report where its siblings came from.
  for (const [key, origin] of origins) if (key.startsWith(`${path}.`)) return origin;
  return undefined;
}

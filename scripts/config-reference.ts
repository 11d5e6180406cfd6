/**
 * Renders docs/configuration.md, the configuration reference, from the config schema itself
 * (src/config: its JSON Schema, as zod writes it, for keys, types, ranges and descriptions), the
 * effective defaults (`loadConfig` with nothing set) and the environment variables `loadConfig` and
 * `readSecrets` read. `npm run docs:config` writes it; test/config/config-reference.test.ts fails when
 * the committed file differs, so the reference cannot drift from the code.
 *
 * Every key must have a description (`.describe()` in the schema): rendering throws, naming the keys
 * without one, so a new setting cannot land undocumented.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import { DEFAULT_CONFIG, SECRET_ENV_VARS } from '../src/config/defaults.js';
import { BUILTIN_IMAGE_PROVIDERS } from '../src/config/images-schema.js';
import { ENV_SETTINGS, loadConfig } from '../src/config/load.js';
import { configSchema } from '../src/config/schema.js';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  required?: string[];
  pattern?: string;
  format?: string;
}

interface Row {
  key: string;
  type: string;
  default: string;
  environment: string;
  description: string;
}

/** Variables that are not one setting each, and the secrets (read from the environment only). */
const OTHER_VARIABLES: Record<string, string> = {
  LOREMASTER_CONFIG:
    'Path of the config file (YAML, or JSON by its `.json` extension); `--config FILE` wins over it.',
  LOREMASTER_ENV:
    "Picks the prompts' environment overrides (`environments.<name>` in a prompt definition), e.g. `staging`.",
  LLM_PROVIDER:
    'Provider of the generation, analysis and maintenance roles (`roles.*.provider`); embedding keeps its own, so stored vectors stay comparable.',
  LLAMA_SERVER_URL:
    'Adds the provider `local` (`openai-compatible`) at this URL (llama.cpp, Ollama, vLLM, LM Studio); `/v1` is added to a bare server URL.',
  OPENAI_API_KEY: "OpenAI's key (chat, embeddings and OpenAI images).",
  ANTHROPIC_API_KEY: "Anthropic's key.",
  MISTRAL_API_KEY: "Mistral's key.",
  GETIMG_API_KEY: "GetImg.AI's key (images).",
  S3_ACCESS_KEY_ID: 'Access key id of the picture bucket (`images.s3`).',
  S3_SECRET_ACCESS_KEY: 'Secret access key of the picture bucket (`images.s3`).',
  LOREMASTER_API_KEYS:
    'Comma-separated API keys clients must send (`Authorization: Bearer <key>`), each `key:scope` (`admin`, `game`, `read`; no scope is `admin`). Empty: no authentication (loopback only).',
  REDIS_URL:
    'Redis for the cache, rate limits, budgets and event fan-out shared by every instance (may hold a password: treated as a secret).',
  LOREMASTER_URL:
    'The server `loremaster chat` and `loremaster status` talk to (else the configured host and port).',
  LOREMASTER_API_KEY: 'The API key `loremaster chat` and `loremaster status` send (else `--api-key`).',
};

/** Command-line flags that set one key. */
const FLAGS: Record<string, string> = {
  'server.host': '`serve --host`',
  'server.port': '`serve --port`',
};

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export function renderConfigReference(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const defaults = loadConfig({ env: {} }).settings as unknown as Record<string, unknown>;
  const environment = environmentByKey();
  const missing: string[] = [];
  const sections: string[] = [];

  for (const [name, section] of Object.entries(schema.properties ?? {})) {
    if (!section.description) missing.push(name);
    const rows: Row[] = [];
    walk(section, [name], defaults[name], true, false, rows, missing, environment);
    sections.push(
      [
        `## \`${name}\``,
        '',
        section.description ?? '',
        '',
        '| key | type | default | environment | description |',
        '| --- | --- | --- | --- | --- |',
        ...rows.map(
          (row) =>
            `| ${[row.key, row.type, row.default, row.environment, row.description].map(cell).join(' | ')} |`,
        ),
      ].join('\n'),
    );
  }
  if (missing.length > 0)
    throw new Error(
      `config keys without a description (add .describe() in src/config): ${missing.join(', ')}`,
    );

  const variables = [
    ...new Set([...ENV_SETTINGS.map((setting) => setting.name), ...Object.keys(OTHER_VARIABLES)]),
  ];
  const undescribed = SECRET_ENV_VARS.filter((name) => !(name in OTHER_VARIABLES));
  if (undescribed.length > 0)
    throw new Error(
      `secrets without a description in scripts/config-reference.ts: ${undescribed.join(', ')}`,
    );
  const variableRows = variables.map((name) => {
    const setting = ENV_SETTINGS.find((entry) => entry.name === name);
    const meaning = setting ? `Sets \`${setting.path.join('.')}\`.` : (OTHER_VARIABLES[name] as string);
    const secret = (SECRET_ENV_VARS as readonly string[]).includes(name)
      ? 'yes'
      : name === 'DATABASE_URL'
        ? 'its password (redacted, never saved)'
        : '';
    return `| \`${name}\` | ${cell(meaning)} | ${secret} |`;
  });

  return [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run docs:config` from src/config (scripts/config-reference.ts): do not edit by hand. -->',
    '',
    'Loremaster reads one config object, validated at start: command-line flags → environment variables →',
    'the config file (YAML or JSON; `--config FILE` or `LOREMASTER_CONFIG`) → the defaults below. Keys are',
    'written as in the config file (`server.port` is `port:` under `server:`). `<name>` stands for a name you',
    'choose (a provider, a budget). A bad value stops the server at start, naming the key and where the value',
    'came from. `loremaster config` prints the effective config (secrets redacted); `loremaster config --json`',
    'prints it as JSON.',
    '',
    'Secrets are never part of the config: they come from the environment only (see',
    '[Environment variables](#environment-variables)); a config file that holds a key, a token or a password',
    'is refused.',
    '',
    ...sections.flatMap((section) => [section, '']),
    '## Built-in providers',
    '',
    'Every config has these providers and roles unless it replaces them (`providers.<name>` of the same name),',
    'so a fresh checkout runs every role offline, with no key and no network:',
    '',
    '```yaml',
    stringify({ providers: DEFAULT_CONFIG.providers, roles: DEFAULT_CONFIG.roles }).trimEnd(),
    '```',
    '',
    'and these image providers (`images.providers.<name>` adds to them or replaces one):',
    '',
    '```yaml',
    stringify({ images: { providers: BUILTIN_IMAGE_PROVIDERS } }).trimEnd(),
    '```',
    '',
    '## Environment variables',
    '',
    '| variable | meaning | secret |',
    '| --- | --- | --- |',
    ...variableRows,
    '',
    'A provider may name the variable that holds its key (`providers.<name>.api_key_env`,',
    '`images.providers.<name>.api_key_env`); that variable is then read, and treated as a secret, too.',
    '',
  ].join('\n');
}

/** Adds a row for each key under `node` (and the node itself unless it is a section). */
function walk(
  node: JsonSchema,
  path: string[],
  fallback: unknown,
  isSection: boolean,
  required: boolean,
  rows: Row[],
  missing: string[],
  environment: Map<string, string[]>,
): void {
  const key = path.join('.');
  if (!isSection) {
    if (!node.description) missing.push(key);
    rows.push({
      key: `\`${key}\``,
      type: typeOf(node),
      default: formatDefault(fallback !== undefined ? fallback : node.default, node, required),
      environment: [
        ...(environment.get(key) ?? []).map((name) => `\`${name}\``),
        ...(FLAGS[key] ? [FLAGS[key]] : []),
      ].join(', '),
      description: node.description ?? '',
    });
  }
  const object = objectOf(node);
  if (object?.properties) {
    for (const [name, child] of Object.entries(object.properties)) {
      const needed = object.required?.includes(name) === true && child.default === undefined;
      walk(child, [...path, name], childValue(fallback, name), false, needed, rows, missing, environment);
    }
  } else if (object && typeof object.additionalProperties === 'object') {
    const entry = object.additionalProperties;
    if (objectOf(entry)?.properties || typeof objectOf(entry)?.additionalProperties === 'object')
      for (const [name, child] of Object.entries(objectOf(entry)?.properties ?? {})) {
        const needed = objectOf(entry)?.required?.includes(name) === true && child.default === undefined;
        walk(child, [...path, '<name>', name], undefined, false, needed, rows, missing, environment);
      }
  }
}

/** The object schema of a node (itself, or the object of an optional/nullable one). */
function objectOf(node: JsonSchema): JsonSchema | undefined {
  if (node.type === 'object') return node;
  return node.anyOf?.find((option) => option.type === 'object');
}

function childValue(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return (value as Record<string, unknown>)[name];
}

function typeOf(node: JsonSchema): string {
  if (node.anyOf) return node.anyOf.map(typeOf).join(' or ');
  if (node.enum) return `one of ${node.enum.map((value) => `\`${value}\``).join(', ')}`;
  if (node.const !== undefined) return `\`${node.const}\``;
  switch (node.type) {
    case 'integer':
    case 'number':
      return `${node.type}${range(node)}`;
    case 'string':
      if (node.format === 'uri') return 'URL (http or https)';
      if (node.pattern?.includes('[mhdw]')) return 'duration (`30m`, `12h`, `90d`, `2w`)';
      if (node.pattern === '^postgres(ql)?:\\/\\/') return 'PostgreSQL URL';
      return 'string';
    case 'array':
      return `list of ${node.items ? plural(typeOf(node.items)) : 'values'}`;
    case 'object':
      if (node.properties) return 'object';
      if (typeof node.additionalProperties === 'object') {
        const entry = node.additionalProperties;
        return `map of name → ${entry.properties ? 'object' : typeOf(entry)}`;
      }
      return 'object';
    case 'null':
      return 'null';
    default:
      return String(node.type ?? 'any');
  }
}

function plural(type: string): string {
  if (type === 'string') return 'strings';
  if (type.startsWith('one of ')) return `values from ${type.slice('one of '.length)}`;
  if (type.startsWith('integer') || type.startsWith('number'))
    return type.replace(/^(integer|number)/, '$1s');
  return type;
}

function range(node: JsonSchema): string {
  const low =
    node.exclusiveMinimum !== undefined
      ? { value: node.exclusiveMinimum, strict: true }
      : node.minimum !== undefined
        ? { value: node.minimum, strict: false }
        : undefined;
  const high = node.maximum !== undefined && node.maximum < MAX_SAFE ? node.maximum : undefined;
  if (low && high !== undefined && !low.strict) return `, ${number(low.value)}–${number(high)}`;
  const parts = [
    low ? `${low.strict ? '>' : '≥'} ${number(low.value)}` : undefined,
    high !== undefined ? `≤ ${number(high)}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? `, ${parts.join(', ')}` : '';
}

function number(value: number): string {
  return Math.abs(value) >= 10_000 ? value.toLocaleString('en-US').replace(/,/g, '_') : String(value);
}

function formatDefault(value: unknown, node: JsonSchema, required: boolean): string {
  if (value === undefined) return required ? 'required' : '—';
  if (typeof value === 'string') return `\`${value}\``;
  if (objectOf(node)?.properties && typeof value === 'object' && value !== null && !Array.isArray(value))
    return '';
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return '`{}`';
    if (typeof objectOf(node)?.additionalProperties === 'object' && !objectOf(node)?.properties)
      return keys.map((name) => `\`${name}\``).join(', ');
  }
  return `\`${JSON.stringify(value)}\``;
}

/** Which environment variables set which key. */
function environmentByKey(): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  const add = (key: string, name: string) => byKey.set(key, [...(byKey.get(key) ?? []), name]);
  for (const setting of ENV_SETTINGS) add(setting.path.join('.'), setting.name);
  for (const role of ['generation', 'analysis', 'maintenance']) add(`roles.${role}.provider`, 'LLM_PROVIDER');
  return byKey;
}

/** A table cell: one line, `|` escaped. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

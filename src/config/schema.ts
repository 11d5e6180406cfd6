/**
 * The one config object of Loremaster, described by zod. Keys are snake_case, as in the config file.
 * Secrets are not part of this schema: they come from the environment only (see `secrets.ts`).
 */
import { z } from 'zod';
import { contentConfigSchema } from './content-schema.js';
import { eventsConfigSchema } from './events-schema.js';
import { gatewayConfigSchema } from './gateway-schema.js';
import { imagesConfigSchema } from './images-schema.js';
import { jobsSchema } from './jobs-schema.js';
import { llmConfigSchema } from './llm-schema.js';
import { memoryConfigSchema } from './memory-schema.js';
import { narrativeConfigSchema } from './narrative-schema.js';
import {
  conversationsConfigSchema,
  databaseConfigSchema,
  responsesConfigSchema,
  retentionConfigSchema,
} from './store-schema.js';

export const PROVIDER_TYPES = [
  'openai',
  'anthropic',
  'mistral',
  'openai-compatible',
  'offline',
  'mock',
] as const;
export const ROLE_NAMES = ['generation', 'analysis', 'maintenance', 'embedding'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

export const providerConfigSchema = z
  .object({
    type: z
      .enum(PROVIDER_TYPES)
      .describe(
        "Which wire format the provider speaks: a vendor's API, any OpenAI-compatible server (llama.cpp, Ollama, vLLM, LM Studio), `offline` (deterministic, no network) or `mock` (tests).",
      ),
    enabled: z
      .boolean()
      .default(true)
      .describe('`false` keeps the provider configured but unused: calls that name it fail over.'),
    base_url: url
      .optional()
      .describe("The API's base URL, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`."),
    models: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Models this provider advertises; the first is the default unless `default_model` says otherwise.',
      ),
    default_model: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The model used when a call names the provider without a model (else the first of `models`).',
      ),
    embedding_model: z.string().min(1).optional().describe('The model used for embeddings on this provider.'),
    api_key_env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as OLLAMA_API_KEY')
      .optional()
      .describe("Name of the environment variable holding this provider's API key (never the key itself)."),
    timeout_ms: z
      .number()
      .int()
      .positive()
      .max(600_000)
      .default(60_000)
      .describe('Deadline for one upstream attempt.'),
  })
  .strict();
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

export const roleConfigSchema = z
  .object({
    provider: z.string().min(1).describe('The provider (a key of `providers`) that answers this role.'),
    model: z
      .string()
      .min(1)
      .optional()
      .describe("The model on that provider; absent: the provider's default model."),
    max_tokens: z
      .number()
      .int()
      .positive()
      .max(1_000_000)
      .describe('Most tokens one answer of this role may have.'),
    temperature: z.number().min(0).max(2).describe('Sampling temperature: 0 is the most deterministic.'),
  })
  .strict();
export type RoleConfig = z.infer<typeof roleConfigSchema>;

/** The generation role's model is the one the single-model APIs (llama.cpp, KoboldCpp) describe. */
const generationRoleSchema = roleConfigSchema
  .extend({
    context_tokens: z
      .number()
      .int()
      .min(256)
      .max(10_000_000)
      .optional()
      .describe(
        "The model's context window in tokens, which the single-model APIs report to front ends that size their prompts by it (llama.cpp's `/props` `n_ctx`, KoboldCpp's `max_context_length`); absent: 8192.",
      ),
  })
  .strict();

const embeddingRoleSchema = z
  .object({
    provider: z
      .string()
      .min(1)
      .describe(
        'The provider (a key of `providers`) that embeds texts. Changing it (or the model) needs `loremaster reindex --embed`.',
      ),
    model: z
      .string()
      .min(1)
      .optional()
      .describe("The embedding model; absent: the provider's `embedding_model`."),
    dimensions: z
      .number()
      .int()
      .min(8)
      .max(8192)
      .default(384)
      .describe('Length of the vectors stored in the index.'),
    max_tokens: z
      .number()
      .int()
      .positive()
      .default(8192)
      .describe('Most tokens of one text sent to the embedder.'),
    temperature: z
      .number()
      .min(0)
      .max(2)
      .default(0)
      .describe('Unused by embedders; kept so every role has the same fields.'),
  })
  .strict();

export const configSchema = z
  .object({
    server: z
      .object({
        host: z
          .string()
          .min(1)
          .default('127.0.0.1')
          .describe(
            'Address to listen on. Anything but loopback needs API keys (`LOREMASTER_API_KEYS` or `loremaster keys create`).',
          ),
        port: z
          .number()
          .int()
          .min(0)
          .max(65_535)
          .default(8080)
          .describe('Port to listen on (0: any free port).'),
        body_limit_bytes: z
          .number()
          .int()
          .positive()
          .default(1024 * 1024)
          .describe('Largest request body accepted, in bytes (413 above it).'),
        import_body_limit_bytes: z
          .number()
          .int()
          .positive()
          .default(32 * 1024 * 1024)
          .describe(
            'Largest file `POST /worlds/import` accepts, in bytes (413 above it): character cards carry their picture.',
          ),
        max_json_depth: z
          .number()
          .int()
          .min(16)
          .max(10_000)
          .default(128)
          .describe(
            "Deepest nesting of objects and arrays a JSON request body may have (400 `json_too_deep` naming the field past it). Real payloads stay far below: a tool's JSON schema ten levels deep is about 25 levels of JSON.",
          ),
        stream_coalesce_ms: z
          .number()
          .int()
          .min(0)
          .max(1_000)
          .default(16)
          .describe(
            'A streamed answer (SSE, NDJSON) writes to its client at most once per this many milliseconds after its first write: tokens that come faster leave together. The first token and the end are never held, a token after a pause leaves at once, and none waits longer than this. 0: each token as it comes.',
          ),
        cors: z
          .object({
            origins: z
              .array(z.string().min(1))
              .default([])
              .describe(
                'Origins allowed to call the server from a browser, e.g. `https://game.example`; `*` for any.',
              ),
            credentials: z
              .boolean()
              .default(false)
              .describe('Whether browsers may send cookies / HTTP auth along (never with `*`).'),
            max_age_seconds: z
              .number()
              .int()
              .min(0)
              .max(86_400)
              .default(600)
              .describe('How long a browser may cache a preflight answer.'),
          })
          .strict()
          .refine((cors) => !(cors.credentials && cors.origins.includes('*')), {
            message: 'credentials cannot be allowed for every origin ("*"): list the origins',
            path: ['credentials'],
          })
          .prefault({})
          .describe(
            'Cross-origin requests from browsers (a web game calling the server). Off when `origins` is empty; `["*"]` allows any origin.',
          ),
        timeouts: z
          .object({
            request_ms: z
              .number()
              .int()
              .min(100)
              .max(3_600_000)
              .default(30_000)
              .describe('Longest time to receive a whole request (headers and body); 408 after it.'),
            headers_ms: z
              .number()
              .int()
              .min(100)
              .max(600_000)
              .default(10_000)
              .describe("Longest time to receive a request's headers."),
            keep_alive_ms: z
              .number()
              .int()
              .min(0)
              .max(600_000)
              .default(72_000)
              .describe(
                'How long an idle keep-alive connection stays open between requests. Longer than the 60 s idle timeout of common load balancers and than client pools keep sockets, so a client or proxy never sends a request on a socket the server is closing; a game that calls every few seconds keeps its connection.',
              ),
            shutdown_grace_ms: z
              .number()
              .int()
              .min(0)
              .max(600_000)
              .default(10_000)
              .describe(
                'On stop: how long requests in flight get to finish before their connections are closed.',
              ),
          })
          .strict()
          .refine((t) => t.headers_ms <= t.request_ms, {
            message: 'headers_ms must not exceed request_ms',
            path: ['headers_ms'],
          })
          .prefault({})
          .describe('Deadlines of HTTP requests and connections.'),
      })
      .strict()
      .prefault({})
      .describe('The HTTP server: where it listens, what requests it accepts, its timeouts and CORS.'),
    log: z
      .object({
        level: z
          .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
          .default('info')
          .describe('Least severe log level written (JSON lines on stdout; `silent` writes none).'),
      })
      .strict()
      .prefault({})
      .describe('Logging.'),
    gateway: gatewayConfigSchema
      .prefault({})
      .describe(
        "The gateway every model call goes through: its middleware chain (security, monitoring and usage, cache, limiter and priority queue, resilience, replay) and each middleware's settings.",
      ),
    providers: z
      .record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a lower-case name'), providerConfigSchema)
      .describe(
        'The model providers, by a name you choose (`[a-z][a-z0-9_-]*`); roles and calls name them (`openai/gpt-4o`). The built-in ones are listed under Built-in providers below.',
      ),
    roles: z
      .object({
        generation: generationRoleSchema.describe('The narrator and characters: user-facing, streamed.'),
        analysis: roleConfigSchema.describe(
          'Reads each turn after it is sent and emits the intended changes as JSON.',
        ),
        maintenance: roleConfigSchema.describe(
          'Background work: notes, new entities, world simulation (a cheap model fits).',
        ),
        embedding: embeddingRoleSchema.describe('Embeds lore and memories for search.'),
      })
      .strict()
      .describe(
        'The model behind each of the four roles of a turn: generation (the narrator, streamed), analysis (what changed after a turn), maintenance (background notes and world simulation), embedding (the vectors of search).',
      ),
    database: databaseConfigSchema
      .prefault({})
      .describe('Where Loremaster keeps its data: a SQLite file by default, PostgreSQL with `DATABASE_URL`.'),
    retention: retentionConfigSchema
      .prefault({})
      .describe('How long old data is kept by `loremaster cleanup`.'),
    conversations: conversationsConfigSchema
      .prefault({})
      .describe('Stored conversations (`/llm/conversation`): how much history is sent with each message.'),
    responses: responsesConfigSchema
      .prefault({})
      .describe(
        "OpenAI's Responses API (`/v1/responses`): whether answers are kept for `previous_response_id`, and how long.",
      ),
    memory: memoryConfigSchema
      .prefault({})
      .describe('World memory search: query expansion, reranking and the embedder.'),
    jobs: jobsSchema.prefault({}).describe('The maintenance queue: its backend, retries and leases.'),
    narrative: narrativeConfigSchema
      .prefault({})
      .describe('How a turn is answered and how the world is kept up to date after it.'),
    events: eventsConfigSchema
      .prefault({})
      .describe(
        "Events: the stored log, live delivery over WebSocket, webhooks and the game's inbound events.",
      ),
    content: contentConfigSchema
      .prefault({})
      .describe('The content service (characters, quests, items\u2026): attempts and theme checks.'),
    images: imagesConfigSchema
      .prefault({})
      .describe('Pictures: image providers, failover, rate, cache and where they are stored.'),
    llm: llmConfigSchema
      .prefault({})
      .describe('The generation endpoints: `POST /llm/batch` and `/ws/llm/stream`.'),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const role of ROLE_NAMES) {
      const provider = config.roles[role].provider;
      if (!(provider in config.providers)) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', role, 'provider'],
          message: `expected one of the configured providers (${Object.keys(config.providers).join(', ')}), got "${provider}"`,
        });
      }
    }
  });

export type LoremasterConfigFile = z.input<typeof configSchema>;
export type Settings = z.infer<typeof configSchema>;

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
import { conversationsConfigSchema, databaseConfigSchema, retentionConfigSchema } from './store-schema.js';

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
    type: z.enum(PROVIDER_TYPES),
    enabled: z.boolean().default(true),
    base_url: url.optional(),
    /** Models this provider advertises; the first is the default unless `default_model` says otherwise. */
    models: z.array(z.string().min(1)).default([]),
    default_model: z.string().min(1).optional(),
    embedding_model: z.string().min(1).optional(),
    /** Name of the environment variable holding this provider's API key (never the key itself). */
    api_key_env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as OLLAMA_API_KEY')
      .optional(),
    /** Deadline for one upstream attempt. */
    timeout_ms: z.number().int().positive().max(600_000).default(60_000),
  })
  .strict();
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

export const roleConfigSchema = z
  .object({
    provider: z.string().min(1),
    model: z.string().min(1).optional(),
    max_tokens: z.number().int().positive().max(1_000_000),
    temperature: z.number().min(0).max(2),
  })
  .strict();
export type RoleConfig = z.infer<typeof roleConfigSchema>;

const embeddingRoleSchema = z
  .object({
    provider: z.string().min(1),
    model: z.string().min(1).optional(),
    dimensions: z.number().int().min(8).max(8192).default(384),
    max_tokens: z.number().int().positive().default(8192),
    temperature: z.number().min(0).max(2).default(0),
  })
  .strict();

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535).default(8080),
        /** Largest request body accepted, in bytes (413 above it). */
        body_limit_bytes: z
          .number()
          .int()
          .positive()
          .default(1024 * 1024),
        /**
         * Deepest nesting of objects and arrays a JSON request body may have (400 `json_too_deep` naming
         * the field past it). Real payloads stay far below: a tool's JSON schema ten levels deep is about
         * 25 levels of JSON.
         */
        max_json_depth: z.number().int().min(16).max(10_000).default(128),
        /**
         * Cross-origin requests from browsers (a web game calling the server). Off when `origins` is empty;
         * `["*"]` allows any origin.
         */
        cors: z
          .object({
            origins: z.array(z.string().min(1)).default([]),
            /** Whether browsers may send cookies / HTTP auth along (never with `*`). */
            credentials: z.boolean().default(false),
            /** How long a browser may cache a preflight answer. */
            max_age_seconds: z.number().int().min(0).max(86_400).default(600),
          })
          .strict()
          .refine((cors) => !(cors.credentials && cors.origins.includes('*')), {
            message: 'credentials cannot be allowed for every origin ("*"): list the origins',
            path: ['credentials'],
          })
          .prefault({}),
        timeouts: z
          .object({
            /** Longest time to receive a whole request (headers and body); 408 after it. */
            request_ms: z.number().int().min(100).max(3_600_000).default(30_000),
            /** Longest time to receive a request's headers. */
            headers_ms: z.number().int().min(100).max(600_000).default(10_000),
            /** How long an idle keep-alive connection stays open between requests. */
            keep_alive_ms: z.number().int().min(0).max(600_000).default(5_000),
            /** On stop: how long requests in flight get to finish before their connections are closed. */
            shutdown_grace_ms: z.number().int().min(0).max(600_000).default(10_000),
          })
          .strict()
          .refine((t) => t.headers_ms <= t.request_ms, {
            message: 'headers_ms must not exceed request_ms',
            path: ['headers_ms'],
          })
          .prefault({}),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
    gateway: gatewayConfigSchema.prefault({}),
    providers: z.record(
      z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a lower-case name'),
      providerConfigSchema,
    ),
    roles: z
      .object({
        generation: roleConfigSchema,
        analysis: roleConfigSchema,
        maintenance: roleConfigSchema,
        embedding: embeddingRoleSchema,
      })
      .strict(),
    database: databaseConfigSchema.prefault({}),
    retention: retentionConfigSchema.prefault({}),
    conversations: conversationsConfigSchema.prefault({}),
    memory: memoryConfigSchema.prefault({}),
    jobs: jobsSchema.prefault({}),
    narrative: narrativeConfigSchema.prefault({}),
    events: eventsConfigSchema.prefault({}),
    content: contentConfigSchema.prefault({}),
    images: imagesConfigSchema.prefault({}),
    llm: llmConfigSchema.prefault({}),
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

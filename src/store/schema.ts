/**
 * The tables of the store, as Kysely sees them. The same types serve SQLite and PostgreSQL, so the
 * column types are the portable subset: text, integer, double, blob. Times are ISO-8601 UTC text
 * (`2026-01-31T12:00:00.000Z`): they sort as text, compare as text and read the same on both.
 * JSON is text too (parsed at the repository edge), so a row reads the same on both backends.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** An integer primary key the database assigns (autoincrement on SQLite, bigserial on PostgreSQL). */
type AutoId = Generated<number>;

export interface LlmCallTable {
  id: string;
  created_at: string;
  provider: string;
  model: string;
  /** generation | analysis | maintenance | embedding, or '' when the call named a model directly. */
  role: string;
  /** chat | stream | embed | image, or what the caller said the call was: conversation | summary | prompt */
  call_type: string;
  api_key_id: string | null;
  conversation_id: string | null;
  session_id: string | null;
  /** JSON: the request as sent ({kind, model, messages, options} or {kind, model, input}), maybe cut. */
  request: string | null;
  /** The answer's text (of the first choice), maybe cut. */
  response: string | null;
  /** JSON: the answer's tool calls ([{id, name, arguments}]), when it called any (migration 0090). */
  tool_calls: string | null;
  finish_reason: string | null;
  /** Why a body is missing or cut (bodies off, cut to the limit); null when kept whole or never kept. */
  body_note: string | null;
  input_tokens: number;
  output_tokens: number;
  cost: number;
  latency_ms: number;
  first_token_ms: number | null;
  status: 'ok' | 'error';
  error_code: string | null;
  error_message: string | null;
  /** The stored prompt the call rendered, its version, provider variant and A/B arm (migration 0004). */
  prompt_id: string | null;
  prompt_version: number | null;
  prompt_variant: string | null;
  prompt_arm: string | null;
}

export interface ConversationTable {
  id: string;
  title: string | null;
  system_prompt: string | null;
  /** What `model` the conversation's messages are answered by (a role, provider or model). */
  model: string;
  /** JSON object of the caller's metadata. */
  metadata: string;
  message_count: number;
  /** Summary standing in for the messages before `context_from_message_id`. */
  context_summary: string | null;
  /** First message sent to the model verbatim; older ones are summarised or dropped. */
  context_from_message_id: number | null;
  world_id: string | null;
  session_id: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

/** Top-level scalar metadata of a conversation, one row per key, so filters use an index. */
export interface ConversationMetadataTable {
  conversation_id: string;
  key: string;
  value: string;
}

export interface MessageTable {
  id: AutoId;
  conversation_id: string;
  role: 'system' | 'user' | 'assistant';
  content: string;
  name: string | null;
  /** Token count of `content`, counted once when stored (context budgeting never recounts history). */
  tokens: number;
  provider: string | null;
  model: string | null;
  finish_reason: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  metadata: string | null;
  created_at: string;
}

export interface PromptTable {
  id: string;
  name: string;
  description: string | null;
  active_version: number | null;
  created_at: string;
  updated_at: string;
}

export interface PromptVersionTable {
  id: AutoId;
  prompt_id: string;
  version: number;
  /** '' for the default template, else a provider type it is tuned for (e.g. `anthropic`). */
  variant: string;
  template: string;
  /** JSON: declared variables and their defaults. */
  variables: string | null;
  created_by: string | null;
  created_at: string;
}

export interface ContextDataTable {
  id: AutoId;
  /** global | world | session | conversation */
  scope_type: string;
  /** '' for global. */
  scope_id: string;
  key: string;
  /** JSON value. */
  value: string;
  updated_at: string;
}

export interface EventTable {
  id: AutoId;
  type: string;
  source: string;
  world_id: string | null;
  session_id: string | null;
  payload: string;
  created_at: string;
  /** The envelope's id (migration 0020); null for rows written before it. */
  event_id: string | null;
  direction: Generated<'out' | 'in'>;
  version: Generated<number>;
  /** JSON: what the inbound handler did. */
  result: string | null;
}

export interface WebhookTable {
  id: string;
  url: string;
  /** JSON array of type patterns. */
  types: string;
  world_id: string | null;
  session_id: string | null;
  secret: string;
  active: number;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryTable {
  id: AutoId;
  webhook_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0021. */
  last_attempt_at: string | null;
  delivered_at: string | null;
  last_response: string | null;
  last_duration_ms: number | null;
}

export interface IntegrationTable {
  id: string;
  name: string;
  kind: string;
  config: string;
  state: string;
  health: 'ok' | 'degraded' | 'down' | 'unknown';
  last_checked_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorldTable {
  id: string;
  name: string;
  description: string | null;
  /** 1: one shared persistent world (MMO-style): session changes write canon directly. */
  shared: number;
  settings: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  /** Turns played in the world across its sessions (migration 0006). */
  turn_count: number;
}

export interface EntityTable {
  id: string;
  world_id: string;
  /** character | place | item | quest | faction | note … */
  kind: string;
  name: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** The session that made the entity in a world that is not shared; null: canon (migration 0040). */
  session_id: string | null;
}

/**
 * Every change to an entity is a new version. `scope` says whose fact it is: `canon` (the world's
 * lore, seen by every session) or `session` (an overlay seen by one play-through, `session_id`).
 * `scope_key` is `canon` or `session:<id>`, so version numbers are unique per scope without relying on
 * how each database treats NULL in unique indexes.
 */
export interface EntityVersionTable {
  id: AutoId;
  entity_id: string;
  world_id: string;
  scope: 'canon' | 'session';
  session_id: string | null;
  scope_key: string;
  version: number;
  name: string;
  /** JSON: the entity's fields at this version. */
  data: string;
  summary: string | null;
  /** Who or what made the change: `maintenance`, `analysis`, `import`, `user:<id>` … */
  changed_by: string;
  reason: string | null;
  turn_id: number | null;
  created_at: string;
  /** The maintenance task that wrote this version (unique: a task re-run writes nothing twice). */
  source_task: string | null;
}

/**
 * Who knows a fact. A subject (an entity version, a memory, a message) is known by the witness
 * entities listed here; retrieval for an NPC can be limited to what that NPC witnessed or was told.
 */
export interface WitnessTable {
  id: AutoId;
  world_id: string;
  subject_type: string;
  subject_id: string;
  witness_entity_id: string;
  session_id: string | null;
  /** present | told */
  how: string;
  created_at: string;
}

export interface SessionTable {
  id: string;
  world_id: string | null;
  player: string | null;
  status: 'active' | 'ended';
  metadata: string;
  turn_count: number;
  created_at: string;
  updated_at: string;
}

export interface TurnTable {
  id: AutoId;
  session_id: string;
  number: number;
  input: string;
  output: string | null;
  /** JSON: the analysis role's intentions for this turn. */
  analysis: string | null;
  created_at: string;
}

/** A turn's `Idempotency-Key` (migration 0100): the claim while it runs, then the turn and its answer. */
export interface IdempotencyKeyTable {
  id: AutoId;
  /** The API key's id, or `anonymous`. */
  scope: string;
  key: string;
  session_id: string;
  /** SHA-256 of the request (session, input, state). */
  request_hash: string;
  status: 'running' | 'done';
  /** A random token of the request holding the key, so only it binds or releases it. */
  claim: string;
  turn_id: number | null;
  /** JSON: the answer the first request gave. */
  response: string | null;
  created_at: string;
  /** Until then a running claim holds; after it, its process is taken for dead and a retry takes over. */
  locked_until: string;
  expires_at: string;
}

export type TaskStatus = 'pending' | 'processing' | 'completed' | 'failed';

export interface MaintenanceTaskTable {
  id: AutoId;
  task_type: string;
  task_data: string;
  priority: number;
  status: TaskStatus;
  attempts: number;
  max_attempts: number;
  /** Not claimed before this time (retries back off). */
  available_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  error_message: string | null;
  world_id: string | null;
  session_id: string | null;
  created_at: string;
  processed_at: string | null;
  /** A dead-lettered task's raw model output, kept for inspection (migration 0006). */
  raw_output: string | null;
  /** The turn that caused the task (migration 0091). */
  turn_id: number | null;
  /** How a completed task ended: done | already-done | skipped (migration 0091). */
  outcome: string | null;
  /** Its handler's detail: a skip's reason (bounded). */
  outcome_detail: string | null;
}

export interface EmbeddingTable {
  id: AutoId;
  owner_type: string;
  owner_id: string;
  model: string;
  dimensions: number;
  /** Float32 little-endian. */
  vector: Buffer;
  content_hash: string;
  created_at: string;
}

/** A budget's spend in one period (migration 0010); instances add to the same row. */
export interface BudgetSpendTable {
  budget: string;
  /** '' for a budget over all calls. */
  api_key_id: string;
  /** ISO start of the budget's period (UTC day or month). */
  period_start: string;
  /** Tokens or USD, by the budget's unit. */
  used: number;
}

export interface UsageRollupTable {
  /** hour | day */
  period: 'hour' | 'day';
  bucket_start: string;
  provider: string;
  model: string;
  role: string;
  call_type: string;
  /** '' when the call carried no API key. */
  api_key_id: string;
  calls: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cost: number;
  /** Calls answered from the cache (added by migration 0003). */
  cache_hits: number;
  latency_ms_total: number;
}

export interface FeedbackTable {
  id: AutoId;
  /** message | call | turn | entity_version */
  target_type: string;
  target_id: string;
  rating: number;
  comment: string | null;
  metadata: string | null;
  created_at: string;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  /** SHA-256 (hex) of the key; the key itself is shown once and never stored. */
  key_hash: string;
  /** The key's first characters, to tell keys apart in a listing. */
  prefix: string;
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** JSON `{rpm?, tpm?}`: this key's rate limits (null: the config's `api_key_default`). */
  limits: string | null;
  /** JSON `{unit, limit, period}`: this key's budget (null: none of its own). */
  budget: string | null;
}

/** Every name and alias of an entity, normalised (`name_key`), unique per world (migration 0006). */
/** Names per world and scope (`canon` or `session:<id>`), migration 0040; replaces `entity_names`. */
export interface EntityScopedNameTable {
  world_id: string;
  scope_key: string;
  name_key: string;
  entity_id: string;
  name: string;
}

/** A fact a turn's analysis recorded about an entity (its witnesses: `witnesses`, subject_type `fact`). */
export interface FactTable {
  id: AutoId;
  world_id: string;
  session_id: string | null;
  entity_id: string;
  turn_id: number | null;
  text: string;
  created_at: string;
}

export interface EntityNameTable {
  world_id: string;
  name_key: string;
  entity_id: string;
  /** The name as written. */
  name: string;
}

/** One SIMULATE_WORLD run, keyed by its task, written in the transaction that queues its updates. */
export interface WorldSimulationTable {
  id: string;
  world_id: string;
  session_id: string | null;
  turn: number;
  summary: string | null;
  /** JSON: the updates it queued. */
  updates: string;
  created_at: string;
}

/** A content theme (migration 0060); `data` is its fields as JSON. */
export interface ThemeTable {
  id: string;
  name: string;
  data: string;
  created_at: string;
  updated_at: string;
}

/** The theme of a world or campaign. */
export interface ThemeLinkTable {
  target_type: 'world' | 'campaign';
  target_id: string;
  theme_id: string;
  created_at: string;
}

/** A background content generation (its work is a GENERATE_CONTENT task). */
export interface ContentJobTable {
  id: string;
  content_type: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  /** JSON: the generation request. */
  request: string;
  /** JSON: the generation's answer, once done. */
  result: string | null;
  error: string | null;
  world_id: string | null;
  attempts: Generated<number>;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** A stored picture (its bytes are in the image store, by this id: the sha256 of the bytes). */
export interface ImageTable {
  id: string;
  content_type: string;
  byte_size: number;
  width: number | null;
  height: number | null;
  provider: string;
  model: string;
  prompt: string;
  revised_prompt: string | null;
  world_id: string | null;
  entity_id: string | null;
  created_at: string;
}

export interface StoredResponseTable {
  id: string;
  owner: string;
  created_at: string;
  expires_at: string;
  history: string;
  input_items: string;
  response: string;
}

export interface Database {
  llm_calls: LlmCallTable;
  conversations: ConversationTable;
  conversation_metadata: ConversationMetadataTable;
  messages: MessageTable;
  prompts: PromptTable;
  prompt_versions: PromptVersionTable;
  context_data: ContextDataTable;
  events: EventTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  integrations: IntegrationTable;
  worlds: WorldTable;
  entities: EntityTable;
  entity_versions: EntityVersionTable;
  entity_names: EntityNameTable;
  entity_scoped_names: EntityScopedNameTable;
  facts: FactTable;
  world_simulations: WorldSimulationTable;
  witnesses: WitnessTable;
  sessions: SessionTable;
  turns: TurnTable;
  idempotency_keys: IdempotencyKeyTable;
  maintenance_tasks: MaintenanceTaskTable;
  embeddings: EmbeddingTable;
  usage_rollups: UsageRollupTable;
  budget_spend: BudgetSpendTable;
  feedback: FeedbackTable;
  api_keys: ApiKeyTable;
  themes: ThemeTable;
  theme_links: ThemeLinkTable;
  content_jobs: ContentJobTable;
  images: ImageTable;
  stored_responses: StoredResponseTable;
}

export type LlmCallRow = Selectable<LlmCallTable>;
export type NewLlmCall = Insertable<LlmCallTable>;
export type ConversationRow = Selectable<ConversationTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;
export type ConversationUpdate = Updateable<ConversationTable>;

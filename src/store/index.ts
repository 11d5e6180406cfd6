export { backupSqlite } from './backup.js';
export { type CallLogStats, CallLogWriter, type CallRecord } from './call-log.js';
export { type CleanupReport, cleanup } from './cleanup.js';
export { type Backend, type Connection, connect } from './connect.js';
export { isUniqueViolation } from './constraint.js';
export {
  IMAGE_ID,
  ImageFileStore,
  type ImageStore,
  imageStoreFor,
  S3ImageStore,
  type StoredImage,
} from './images/index.js';
export { type MigrationReport, migrateToLatest, migrationsFor } from './migrations/index.js';
export type {
  ApiKey,
  ApiKeyBudget,
  ApiKeyLimits,
  ApiKeyRepository,
  StoredApiKey,
} from './repositories/api-keys.js';
export type { Batch, BatchItem, BatchItemStatus, BatchStatus } from './repositories/batches.js';
export type { CallQuery, UsageQuery, UsageRollup } from './repositories/calls.js';
export type { ContentJob, StoredTheme, ThemeTarget } from './repositories/content.js';
export type { ContextEntry, ContextScope } from './repositories/context.js';
export type { Conversation, Message, MetadataValue } from './repositories/conversations.js';
export type { StoredEmbedding } from './repositories/embeddings.js';
export type { EventQuery, StoredEvent } from './repositories/events.js';
export type { Feedback } from './repositories/feedback.js';
export type { IdempotencyClaim, IdempotencyKey } from './repositories/idempotency-keys.js';
export type { ImageRecord } from './repositories/images.js';
export { Repositories } from './repositories/index.js';
export type { Integration } from './repositories/integrations.js';
export type { Removed } from './repositories/live-state.js';
export type { EnqueueInput, MaintenanceTask } from './repositories/maintenance.js';
export type { Prompt, PromptVersion } from './repositories/prompts.js';
export type { Session, Turn } from './repositories/sessions.js';
export type { StoredResponse } from './repositories/stored-responses.js';
export type {
  AttemptRecord,
  DeliveryStatus,
  NewDelivery,
  Webhook,
  WebhookDelivery,
} from './repositories/webhooks.js';
export type { Entity, EntityVersion, VersionInput, Witness, World } from './repositories/worlds.js';
export type { Database, LlmCallRow, TaskStatus } from './schema.js';
export type { SearchHit, SearchQuery } from './search/index.js';
export { type OpenStoreOptions, openStore, Store } from './store.js';
export { isStoreUnavailable } from './unavailable.js';
export type { GatewayUsageRollup, StoredUsageSink } from './usage-sink.js';

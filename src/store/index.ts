export { backupSqlite } from './backup.js';
export { type CallLogStats, CallLogWriter, type CallRecord } from './call-log.js';
export { type CleanupReport, cleanup } from './cleanup.js';
export { type Backend, type Connection, connect } from './connect.js';
export { type MigrationReport, migrateToLatest, migrationsFor } from './migrations/index.js';
export type { Conversation, Message } from './repositories/conversations.js';
export { Repositories } from './repositories/index.js';
export type { SearchHit, SearchQuery } from './search/index.js';
export { type OpenStoreOptions, openStore, Store } from './store.js';

/**
 * Retention: `loremaster cleanup --older-than 90d`.
 *  - archive: conversations idle for longer are archived (hidden from listings, kept, searchable
 *    with include_archived). Nothing is deleted.
 *  - delete: conversations idle for longer are deleted with their messages; call-log rows, events
 *    and completed maintenance tasks older than that are deleted. Usage roll-ups are kept, so totals
 *    survive. Each kind of row goes in its own transaction.
 */
import type { RetentionConfig } from '../config/store-schema.js';
import type { Store } from './store.js';

export interface CleanupReport {
  mode: RetentionConfig['mode'];
  before: string;
  conversationsArchived: number;
  conversationsDeleted: number;
  callsDeleted: number;
  eventsDeleted: number;
  tasksDeleted: number;
}

export async function cleanup(
  store: Store,
  options: { olderThanMs: number; mode: RetentionConfig['mode']; now?: Date },
): Promise<CleanupReport> {
  const before = new Date((options.now ?? new Date()).getTime() - options.olderThanMs).toISOString();
  const report: CleanupReport = {
    mode: options.mode,
    before,
    conversationsArchived: 0,
    conversationsDeleted: 0,
    callsDeleted: 0,
    eventsDeleted: 0,
    tasksDeleted: 0,
  };
  if (options.mode === 'archive') {
    report.conversationsArchived = await store.transaction((tx) => tx.conversations.archiveIdle(before));
    return report;
  }
  // Pending calls must reach the table before we decide what is old.
  await store.callLog.flush();
  report.conversationsDeleted = await store.transaction((tx) => tx.conversations.deleteIdle(before));
  report.callsDeleted = await store.transaction((tx) => tx.calls.deleteOlderThan(before));
  report.eventsDeleted = await store.transaction((tx) => tx.events.deleteOlderThan(before));
  report.tasksDeleted = await store.transaction((tx) => tx.maintenance.deleteCompletedBefore(before));
  return report;
}

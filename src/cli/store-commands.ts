/**
 * `loremaster migrate | cleanup | backup`: the store's maintenance commands. They work on the same
 * database the server uses (SQLite file or `DATABASE_URL`), and are safe while the server runs.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { LoadedConfig } from '../config/index.js';
import { DURATION_PATTERN, parseDuration } from '../config/store-schema.js';
import { printJson } from './output.js';

function parseOlderThan(value: string): string {
  if (!DURATION_PATTERN.test(value.trim()))
    throw new InvalidArgumentError('expected a duration such as 90d, 12h, 30m or 2w');
  return value.trim();
}

function parseMode(value: string): 'archive' | 'delete' {
  if (value !== 'archive' && value !== 'delete') throw new InvalidArgumentError('expected archive or delete');
  return value;
}

export function registerStoreCommands(program: Command, load: () => LoadedConfig): void {
  program
    .command('migrate')
    .description('bring the database to the latest schema (the server also does this at start)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const { connect, migrateToLatest } = await import('../store/index.js');
      const { settings } = load();
      const connection = connect(settings.database);
      try {
        const report = await migrateToLatest(connection);
        if (options.json) {
          printJson({
            backend: connection.backend,
            location: connection.location,
            applied: report.applied,
            schema: report.current.at(-1) ?? null,
          });
          return;
        }
        const applied =
          report.applied.length > 0 ? `applied ${report.applied.join(', ')}` : 'already up to date';
        process.stdout.write(
          `${connection.backend} ${connection.location}: ${applied} (schema ${report.current.at(-1) ?? 'empty'})\n`,
        );
      } finally {
        await connection.close();
      }
    });

  program
    .command('cleanup')
    .description('archive or delete data older than a span (retention.older_than, retention.mode)')
    .option('--older-than <span>', 'e.g. 90d, 12h, 2w (default retention.older_than)', parseOlderThan)
    .option('--mode <mode>', 'archive or delete (default retention.mode)', parseMode)
    .option('--json', 'print the counts as JSON')
    .action(async (options: { olderThan?: string; mode?: 'archive' | 'delete'; json?: boolean }) => {
      const { cleanup, openStore } = await import('../store/index.js');
      const { settings } = load();
      const olderThan = options.olderThan ?? settings.retention.older_than;
      const mode = options.mode ?? settings.retention.mode;
      const store = await openStore(settings.database);
      try {
        const report = await cleanup(store, { olderThanMs: parseDuration(olderThan), mode });
        if (options.json) {
          printJson({
            mode,
            older_than: olderThan,
            before: report.before,
            conversations_archived: report.conversationsArchived,
            conversations_deleted: report.conversationsDeleted,
            calls_deleted: report.callsDeleted,
            events_deleted: report.eventsDeleted,
            tasks_deleted: report.tasksDeleted,
          });
          return;
        }
        const counts =
          mode === 'archive'
            ? `${report.conversationsArchived} conversations archived`
            : `${report.conversationsDeleted} conversations, ${report.callsDeleted} calls, ` +
              `${report.eventsDeleted} events, ${report.tasksDeleted} completed tasks deleted`;
        process.stdout.write(
          `cleanup (${mode}, older than ${olderThan}, before ${report.before}): ${counts}\n`,
        );
      } finally {
        await store.close();
      }
    });

  program
    .command('backup')
    .description('copy the SQLite database consistently, even while the server runs (online backup)')
    .option(
      '--out <file>',
      'where to write the copy (default: backups/loremaster-<time>.db beside the database)',
    )
    .option('--json', 'print where the copy was written as JSON')
    .action(async (options: { out?: string; json?: boolean }) => {
      const { backupSqlite, connect } = await import('../store/index.js');
      const { settings } = load();
      if (settings.database.url) {
        process.stderr.write(
          'loremaster: backup copies the SQLite store; this server uses PostgreSQL (DATABASE_URL): use pg_dump, ' +
            'e.g. pg_dump --format=custom "$DATABASE_URL" > loremaster.dump\n',
        );
        process.exitCode = 1;
        return;
      }
      if (!existsSync(resolve(settings.database.sqlite_path))) {
        process.stderr.write(
          `loremaster: no database at ${resolve(settings.database.sqlite_path)} to back up\n`,
        );
        process.exitCode = 1;
        return;
      }
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      // By default beside the database, so a backup lands on the same volume the data lives on.
      const out = resolve(
        options.out ??
          join(dirname(resolve(settings.database.sqlite_path)), 'backups', `loremaster-${stamp}.db`),
      );
      // No migration here: a backup copies the database as it is.
      const connection = connect(settings.database);
      try {
        // One step copies one snapshot (store/backup.ts): there is no partial progress to show.
        process.stderr.write(`backing up ${connection.location}…\n`);
        const report = await backupSqlite(connection, out);
        if (options.json) {
          printJson({ source: connection.location, file: report.file, pages: report.pages });
          return;
        }
        process.stdout.write(
          `backup of ${connection.location} written to ${report.file} (${report.pages} pages)\n`,
        );
      } finally {
        await connection.close();
      }
    });
}

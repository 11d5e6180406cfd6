/**
 * Online backup of the SQLite file with SQLite's backup API (better-sqlite3 `db.backup()`): the copy
 * is a consistent snapshot even while the server keeps writing. PostgreSQL has pg_dump for this.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Connection } from './connect.js';

export interface BackupReport {
  file: string;
  pages: number;
}

export async function backupSqlite(connection: Connection, out: string): Promise<BackupReport> {
  if (!connection.sqlite) {
    throw new Error(
      'Online backup is for the SQLite store; on PostgreSQL use pg_dump, e.g. pg_dump --format=custom "$DATABASE_URL" > loremaster.dump',
    );
  }
  const file = resolve(out);
  mkdirSync(dirname(file), { recursive: true });
  // All remaining pages in one step: a step-by-step copy restarts whenever another process (the
  // running server) writes between steps, and on a busy server it might never finish. One step reads
  // a single snapshot; in WAL mode that blocks no writer.
  const result = await connection.sqlite.backup(file, { progress: ({ remainingPages }) => remainingPages });
  return { file, pages: result.totalPages };
}

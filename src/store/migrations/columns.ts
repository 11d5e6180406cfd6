/** The few column types that differ between SQLite and PostgreSQL. */
import type { ColumnDefinitionBuilder } from 'kysely';
import type { Backend } from '../connect.js';

/** An integer id the database assigns: `integer primary key autoincrement` / `bigserial primary key`. */
export function autoId(backend: Backend) {
  return backend === 'sqlite' ? 'integer' : 'bigserial';
}

export function autoIdPrimaryKey(backend: Backend) {
  // AUTOINCREMENT on SQLite: an id is never reused after a delete, so cursors and references stay valid.
  return (column: ColumnDefinitionBuilder) =>
    backend === 'sqlite' ? column.primaryKey().autoIncrement() : column.primaryKey();
}

export function blob(backend: Backend) {
  return backend === 'sqlite' ? 'blob' : 'bytea';
}

export function double(backend: Backend) {
  return backend === 'sqlite' ? 'real' : 'double precision';
}

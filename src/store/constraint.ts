/**
 * Which store errors mean "a unique key is taken": two writers raced to the same row (two requests
 * creating one entity at once on PostgreSQL; SQLite serialises writes, but a re-run can still meet a
 * row another wrote). The layers above answer a 409, not a 500; the drivers' codes stay here.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The fuzz suite (test/support/fuzz-suite.ts) on PostgreSQL, a database of its own: PostgreSQL refuses
 * what SQLite takes (a NUL in text, numbers past a column's range), so an input clean on SQLite can be
 * a 500 here. Fewer runs per operation than on SQLite (FUZZ_RUNS overrides both).
 */
import { defineFuzzSuite } from '../support/fuzz-suite.js';
import { createTestDatabase } from '../support/postgres.js';

defineFuzzSuite({ database: createTestDatabase, runs: 4 });

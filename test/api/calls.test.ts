/** The call log over HTTP on SQLite (the suite: calls-suite.ts). */
import { callLogSuite, onSqlite } from './calls-suite.js';

callLogSuite('SQLite', onSqlite);

/**
 * No input makes a 5xx, and every error has the one shape (issue 15, points 1 and 2), on SQLite: the
 * suite in test/support/fuzz-suite.ts (requests generated from /openapi.json with fast-check, junk on
 * every WebSocket, a corpus of known-bad inputs) against a real server on a real SQLite file.
 */
import { defineFuzzSuite } from '../support/fuzz-suite.js';

defineFuzzSuite();

/** `Idempotency-Key` on turns over HTTP and WebSocket, on SQLite (the suite: idempotency-suite.ts). */
import { startLoremaster } from '../support/loremaster.js';
import { idempotencySuite } from './idempotency-suite.js';

idempotencySuite('SQLite', (options) => startLoremaster(options));

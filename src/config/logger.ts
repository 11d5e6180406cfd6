/**
 * Structured logs (pino). Keys, tokens and authorization headers are redacted by path, and every line
 * written passes through redaction by value (redact.ts): a secret quoted in a message, an error or any
 * field shows as `[REDACTED]`.
 */
import { pino } from 'pino';
import { redactSecrets } from './redact.js';

export type Logger = pino.Logger;

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["sec-websocket-protocol"]',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.apiKey',
  '*.api_key',
  '*.authorization',
  'apiKey',
  'api_key',
  'secrets',
  '*.secrets',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      hooks: { streamWrite: redactSecrets },
    },
    destination,
  );
}

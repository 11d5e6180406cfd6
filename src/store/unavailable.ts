/**
 * Whether an error means the database cannot be reached right now (down, restarting, the connection
 * cut), as opposed to a bad query: callers answer those 503 and try again later. Knows the drivers'
 * codes so that nothing outside `store/` has to.
 */
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
/** PostgreSQL: class 08 (connection exception), and the server shutting down or starting. */
const PG_CODES = new Set(['57P01', '57P02', '57P03']);
const MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

export function isStoreUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (NODE_CODES.has(code) || PG_CODES.has(code) || code.startsWith('08')))
      return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    // AggregateError (a connect to several addresses) and wrapped causes.
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((inner) => isStoreUnavailable(inner))) return true;
    current = cause;
  }
  return false;
}

/**
 * Each request's logger, made the first time the request logs. Fastify gives every request a child
 * of the server's logger bound to its request id; pino's `child` (its bindings serialised and
 * redacted) was about 30 µs of every request's path in a V8 profile of 50 model-paced streams
 * (bench/gateway), and with request logging off most requests never log. The child is the same one
 * Fastify would make (same bindings and options), only later.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LevelWithSilentOrString } from 'pino';

type Method = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** pino's log methods are overloaded; a call passes its arguments on as they came. */
function write(logger: FastifyBaseLogger, method: Method, args: unknown[]): void {
  (logger[method] as (...args: unknown[]) => void).apply(logger, args);
}

export class LazyRequestLogger implements FastifyBaseLogger {
  #made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get made(): FastifyBaseLogger {
    this.#made ??= this.parent.child(this.bindings, this.options);
    return this.#made;
  }

  get level(): LevelWithSilentOrString {
    return this.#made?.level ?? this.options.level ?? this.parent.level;
  }

  set level(level: LevelWithSilentOrString) {
    this.made.level = level;
  }

  fatal(...args: unknown[]): void {
    write(this.made, 'fatal', args);
  }
  error(...args: unknown[]): void {
    write(this.made, 'error', args);
  }
  warn(...args: unknown[]): void {
    write(this.made, 'warn', args);
  }
  info(...args: unknown[]): void {
    write(this.made, 'info', args);
  }
  debug(...args: unknown[]): void {
    write(this.made, 'debug', args);
  }
  trace(...args: unknown[]): void {
    write(this.made, 'trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.made.child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: the request's logger, made on first use. */
export function lazyRequestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, options);
}

/**
 * A request's logger, made only when the request logs. Fastify builds a pino child logger
 * (with the request id) for every request; most requests of a quiet app never log, and the
 * child costs about a microsecond each. This stands in for it and builds the same child on
 * first use, so the lines it writes are exactly the child's.
 */
import type { FastifyBaseLogger } from "fastify";

type Bindings = Record<string, unknown>;
type ChildOptions = Parameters<FastifyBaseLogger["child"]>[1];
type Level = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

class LazyChildLogger implements FastifyBaseLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildOptions;
  #child: FastifyBaseLogger | undefined;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  get level(): string {
    return this.#child?.level ?? this.#options?.level ?? this.#parent.level;
  }

  set level(level: string) {
    this.#logger().level = level;
  }

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#logger().child(bindings, options);
  }

  fatal(...args: unknown[]): void {
    this.#log("fatal", args);
  }

  error(...args: unknown[]): void {
    this.#log("error", args);
  }

  warn(...args: unknown[]): void {
    this.#log("warn", args);
  }

  info(...args: unknown[]): void {
    this.#log("info", args);
  }

  debug(...args: unknown[]): void {
    this.#log("debug", args);
  }

  trace(...args: unknown[]): void {
    this.#log("trace", args);
  }

  silent(...args: unknown[]): void {
    this.#log("silent", args);
  }

  #logger(): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options));
  }

  // The arguments go on untouched: pino reads them by position (object, message, format args).
  #log(level: Level, args: unknown[]): void {
    const logger = this.#logger();
    Reflect.apply(logger[level], logger, args);
  }
}

/**
 * A `childLoggerFactory` for Fastify: each request's logger becomes a child of `parent` on
 * first use. The logger Fastify passes is ignored: `parent` is the app's, which Fastify is
 * not given (http-server.ts).
 */
export function lazyChildLoggers(parent: FastifyBaseLogger): (unused: FastifyBaseLogger, bindings: Bindings, options: ChildOptions) => FastifyBaseLogger {
  return (_unused, bindings, options) => new LazyChildLogger(parent, bindings, options);
}

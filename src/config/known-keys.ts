/**
 * The keys WebFluid itself reads: their types, defaults and aliases.
 */
import type { ConfigValue, ValueKind } from "./values.ts";

/**
 * Typed config keys. Extensions and apps add their own by declaration merging:
 *
 * @example
 * ```ts
 * declare module "webfluid" {
 *   interface FluidConfig { MYEXT_BAR: string }
 * }
 * app.config.get("MYEXT_BAR"); // string
 * ```
 */
export interface FluidConfig {
  /** The app package folder, relative to the project root. */
  PACKAGE: string;
  /** The app factory exported by `<PACKAGE>/main.ts`. */
  FACTORY: string;
  HOST: string;
  PORT: number;
  DEBUG: boolean;
  SECRET_KEY: string | undefined;
  /** Third-party extensions to load: package names or paths relative to the project root. */
  EXTENSIONS: readonly string[];
  /** Largest accepted request body, in bytes; larger ones get a 413. */
  MAX_CONTENT_LENGTH: number;
  LOG_LEVEL: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Log one line per request. */
  ACCESS_LOG: boolean;
  /** Trust X-Forwarded-* headers (behind a proxy): true, or Fastify's trustProxy forms. */
  TRUST_PROXY: boolean | string | number;
  /** Seconds a graceful shutdown waits for in-flight requests and jobs. */
  SHUTDOWN_TIMEOUT: number;
  // HTTP limits: how long a client may take to send a request or keep an idle connection.
  /** Seconds a client has to send a whole request, headers and body; a slower one gets a 408 and is disconnected. */
  REQUEST_TIMEOUT: number;
  /** Seconds a client has to send a request's headers (at most REQUEST_TIMEOUT). */
  REQUEST_HEADER_TIMEOUT: number;
  /** Seconds an idle keep-alive connection waits for its next request before it is closed. */
  KEEPALIVE_TIMEOUT: number;
  SESSION_COOKIE_SECURE: boolean;
  EXT_SQLALCHEMY: boolean;
  DATABASE_URI: string | undefined;
  SQLALCHEMY_BINDS: Readonly<Record<string, string>>;
  /** Log every SQL statement. */
  SQLALCHEMY_ECHO: boolean;
  EXT_SCHEDULER: boolean;
  SCHEDULER_JOBSTORE: string;
}

/** Framework defaults: the lowest layer of every app's config. */
export const FRAMEWORK_DEFAULTS: Readonly<Record<string, ConfigValue>> = {
  PACKAGE: "fluid",
  FACTORY: "createApp",
  HOST: "127.0.0.1",
  PORT: 8000,
  DEBUG: false,
  EXTENSIONS: [],
  MAX_CONTENT_LENGTH: 1024 * 1024,
  LOG_LEVEL: "info",
  ACCESS_LOG: false,
  TRUST_PROXY: false,
  SHUTDOWN_TIMEOUT: 30,
  // HTTP limits
  REQUEST_TIMEOUT: 30,
  REQUEST_HEADER_TIMEOUT: 10,
  KEEPALIVE_TIMEOUT: 5,
  SESSION_COOKIE_SECURE: false,
};

/** Kinds of known keys that have no default value. */
export const DECLARED_KINDS: Readonly<Record<string, ValueKind>> = {
  SECRET_KEY: "string",
  DATABASE_URI: "string",
  SQLALCHEMY_BINDS: "object",
  SCHEDULER_JOBSTORE: "string",
};

/** The numbers a numeric key accepts, checked wherever the value comes from. */
export interface NumberRule {
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer: boolean;
}

/** Ranges of numeric keys, so that `wf config` already refuses a value the server would. */
export const NUMBER_RULES: Readonly<Record<string, NumberRule>> = {
  // 0 asks the system for a free port.
  PORT: { min: 0, max: 65535, integer: true },
  // Fastify refuses more than 2^31 - 1.
  MAX_CONTENT_LENGTH: { min: 1, max: 2 ** 31 - 1, integer: true },
  SHUTDOWN_TIMEOUT: { min: 0, max: 86400, integer: false },
};

/** Short names accepted everywhere; the docs use the canonical name. */
export const KEY_ALIASES: Readonly<Record<string, string>> = {
  EXT_DB: "EXT_SQLALCHEMY",
  DATABASE_BINDS: "SQLALCHEMY_BINDS",
};

export function canonicalKey(key: string): string {
  return KEY_ALIASES[key] ?? key;
}

/** The kind a key expects when no default says it: switches (`EXT_*`) are booleans. */
export function declaredKind(key: string): ValueKind | undefined {
  if (key.startsWith("EXT_")) return "boolean";
  return DECLARED_KINDS[key];
}

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
  // Mail (webfluid/mail): defaults come with the extension (src/mail/extension.ts).
  EXT_MAIL: boolean;
  MAIL_SERVER: string;
  MAIL_PORT: number;
  /** Implicit TLS from the first byte (port 465). */
  MAIL_USE_TLS: boolean;
  /** Upgrade a plain connection with STARTTLS, and refuse to send without it. */
  MAIL_USE_STARTTLS: boolean;
  /** Seconds to wait for the server: connecting, its greeting, each answer. */
  MAIL_TIMEOUT: number;
  MAIL_USERNAME: string | undefined;
  MAIL_PASSWORD: string | undefined;
  /** The sender of messages without `from`: default MAIL_USERNAME, else noreply@example.com. */
  MAIL_DEFAULT_SENDER: string | undefined;
  /** Where messages go: `smtp`, `console` (printed) or `memory` (an outbox tests read). */
  MAIL_BACKEND: "smtp" | "console" | "memory";
  /** `memory` (send() is lost with the process) or a postgresql:// URI (a durable queue). */
  MAIL_QUEUE: string;
  /** A PEM file of certificate authorities to trust for the server's certificate, beside the system ones. */
  MAIL_TLS_CA: string | undefined;
  /** SMTP connections the pool opens at most. */
  MAIL_MAX_CONNECTIONS: number;
  /** How often mail.send() tries again after a temporary failure (4xx, connection). */
  MAIL_RETRIES: number;
  /** Seconds before the first retry; each next one waits twice as long. */
  MAIL_RETRY_DELAY: number;
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
const DECLARED_KINDS: Readonly<Record<string, ValueKind>> = {
  SECRET_KEY: "string",
  DATABASE_URI: "string",
  SQLALCHEMY_BINDS: "object",
  SCHEDULER_JOBSTORE: "string",
  // Mail
  MAIL_USERNAME: "string",
  MAIL_PASSWORD: "string",
  MAIL_DEFAULT_SENDER: "string",
  MAIL_TLS_CA: "string",
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

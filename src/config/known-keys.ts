/**
 * The keys WebFluid itself reads: their types, defaults and aliases.
 */
import { isIP } from "node:net";
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
  /** Third-party extensions to load: package names or paths relative to the project root. */
  EXTENSIONS: readonly string[];
  /** Largest accepted request body, in bytes; larger ones get a 413. */
  MAX_CONTENT_LENGTH: number;
  LOG_LEVEL: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** `json` lines, `pretty` coloured lines, or `auto`: pretty on a terminal, JSON otherwise. */
  LOG_FORMAT: "auto" | "json" | "pretty";
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
  EXT_SQLALCHEMY: boolean;
  DATABASE_URI: string | undefined;
  SQLALCHEMY_BINDS: Readonly<Record<string, string>>;
  /** Log every SQL statement. */
  SQLALCHEMY_ECHO: boolean;
  EXT_SCHEDULER: boolean;
  SCHEDULER_JOBSTORE: string;

  // Cookies, sessions and CSRF protection (docs/security.md), with Flask's names and defaults.
  /** Signs session and signed cookies; sessions and CSRF protection need it. */
  SECRET_KEY: string | undefined;
  /** Older keys, still accepted when reading cookies, never used to sign new ones (rotation). */
  SECRET_KEY_FALLBACKS: readonly string[];
  SESSION_COOKIE_NAME: string;
  /** Send the session cookie over HTTPS only. */
  SESSION_COOKIE_SECURE: boolean;
  SESSION_COOKIE_HTTPONLY: boolean;
  SESSION_COOKIE_SAMESITE: "Lax" | "Strict" | "None";
  SESSION_COOKIE_DOMAIN: string | undefined;
  SESSION_COOKIE_PATH: string;
  /** Seconds a session lives after its last save (31 days). */
  PERMANENT_SESSION_LIFETIME: number;
  /** Send a permanent session's cookie again on every request, so that it lives on while used. */
  SESSION_REFRESH_EACH_REQUEST: boolean;
  /** Where session data lives: `cookie` (signed, in the cookie), `redis://...`, `db` or `db:<bind>`. */
  SESSION_STORE: string;
  /** Prefix of the session keys in Redis. */
  SESSION_KEY_PREFIX: string;
  /** CSRF protection of unsafe methods while the app has a SECRET_KEY (off in some test configs). */
  WTF_CSRF_ENABLED: boolean;
  // Security headers, CORS and rate limits (src/web/security-headers.ts, cors.ts, rate-limit.ts; docs/security.md).
  /** Send the security headers at all. */
  SECURITY_HEADERS: boolean;
  /** The Content-Security-Policy header; empty for none; unset for helmet's default policy. */
  CONTENT_SECURITY_POLICY: string | undefined;
  /** Send the policy as Content-Security-Policy-Report-Only: browsers report violations but block nothing. */
  CONTENT_SECURITY_POLICY_REPORT_ONLY: boolean;
  /** `DENY` or `SAMEORIGIN`; empty for no X-Frame-Options header. */
  X_FRAME_OPTIONS: string;
  /** Referrer-Policy tokens, comma-separated; empty for no header. */
  SECURE_REFERRER_POLICY: string;
  /** Strict-Transport-Security max-age in seconds; 0 for no header. */
  SECURE_HSTS_SECONDS: number;
  SECURE_HSTS_INCLUDE_SUBDOMAINS: boolean;
  SECURE_HSTS_PRELOAD: boolean;
  /** Cross-Origin-Opener-Policy; empty for no header. */
  SECURE_CROSS_ORIGIN_OPENER_POLICY: string;
  /** Cross-Origin-Resource-Policy; empty for no header. */
  SECURE_CROSS_ORIGIN_RESOURCE_POLICY: string;
  /** Origins allowed to read responses cross-origin (`https://app.example.com`, or `*`); CORS is off while unset. */
  CORS_ORIGINS: readonly string[] | undefined;
  /** Let allowed origins send cookies and read credentialed responses (never with `*`). */
  CORS_SUPPORTS_CREDENTIALS: boolean;
  /** Methods a preflight allows. */
  CORS_METHODS: readonly string[];
  /** Request headers a preflight allows; unset allows those the browser asks for. */
  CORS_ALLOW_HEADERS: readonly string[] | undefined;
  /** Response headers scripts of allowed origins may read, beyond the safelisted ones. */
  CORS_EXPOSE_HEADERS: readonly string[] | undefined;
  /** Seconds a browser may cache a preflight answer; unset sends no Access-Control-Max-Age. */
  CORS_MAX_AGE: number | undefined;
  /** Limits every route gets: `100/minute`, `100 per minute`, several separated by `;`. */
  RATELIMIT_DEFAULT: string | undefined;
  /** Turns every rate limit off (the default ones and the routes' own). */
  RATELIMIT_ENABLED: boolean;
  /** `memory://` (per process), or `redis://host:port/db` / `rediss://` to share limits across processes. */
  RATELIMIT_STORAGE_URI: string;
  /** Prefix of the counters' keys in the storage (default `ratelimit:<app config name>:`). */
  RATELIMIT_KEY_PREFIX: string | undefined;
  /** When the storage fails: true lets requests through with a logged warning, false answers 503. */
  RATELIMIT_SWALLOW_ERRORS: boolean;
  // The OpenAPI document and docs pages (docs/app.md#openapi-and-docs).
  /** Where the OpenAPI document is served; empty (or null) for none, which turns the pages off too. */
  OPENAPI_URL: string | null;
  /** Where Swagger UI is served; empty (or null) for none. */
  DOCS_URL: string | null;
  /** Where ReDoc is served (with the `redoc` package installed); empty (or null) for none. */
  REDOC_URL: string | null;
  /** The document's title; unset: the app config name. */
  OPENAPI_TITLE: string | undefined;
  /** The API's version, in the document. */
  OPENAPI_VERSION: string;
  /** The API's description (Markdown), in the document. */
  OPENAPI_DESCRIPTION: string | undefined;
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
  LOG_FORMAT: "auto",
  ACCESS_LOG: false,
  TRUST_PROXY: false,
  SHUTDOWN_TIMEOUT: 30,
  // HTTP limits
  REQUEST_TIMEOUT: 30,
  REQUEST_HEADER_TIMEOUT: 10,
  KEEPALIVE_TIMEOUT: 5,
  // Cookies, sessions and CSRF protection.
  SECRET_KEY_FALLBACKS: [],
  SESSION_COOKIE_NAME: "session",
  SESSION_COOKIE_SECURE: false,
  SESSION_COOKIE_HTTPONLY: true,
  SESSION_COOKIE_SAMESITE: "Lax",
  SESSION_COOKIE_PATH: "/",
  PERMANENT_SESSION_LIFETIME: 31 * 24 * 60 * 60,
  SESSION_REFRESH_EACH_REQUEST: true,
  SESSION_STORE: "cookie",
  SESSION_KEY_PREFIX: "session:",
  WTF_CSRF_ENABLED: true,

  // Security headers, CORS and rate limits (docs/security.md).
  SECURITY_HEADERS: true,
  CONTENT_SECURITY_POLICY_REPORT_ONLY: false,
  X_FRAME_OPTIONS: "SAMEORIGIN",
  SECURE_REFERRER_POLICY: "no-referrer",
  SECURE_HSTS_SECONDS: 31536000,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: true,
  SECURE_HSTS_PRELOAD: false,
  SECURE_CROSS_ORIGIN_OPENER_POLICY: "same-origin",
  SECURE_CROSS_ORIGIN_RESOURCE_POLICY: "same-origin",
  CORS_SUPPORTS_CREDENTIALS: false,
  CORS_METHODS: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
  RATELIMIT_ENABLED: true,
  RATELIMIT_STORAGE_URI: "memory://",
  RATELIMIT_SWALLOW_ERRORS: true,
  // The OpenAPI document and docs pages.
  OPENAPI_URL: "/openapi.json",
  DOCS_URL: "/docs",
  REDOC_URL: "/redoc",
  OPENAPI_VERSION: "0.1.0",
};

/** Kinds of known keys that have no default value, or whose default does not say it. */
export const DECLARED_KINDS: Readonly<Record<string, ValueKind>> = {
  TRUST_PROXY: "auto",
  DATABASE_URI: "string",
  SQLALCHEMY_BINDS: "object",
  SCHEDULER_JOBSTORE: "string",
  // Cookies, sessions and CSRF protection.
  SECRET_KEY: "string",
  SESSION_COOKIE_DOMAIN: "string",
  // Security headers, CORS and rate limits.
  CONTENT_SECURITY_POLICY: "string",
  CORS_ORIGINS: "list",
  CORS_ALLOW_HEADERS: "list",
  CORS_EXPOSE_HEADERS: "list",
  CORS_MAX_AGE: "number",
  RATELIMIT_DEFAULT: "string",
  RATELIMIT_KEY_PREFIX: "string",
  OPENAPI_TITLE: "string",
  OPENAPI_DESCRIPTION: "string",
  // Mail
  MAIL_USERNAME: "string",
  MAIL_PASSWORD: "string",
  MAIL_DEFAULT_SENDER: "string",
  MAIL_TLS_CA: "string",
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

/** The words a key accepts, checked wherever the value comes from. */
export const CHOICE_RULES: Readonly<Record<string, readonly string[]>> = {
  LOG_LEVEL: ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
  LOG_FORMAT: ["auto", "json", "pretty"],
};

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * Why a TRUST_PROXY value is not one Fastify's `trustProxy` takes (true/false, a hop count,
 * addresses and subnets), or undefined when it is: Fastify would otherwise fail on the first
 * request's address with an uncoded "invalid IP address", or trust what it should not.
 */
export function trustProxyProblem(value: unknown): string | undefined {
  const expected = "true/false, a whole number of proxies, or proxy addresses and subnets separated by commas (10.0.0.1, 10.0.0.0/8, loopback)";
  if (typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? undefined : expected;
  const entries = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : undefined;
  return entries?.every((entry) => isProxyAddress(String(entry).trim())) ? undefined : expected;
}

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  const version = isIP(address ?? "");
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return (/^\d+$/.test(prefix) && bits <= (version === 4 ? 32 : 128)) || (version === 4 && isIP(prefix) === 4);
}

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

/**
 * The mail settings of an app, read once from its config and checked: keys that contradict
 * each other (a user name without a password, TLS and STARTTLS both on) fail here, at start,
 * not at the first message.
 */
import type { Config } from "../config/index.ts";
import { mailErrors } from "./errors.ts";

/** Where messages go. */
export type MailBackendName = "smtp" | "console" | "memory";

/** An app's mail settings, from its `MAIL_*` keys. */
export interface MailSettings {
  readonly backend: MailBackendName;
  readonly server: string;
  readonly port: number;
  /** Implicit TLS from the first byte (`MAIL_USE_TLS`). */
  readonly useTls: boolean;
  /** Upgrade with STARTTLS, and refuse to go on without it (`MAIL_USE_STARTTLS`). */
  readonly useStarttls: boolean;
  readonly timeoutMs: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** The sender of messages without `from`; undefined when MAIL_DEFAULT_SENDER is set empty. */
  readonly defaultSender: string | undefined;
  /** `memory`, or the postgresql:// URI of the durable queue. */
  readonly queue: string;
  /** A PEM file of extra certificate authorities to trust. */
  readonly tlsCa: string | undefined;
  readonly maxConnections: number;
  /** How often send() tries again after a temporary failure (a 4xx answer, a dropped connection). */
  readonly retries: number;
  /** The wait before the first retry; each next one waits twice as long. */
  readonly retryDelayMs: number;
}

/** The extension's defaults, the original's: a local server on the submission port, with STARTTLS. */
export const MAIL_DEFAULTS = {
  MAIL_BACKEND: "smtp",
  MAIL_SERVER: "localhost",
  MAIL_PORT: 587,
  MAIL_USE_TLS: false,
  MAIL_USE_STARTTLS: true,
  MAIL_TIMEOUT: 10,
  MAIL_QUEUE: "memory",
  MAIL_MAX_CONNECTIONS: 5,
  MAIL_RETRIES: 5,
  MAIL_RETRY_DELAY: 5,
} as const;

const BACKENDS: readonly string[] = ["smtp", "console", "memory"];

function text(config: Config, key: string): string | undefined {
  const value = config.get(key);
  if (value === undefined || value === null || value === "") return undefined;
  return String(value);
}

function positive(config: Config, key: string, fallback: number, integer: boolean): number {
  const value = config.get(key) ?? fallback;
  if (typeof value !== "number" || !(value > 0) || (integer && !Number.isInteger(value))) {
    throw mailErrors.badConfig(key, `must be a positive ${integer ? "whole " : ""}number, not ${JSON.stringify(value)}`);
  }
  return value;
}

function retries(config: Config): number {
  const value = config.get("MAIL_RETRIES") ?? MAIL_DEFAULTS.MAIL_RETRIES;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw mailErrors.badConfig("MAIL_RETRIES", `must be a whole number, 0 or more, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** MAIL_DEFAULT_SENDER, else the user name when it is an address, else noreply@example.com; set empty, none. */
function defaultSender(configured: unknown, username: string | undefined): string | undefined {
  if (configured === "") return undefined;
  if (configured !== undefined && configured !== null) return String(configured);
  return username?.includes("@") ? username : "noreply@example.com";
}

/**
 * Reads and checks the `MAIL_*` keys of `config`.
 *
 * @throws MailError `WF_ERR_MAIL_BAD_CONFIG` naming the key at fault.
 */
export function readMailSettings(config: Config): MailSettings {
  const backend = text(config, "MAIL_BACKEND") ?? MAIL_DEFAULTS.MAIL_BACKEND;
  if (!BACKENDS.includes(backend)) throw mailErrors.badConfig("MAIL_BACKEND", `is "${backend}": set it to smtp, console or memory`);
  const username = text(config, "MAIL_USERNAME");
  const password = text(config, "MAIL_PASSWORD");
  if ((username === undefined) !== (password === undefined)) {
    const [set, unset] = username === undefined ? ["MAIL_PASSWORD", "MAIL_USERNAME"] : ["MAIL_USERNAME", "MAIL_PASSWORD"];
    throw mailErrors.badConfig(set, `is set but ${unset} is not: set both to log in, or neither`);
  }
  const useTls = config.get("MAIL_USE_TLS") ?? MAIL_DEFAULTS.MAIL_USE_TLS;
  const useStarttls = config.get("MAIL_USE_STARTTLS") ?? MAIL_DEFAULTS.MAIL_USE_STARTTLS;
  if (useTls === true && useStarttls === true) {
    throw mailErrors.badConfig(
      "MAIL_USE_TLS",
      "and MAIL_USE_STARTTLS are both on: use MAIL_USE_TLS = 1 with MAIL_USE_STARTTLS = 0 for implicit TLS (port 465), or MAIL_USE_STARTTLS alone (port 587)",
    );
  }
  const queue = text(config, "MAIL_QUEUE") ?? MAIL_DEFAULTS.MAIL_QUEUE;
  if (queue !== "memory" && !/^postgres(ql)?:\/\//.test(queue)) {
    throw mailErrors.badConfig("MAIL_QUEUE", `is "${queue}": set it to memory or a postgresql:// URI`);
  }
  const port = positive(config, "MAIL_PORT", MAIL_DEFAULTS.MAIL_PORT, true);
  if (port > 65535) throw mailErrors.badConfig("MAIL_PORT", `must be a port number (1-65535), not ${port}`);
  return {
    backend: backend as MailBackendName,
    server: text(config, "MAIL_SERVER") ?? MAIL_DEFAULTS.MAIL_SERVER,
    port,
    useTls: useTls === true,
    useStarttls: useStarttls === true,
    timeoutMs: positive(config, "MAIL_TIMEOUT", MAIL_DEFAULTS.MAIL_TIMEOUT, false) * 1000,
    username,
    password,
    defaultSender: defaultSender(config.get("MAIL_DEFAULT_SENDER"), username),
    queue,
    tlsCa: text(config, "MAIL_TLS_CA"),
    maxConnections: positive(config, "MAIL_MAX_CONNECTIONS", MAIL_DEFAULTS.MAIL_MAX_CONNECTIONS, true),
    retries: retries(config),
    retryDelayMs: positive(config, "MAIL_RETRY_DELAY", MAIL_DEFAULTS.MAIL_RETRY_DELAY, false) * 1000,
  };
}

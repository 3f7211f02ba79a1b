/**
 * How long a client may take: to send a request's headers, the whole request, and the next
 * request on an idle keep-alive connection. Read from the config (seconds) and checked, so
 * that every app has finite limits a slow client cannot outwait.
 */
import { ConfigError, ConfigErrorCode, type Config } from "../config/index.ts";

/** The server's timeouts, in milliseconds, as Node's `http.Server` names them. */
export interface HttpLimits {
  readonly requestTimeout: number;
  readonly headersTimeout: number;
  readonly keepAliveTimeout: number;
  /** How often Node checks requestTimeout and headersTimeout (Node's default is 30 s). */
  readonly connectionsCheckingInterval: number;
}

/** Longest accepted timeout: Node's socket timers cannot count further than about 24 days. */
const MAX_SECONDS = 86_400;
/** Often enough that a timeout is enforced within a second of being due. */
const CHECK_INTERVAL_MS = 500;

/** Reads REQUEST_TIMEOUT, REQUEST_HEADER_TIMEOUT and KEEPALIVE_TIMEOUT; a value that is not a positive number of seconds is a config error. */
export function httpLimits(config: Config): HttpLimits {
  const requestTimeout = milliseconds(config, "REQUEST_TIMEOUT");
  return {
    requestTimeout,
    // Node requires headers to be due no later than the whole request.
    headersTimeout: Math.min(milliseconds(config, "REQUEST_HEADER_TIMEOUT"), requestTimeout),
    keepAliveTimeout: milliseconds(config, "KEEPALIVE_TIMEOUT"),
    connectionsCheckingInterval: CHECK_INTERVAL_MS,
  };
}

function milliseconds(config: Config, key: "REQUEST_TIMEOUT" | "REQUEST_HEADER_TIMEOUT" | "KEEPALIVE_TIMEOUT"): number {
  const value: unknown = config.get(key);
  if (typeof value === "number" && Number.isFinite(value) && value > 0 && value <= MAX_SECONDS) {
    return Math.max(1, Math.round(value * 1000));
  }
  throw new ConfigError(
    ConfigErrorCode.BAD_VALUE,
    `${key} (${config.entry(key)?.source}) must be a number of seconds greater than 0 and at most ${MAX_SECONDS}; got ${JSON.stringify(value)}`,
  );
}

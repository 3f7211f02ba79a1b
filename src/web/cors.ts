/**
 * Cross-origin requests, through @fastify/cors: off until CORS_ORIGINS lists the origins
 * whose pages may call the app. Responses to those origins carry the CORS headers and their
 * preflights are answered; any other origin gets no CORS header at all (and its preflight a
 * 404), so the browser keeps its same-origin rule.
 */
import type { FastifyInstance } from "fastify";
import type fastifyCors from "@fastify/cors";
import { ConfigError, ConfigErrorCode, type Config } from "../config/index.ts";
import { lazyRequire } from "../lazy-require.ts";

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Answers cross-origin requests from CORS_ORIGINS; a no-op while it is unset or empty. */
export function installCors(fastify: FastifyInstance, config: Config): void {
  const origins = list(config, "CORS_ORIGINS")?.map((origin) => checkedOrigin(config, origin));
  if (!origins || origins.length === 0) return;
  const credentials = config.get("CORS_SUPPORTS_CREDENTIALS") === true;
  const anyOrigin = origins.includes("*");
  if (anyOrigin && credentials) {
    throw bad(
      config,
      "CORS_ORIGINS",
      'is "*" while CORS_SUPPORTS_CREDENTIALS is on: any site could then make requests with your users\' cookies and read the answers; ' +
        "list the origins that may (https://app.example.com), or turn CORS_SUPPORTS_CREDENTIALS off",
    );
  }
  const allowed = new Set(origins);
  const maxAge = config.get("CORS_MAX_AGE");
  if (maxAge !== undefined && (!Number.isInteger(maxAge) || maxAge < 0)) {
    throw bad(config, "CORS_MAX_AGE", `must be a whole number of seconds, got ${JSON.stringify(maxAge)}`);
  }
  fastify.register(lazyRequire<typeof fastifyCors>("@fastify/cors"), {
    // A function rather than the list: for an origin not listed, the plugin then sends no CORS
    // header at all (with a list it still sends Allow-Credentials and answers preflights).
    origin: anyOrigin ? "*" : (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials,
    methods: tokens(config, "CORS_METHODS")?.map((method) => method.toUpperCase()),
    allowedHeaders: tokens(config, "CORS_ALLOW_HEADERS") ?? null,
    exposedHeaders: tokens(config, "CORS_EXPOSE_HEADERS") ?? null,
    maxAge: maxAge ?? null,
    // An OPTIONS request from an allowed origin without Access-Control-Request-Method is
    // answered as a preflight, not with the plugin's plain-text 400.
    strictPreflight: false,
  } as fastifyCors.FastifyCorsOptions);
}

/** `https://app.example.com` as browsers send it in `Origin`, or `*`; anything else is a config error. */
function checkedOrigin(config: Config, origin: string): string {
  if (origin === "*") return origin;
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  const serialized = url && url.origin !== "null" ? url.origin : undefined;
  if (serialized === origin) return origin;
  const hint = serialized ? `; write ${JSON.stringify(serialized)}` : " (scheme://host[:port], e.g. https://app.example.com)";
  throw bad(config, "CORS_ORIGINS", `${JSON.stringify(origin)} is not an origin as browsers send it${hint}`);
}

/** A list key's items (a config class may give one string: comma-separated, as in the ini file). */
function list(config: Config, key: string): string[] | undefined {
  const value = config.get(key);
  if (value === undefined || value === null) return undefined;
  const items = typeof value === "string" ? value.split(",") : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== "string")) {
    throw bad(config, key, `must be a list of text, got ${JSON.stringify(value)}`);
  }
  return (items as string[]).map((item) => item.trim()).filter((item) => item !== "");
}

/** A list of HTTP method or header names. */
function tokens(config: Config, key: string): string[] | undefined {
  const items = list(config, key);
  const badItem = items?.find((item) => !TOKEN.test(item));
  if (badItem !== undefined) throw bad(config, key, `${JSON.stringify(badItem)} is not a method or header name`);
  return items;
}

function bad(config: Config, key: string, message: string): ConfigError {
  return new ConfigError(ConfigErrorCode.BAD_VALUE, `${key} (${config.entry(key)?.source}) ${message}`);
}

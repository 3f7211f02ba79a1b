/**
 * Security headers on every response (JSON, HTML, static files, 404s, errors): helmet's
 * defaults, each one named by a config key a Django or Flask-Talisman user knows, and per
 * route changed or switched off with the `securityHeaders` route option.
 *
 * The headers of the app and of each route that changes them are computed once, when the app
 * (or the route) is built, and one hook copies them onto each reply. @fastify/helmet instead
 * rebuilds helmet's middleware on every request, which doubled the CPU time of a small JSON
 * answer; its module still gives helmet's Content-Security-Policy builder, which checks and
 * writes the policy.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions as FastifyRouteOptions } from "fastify";
import { ConfigError, ConfigErrorCode, type Config } from "../config/index.ts";
import { lazyRequire } from "../lazy-require.ts";
import { webRouteOptions } from "./route-options.ts";

/**
 * A route's changes to the app's security headers (the `securityHeaders` route option); a
 * field left out keeps the app's value, `false` drops that header.
 *
 * @example
 * ```ts
 * // A page other sites may frame, with a policy that also allows a CDN's scripts:
 * app.get("/widget", {
 *   responseClass: HTMLResponse,
 *   securityHeaders: { frameOptions: false, contentSecurityPolicy: "default-src 'self'; script-src 'self' https://cdn.example.com" },
 * })(widget);
 * ```
 */
export interface SecurityHeadersOptions {
  /** The Content-Security-Policy of this route (`CONTENT_SECURITY_POLICY`'s syntax), or false for none. */
  readonly contentSecurityPolicy?: string | false;
  /** X-Frame-Options: `DENY`, `SAMEORIGIN`, or false for none. */
  readonly frameOptions?: "DENY" | "SAMEORIGIN" | false;
  /** Referrer-Policy tokens, comma-separated (`no-referrer`, `same-origin`, ...), or false for none. */
  readonly referrerPolicy?: string | false;
  /** Cross-Origin-Resource-Policy: `same-origin`, `same-site`, `cross-origin`, or false for none. */
  readonly crossOriginResourcePolicy?: "same-origin" | "same-site" | "cross-origin" | false;
}

type HeaderMap = Readonly<Record<string, string>>;

/** The headers helmet sends with fixed values whatever its options (switched off only all together). */
const FIXED_HEADERS: HeaderMap = {
  "origin-agent-cluster": "?1",
  "x-content-type-options": "nosniff",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-permitted-cross-domain-policies": "none",
  "x-xss-protection": "0",
};

/** The policy while CONTENT_SECURITY_POLICY is unset: helmet's default. */
const DEFAULT_CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; form-action 'self'; frame-ancestors 'self'; " +
  "img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' https: 'unsafe-inline'; " +
  "upgrade-insecure-requests";

const FRAME_OPTIONS = ["DENY", "SAMEORIGIN"];
const REFERRER_TOKENS = [
  "no-referrer", "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin",
  "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url",
];
const OPENER_POLICIES = ["same-origin", "same-origin-allow-popups", "noopener-allow-popups", "unsafe-none"];
const RESOURCE_POLICIES = ["same-origin", "same-site", "cross-origin"];

/** Where a route's own headers wait for its requests. */
const ROUTE_HEADERS = Symbol("webfluid.securityHeaders");

/** Where the app's headers wait for answers made outside the hooks (frameworkErrors). */
const APP_HEADERS = Symbol.for("webfluid.securityHeaders.app");

/** Sends the headers the config asks for on every response; a no-op when SECURITY_HEADERS is off. */
export function installSecurityHeaders(fastify: FastifyInstance, config: Config): void {
  if (!config.get("SECURITY_HEADERS")) return;
  const app = headersFromConfig(config);
  const appHeaders = withoutDropped({ ...FIXED_HEADERS, ...app });
  fastify.decorate(APP_HEADERS, appHeaders);
  // Routes are all added before the first request, so this is settled by then.
  let routesOwnHeaders = false;
  fastify.addHook("onRoute", (route: FastifyRouteOptions) => {
    const own = webRouteOptions(route).securityHeaders;
    if (own === undefined) return;
    routesOwnHeaders = true;
    const headers = own === false ? {} : { ...FIXED_HEADERS, ...app, ...routeHeaders(own) };
    route.config = { ...route.config, [ROUTE_HEADERS]: withoutDropped(headers) } as FastifyRouteOptions["config"];
  });
  // onRequest runs for every request, routed or not (404s), before anything can fail.
  fastify.addHook("onRequest", function securityHeaders(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    // request.routeOptions builds a new object on every read: only apps with routes of their own headers pay for it.
    const own = routesOwnHeaders ? (request.routeOptions.config as { [ROUTE_HEADERS]?: HeaderMap } | undefined)?.[ROUTE_HEADERS] : undefined;
    reply.headers(own ?? appHeaders);
    done();
  });
}

/**
 * The app's security headers, for an answer Fastify makes before any hook runs (a URL that is
 * not valid percent-encoding); undefined when SECURITY_HEADERS is off.
 */
export function appSecurityHeaders(fastify: FastifyInstance): HeaderMap | undefined {
  return (fastify as unknown as { [APP_HEADERS]?: HeaderMap })[APP_HEADERS];
}

/** A description of what is wrong with a route's `securityHeaders`, or undefined. */
export function securityHeadersProblem(options: false | SecurityHeadersOptions): string | undefined {
  if (options === false) return undefined;
  try {
    routeHeaders(options);
    return undefined;
  } catch (error) {
    return `securityHeaders: ${(error as Error).message}`;
  }
}

/**
 * The configurable headers by lower-case name; an empty value means the header is dropped
 * (kept until the end so that a route's `false` overrides the app's value).
 */
type Configurable = Record<string, string>;

function headersFromConfig(config: Config): Configurable {
  const fail = (key: string, message: string): never => {
    throw new ConfigError(ConfigErrorCode.BAD_VALUE, `${key} (${config.entry(key)?.source}): ${message}`);
  };
  const read = (key: string, build: (value: string) => string, unset?: string): string => {
    const value = config.get(key) ?? unset;
    if (typeof value !== "string") return fail(key, `must be text, got ${JSON.stringify(value)}`);
    try {
      return build(value.trim());
    } catch (error) {
      return fail(key, (error as Error).message);
    }
  };
  const hstsSeconds = config.get("SECURE_HSTS_SECONDS");
  if (!Number.isInteger(hstsSeconds) || hstsSeconds < 0) {
    fail("SECURE_HSTS_SECONDS", `must be a whole number of seconds (0 for no Strict-Transport-Security), got ${JSON.stringify(hstsSeconds)}`);
  }
  const reportOnly = config.get("CONTENT_SECURITY_POLICY_REPORT_ONLY") === true;
  const policy = read("CONTENT_SECURITY_POLICY", contentSecurityPolicy, DEFAULT_CONTENT_SECURITY_POLICY);
  return {
    "content-security-policy": reportOnly ? "" : policy,
    "content-security-policy-report-only": reportOnly ? policy : "",
    "cross-origin-opener-policy": read("SECURE_CROSS_ORIGIN_OPENER_POLICY", (value) => oneOf(value, OPENER_POLICIES)),
    "cross-origin-resource-policy": read("SECURE_CROSS_ORIGIN_RESOURCE_POLICY", (value) => oneOf(value, RESOURCE_POLICIES)),
    "referrer-policy": read("SECURE_REFERRER_POLICY", referrerPolicy),
    "strict-transport-security":
      hstsSeconds === 0
        ? ""
        : `max-age=${hstsSeconds}` +
          (config.get("SECURE_HSTS_INCLUDE_SUBDOMAINS") === true ? "; includeSubDomains" : "") +
          (config.get("SECURE_HSTS_PRELOAD") === true ? "; preload" : ""),
    "x-frame-options": read("X_FRAME_OPTIONS", (value) => oneOf(value.toUpperCase(), FRAME_OPTIONS)),
  };
}

/** The headers a route changes; throws an Error saying what is wrong. */
function routeHeaders(options: SecurityHeadersOptions): Configurable {
  const result: Configurable = {};
  const set = <T>(name: string, value: T | false | undefined, build: (value: T) => string) => {
    if (value !== undefined) result[name] = value === false ? "" : build(value);
  };
  if (options.contentSecurityPolicy !== undefined) {
    // A route's own policy is enforced, also when the app's only reports.
    result["content-security-policy-report-only"] = "";
    set("content-security-policy", options.contentSecurityPolicy, (policy) => contentSecurityPolicy(policy.trim()) || empty("contentSecurityPolicy"));
  }
  set("x-frame-options", options.frameOptions, (value) => oneOf(String(value).toUpperCase(), FRAME_OPTIONS) || empty("frameOptions"));
  set("referrer-policy", options.referrerPolicy, (value) => referrerPolicy(value.trim()) || empty("referrerPolicy"));
  set("cross-origin-resource-policy", options.crossOriginResourcePolicy, (value) => oneOf(String(value), RESOURCE_POLICIES) || empty("crossOriginResourcePolicy"));
  return result;
}

function empty(field: string): never {
  throw new Error(`${field} is empty; write false to drop the header`);
}

function withoutDropped(headers: Configurable): HeaderMap {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ""));
}

/**
 * `default-src 'self'; img-src 'self' data:` written by helmet's builder, which also checks
 * it (directive names, quoting); empty for none.
 */
function contentSecurityPolicy(policy: string): string {
  if (policy === "") return "";
  const directives: Record<string, string[]> = {};
  for (const part of policy.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    if (directives[name]) throw new Error(`the directive ${name} appears twice`);
    directives[name] = values;
  }
  if (!directives["default-src"]) throw new Error(`the policy needs a default-src directive (default-src 'self'; ...), or leave it empty for no policy`);
  const { contentSecurityPolicy: builder } = lazyRequire<{ contentSecurityPolicy: CspBuilder }>("@fastify/helmet");
  let header = "";
  builder({ useDefaults: false, directives })({}, { setHeader: (_name, value) => (header = value) }, (error) => {
    if (error) throw error;
  });
  return header;
}

/** helmet's contentSecurityPolicy, as far as it is used here. */
type CspBuilder = (options: { useDefaults: false; directives: Record<string, string[]> }) => (
  req: object,
  res: { setHeader(name: string, value: string): void },
  next: (error?: Error) => void,
) => void;

function referrerPolicy(value: string): string {
  if (value === "") return "";
  const tokens = value.split(",").map((token) => token.trim());
  const bad = tokens.find((token) => !REFERRER_TOKENS.includes(token));
  if (bad !== undefined) throw new Error(`unknown policy ${JSON.stringify(bad)}; use one or more of ${REFERRER_TOKENS.join(", ")}`);
  return tokens.join(",");
}

/** `value` when it is one of `allowed`, or empty. */
function oneOf(value: string, allowed: readonly string[]): string {
  if (value !== "" && !allowed.includes(value)) throw new Error(`must be one of ${allowed.join(", ")} (or empty for no header), got ${JSON.stringify(value)}`);
  return value;
}

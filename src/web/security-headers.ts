/**
 * Security headers on every response (JSON, HTML, static files, 404s, errors), through
 * @fastify/helmet: its defaults, each one named by a config key a Django or Flask-Talisman
 * user knows, and per route changed or switched off with the `securityHeaders` route option.
 */
import type { FastifyInstance, RouteOptions as FastifyRouteOptions } from "fastify";
import type fastifyHelmet from "@fastify/helmet";
import { ConfigError, ConfigErrorCode, type Config } from "../config/index.ts";
import { lazyRequire } from "../lazy-require.ts";
import { webRouteOptions } from "./route-options.ts";

type HelmetOptions = fastifyHelmet.FastifyHelmetOptions;
type CspDirectives = Record<string, string[]>;

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

const FRAME_OPTIONS = ["DENY", "SAMEORIGIN"];
const REFERRER_TOKENS = [
  "no-referrer", "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin",
  "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url",
];
const OPENER_POLICIES = ["same-origin", "same-origin-allow-popups", "noopener-allow-popups", "unsafe-none"];
const RESOURCE_POLICIES = ["same-origin", "same-site", "cross-origin"];

/** Sends the headers the config asks for on every response; a no-op when SECURITY_HEADERS is off. */
export function installSecurityHeaders(fastify: FastifyInstance, config: Config): void {
  if (!config.get("SECURITY_HEADERS")) return;
  const appOptions = helmetOptionsFromConfig(config);
  // Route options are read here rather than by the plugin: this hook exists before any route,
  // the plugin's own hooks only once Fastify loads it.
  fastify.addHook("onRoute", (route: FastifyRouteOptions) => {
    const own = webRouteOptions(route).securityHeaders;
    if (own === undefined) return;
    const helmet = own === false ? { skipRoute: true } : routeHelmetOptions(own);
    route.config = { ...route.config, helmet } as FastifyRouteOptions["config"];
  });
  fastify.register(lazyRequire<typeof fastifyHelmet>("@fastify/helmet"), { ...appOptions, global: true });
}

/** A description of what is wrong with a route's `securityHeaders`, or undefined. */
export function securityHeadersProblem(options: false | SecurityHeadersOptions): string | undefined {
  if (options === false) return undefined;
  try {
    routeHelmetOptions(options);
    return undefined;
  } catch (error) {
    return `securityHeaders: ${(error as Error).message}`;
  }
}

/** The helmet options of the app: its defaults, with each header as the config says. */
function helmetOptionsFromConfig(config: Config): HelmetOptions {
  const fail = (key: string, message: string): never => {
    throw new ConfigError(ConfigErrorCode.BAD_VALUE, `${key} (${config.entry(key)?.source}): ${message}`);
  };
  const text = (key: string): string => {
    const value = config.get(key);
    return typeof value === "string" ? value.trim() : fail(key, `must be text, got ${JSON.stringify(value)}`);
  };
  const attempt = <T>(key: string, build: () => T): T => {
    try {
      return build();
    } catch (error) {
      return fail(key, (error as Error).message);
    }
  };
  const hstsSeconds = config.get("SECURE_HSTS_SECONDS");
  if (!Number.isInteger(hstsSeconds) || hstsSeconds < 0) {
    fail("SECURE_HSTS_SECONDS", `must be a whole number of seconds (0 for no Strict-Transport-Security), got ${JSON.stringify(hstsSeconds)}`);
  }
  const reportOnly = config.get("CONTENT_SECURITY_POLICY_REPORT_ONLY") === true;
  return {
    contentSecurityPolicy: attempt("CONTENT_SECURITY_POLICY", () => contentSecurityPolicy(text("CONTENT_SECURITY_POLICY"), reportOnly)),
    xFrameOptions: attempt("X_FRAME_OPTIONS", () => frameOptions(text("X_FRAME_OPTIONS"))),
    referrerPolicy: attempt("SECURE_REFERRER_POLICY", () => referrerPolicy(text("SECURE_REFERRER_POLICY"))),
    crossOriginOpenerPolicy: attempt("SECURE_CROSS_ORIGIN_OPENER_POLICY", () =>
      oneOf(text("SECURE_CROSS_ORIGIN_OPENER_POLICY"), OPENER_POLICIES, (policy) => ({ policy: policy as "same-origin" })),
    ),
    crossOriginResourcePolicy: attempt("SECURE_CROSS_ORIGIN_RESOURCE_POLICY", () => resourcePolicy(text("SECURE_CROSS_ORIGIN_RESOURCE_POLICY"))),
    strictTransportSecurity:
      hstsSeconds === 0
        ? false
        : {
            maxAge: hstsSeconds,
            includeSubDomains: config.get("SECURE_HSTS_INCLUDE_SUBDOMAINS") === true,
            preload: config.get("SECURE_HSTS_PRELOAD") === true,
          },
  };
}

/** The helmet options a route overrides; throws an Error saying what is wrong. */
function routeHelmetOptions(options: SecurityHeadersOptions): Partial<HelmetOptions> {
  const result: Partial<HelmetOptions> = {};
  if (options.contentSecurityPolicy !== undefined) {
    result.contentSecurityPolicy = options.contentSecurityPolicy === false ? false : contentSecurityPolicy(options.contentSecurityPolicy, false);
  }
  if (options.frameOptions !== undefined) result.xFrameOptions = options.frameOptions === false ? false : frameOptions(options.frameOptions);
  if (options.referrerPolicy !== undefined) result.referrerPolicy = options.referrerPolicy === false ? false : referrerPolicy(options.referrerPolicy);
  if (options.crossOriginResourcePolicy !== undefined) {
    result.crossOriginResourcePolicy = options.crossOriginResourcePolicy === false ? false : resourcePolicy(options.crossOriginResourcePolicy);
  }
  return result;
}

/**
 * `default-src 'self'; img-src 'self' data:` as helmet's directives, checked by helmet now
 * (it would otherwise throw on every request).
 */
function contentSecurityPolicy(policy: string, reportOnly: boolean): HelmetOptions["contentSecurityPolicy"] {
  if (policy === "") return false;
  const directives: CspDirectives = {};
  for (const part of policy.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    if (directives[name]) throw new Error(`the directive ${name} appears twice`);
    directives[name] = values;
  }
  if (!directives["default-src"]) throw new Error(`the policy needs a default-src directive (default-src 'self'; ...), or leave it empty for no policy`);
  const options = { useDefaults: false as const, directives, reportOnly };
  // The plugin's module carries helmet's own builder, which validates the directives.
  lazyRequire<{ contentSecurityPolicy(options: object): unknown }>("@fastify/helmet").contentSecurityPolicy(options);
  return options;
}

function frameOptions(value: string): HelmetOptions["xFrameOptions"] {
  return oneOf(value.toUpperCase(), FRAME_OPTIONS, (action) => ({ action: action.toLowerCase() as "deny" | "sameorigin" }));
}

function referrerPolicy(value: string): HelmetOptions["referrerPolicy"] {
  if (value === "") return false;
  const tokens = value.split(",").map((token) => token.trim());
  const bad = tokens.find((token) => !REFERRER_TOKENS.includes(token));
  if (bad !== undefined) throw new Error(`unknown policy ${JSON.stringify(bad)}; use one or more of ${REFERRER_TOKENS.join(", ")}`);
  return { policy: tokens as "no-referrer"[] };
}

function resourcePolicy(value: string): HelmetOptions["crossOriginResourcePolicy"] {
  return oneOf(value, RESOURCE_POLICIES, (policy) => ({ policy: policy as "same-origin" }));
}

/** `value` built into its option when it is one of `allowed`; false when empty. */
function oneOf<T>(value: string, allowed: readonly string[], build: (value: string) => T): T | false {
  if (value === "") return false;
  if (!allowed.includes(value)) throw new Error(`must be one of ${allowed.join(", ")} (or empty for no header), got ${JSON.stringify(value)}`);
  return build(value);
}
